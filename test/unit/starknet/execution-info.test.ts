/**
 * get_execution_info as blockifier lays it out (hint_processor.rs allocate_tx_info_segment), and
 * the MetaTxV0 syscall (syscall_base.rs meta_tx_v0).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { v2hash } from 'starknet';
import { feltFromBig, type Val } from '../../../engine/vm/felt';
import { isRel } from '../../../engine/vm/relocatable';
import { classCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { metaTxV0Hash, selectorOf, shortString } from '../../../engine/starknet/execution';
import { UnrecoverableError } from '../../../engine/starknet/errors';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';
import { BLOCK, fakeSyscallEnv } from './helpers';

const GAS = 10n ** 9n;
const f = feltFromBig;
const G = gasConstantsFor();
const bound = (r: string, amount: bigint, price: bigint) => ({
  resource: shortString(r),
  maxAmount: amount,
  maxPricePerUnit: price,
});

/** Run get_execution_info in `env`; returns readers for the three structs. */
function info(env: ReturnType<typeof fakeSyscallEnv>) {
  const r = env.syscall('GetExecutionInfo', GAS, [], 1);
  const exec = r.fields[0];
  const block = env.ptrAt(exec, 0);
  const tx = env.ptrAt(exec, 1);
  const txFelt = (i: number) => env.at(tx, i);
  const txSpan = (i: number) => env.readArr(env.ptrAt(tx, i), env.ptrAt(tx, i + 1));
  const blockFelts = [0, 1, 2].map((i) => env.at(block, i));
  return { exec, tx, txFelt, txSpan, blockFelts, raw: (i: number): Val => env.ptrAt(tx, i) };
}

function v3Env() {
  const env = fakeSyscallEnv();
  Object.assign(env.ctx.tx, {
    version: 3n,
    accountContractAddress: 0xacc0n,
    maxFee: 999n,
    nonce: 7n,
    resourceBounds: [
      bound('L1_GAS', 10n, 20n),
      bound('L2_GAS', 30n, 40n),
      bound('L1_DATA', 50n, 60n),
    ],
    tip: 5n,
    paymasterData: [0x9a1n],
    nonceDataAvailabilityMode: 1n,
    feeDataAvailabilityMode: 0n,
    accountDeploymentData: [0xde1n, 0xde2n],
    proofFacts: [0xf1n, 0xf2n, 0xf3n],
  });
  return env;
}

describe('get_execution_info (v3 TxInfo of 0.14.x)', () => {
  it('v3: every field in order, max_fee 0, resource bounds as (name, amount, price)', () => {
    const i = info(v3Env());
    expect(i.blockFelts).toEqual([BLOCK.blockNumber, BLOCK.blockTimestamp, BLOCK.sequencerAddress]);
    expect([0, 1, 2].map(i.txFelt)).toEqual([3n, 0xacc0n, 0n]);
    expect(i.txSpan(3)).toEqual([11n, 22n]);
    expect([5, 6, 7].map(i.txFelt)).toEqual([0x7a5n, shortString('SN_SEPOLIA'), 7n]);
    expect(i.txSpan(8)).toEqual([
      ...[shortString('L1_GAS'), 10n, 20n],
      ...[shortString('L2_GAS'), 30n, 40n],
      ...[shortString('L1_DATA'), 50n, 60n],
    ]);
    expect(i.txFelt(10)).toBe(5n);
    expect(i.txSpan(11)).toEqual([0x9a1n]);
    expect([13, 14].map(i.txFelt)).toEqual([1n, 0n]);
    expect(i.txSpan(15)).toEqual([0xde1n, 0xde2n]);
    expect(i.txSpan(17)).toEqual([0xf1n, 0xf2n, 0xf3n]);
  });

  it('v1 (deprecated TxInfo): its max_fee, and plain zeros in the eleven v3 slots', () => {
    const env = v3Env();
    env.ctx.tx.version = 1n;
    const i = info(env);
    expect([0, 2].map(i.txFelt)).toEqual([1n, 999n]);
    for (let k = 8; k <= 18; k++) {
      expect(isRel(i.raw(k))).toBe(false);
      expect(i.txFelt(k)).toBe(0n);
    }
  });

  it('a v1-bound account class sees version 1 while the tip is at most the bound', () => {
    const env = v3Env();
    env.call.classHash = [...G.v1BoundAccountsCairo1][0];
    expect(info(env).txFelt(0)).toBe(1n);
    env.ctx.tx.tip = G.v1BoundAccountsMaxTip + 1n;
    expect(info(env).txFelt(0)).toBe(3n);
    env.ctx.tx.tip = 0n;
    env.ctx.tx.version = 3n + (1n << 128n); // a query keeps its bit
    expect(info(env).txFelt(0)).toBe(1n + (1n << 128n));
  });

  it('a data-gas account class gets no L1_DATA bound', () => {
    const env = v3Env();
    env.call.classHash = [...G.dataGasAccounts][0];
    expect(info(env).txSpan(8)).toEqual([
      ...[shortString('L1_GAS'), 10n, 20n],
      ...[shortString('L2_GAS'), 30n, 40n],
    ]);
  });

  it('validate mode: block number and timestamp rounded down, sequencer 0', () => {
    const env = v3Env();
    (env.ctx.block as { blockNumber: bigint }).blockNumber = 123_456n;
    (env.ctx.block as { blockTimestamp: bigint }).blockTimestamp = 1_700_003_599n;
    env.ctx.mode = 'validate';
    expect(info(env).blockFelts).toEqual([123_400n, 1_700_002_800n, 0n]);
    env.ctx.mode = 'execute';
    expect(info(env).blockFelts).toEqual([123_456n, 1_700_003_599n, BLOCK.sequencerAddress]);
  });
});

