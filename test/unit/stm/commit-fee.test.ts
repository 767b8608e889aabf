import { describe, expect, it } from 'vitest';
import { runBlock } from '../../../engine/stm';
import {
  SyntheticBlock,
  balanceCell,
  type SyntheticTx,
} from '../../../engine/blocks/workloads/synthetic';

/**
 * commit-as-you-go defers the sequencer-fee credit to the in-order commit. When the transaction
 * itself wrote the sequencer's balance (here: it pays the sequencer), the credit rewrites that
 * write under the same version; a later transaction that read the value before the credit must
 * still fail its commit validation.
 */
const FEE_TOKEN = 0xfeen;
const SEQ = 0x5e9n;

function paySequencer(amounts: bigint[]): SyntheticBlock {
  const txs: SyntheticTx[] = amounts.map((amount, i) => ({
    kind: 'transfer',
    sender: 0x100n + BigInt(i),
    token: FEE_TOKEN,
    to: SEQ,
    amount,
  }));
  const preState = new Map<string, bigint>();
  for (let i = 0; i < amounts.length; i++)
    preState.set(balanceCell(FEE_TOKEN, 0x100n + BigInt(i)), 100n);
  return new SyntheticBlock({
    txs,
    preState,
    fee: { token: FEE_TOKEN, sequencer: SEQ, amount: 3n },
  });
}

describe('commit-as-you-go: deferred fee credit on a transaction that writes the sequencer balance', () => {
  for (const cores of [2, 3, 4]) {
    it(`four transfers to the sequencer (44, 6, 30, 2; fee 3) on ${cores} cores equal sequential`, () => {
      const block = paySequencer([44n, 6n, 30n, 2n]);
      const seq = runBlock(block, { variant: 'sequential', cores: 1 });
      expect(seq.finalState.get(balanceCell(FEE_TOKEN, SEQ))).toBe(44n + 6n + 30n + 2n + 4n * 3n);
      // blockifier defers the credit to its commit too
      for (const variant of ['commit-as-you-go', 'blockifier'] as const) {
        const r = runBlock(block, { variant, cores });
        expect(r.finalState, variant).toEqual(seq.finalState);
        expect(r.committedReads, variant).toEqual(seq.committedReads);
      }
    });
  }
});
