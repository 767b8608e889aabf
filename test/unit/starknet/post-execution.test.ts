// blockifier 0.20.0-rc.0 src/fee/fee_checks.rs (post-execution fee check) and
// src/transaction/account_transaction.rs `run_revertible` (a failed check aborts execute's state)
import { describe, expect, it } from 'vitest';
import { buildDemoBlock } from '../../../engine/starknet/demo/block';
import { type InvokeTx, executeTransaction } from '../../../engine/starknet/transactions';
import { maxFeeExceeded, maxGasAmountExceeded } from '../../../engine/starknet/fee';
import { nonceCell } from '../../../engine/types';

describe('post-execution fee check texts', () => {
  const max = { l1Gas: 10n, l2Gas: 1000n, l1DataGas: 5n };
  it('names the first resource over its bound, in the order L1 gas, L2 gas, L1 data gas', () => {
    expect(maxGasAmountExceeded(max, { l1Gas: 10n, l2Gas: 1000n, l1DataGas: 5n })).toBeUndefined();
    expect(maxGasAmountExceeded(max, { l1Gas: 0n, l2Gas: 1200n, l1DataGas: 6n })).toBe(
      'Insufficient max L2Gas: max amount: 1000, actual used: 1200.',
    );
    expect(maxGasAmountExceeded(max, { l1Gas: 0n, l2Gas: 0n, l1DataGas: 6n })).toBe(
      'Insufficient max L1DataGas: max amount: 5, actual used: 6.',
    );
  });
  it('a max_fee transaction: the fee above max_fee', () => {
    expect(maxFeeExceeded(100n, 100n)).toBeUndefined();
    expect(maxFeeExceeded(100n, 101n)).toBe('Insufficient max fee: max fee: 100, actual fee: 101.');
  });
});

describe('an invoke that fails the post-execution check', () => {
  const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 100 }] });
  const tx = b.executor.txs[0] as InvokeTx;
  const run = (t: InvokeTx) => executeTransaction(t, b.preState, b.executor.config);
  it('keeps the nonce bump and the fee, discards execute, reverts with the check text', () => {
    const ok = run(tx);
    const why = 'Insufficient max L2Gas: max amount: 1, actual used: 2.';
    const ex = run({ ...tx, postExecutionRevert: why });
    expect(ok.reverted).toBe(false);
    expect(ex.rejected).toBeUndefined();
    expect(ex.reverted).toBe(true);
    expect(ex.revertReason).toBe(why);
    expect(ex.revertTrace).toBe(why);
    expect(ex.execute).toBeUndefined();
    expect(ex.discardedExecuteGas).toBe(ok.execute!.gasConsumed);
    // only the nonce remains of validate + execute (the demo transfer's balances are not written)
    const nonce = nonceCell(tx.sender);
    expect(ex.writes.get(nonce)).toBe(ok.writes.get(nonce));
    const executeOnly = [...ok.writes.keys()].filter(
      (c) => c !== nonce && !ex.writes.has(c) && ok.feeTransfer !== undefined,
    );
    expect(executeOnly.length).toBeGreaterThan(0);
    expect(ex.feeTransfer?.failed).toBe(false);
  });
});
