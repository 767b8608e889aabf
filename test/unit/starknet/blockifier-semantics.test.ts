/**
 * Call and syscall semantics that must equal blockifier's (starkware-libs/sequencer
 * crates/blockifier, see engine/starknet/README.md "Conformance with blockifier"), on the shared
 * real Cairo 1 classes where they exercise the rule, and on the fake syscall memory otherwise.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { feltFromBig } from '../../../engine/vm/felt';
import { classCell, storageCell } from '../../../engine/types';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import { type CasmClass, loadCasmClass } from '../../../engine/starknet/casm';
import {
  type CallInfo,
  type CallRequest,
  ExecutionContext,
  emptyTxInfo,
  executeCall,
  selectorOf,
  shortString,
} from '../../../engine/starknet/execution';
import { UnrecoverableError } from '../../../engine/starknet/errors';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';
import { executeCalldata } from '../../../engine/starknet/transactions';
import {
  demoClasses,
  demoClassHash,
  ERC20_BALANCES,
} from '../../../engine/starknet/demo/contracts';
import { pedersenHash } from '../../../engine/starknet/crypto';
import { assemble } from '../../../engine/vm/assembler';
import { BLOCK, fakeSyscallEnv } from './helpers';

const FIX = resolve(__dirname, '../../../../shared/fixtures/casm/cairo-lang');
const has = existsSync(FIX);
const f = feltFromBig;
const EXECUTE = selectorOf('__execute__');
const GAS = 10n ** 9n;

function fixture(name: string): CasmClass {
  return loadCasmClass(
    JSON.parse(readFileSync(`${FIX}/${name}.compiled_contract_class.json`, 'utf8')),
  );
}

/** Declare `cls` under `classHash` and deploy it at each address (storage left empty). */
function deploy(pre: InMemoryState, classHash: bigint, cls: CasmClass, ...at: bigint[]): void {
  pre.declare(classHash, cls);
  for (const a of at) pre.write(classCell(a), classHash);
}

function topCall(
  pre: InMemoryState,
  version: string | undefined,
  req: Omit<CallRequest, 'caller' | 'gas'> & { caller?: bigint; gas?: bigint },
): { info: CallInfo; ctx: ExecutionContext } {
  const ctx = new ExecutionContext(
    new TxState(pre, pre),
    { ...BLOCK, starknetVersion: version },
    emptyTxInfo(),
  );
  const info = executeCall(ctx, { caller: 0n, gas: GAS, ...req });
  return { info, ctx };
}

const ACCOUNT_CLASS = 0xacc1n;
const A1 = 0xa1n;
const A2 = 0xa2n;

