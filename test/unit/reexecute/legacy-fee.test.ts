/**
 * Our fee for `max_fee` transactions in a Starknet 0.13.x block (fee-check.ts over
 * engine/starknet/fee.ts, blockifier 0.20.0-rc.0 in NoL2Gas mode, paid in WEI) and blockifier's
 * post-execution `max_fee` check (src/fee/fee_checks.rs): an actual fee above `max_fee` reverts
 * the transaction with blockifier's text and charges `max_fee`. The transactions really run:
 * OpenZeppelin's 0.8.0 account (../shared/fixtures), deployed and then invoking with v1 hashes.
 */
import { describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { type CellKey, storageCell } from '../../../engine/types';
import { selectorOf } from '../../../engine/starknet/execution';
import {
  balanceKey,
  executeCalldata,
  executeTransaction,
} from '../../../engine/starknet/transactions';
import {
  computeFee,
  deprecatedCodeSize,
  postExecutionCheck,
} from '../../../engine/blocks/reexecute/fee-check';
import { CHAIN, ETH, deployAccountV1, have, hx, setup, sign } from '../starknet/oz-v1';

const BLOCK = {
  starknet_version: '0.13.4',
  l1_da_mode: 'BLOB',
  l1_gas_price: { price_in_wei: '0x3e8', price_in_fri: '0x1' },
  l1_data_gas_price: { price_in_wei: '0x7', price_in_fri: '0x1' },
  l2_gas_price: { price_in_wei: '0x1', price_in_fri: '0x1' },
};

/** The deployed account and a signed v1 transfer of `amount` ETH to 0x777 with `maxFee`. */
function scenario() {
  const { st, cfg } = setup();
  const deploy = deployAccountV1(10n ** 12n);
  const bal = storageCell(ETH, balanceKey(deploy.address));
  st.write(bal, 10n ** 15n);
  const dep = executeTransaction(deploy, st, {
    ...cfg,
    block: { ...cfg.block, starknetVersion: '0.13.4' },
  });
  const pre = new Map<CellKey, bigint>();
  for (const c of dep.writes.keys()) pre.set(c, st.read(c));
  for (const [c, v] of dep.writes) st.write(c, v);
  const invoke = (maxFee: bigint, amount = 5n) => {
    const calls = [{ to: ETH, selector: selectorOf('transfer'), calldata: [0x777n, amount, 0n] }];
    const calldata = executeCalldata(calls);
    const h = hash.calculateInvokeTransactionHash({
      senderAddress: hx(deploy.address),
      version: '0x1',
      compiledCalldata: calldata.map(hx),
      maxFee: hx(maxFee),
      chainId: CHAIN as never,
      nonce: '0x1',
    });
    const rpc = {
      type: 'INVOKE',
      version: '0x1',
      sender_address: hx(deploy.address),
      calldata: calldata.map(hx),
      max_fee: hx(maxFee),
      nonce: '0x1',
      signature: sign(h).map((x) => hx(BigInt(x))),
    };
    const tx = {
      kind: 'invoke' as const,
      sender: deploy.address,
      calls,
      nonce: 1n,
      maxFee: 1000n,
      txHash: BigInt(h),
      signature: sign(h),
      txInfo: { version: 1n, maxFee },
    };
    return { rpc, tx };
  };
  return {
    st,
    cfg: { ...cfg, block: { ...cfg.block, starknetVersion: '0.13.4' } },
    deploy,
    dep,
    pre,
    bal,
    invoke,
  };
}

describe.skipIf(!have)('max_fee transactions: fee in WEI and the post-execution check', () => {
  it('a DEPLOY_ACCOUNT v1 is priced in L1 gas and L1 data gas at the WEI prices, no L2 gas', () => {
    const { deploy, dep, pre } = scenario();
    expect(dep.rejected).toBeUndefined();
    const rpc = {
      type: 'DEPLOY_ACCOUNT',
      version: '0x1',
      max_fee: hx(10n ** 12n),
      constructor_calldata: deploy.constructorCalldata.map(hx),
      signature: deploy.signature.map((x) => hx(BigInt(x))),
    };
    // OZ 0.8.0 is Sierra < 1.7.0: its calls are charged in Cairo steps
    const fee = computeFee(dep, rpc, BLOCK, ETH, pre, undefined, true);
    if ('unsupported' in fee) throw new Error(fee.unsupported);
    expect(BigInt(fee.l2Gas)).toBe(0n);
    expect(BigInt(fee.l1Gas)).toBeGreaterThan(0n);
    // the state diff: the account (2 felts), its class hash (1), storage updates (2 each), in blobs
    expect(BigInt(fee.l1DataGas) % 32n).toBe(0n);
    expect(BigInt(fee.l1DataGas)).toBeGreaterThanOrEqual(32n * (2n + 1n + 2n));
    expect(BigInt(fee.amount)).toBe(BigInt(fee.l1Gas) * 1000n + BigInt(fee.l1DataGas) * 7n);
    // calldata data availability is not modelled: said, not guessed
    expect(
      computeFee(dep, rpc, { ...BLOCK, l1_da_mode: 'CALLDATA' }, ETH, pre, undefined, true),
    ).toEqual({
      unsupported: 'calldata data availability (l1_da_mode CALLDATA) is not modelled',
    });
  });

  it("an INVOKE v1 whose actual fee exceeds max_fee is reverted with blockifier's text, charged max_fee", () => {
    const { st, cfg, invoke, bal } = scenario();
    const { rpc, tx } = invoke(10n ** 12n);
    const ex = executeTransaction(tx, st, cfg);
    expect(ex.rejected).toBeUndefined();
    expect(ex.reverted).toBe(false);
    const pre = new Map<CellKey, bigint>();
    for (const c of ex.writes.keys()) pre.set(c, st.read(c));
    const fee = computeFee(ex, rpc, BLOCK, ETH, pre, undefined, true);
    if ('unsupported' in fee) throw new Error(fee.unsupported);
    const actual = BigInt(fee.amount);
    const balance = { low: ex.writes.get(bal)!, high: 0n };
    // within max_fee (and the balance): no revert
    expect(postExecutionCheck(ex, rpc, BLOCK, ETH, pre, true, balance)).toBeUndefined();
    expect(
      postExecutionCheck(ex, { ...rpc, max_fee: hx(actual) }, BLOCK, ETH, pre, true, balance),
    ).toBeUndefined();
    // one WEI short
    const short = { ...rpc, max_fee: hx(actual - 1n) };
    expect(postExecutionCheck(ex, short, BLOCK, ETH, pre, true, balance)).toEqual({
      revert: `Insufficient max fee: max fee: ${actual - 1n}, actual fee: ${actual}.`,
      fee: actual - 1n,
    });
    // max_fee 0 charges no fee (`enforce_fee`): nothing to check
    expect(
      postExecutionCheck(ex, { ...rpc, max_fee: '0x0' }, BLOCK, ETH, pre, true, balance),
    ).toBeUndefined();
    // within max_fee but the balance left by execute cannot pay
    expect(
      postExecutionCheck(ex, rpc, BLOCK, ETH, pre, true, { low: actual - 1n, high: 0n }),
    ).toEqual({
      revert: `Insufficient fee token balance. Fee: ${actual}, balance: low/high ${actual - 1n}/0.`,
      fee: actual,
    });
    // the executor then discards execute: nonce bumped, the transfer gone, reverted with the text
    const why = `Insufficient max fee: max fee: ${actual - 1n}, actual fee: ${actual}.`;
    const again = executeTransaction({ ...tx, postExecutionRevert: why }, st, cfg);
    expect(again.reverted).toBe(true);
    expect(again.revertReason).toBe(why);
    expect(again.writes.has(storageCell(ETH, balanceKey(0x777n)))).toBe(false);
  });

  it('a v3 transaction bounding L1 gas only: its gas as discounted L1 gas against the bound', () => {
    const { st, cfg, invoke } = scenario();
    const { rpc, tx } = invoke(10n ** 12n);
    const ex = executeTransaction(tx, st, cfg);
    const pre = new Map<CellKey, bigint>();
    for (const c of ex.writes.keys()) pre.set(c, st.read(c));
    const v3 = (maxAmount: bigint) => ({
      ...rpc,
      version: '0x3',
      max_fee: undefined,
      tip: '0x0',
      resource_bounds: {
        l1_gas: { max_amount: hx(maxAmount), max_price_per_unit: '0x10' },
        l2_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
      },
    });
    // FRI prices: 3 per L1 gas, 2 per L1 data gas
    const block = {
      ...BLOCK,
      l1_gas_price: { price_in_wei: '0x1', price_in_fri: '0x3' },
      l1_data_gas_price: { price_in_wei: '0x1', price_in_fri: '0x2' },
    };
    const fee = computeFee(ex, v3(10n ** 9n), block, ETH, pre, undefined, true);
    if ('unsupported' in fee) throw new Error(fee.unsupported);
    expect(BigInt(fee.l2Gas)).toBe(0n);
    expect(BigInt(fee.amount)).toBe(BigInt(fee.l1Gas) * 3n + BigInt(fee.l1DataGas) * 2n);
    // to_l1_gas_for_fee: l1_gas + ceil(l1_data_gas × 2 / 3)
    const used = BigInt(fee.l1Gas) + (BigInt(fee.l1DataGas) * 2n + 2n) / 3n;
    const big = { low: 10n ** 18n, high: 0n };
    expect(postExecutionCheck(ex, v3(used), block, ETH, pre, true, big)).toBeUndefined();
    expect(postExecutionCheck(ex, v3(used - 1n), block, ETH, pre, true, big)).toEqual({
      revert: `Insufficient max L1Gas: max amount: ${used - 1n}, actual used: ${used}.`,
      fee: (used - 1n) * 3n,
    });
  });

  it('a Cairo 0 class declared by DECLARE v1 is sized as program data × 32 + its ABI', () => {
    const abi = [{ type: 'function', name: 'f', inputs: [], outputs: [] }];
    const cls = { program: { data: ['0x1', '0x2', '0x3'] }, entry_points_by_type: {}, abi };
    expect(deprecatedCodeSize(cls)).toBe(3 * 32 + JSON.stringify(abi).length);
    expect(deprecatedCodeSize({ program: 'not json' })).toBeUndefined();
  });
});
