// blockifier 0.20.0-rc.0 src/fee/fee_checks.rs (post-execution fee check) and
// src/transaction/account_transaction.rs `run_revertible` (a failed check aborts execute's state)
import { describe, expect, it } from 'vitest';
import { buildDemoBlock } from '../../../engine/starknet/demo/block';
import {
  type InvokeTx,
  executeCalldata,
  executeTransaction,
} from '../../../engine/starknet/transactions';
import { computeFee, postExecutionCheck } from '../../../engine/blocks/reexecute/fee-check';
import {
  insufficientFeeTokenBalance,
  maxFeeExceeded,
  maxGasAmountExceeded,
} from '../../../engine/starknet/fee';
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
  it('the sender cannot pay: balance low/high printed, any high word covers', () => {
    expect(insufficientFeeTokenBalance(100n, 100n, 0n)).toBeUndefined();
    expect(insufficientFeeTokenBalance(100n, 0n, 1n)).toBeUndefined();
    expect(insufficientFeeTokenBalance(100n, 99n, 0n)).toBe(
      'Insufficient fee token balance. Fee: 100, balance: low/high 99/0.',
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

describe('the post-execution check in re-execution (fee-check.ts)', () => {
  const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 100 }] });
  const tx = b.executor.txs[0] as InvokeTx;
  const ex = executeTransaction(tx, b.preState, b.executor.config);
  const feeToken = b.executor.config.feeToken;
  const rawBlock = {
    starknet_version: '0.14.1',
    l1_gas_price: { price_in_fri: '0x2' },
    l1_data_gas_price: { price_in_fri: '0x3' },
    l2_gas_price: { price_in_fri: '0x5' },
  };
  const rpc = (l2: bigint) => ({
    type: 'INVOKE',
    version: '0x3',
    calldata: executeCalldata(tx.calls).map((x) => '0x' + x.toString(16)),
    signature: tx.signature.map((x) => '0x' + x.toString(16)),
    tip: '0x0',
    resource_bounds: {
      l1_gas: { max_amount: '0x' + (10n ** 9n).toString(16), max_price_per_unit: '0x2' },
      l1_data_gas: { max_amount: '0x' + (10n ** 9n).toString(16), max_price_per_unit: '0x3' },
      l2_gas: { max_amount: '0x' + l2.toString(16), max_price_per_unit: '0x5' },
    },
  });
  const pre = new Map([...ex.writes.keys()].map((c) => [c, b.preState.read(c)] as const));
  it('within the bounds: no revert', () => {
    expect(postExecutionCheck(ex, rpc(10n ** 12n), rawBlock, feeToken, pre, false)).toBeUndefined();
  });
  it('over the L2 gas bound: blockifier text, and the fee of min(used, bound)', () => {
    const full = computeFee(ex, rpc(10n ** 12n), rawBlock, feeToken, pre);
    if ('unsupported' in full) throw new Error(full.unsupported);
    const used = BigInt(full.l2Gas);
    const check = postExecutionCheck(ex, rpc(used - 1n), rawBlock, feeToken, pre, false);
    expect(check?.revert).toBe(
      `Insufficient max L2Gas: max amount: ${used - 1n}, actual used: ${used}.`,
    );
    const others = BigInt(full.amount) - used * 5n;
    expect(check?.fee).toBe(others + (used - 1n) * 5n);
  });
  it('within the bounds but the balance after execute cannot pay: reverted, charged the fee', () => {
    const full = computeFee(ex, rpc(10n ** 12n), rawBlock, feeToken, pre);
    if ('unsupported' in full) throw new Error(full.unsupported);
    const fee = BigInt(full.amount);
    const check = (low: bigint) =>
      postExecutionCheck(ex, rpc(10n ** 12n), rawBlock, feeToken, pre, false, { low, high: 0n });
    expect(check(fee)).toBeUndefined();
    expect(check(fee - 1n)).toEqual({
      revert: `Insufficient fee token balance. Fee: ${fee}, balance: low/high ${fee - 1n}/0.`,
      fee,
    });
  });
});