describe.skipIf(!has)('blockifier semantics on the shared Cairo 1 classes', () => {
  it('calling an account __execute__ through call_contract: Invalid argument from 0.14.0', () => {
    const pre = new InMemoryState();
    deploy(pre, ACCOUNT_CLASS, fixture('account__account'), A1, A2);
    const calldata = executeCalldata([{ to: A2, selector: EXECUTE, calldata: [0n] }]);
    const now = topCall(pre, '0.14.4', { contract: A1, selector: EXECUTE, calldata }).info;
    expect(now.failed).toBe(true);
    expect(now.unrecoverable).toBeUndefined();
    expect(now.retdata).toEqual([shortString('Invalid argument')]);
    expect(now.inner).toEqual([]); // the callee never ran
    // 0.13.6 does not block it: the callee runs and rejects its non-zero caller itself
    const before = topCall(pre, '0.13.6', { contract: A1, selector: EXECUTE, calldata }).info;
    expect(before.retdata).toEqual([
      shortString('INVALID_CALLER'),
      shortString('ENTRYPOINT_FAILED'),
    ]);
    expect(before.inner[0].caller).toBe(A1);
  });

  it('replace_class to an undeclared class cannot be caught by the caller', () => {
    const pre = new InMemoryState();
    deploy(pre, 0xc0c0n, fixture('upgradable_counter__counter_contract'), 0xc0n);
    deploy(pre, ACCOUNT_CLASS, fixture('account__account'), A1);
    pre.write(storageCell(0xc0n, selectorOf('owner')), A1); // the counter checks its owner
    const upgrade = selectorOf('upgrade');
    const direct = topCall(pre, undefined, {
      contract: 0xc0n,
      selector: upgrade,
      calldata: [0x123n],
      caller: A1,
    });
    expect(direct.info).toMatchObject({
      failed: true,
      unrecoverable: true,
      error: `Class with hash 0x${'123'.padStart(64, '0')} is not declared.`,
    });
    // through the account: the account's own call fails, it gets no failure response
    const calldata = executeCalldata([{ to: 0xc0n, selector: upgrade, calldata: [0x123n] }]);
    const viaAccount = topCall(pre, undefined, { contract: A1, selector: EXECUTE, calldata });
    expect(viaAccount.info.unrecoverable).toBe(true);
    expect(viaAccount.ctx.state.writeSet().size).toBe(0);
    // a declared class is fine
    const ok = topCall(pre, undefined, {
      contract: 0xc0n,
      selector: upgrade,
      calldata: [ACCOUNT_CLASS],
      caller: A1,
    });
    expect(ok.info.failed).toBe(false);
    expect(ok.ctx.state.read(classCell(0xc0n))).toBe(ACCOUNT_CLASS);
  });

  it('an undeployed callee is unrecoverable; a missing entry point is a failure response', () => {
    const pre = new InMemoryState();
    deploy(pre, ACCOUNT_CLASS, fixture('account__account'), A1);
    const call = (to: bigint, sel: bigint, v?: string) =>
      topCall(pre, v, {
        contract: A1,
        selector: EXECUTE,
        calldata: executeCalldata([{ to, selector: sel, calldata: [] }]),
      }).info;
    expect(call(0xdeadn, 0x1n)).toMatchObject({
      unrecoverable: true,
      error: `Requested contract address 0x${'dead'.padStart(64, '0')} is not deployed.`,
    });
    // ENTRYPOINT_NOT_FOUND reaches the account, which panics with it
    expect(call(A1, 0x1234n).retdata).toEqual([
      shortString('ENTRYPOINT_NOT_FOUND'),
      shortString('ENTRYPOINT_FAILED'),
    ]);
    // before 0.13.4 (reverts disabled) it is not catchable
    expect(call(A1, 0x1234n, '0.13.3').unrecoverable).toBe(true);
  });

  it('gas: the entry-point budget, the same consumption for any initial gas, Cairo-steps mode', () => {
    const pre = new InMemoryState();
    deploy(pre, 0xe20n, fixture('erc20__erc_20'), 0x70cn);
    const g = gasConstantsFor();
    const balanceOf = { contract: 0x70cn, selector: selectorOf('balance_of'), calldata: [0xaan] };
    const a = topCall(pre, undefined, { ...balanceOf, gas: 10n ** 7n }).info;
    const b = topCall(pre, undefined, { ...balanceOf, gas: 10n ** 8n }).info;
    expect(a).toMatchObject({ failed: false, trackedResource: 'SierraGas', initialGas: 10n ** 7n });
    expect(a.gasConsumed).toBeGreaterThan(g.entryPointInitialBudget);
    expect(b.gasConsumed).toBe(a.gasConsumed);
    // less than the budget: a failed call that consumed nothing, before the entry point ran
    const short = topCall(pre, undefined, { ...balanceOf, gas: g.entryPointInitialBudget - 1n });
    expect(short.info).toMatchObject({ failed: true, gasConsumed: 0n, steps: 0 });
    expect(short.info.retdata).toEqual([shortString('Out of gas')]);
    // the compiled code withdraws gas ahead of its branches: below some threshold it panics
    // with 'Out of gas' itself; at and above it, it succeeds and consumes the same amount
    const ok = (gas: bigint) => !topCall(pre, undefined, { ...balanceOf, gas }).info.failed;
    let [lo, hi] = [g.entryPointInitialBudget, 10n ** 7n];
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (ok(mid)) hi = mid;
      else lo = mid;
    }
    expect(hi).toBeGreaterThanOrEqual(a.gasConsumed);
    const tight = topCall(pre, undefined, { ...balanceOf, gas: hi - 1n }).info;
    expect(tight.retdata[0]).toBe(shortString('Out of gas'));
    expect(tight.gasConsumed).toBeLessThan(hi);
    expect(topCall(pre, undefined, { ...balanceOf, gas: hi }).info.gasConsumed).toBe(a.gasConsumed);
    // 0.13.3 tracks every class in Cairo steps: default initial gas, no gas reported
    const old = topCall(pre, '0.13.3', { ...balanceOf, gas: 10n ** 7n }).info;
    expect(old).toMatchObject({
      failed: false,
      trackedResource: 'CairoSteps',
      initialGas: 10n ** 10n,
      gasConsumed: 0n,
    });
  });

  it('a class compiled before Sierra 1.7.0 is tracked in Cairo steps at 0.14.4', () => {
    const pre = new InMemoryState();
    const cls = fixture('minimal_contract'); // compiler 2.3.1
    deploy(pre, 0x3170n, cls, 0x317n);
    const ep = cls.entryPoints.EXTERNAL[0];
    const { info } = topCall(pre, undefined, {
      contract: 0x317n,
      selector: ep.selectorBig,
      calldata: [],
    });
    expect(info).toMatchObject({ trackedResource: 'CairoSteps', gasConsumed: 0n });
  });
});

