/**
 * The sequencer-fee credit of an imported transaction: which cell its fee is added to and how
 * much. The access sets leave the sequencer's balance out (README "Inference rule" 3: credits
 * commute, production applies them at commit); this puts the credit back as the engine's
 * `TxResult.fee`, the way an executed block carries it (engine/stm/types.ts), so that the
 * variants which credit inline and the `fee-deferred` what-if see it.
 */
import type { CellKey } from '../../types';
import { erc20BalanceCells } from './access-sets';
import type { ImportedBlock, ImportedTx } from './model';

export interface FeeCredit {
  /** Low limb of the sequencer's balance in the transaction's fee token. */
  cell: CellKey;
  amount: bigint;
}

function sameAddress(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return a === b;
  }
}

/**
 * The credit `tx` pays to the block's sequencer, or undefined when it pays none: no known
 * sequencer or fee token, an L1 handler (its fee is paid on L1), a zero fee (early blocks
 * charged none), or the sequencer paying itself (its own balance write, not a credit). A
 * reverted transaction pays like any other. An unknown fee amount counts as paid when the
 * transaction's access sets show a deferred write of the sequencer's balance (0 is credited:
 * the order effect is what matters, the amount is unknown).
 */
export function sequencerFeeCredit(
  block: Pick<ImportedBlock, 'sequencerAddress'>,
  tx: ImportedTx,
): FeeCredit | undefined {
  const seq = block.sequencerAddress;
  if (!seq || BigInt(seq) === 0n || !tx.feeToken || tx.type === 'L1_HANDLER') return undefined;
  if (tx.sender && sameAddress(tx.sender, seq)) return undefined;
  const [cell] = erc20BalanceCells(tx.feeToken, seq);
  if (tx.fee) {
    const amount = BigInt(tx.fee.amount);
    return amount > 0n ? { cell, amount } : undefined;
  }
  return tx.accessSets.deferredWrites.length > 0 ? { cell, amount: 0n } : undefined;
}