const FIX = resolve(__dirname, '../../../../shared/fixtures/casm/cairo-lang');

describe('MetaTxV0', () => {
  it('the v0 transaction hash equals starknet.js', () => {
    const calldata = [1n, 0x70cn, 5n];
    const ours = metaTxV0Hash(
      0xacc0n,
      selectorOf('__execute__'),
      calldata,
      shortString('SN_SEPOLIA'),
    );
    const theirs = v2hash.calculateTransactionHashCommon(
      '0x696e766f6b65',
      0,
      0xacc0n,
      selectorOf('__execute__'),
      calldata,
      0,
      '0x534e5f5345504f4c4941' as never,
    );
    expect(ours).toBe(BigInt(theirs));
  });

  it.skipIf(!existsSync(FIX))('runs __execute__ with caller 0 as a v0 transaction', () => {
    const pre = new InMemoryState();
    const cls = loadCasmClass(
      JSON.parse(readFileSync(`${FIX}/account__account.compiled_contract_class.json`, 'utf8')),
    );
    pre.declare(0xacc1n, cls);
    pre.write(classCell(0xacc0n), 0xacc1n);
    const env = fakeSyscallEnv(pre, 0xc0n);
    const outerTx = env.ctx.tx;
    const [cs, ce] = env.array([0n]); // no calls
    const [ss, se] = env.array([7n, 8n]);
    const exec = f(selectorOf('__execute__'));
    const r = env.syscall('MetaTxV0', GAS, [0xacc0, exec, cs, ce, ss, se], 2);
    // the test account refuses version-0 transactions: it saw version 0
    expect(r.reason).toEqual([shortString('INVALID_TX_VERSION'), shortString('ENTRYPOINT_FAILED')]);
    const inner = env.call.inner[0];
    expect(inner.caller).toBe(0n);
    const charged = G.syscalls.MetaTxV0.base + G.syscalls.MetaTxV0.linear - G.syscallBaseGasCost;
    expect(inner.initialGas).toBe(GAS - charged);
    expect(r.gas).toBe(GAS - charged - inner.gasConsumed);
    expect(env.ctx.tx).toBe(outerTx); // restored
    // only __execute__ may be called
    const other = env.syscall('MetaTxV0', GAS, [0xacc0, 0x1234, cs, ce, ss, se], 2);
    expect(other.reason).toEqual([shortString('Invalid argument')]);
    env.ctx.mode = 'validate';
    expect(() => env.syscall('MetaTxV0', GAS, [0xacc0, exec, cs, ce, ss, se], 2)).toThrow(
      UnrecoverableError,
    );
  });
});