/**
 * A class whose only entry point returns the gas it was started with, i.e. what
 * `get_available_gas` would report before the code spends any.
 */
function gasProbeClass(): CasmClass {
  const prog = assemble(
    [
      'probe:',
      'ap += 1;',
      '%{ AllocSegment dst=[fp + 0] %}',
      '[fp + -6] = [[fp + 0] + 0];',
      '[ap] = [fp + -6], ap++;',
      '[ap] = [fp + -5], ap++;',
      '[ap] = 0, ap++;',
      '[ap] = [fp + 0], ap++;',
      '[ap] = [fp + 0] + 1, ap++;',
      'ret;',
    ].join('\n'),
  );
  return loadCasmClass({
    bytecode: prog.bytecode.map((b) => '0x' + b.toString(16)),
    hints: prog.hints as never,
    entry_points_by_type: {
      EXTERNAL: [{ selector: '0x' + selectorOf('probe').toString(16), offset: 0, builtins: [] }],
      L1_HANDLER: [],
      CONSTRUCTOR: [],
    },
  });
}

describe('the gas an entry point starts with', () => {
  const pre = new InMemoryState();
  deploy(pre, 0x9a5n, gasProbeClass(), 0x9an);
  const probe = { contract: 0x9an, selector: selectorOf('probe'), calldata: [] };
  const g = gasConstantsFor();

  it('is the call’s initial gas minus ENTRY_POINT_INITIAL_BUDGET', () => {
    const { info } = topCall(pre, undefined, { ...probe, gas: 1_234_567n });
    expect(info.retdata).toEqual([1_234_567n - g.entryPointInitialBudget]);
    // it returns all of it: the call consumed exactly the budget
    expect(info.gasConsumed).toBe(g.entryPointInitialBudget);
  });

  it('for an inner call: the request gas minus the syscall’s charge, minus the budget', () => {
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([]);
    const r = env.syscall('CallContract', GAS, [0x9a, f(selectorOf('probe')), s, e], 2);
    const charged = g.syscalls.CallContract.base - g.syscallBaseGasCost;
    expect(env.readArr(r.fields[0], r.fields[1])).toEqual([
      GAS - charged - g.entryPointInitialBudget,
    ]);
    expect(r.gas).toBe(GAS - charged - g.entryPointInitialBudget);
  });

  it('in Cairo-steps mode (0.13.3): default_initial_gas_cost minus the budget, whatever was given', () => {
    const { info } = topCall(pre, '0.13.3', { ...probe, gas: 1_234_567n });
    expect(info.retdata).toEqual([10n ** 10n - 10_000n]);
    expect(info.gasConsumed).toBe(0n);
  });
});

