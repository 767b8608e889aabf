/**
 * The sequencer's own Cairo 1 test contract (blockifier_test_utils feature_contracts/cairo1/
 * test_contract.cairo, compiled with Cairo 2.12.0), which the shared fixtures carry as
 * casm/starknet-js/blake2s_verification_contract.casm: 51 of its 52 selectors are sn_keccak of
 * that file's function names. Many of its entry points check their syscall results themselves
 * (test_keccak, test_sha256, test_secp256k1, ...): they panic when a result is wrong.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { storageCell } from '../../../engine/types';
import { classCell } from '../../../engine/types';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import { type CasmClass, loadCasmClass } from '../../../engine/starknet/casm';
import {
  type CallInfo,
  ExecutionContext,
  decodeShortString,
  emptyTxInfo,
  executeCall,
  selectorOf,
} from '../../../engine/starknet/execution';
import { BLOCK } from './helpers';

const FILE = resolve(
  __dirname,
  '../../../../shared/fixtures/casm/starknet-js/blake2s_verification_contract.casm',
);
const has = existsSync(FILE);
const TC = 0x7cn; // address of the test contract
const TC_CLASS = 0x7c1a55n;
const OTHER = 0x7dn;

function setup(): InMemoryState {
  const pre = new InMemoryState();
  const cls: CasmClass = loadCasmClass(JSON.parse(readFileSync(FILE, 'utf8')));
  pre.declare(TC_CLASS, cls);
  pre.write(classCell(TC), TC_CLASS);
  pre.write(classCell(OTHER), TC_CLASS);
  return pre;
}

function run(
  pre: InMemoryState,
  name: string,
  calldata: bigint[],
  opts: { version?: string; gas?: bigint; block?: bigint } = {},
): CallInfo {
  const block = { ...BLOCK, blockNumber: opts.block ?? BLOCK.blockNumber };
  const ctx = new ExecutionContext(
    new TxState(pre, pre),
    { ...block, starknetVersion: opts.version },
    emptyTxInfo(),
  );
  return executeCall(ctx, {
    contract: TC,
    selector: selectorOf(name),
    calldata,
    caller: 0n,
    gas: opts.gas ?? 10n ** 9n,
  });
}

const reason = (c: CallInfo) => c.retdata.map(decodeShortString);

describe.skipIf(!has)("the sequencer's test contract", () => {
  it('self-checking entry points pass (keccak, sha256, secp256k1/r1, builtins, circuits)', () => {
    const pre = setup();
    const failures: string[] = [];
    for (const name of [
      'test_keccak',
      'test_sha256',
      'test_secp256k1',
      'test_secp256r1',
      'test_poseidon',
      'test_pedersen',
      'test_ecop',
      'test_bitwise',
      'test_range_check',
      'test_circuit',
      'test_rc96_holes',
      'segment_arena_builtin',
      'empty_function',
    ]) {
      const r = run(pre, name, []);
      if (r.failed) failures.push(`${name}: ${r.error}`);
    }
    expect(failures).toEqual([]);
  });

  it('storage, get_class_hash_at, get_block_hash, library_call return what the contract expects', () => {
    const pre = setup();
    pre.write(storageCell(1n, 900n), 0xb10cn);
    expect(run(pre, 'test_storage_read_write', [0x55n, 0x77n]).retdata).toEqual([0x77n]);
    // this 2.12.0 build predates the undeployed_address and expected_block_hash parameters
    const gch = run(pre, 'test_get_class_hash_at', [OTHER, TC_CLASS]);
    expect(gch.error).toBeUndefined();
    expect(run(pre, 'test_get_block_hash', [900n]).retdata).toEqual([0xb10cn]);
    // a block that is too recent: a catchable failure, which unwrap_syscall turns into a panic
    expect(reason(run(pre, 'test_get_block_hash', [995n]))).toEqual(['Block number out of range']);
    const lib = run(pre, 'test_library_call', [
      TC_CLASS,
      selectorOf('test_storage_read_write'),
      2n,
      5n,
      6n,
    ]);
    expect(lib.retdata).toEqual([6n]); // raw output: the callee's retdata
    expect(lib.inner[0]).toMatchObject({ callType: 'Delegate', contract: TC, caller: 0n });
  });

  it('call_execute_directly: Invalid argument at 0.14.x; the call goes through at 0.13.6', () => {
    const pre = setup();
    const now = run(pre, 'call_execute_directly', [OTHER, 0n]);
    expect(now.failed).toBe(true);
    expect(reason(now)).toEqual(['Invalid argument']);
    expect(now.inner).toEqual([]);
    // the test contract has no __execute__: at 0.13.6 the call is made and finds no entry point
    const before = run(pre, 'call_execute_directly', [OTHER, 0n], { version: '0.13.6' });
    expect(reason(before)).toEqual(['ENTRYPOINT_NOT_FOUND', 'ENTRYPOINT_FAILED']);
  });

  it('recursive_syscall: 50 nested calls run, 51 fail unrecoverably (max_recursion_depth)', () => {
    const pre = setup();
    const sel = selectorOf('recursive_syscall');
    expect(run(pre, 'recursive_syscall', [TC, sel, 49n]).failed).toBe(false);
    expect(run(pre, 'recursive_syscall', [TC, sel, 50n])).toMatchObject({
      failed: true,
      unrecoverable: true,
      error: 'Execution failed due to recursion depth exceeded.',
    });
  });

  it('test_emit_events: the limits of tx_event_limits are unrecoverable', () => {
    const pre = setup();
    const emit = (n: bigint, keys: number, data: number) =>
      run(pre, 'test_emit_events', [
        n,
        BigInt(keys),
        ...new Array(keys).fill(1n),
        BigInt(data),
        ...new Array(data).fill(2n),
      ]);
    const ok = emit(2n, 50, 300);
    expect(ok.failed).toBe(false);
    expect(ok.events).toHaveLength(2);
    expect(emit(1n, 51, 0).error).toMatch(/^Exceeded the maximum keys length/);
    expect(emit(1n, 0, 301).error).toMatch(/^Exceeded the maximum data length/);
    expect(emit(1001n, 0, 0)).toMatchObject({
      unrecoverable: true,
      error: 'Exceeded the maximum number of events, number events: 1001, max number events: 1000.',
    });
  });

  it('test_send_message_to_l1: an address of 160 bits or more is unrecoverable', () => {
    const pre = setup();
    const ok = run(pre, 'test_send_message_to_l1', [(1n << 160n) - 1n, 2n, 1n, 2n]);
    expect(ok.messages).toEqual([{ order: 0, from: TC, to: (1n << 160n) - 1n, payload: [1n, 2n] }]);
    expect(run(pre, 'test_send_message_to_l1', [1n << 160n, 0n]).unrecoverable).toBe(true);
  });

  it('test_replace_class: an undeclared class is unrecoverable, a declared one replaces', () => {
    const pre = setup();
    expect(run(pre, 'test_replace_class', [0x123n])).toMatchObject({
      unrecoverable: true,
      error: `Class with hash 0x${'123'.padStart(64, '0')} is not declared.`,
    });
    expect(run(pre, 'test_replace_class', [TC_CLASS]).failed).toBe(false);
  });

  it('test_deploy: constructor runs with the deployer as caller; a reused address is unrecoverable', () => {
    const pre = setup();
    const first = run(pre, 'test_deploy', [TC_CLASS, 7n, 2n, 3n, 4n, 0n]);
    expect(first.failed).toBe(false);
    const ctor = first.inner[0];
    expect(ctor).toMatchObject({ entryPointType: 'CONSTRUCTOR', caller: TC, retdata: [3n] });
    // deploy_from_zero: address from deployer 0, but the constructor's caller is still TC
    const fromZero = run(pre, 'test_deploy', [TC_CLASS, 7n, 2n, 3n, 4n, 1n]);
    expect(fromZero.inner[0].caller).toBe(TC);
    expect(fromZero.inner[0].contract).not.toBe(ctor.contract);
    pre.write(classCell(ctor.contract), TC_CLASS);
    expect(run(pre, 'test_deploy', [TC_CLASS, 7n, 2n, 3n, 4n, 0n]).error).toMatch(
      /^Deployment failed: contract already deployed at address/,
    );
  });

  it('test_stack_overflow: running out of Sierra gas is a panic the VM reports cleanly', () => {
    const pre = setup();
    const r = run(pre, 'test_stack_overflow', [1000n], { gas: 2_000_000n });
    expect(r.failed).toBe(true);
    expect(r.unrecoverable).toBeUndefined();
    expect(reason(r)[0]).toBe('Out of gas');
    expect(r.gasConsumed).toBeLessThanOrEqual(2_000_000n);
  });
});
