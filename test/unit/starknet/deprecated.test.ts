/**
 * Deprecated (Cairo 0) classes on engine/starknet: loading (compiled and RPC forms), the entry
 * point calling convention and every deprecated syscall, against our own Cairo 0 contract
 * (test/fixtures/cairo0-contracts/syscalls_probe.cairo, compiled with cairo-lang 0.14.0.1).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import {
  type CallRequest,
  ExecutionContext,
  emptyTxInfo,
  executeCall,
  shortString,
} from '../../../engine/starknet/execution';
import {
  type DeprecatedClassJson,
  isDeprecatedClassJson,
  loadDeprecatedClass,
  loadRpcDeprecatedClass,
} from '../../../engine/starknet/deprecated/class';
import { classCell, storageCell } from '../../../engine/types';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { demoClasses } from '../../../engine/starknet/demo/contracts';
import { executeCalldata } from '../../../engine/starknet/transactions';
import { BLOCK } from './helpers';
import { syscallHint } from '../../../engine/starknet/deprecated/syscall-hint';
import { deprecatedClassHash } from '../../../engine/starknet/deprecated/class-hash';
import { parseJsonExact } from '../../../engine/vm/json';
import { pedersenHash } from '../../../engine/starknet/crypto';
import { runContract } from '../../../engine/starknet/run-contract';

const text = readFileSync(
  join(__dirname, '../../fixtures/cairo0-contracts/syscalls_probe.json'),
  'utf8',
);
// parsed exactly: the program's constants (ADDR_BOUND = 2^251 - 256) are beyond 2^53
const json = parseJsonExact(text) as DeprecatedClassJson;
const cls = loadDeprecatedClass(json);
const sel = (n: string) => BigInt(hash.getSelectorFromName(n));
const CLASS = 0xc1a55n;
const OTHER_CLASS = 0xc1a56n;
const C = 0xc0ffeen;
const COUNTER = sel('counter'); // storage_var address of a felt with no key: sn_keccak(name)

function setup(): InMemoryState {
  const pre = new InMemoryState();
  pre.declare(CLASS, cls);
  pre.write(classCell(C), CLASS);
  return pre;
}

function run(
  pre: InMemoryState,
  req: Partial<CallRequest> & { selector: bigint },
  mode?: 'validate',
) {
  const tx = { ...emptyTxInfo(), version: 1n, maxFee: 999n, signature: [5n, 6n], nonce: 4n };
  tx.transactionHash = 0x7a5n;
  tx.accountContractAddress = 0xacc0n;
  const state = new TxState(pre, pre);
  const ctx = new ExecutionContext(state, BLOCK, tx);
  ctx.countMemoryHoles = true;
  if (mode) ctx.mode = mode;
  const info = executeCall(ctx, { contract: C, calldata: [], caller: 0xca11n, gas: 0n, ...req });
  return { info, ctx, state };
}

describe('deprecated class loading', () => {
  it('reads the compiled form: builtins and entry points by type', () => {
    expect(isDeprecatedClassJson(json)).toBe(true);
    expect(cls.builtins).toEqual(['pedersen', 'range_check']);
    expect(cls.entryPoints.CONSTRUCTOR).toHaveLength(1);
    expect(cls.entryPoints.EXTERNAL.map((e) => e.selector)).toContain(sel('increase'));
  });

  it('computes the class hash as cairo-lang does', () => {
    // cairo-lang 0.14.0.1: compute_deprecated_class_hash(DeprecatedCompiledClass.loads(file))
    expect(deprecatedClassHash(text)).toBe(
      0x6fdc70a7debe53870611349b6dad063ec5c3bfb6b166cff02a558743da7d104n,
    );
  });

  it('serves blockifier’s syscall hint texts only', () => {
    const hint = (n: string) =>
      `syscall_handler.${n}(segments=segments, syscall_ptr=ids.syscall_ptr)`;
    expect(syscallHint(hint('storage_read'))).toBeDefined();
    expect(syscallHint(hint('delegate_l1_handler'))).toBeDefined();
    expect(syscallHint(hint('get_block_hash'))).toBeUndefined();
  });

  it('reads the RPC form (base64 of the gzipped program) to the same program', async () => {
    const program = gzipSync(JSON.stringify(json.program)).toString('base64');
    const rpc = await loadRpcDeprecatedClass({ ...json, program });
    expect(rpc.program.data).toEqual(cls.program.data);
    expect(rpc.entryPoints).toEqual(cls.entryPoints);
  });
});

describe('deprecated entry points and syscalls', () => {
  it('storage read/write, emit_event and the return values', () => {
    const pre = setup();
    pre.write(storageCell(C, COUNTER), 40n);
    const { info, state, ctx } = run(pre, { selector: sel('increase'), calldata: [2n] });
    expect(info.failed).toBe(false);
    expect(info.retdata).toEqual([42n]);
    expect(info.trackedResource).toBe('CairoSteps');
    expect(state.writeSet().get(storageCell(C, COUNTER))).toBe(42n);
    expect(info.events).toEqual([
      { order: 0, from: C, keys: [shortString('increased')], data: [42n] },
    ]);
    expect(info.steps).toBeGreaterThan(20);
    expect(info.builtinUsage).toMatchObject({ pedersen: 0 });
    expect(ctx.syscallCounts).toEqual({ StorageRead: 1, StorageWrite: 1, EmitEvent: 1 });
    // the explorer's cost: the version's gas of each syscall (no gas is charged to the call)
    const g = ctx.gas.syscalls;
    expect(ctx.syscallGas).toBe(g.StorageRead.base + g.StorageWrite.base + g.EmitEvent.base);
    expect(info.gasConsumed).toBe(0n);
  });

  it('a storage map: its addresses normalized (the storage library hints), both 250-bit cases', () => {
    const pre = setup();
    const keys = [1n, 2n, 3n, 4n, 5n, 6n].map((a) => [a, pedersenHash(sel('balances'), a)]);
    // pedersen outputs are below 2^250 about half the time: each branch of normalize_address
    expect(keys.some(([, k]) => k < 2n ** 250n)).toBe(true);
    expect(keys.some(([, k]) => k >= 2n ** 250n)).toBe(true);
    for (const [account, key] of keys) {
      pre.write(storageCell(C, key), 10n);
      const { info, state } = run(pre, { selector: sel('add_balance'), calldata: [account, 5n] });
      expect(info.error).toBeUndefined();
      expect(info.retdata).toEqual([15n]);
      expect(state.writeSet().get(storageCell(C, key))).toBe(15n);
    }
  });

  it('caller, contract address, block number, timestamp and sequencer', () => {
    const { info } = run(setup(), { selector: sel('context') });
    expect(info.retdata).toEqual([0xca11n, C, 1000n, 1234n, 0x5e0n]);
  });

  it('validate mode rejects get_sequencer_address (unrecoverable)', () => {
    const { info } = run(setup(), { selector: sel('context') }, 'validate');
    expect(info.unrecoverable).toBe(true);
    expect(info.error).toContain('Unauthorized syscall get_sequencer_address');
  });

  it('get_tx_info and get_tx_signature (the deprecated TxInfo)', () => {
    const { info } = run(setup(), { selector: sel('tx') });
    const chain = emptyTxInfo().chainId;
    expect(info.retdata).toEqual([1n, 0xacc0n, 999n, 0x7a5n, chain, 4n, 2n, 5n, 6n]);
  });

  it('send_message_to_l1, and an L1 address of 160 bits is unrecoverable', () => {
    const { info } = run(setup(), { selector: sel('send'), calldata: [0xe7n, 1n, 2n] });
    expect(info.messages).toEqual([{ order: 0, from: C, to: 0xe7n, payload: [1n, 2n] }]);
    const bad = run(setup(), { selector: sel('send'), calldata: [1n << 160n, 1n, 2n] }).info;
    expect(bad.unrecoverable).toBe(true);
  });

  it('call_contract into Cairo 0 and into Cairo 1 (tracked in steps below)', () => {
    const pre = setup();
    const D = 0xd0n;
    pre.write(classCell(D), CLASS);
    pre.write(storageCell(D, COUNTER), 9n);
    const { info } = run(pre, {
      selector: sel('call_other'),
      calldata: [D, sel('get_counter'), 0n],
    });
    expect(info.retdata).toEqual([1n, 9n]);
    expect(info.inner[0]).toMatchObject({ contract: D, caller: C, retdata: [9n] });
    // a Cairo 1 callee: the demo ERC20's balance_of
    const erc20 = loadCasmClass(demoClasses().erc20);
    pre.declare(0xe20n, erc20);
    pre.write(classCell(0xe2n), 0xe20n);
    const r = run(pre, {
      selector: sel('call_other'),
      calldata: [0xe2n, sel('balance_of'), 1n, 5n],
    });
    expect(r.info.failed).toBe(false);
    expect(r.info.inner[0].trackedResource).toBe('CairoSteps');
  });

  it('a Cairo 1 caller calls a Cairo 0 contract (the demo account’s __execute__)', () => {
    const pre = setup();
    pre.write(storageCell(C, COUNTER), 1n);
    const account = loadCasmClass(demoClasses().account);
    pre.declare(0xacc0c1n, account);
    pre.write(classCell(0xacc0n), 0xacc0c1n);
    const calls = [{ to: C, selector: sel('increase'), calldata: [2n] }];
    const { info, state } = run(pre, {
      contract: 0xacc0n,
      selector: sel('__execute__'),
      calldata: executeCalldata(calls),
      caller: 0n,
      gas: 10n ** 9n,
    });
    expect(info.failed).toBe(false);
    const inner = info.inner[0];
    expect(inner).toMatchObject({ contract: C, caller: 0xacc0n, retdata: [3n], cairo0: true });
    expect(inner.trackedResource).toBe('CairoSteps');
    expect(inner.gasConsumed).toBe(0n);
    expect(state.writeSet().get(storageCell(C, COUNTER))).toBe(3n);
  });

  it('library_call runs the other class on this storage, with this call’s caller', () => {
    const pre = setup();
    pre.declare(OTHER_CLASS, cls);
    pre.write(storageCell(C, COUNTER), 3n);
    const { info, state } = run(pre, {
      selector: sel('lib_call'),
      calldata: [OTHER_CLASS, sel('increase'), 1n, 4n],
    });
    expect(info.retdata).toEqual([1n, 7n]);
    expect(info.inner[0]).toMatchObject({ callType: 'Delegate', contract: C, caller: 0xca11n });
    expect(state.writeSet().get(storageCell(C, COUNTER))).toBe(7n);
  });

  it('delegate_call runs another contract’s class on this storage', () => {
    const pre = setup();
    const D = 0xd0n;
    pre.write(classCell(D), CLASS);
    pre.write(storageCell(C, COUNTER), 10n);
    pre.write(storageCell(D, COUNTER), 500n);
    const { info, state } = run(pre, {
      selector: sel('delegate'),
      calldata: [D, sel('increase'), 1n, 5n],
    });
    expect(info.retdata).toEqual([1n, 15n]);
    expect(info.inner[0]).toMatchObject({ callType: 'Delegate', contract: C, classHash: CLASS });
    expect(state.writeSet().get(storageCell(C, COUNTER))).toBe(15n);
    expect(state.writeSet().has(storageCell(D, COUNTER))).toBe(false);
  });

  it('an L1 handler entry point, and library_call_l1_handler into one', () => {
    const l1 = run(setup(), {
      selector: sel('on_l1'),
      calldata: [0x100n, 5n],
      entryPointType: 'L1_HANDLER',
    });
    expect(l1.state.writeSet().get(storageCell(C, COUNTER))).toBe(0x105n);
    // not an EXTERNAL entry point
    expect(run(setup(), { selector: sel('on_l1'), calldata: [1n, 2n] }).info.failed).toBe(true);
    const lib = run(setup(), {
      selector: sel('lib_call_l1'),
      calldata: [CLASS, sel('on_l1'), 2n, 0x200n, 1n],
    });
    expect(lib.info.inner[0]).toMatchObject({ entryPointType: 'L1_HANDLER', callType: 'Delegate' });
    expect(lib.state.writeSet().get(storageCell(C, COUNTER))).toBe(0x201n);
  });

  it('a v3 transaction shows max_fee 0 in the deprecated TxInfo', () => {
    const pre = setup();
    const tx = { ...emptyTxInfo(), version: 3n, maxFee: 999n, transactionHash: 1n };
    const ctx = new ExecutionContext(new TxState(pre, pre), BLOCK, tx);
    const info = executeCall(ctx, {
      contract: C,
      selector: sel('tx'),
      calldata: [],
      caller: 0n,
      gas: 0n,
    });
    expect(info.retdata.slice(0, 3)).toEqual([3n, 0n, 0n]);
  });

  it('deploy runs the constructor with the deployer as caller', () => {
    const { info, state } = run(setup(), {
      selector: sel('deploy_one'),
      calldata: [CLASS, 77n, 5n],
    });
    const address = BigInt(hash.calculateContractAddressFromHash(77n, CLASS, ['5'], C));
    expect(info.retdata).toEqual([address]);
    expect(state.writeSet().get(classCell(address))).toBe(CLASS);
    expect(state.writeSet().get(storageCell(address, COUNTER))).toBe(5n);
    expect(info.inner[0]).toMatchObject({ entryPointType: 'CONSTRUCTOR', caller: C });
  });

  it('replace_class: declared only', () => {
    const pre = setup();
    pre.declare(OTHER_CLASS, cls);
    const ok = run(pre, { selector: sel('replace'), calldata: [OTHER_CLASS] });
    expect(ok.state.writeSet().get(classCell(C))).toBe(OTHER_CLASS);
    const bad = run(pre, { selector: sel('replace'), calldata: [0x999n] }).info;
    expect(bad.error).toContain('is not declared');
  });

  it('a failed assert is a VM error: unrecoverable, its writes rolled back', () => {
    const { info } = run(setup(), { selector: sel('fail'), calldata: [6n] });
    expect(info.failed).toBe(true);
    expect(info.unrecoverable).toBe(true);
    expect(run(setup(), { selector: sel('fail'), calldata: [7n] }).info.failed).toBe(false);
  });

  it('an unknown selector without a default entry point is not found', () => {
    const { info } = run(setup(), { selector: 0x1234n });
    expect(info.failed).toBe(true);
    expect(info.retdata).toEqual([shortString('ENTRYPOINT_NOT_FOUND')]);
  });
});

describe('run-contract with a deprecated class', () => {
  it('runs an entry point of the compiled Cairo 0 JSON, with storage and a deployed peer', () => {
    const r = runContract(text, 'call_other', {
      storage: [[COUNTER, 1n]],
      declare: [{ classHash: OTHER_CLASS, json: text }],
      deploy: [{ address: 0xd0n, classHash: OTHER_CLASS, calldata: [30n] }],
      calldata: [0xd0n, sel('increase'), 1n, 12n],
    });
    expect(r.panicked).toBe(false);
    expect(r.retdata).toEqual(['0x1', '0x2a']);
    expect(r.calls).toHaveLength(2);
    expect(r.events).toHaveLength(1);
  });

  it('names the Cairo 0 selectors when the entry point is missing', () => {
    expect(() => runContract(text, 'nope')).toThrow(/EXTERNAL selectors: .*0x/);
  });
});