describe('blockifier semantics (demo classes)', () => {
  const json = demoClasses().account;
  const ch = demoClassHash(json);

  it('max recursion depth 50: depth 50 runs, depth 51 fails the whole call', () => {
    const pre = new InMemoryState();
    deploy(pre, ch, loadCasmClass(json), A1);
    let calldata = executeCalldata([]);
    const nest = (cd: bigint[]) => executeCalldata([{ to: A1, selector: EXECUTE, calldata: cd }]);
    for (let depth = 1; depth < 50; depth++) calldata = nest(calldata);
    // 0.13.6: __execute__ may still be called through call_contract
    const ok = topCall(pre, '0.13.6', { contract: A1, selector: EXECUTE, calldata }).info;
    expect(ok.failed).toBe(false);
    let d = 0;
    for (let c: CallInfo | undefined = ok; c; c = c.inner[0]) d++;
    expect(d).toBe(50);
    const deep = topCall(pre, '0.13.6', {
      contract: A1,
      selector: EXECUTE,
      calldata: nest(calldata),
    }).info;
    expect(deep).toMatchObject({
      failed: true,
      unrecoverable: true,
      error: 'Execution failed due to recursion depth exceeded.',
    });
  });

  it('with reverts disabled (before 0.13.4) a panicking callee fails its caller too', () => {
    const pre = new InMemoryState();
    const erc = demoClasses().erc20;
    deploy(pre, demoClassHash(erc), loadCasmClass(erc), 0x70cn);
    const transfer = (v: string) => {
      const env = fakeSyscallEnv(pre, 0xc0n, 0xca11n, v);
      const [s, e] = env.array([0xbbn, 1n, 0n]); // 0xc0 has no balance: the callee panics
      return () => env.syscall('CallContract', GAS, [0x70c, f(selectorOf('transfer')), s, e], 2);
    };
    expect(transfer('0.14.4')().reason).toEqual([
      shortString('u256_sub Overflow'),
      shortString('ENTRYPOINT_FAILED'),
    ]);
    expect(transfer('0.13.3')).toThrow(
      /^Execution failed. Failure reason: panic: u256_sub Overflow/,
    );
  });

  // blockifier 0.20.0-rc.0: RunResources is consumed only by calls tracked in Cairo steps
  // (execution/syscalls/hint_processor.rs consume_step), and shared by nested calls
  const cairoStepsEnv = () => {
    const pre = new InMemoryState();
    const erc = demoClasses().erc20;
    deploy(pre, demoClassHash(erc), loadCasmClass(erc), 0x70cn);
    const env = fakeSyscallEnv(pre, 0xc0n);
    // the caller runs in Cairo steps, so its callee does too
    env.call.trackedResource = 'CairoSteps';
    env.ctx.trackedStack.push('CairoSteps');
    const [s, e] = env.array([0xaan]);
    const balanceOf = () =>
      env.syscall('CallContract', GAS, [0x70c, f(selectorOf('balance_of')), s, e], 2);
    return { env, balanceOf };
  };

  it('out of steps (the phase budget, shared by nested calls) is unrecoverable', () => {
    const { env, balanceOf } = cairoStepsEnv();
    expect(balanceOf().failed).toBe(false);
    const used = env.call.inner[0].steps;
    expect(env.ctx.remainingSteps).toBe(gasConstantsFor().invokeTxMaxNSteps - used);
    env.ctx.remainingSteps = used - 1;
    expect(balanceOf).toThrow(new UnrecoverableError('RunResources has no remaining steps.'));
    // what the nested calls ran is gone from the budget: nothing is left
    expect(env.ctx.remainingSteps).toBe(0);
  });

  it("a caller's steps are charged at its syscalls and its step limit drops by what callees used", () => {
    const { env, balanceOf } = cairoStepsEnv();
    env.vm.steps = 40; // the caller ran 40 steps before the syscall
    expect(balanceOf().failed).toBe(false);
    const used = env.call.inner[0].steps;
    const left = gasConstantsFor().invokeTxMaxNSteps - 40 - used;
    expect(env.ctx.remainingSteps).toBe(left);
    expect(env.vm.stepLimit).toBe(40 + left);
  });

  it('a call tracked in Sierra gas takes nothing from the step budget', () => {
    const pre = new InMemoryState();
    const erc = demoClasses().erc20;
    deploy(pre, demoClassHash(erc), loadCasmClass(erc), 0x70cn);
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([0xaan]);
    const r = env.syscall('CallContract', GAS, [0x70c, f(selectorOf('balance_of')), s, e], 2);
    expect(r.failed).toBe(false);
    expect(env.call.inner[0]).toMatchObject({ trackedResource: 'SierraGas' });
    expect(env.ctx.remainingSteps).toBe(gasConstantsFor().invokeTxMaxNSteps);
  });

  it('events: count, keys and data limits of the version are unrecoverable', () => {
    const env = fakeSyscallEnv();
    const emit = (nKeys: number, nData: number) => {
      const [ks, ke] = env.array(new Array(nKeys).fill(1n));
      const [ds, de] = env.array(new Array(nData).fill(2n));
      return () => env.syscall('EmitEvent', GAS, [ks, ke, ds, de], 0);
    };
    expect(emit(50, 300)().failed).toBe(false);
    expect(emit(51, 0)).toThrow(
      'Exceeded the maximum keys length, keys length: 51, max keys length: 50.',
    );
    expect(emit(0, 301)).toThrow(
      'Exceeded the maximum data length, data length: 301, max data length: 300.',
    );
    for (let i = 1; i < 1000; i++) emit(0, 0)();
    expect(env.ctx.nEvents).toBe(1000);
    expect(emit(0, 0)).toThrow(
      'Exceeded the maximum number of events, number events: 1001, max number events: 1000.',
    );
  });

  it('send_message_to_l1: to_address < 2^160, gas linear in the payload (0.14.4)', () => {
    const env = fakeSyscallEnv();
    const g = gasConstantsFor().syscalls.SendMessageToL1;
    const [ps, pe] = env.array([1n, 2n, 3n]);
    const r = env.syscall('SendMessageToL1', GAS, [f((1n << 160n) - 1n), ps, pe], 0);
    expect(r.failed).toBe(false);
    expect(r.gas).toBe(GAS - (g.base + 3n * g.linear - gasConstantsFor().syscallBaseGasCost));
    expect(() => env.syscall('SendMessageToL1', GAS, [f(1n << 160n), ps, pe], 0)).toThrow(
      UnrecoverableError,
    );
  });

  it('validate mode: forbidden syscalls are unrecoverable', () => {
    const pre = new InMemoryState();
    const erc = demoClasses().erc20;
    deploy(pre, demoClassHash(erc), loadCasmClass(erc), 0x70cn);
    pre.write(storageCell(0x70cn, pedersenHash(ERC20_BALANCES, 0xaan)), 5n);
    const env = fakeSyscallEnv(pre, 0xc0n);
    env.ctx.mode = 'validate';
    const [s, e] = env.array([0xaan]);
    expect(() =>
      env.syscall('CallContract', GAS, [0x70c, f(selectorOf('balance_of')), s, e], 2),
    ).toThrow('Unauthorized syscall call_contract in execution mode Validate.');
    expect(() => env.syscall('GetClassHashAt', GAS, [0x70c], 1)).toThrow(UnrecoverableError);
    expect(() => env.syscall('GetBlockHash', GAS, [995], 1)).toThrow(UnrecoverableError);
    const [cs, ce] = env.array([]);
    expect(() => env.syscall('Deploy', GAS, [f(demoClassHash(erc)), 1, cs, ce, 0], 3)).toThrow(
      'Unauthorized syscall deploy in execution mode Validate.',
    );
    env.ctx.mode = 'execute';
    expect(env.syscall('GetBlockHash', GAS, [995], 1).reason).toEqual([
      shortString('Block number out of range'),
    ]);
  });
});
