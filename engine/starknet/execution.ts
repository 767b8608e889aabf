/**
 * Contract calls: the execution context of a transaction, the checks before an entry point runs,
 * its initial gas and tracked resource, and what a failure rolls back, with the rules of
 * blockifier (starkware-libs/sequencer crates/blockifier, see README "Gas" and "Conformance with
 * blockifier"). The syscalls are in syscalls.ts.
 */
import { hash } from 'starknet';
import { toBig } from '../vm/felt';
import { VmError } from '../vm/errors';
import type { VirtualMachine } from '../vm/vm';
import { isRel } from '../vm/relocatable';
import { type EntryPointType, findEntryPointOf } from './casm';
import { runEntryPoint } from '../vm/casm';
import type { ContractClass, TxState } from './state';
import { isDeprecatedClass } from './deprecated/class';
import { resolveDeprecatedEntryPoint, runDeprecatedEntryPoint } from './deprecated/run';
import { errorAttributeText } from './deprecated/error-attributes';
import { type GasConstants, gasConstantsFor } from './versioned-constants';
import { UnrecoverableError, hex64 } from './errors';
import { compareVersions, sierraVersionOf } from './sierra-version';
import { SyscallHandler } from './syscalls';
import {
  type ErrorSegment,
  cairo1RevertSummary,
  cairoVmErrorText,
  setTrace,
  traceOf,
  tracebackPcs,
} from './error-stack';
import { decodeShortString, encodeShortString } from '../vm/syscall';

/** ASCII short string → felt (engine/vm's encoder; kept under this name for callers). */
export const shortString = encodeShortString;
export { decodeShortString, UnrecoverableError };
export { SyscallHandler, SYSCALL_NAMES, metaTxV0Hash } from './syscalls';
export { toBig, isRel };

const selectorCache = new Map<string, bigint>();
/** sn_keccak(name) via starknet.js. */
export function selectorOf(name: string): bigint {
  let s = selectorCache.get(name);
  if (s === undefined) {
    s = BigInt(hash.getSelectorFromName(name));
    selectorCache.set(name, s);
  }
  return s;
}

export interface BlockInfo {
  blockNumber: bigint;
  blockTimestamp: bigint;
  sequencerAddress: bigint;
  /** Selects the versioned constants (gas, limits, rules); default: the newest version. */
  starknetVersion?: string;
  /**
   * The L1 gas price in WEI: the step limit of a `max_fee` (v0/v1/v2) transaction is derived
   * from it (tx-gas.ts `txPhaseSteps`); without it such transactions get the global limit.
   */
  l1GasPriceWei?: bigint;
  /** The L1 data gas price in WEI: with the L1 gas price, the minimal fee of a `max_fee` transaction. */
  l1DataGasPriceWei?: bigint;
}

export interface ResourceBounds {
  resource: bigint;
  maxAmount: bigint;
  maxPricePerUnit: bigint;
}

/** TxInfo v2 of the Starknet OS (Cairo `starknet::info::v2::TxInfo`); see execution-info.ts. */
export interface TxInfo {
  version: bigint;
  accountContractAddress: bigint;
  maxFee: bigint;
  signature: bigint[];
  transactionHash: bigint;
  chainId: bigint;
  nonce: bigint;
  resourceBounds: ResourceBounds[];
  tip: bigint;
  paymasterData: bigint[];
  nonceDataAvailabilityMode: bigint;
  feeDataAvailabilityMode: bigint;
  accountDeploymentData: bigint[];
  /** The newest field of the v3 TxInfo (0.14.x); empty when absent. */
  proofFacts?: bigint[];
}

const SN_SEPOLIA = shortString('SN_SEPOLIA');
/** Shared by every empty TxInfo (frozen: TxInfo arrays are replaced, never modified). */
const NONE: bigint[] = Object.freeze([]) as unknown as bigint[];
const NO_BOUNDS: ResourceBounds[] = Object.freeze([]) as unknown as ResourceBounds[];

export function emptyTxInfo(): TxInfo {
  return {
    version: 3n,
    accountContractAddress: 0n,
    maxFee: 0n,
    signature: NONE,
    transactionHash: 0n,
    chainId: SN_SEPOLIA,
    nonce: 0n,
    resourceBounds: NO_BOUNDS,
    tip: 0n,
    paymasterData: NONE,
    nonceDataAvailabilityMode: 0n,
    feeDataAvailabilityMode: 0n,
    accountDeploymentData: NONE,
    proofFacts: NONE,
  };
}

export interface StarknetEvent {
  order: number;
  from: bigint;
  keys: bigint[];
  data: bigint[];
}
export interface L2ToL1Message {
  order: number;
  from: bigint;
  to: bigint;
  payload: bigint[];
}

export type CallType = 'Call' | 'Delegate';
/** How blockifier meters a call (sierra-version.ts). */
export type TrackedResource = 'SierraGas' | 'CairoSteps';
export type ExecutionMode = 'execute' | 'validate';

/** One node of the call tree. */
export interface CallInfo {
  callType: CallType;
  entryPointType: EntryPointType;
  contract: bigint;
  classHash: bigint;
  caller: bigint;
  selector: bigint;
  calldata: bigint[];
  retdata: bigint[];
  /** Panicked or failed in the VM; its writes (and its subtree's) were discarded. */
  failed: boolean;
  error?: string;
  /** Failed with an error no caller can catch (errors.ts); only set on the top-level call. */
  unrecoverable?: boolean;
  /** The unrecoverable error's stack, as blockifier prints it (error-stack.ts; top-level only). */
  errorTrace?: ErrorSegment[];
  events: StarknetEvent[];
  messages: L2ToL1Message[];
  inner: CallInfo[];
  steps: number;
  /** blockifier's gas_consumed: initial gas − gas returned (0 when tracked in Cairo steps). */
  gasConsumed: bigint;
  /** The call's initial gas, before ENTRY_POINT_INITIAL_BUDGET is taken from it. */
  initialGas?: bigint;
  trackedResource?: TrackedResource;
  /** The class run was a deprecated (Cairo 0) one. */
  cairo0?: boolean;
  /** Builtin instances this call used (its own run, not its inner calls). */
  builtinUsage?: Record<string, number>;
  /** Syscalls this call made, by name (its own, not its inner calls'): blockifier's syscalls_usage. */
  syscalls?: Record<string, number>;
  /** cairo-vm memory holes of this call's own run (charged as steps when tracked in Cairo steps). */
  memoryHoles?: number;
  /** pc of every step of this call's own run (only when the context traces, for inspectors). */
  executedPcs?: Uint32Array;
}

/** The newest version's `max_recursion_depth` (the limit used is the context's). */
export const MAX_CALL_DEPTH = gasConstantsFor().maxRecursionDepth;
export const BLOCK_HASH_CONTRACT_ADDRESS = 1n;
export const STORED_BLOCK_HASH_BUFFER = 10n;

/** Per-transaction execution context. */
export class ExecutionContext {
  /** VM steps of the calls that have finished. */
  steps = 0;
  /**
   * VM steps so far of the calls still running (each one's count at the syscall it is serving):
   * with `steps` and `syscallGas`, the transaction's offset at any syscall (Block-STM timing).
   */
  liveSteps = 0;
  /** Full cost of every syscall made (including the part the compiler pre-charges). */
  syscallGas = 0n;
  syscallCounts: Record<string, number> = {};
  /** cairo-vm memory holes of the calls that have finished (charged like steps when in Cairo steps). */
  memoryHoles = 0;
  /** Events and messages of the transaction so far (a reverted call restores them). */
  nEvents = 0;
  nMessages = 0;
  depth = 0;
  /** Tracked resource of the calls being run, outermost first. */
  readonly trackedStack: TrackedResource[] = [];
  /** Secp points by id (ids are indices, as in blockifier), per curve. */
  secpPoints: { k1: unknown[]; r1: unknown[] } = { k1: [], r1: [] };
  /** Record the executed pcs of every call (CallInfo.executedPcs): slower, for inspectors only. */
  tracePcs = false;
  /**
   * Count every call's memory holes (they need the call's trace: slower). Only the fee model
   * uses them (re-execution's fee check), so block executors leave this off.
   */
  countMemoryHoles = false;
  /** Validate mode forbids some syscalls and rounds the block info (blockifier ExecutionMode). */
  mode: ExecutionMode = 'execute';
  /**
   * Steps the transaction phase may still run (blockifier's RunResources: invoke_tx_max_n_steps /
   * validate_max_n_steps, or less from the transaction's bounds). Only calls tracked in Cairo
   * steps consume it (syscalls/hint_processor.rs `consume_step`), each step as it runs: a running
   * call's steps are charged at each of its syscalls (SyscallHandler.chargeSteps), so a nested
   * call starts with what its callers left and a caller's limit drops by what it used.
   */
  remainingSteps: number;
  /** The versioned constants in force (from the block's Starknet version unless given). */
  readonly gas: GasConstants;

  constructor(
    readonly state: TxState,
    readonly block: BlockInfo,
    /** Replaced while a MetaTxV0 call runs. */
    public tx: TxInfo,
    gas?: GasConstants,
  ) {
    this.gas = gas ?? gasConstantsFor(block.starknetVersion);
    this.remainingSteps = this.gas.invokeTxMaxNSteps;
  }

  nextEvent(): number {
    return this.nEvents++;
  }
  nextMessage(): number {
    return this.nMessages++;
  }
}

export interface CallRequest {
  contract: bigint;
  /** Set for library calls (run this class on `contract`'s storage). */
  classHash?: bigint;
  selector: bigint;
  calldata: bigint[];
  caller: bigint;
  entryPointType?: EntryPointType;
  callType?: CallType;
  /** The gas the caller gives (blockifier's `initial_gas`). */
  gas: bigint;
}

function clearSubtree(c: CallInfo): void {
  c.events = [];
  c.messages = [];
  for (const i of c.inner) clearSubtree(i);
}

export function newCallInfo(req: CallRequest): CallInfo {
  return {
    callType: req.callType ?? 'Call',
    entryPointType: req.entryPointType ?? 'EXTERNAL',
    contract: req.contract,
    classHash: req.classHash ?? 0n,
    caller: req.caller,
    selector: req.selector,
    calldata: req.calldata,
    retdata: [],
    failed: false,
    events: [],
    messages: [],
    inner: [],
    steps: 0,
    gasConsumed: 0n,
  };
}

/** Count `n` uses of a syscall made by `call` itself (CallInfo.syscalls; keccak counts rounds). */
export function countCallSyscall(call: CallInfo, name: string, n = 1): void {
  const own = (call.syscalls ??= {});
  own[name] = (own[name] ?? 0) + n;
}

/** Where a call started: what a failure of it rolls back to. */
interface Mark {
  cp: number;
  nEvents: number;
  nMessages: number;
}
function mark(ctx: ExecutionContext): Mark {
  return { cp: ctx.state.checkpoint(), nEvents: ctx.nEvents, nMessages: ctx.nMessages };
}
function rollbackTo(ctx: ExecutionContext, m: Mark): void {
  ctx.state.rollback(m.cp);
  ctx.nEvents = m.nEvents;
  ctx.nMessages = m.nMessages;
}

/** Mark `info` failed: roll back its writes (and its subtree's), drop its events and messages. */
function failCall(
  ctx: ExecutionContext,
  info: CallInfo,
  m: Mark,
  reason: string,
  retdata: bigint[],
): CallInfo {
  info.failed = true;
  info.error = reason;
  info.retdata = retdata;
  rollbackTo(ctx, m);
  clearSubtree(info);
  return info;
}

/**
 * Execute a top-level call (and its nested calls). A failing call's writes, and only those, are
 * rolled back. An unrecoverable error anywhere below (errors.ts) or a VM error fails this call
 * with `unrecoverable: true`. Exceptions that are neither (EstimateHit from Block-STM's view)
 * propagate.
 */
export function executeCall(ctx: ExecutionContext, req: CallRequest): CallInfo {
  const m = mark(ctx);
  const depth = ctx.depth;
  const stack = ctx.trackedStack.length;
  try {
    return runCall(ctx, req);
  } catch (e) {
    if (!(e instanceof UnrecoverableError) && !(e instanceof VmError)) throw e;
    ctx.depth = depth;
    ctx.trackedStack.length = stack;
    const info = newCallInfo(req);
    info.unrecoverable = true;
    info.errorTrace = traceOf(e);
    const reason = e instanceof VmError ? `VM error: ${e.message}` : e.message;
    return failCall(ctx, info, m, reason, []);
  }
}

/** blockifier `tracked_resource`: once a call runs in Cairo steps, every call below it does. */
function trackedResourceOf(ctx: ExecutionContext, cls: ContractClass): TrackedResource {
  if (ctx.trackedStack[ctx.trackedStack.length - 1] === 'CairoSteps') return 'CairoSteps';
  if (isDeprecatedClass(cls)) return 'CairoSteps';
  const min = ctx.gas.minSierraVersionForSierraGas;
  return compareVersions(sierraVersionOf(cls), min) >= 0 ? 'SierraGas' : 'CairoSteps';
}

/** Version-0 transactions may not run this class (blockifier FAULTY_CLASS_HASH). */
const FAULTY_CLASS_HASH = 0x1a7820094feaf82d53f53f214b81292d717e7bb9a92bb2488092cd306f3993fn;

/** The checks blockifier's `CallEntryPoint::execute` makes before running; unrecoverable. */
function resolveClass(ctx: ExecutionContext, req: CallRequest): [bigint, ContractClass] {
  if (ctx.depth + 1 > ctx.gas.maxRecursionDepth)
    throw new UnrecoverableError('Execution failed due to recursion depth exceeded.');
  const storageClass = ctx.state.getClassHashAt(req.contract);
  if (storageClass === 0n)
    throw new UnrecoverableError(
      `Requested contract address ${hex64(req.contract)} is not deployed.`,
    );
  const classHash = req.classHash ?? storageClass;
  if (ctx.tx.version === 0n && classHash === FAULTY_CLASS_HASH)
    throw new UnrecoverableError('Fraud attempt blocked.');
  const cls = ctx.state.getCompiledClass(classHash);
  if (!cls) throw new UnrecoverableError(`Class with hash ${hex64(classHash)} is not declared.`);
  return [classHash, cls];
}

/**
 * A call that fails before its entry point runs (blockifier `execute_entry_point_call_wrapper`):
 * with reverts enabled a failed call with this error code and no gas consumed, otherwise
 * unrecoverable.
 */
function preExecutionFailure(
  ctx: ExecutionContext,
  info: CallInfo,
  m: Mark,
  code: string,
  message: string,
): CallInfo {
  if (!ctx.gas.enableReverts) throw withErrorFrame(ctx, info, new UnrecoverableError(message));
  return failCall(ctx, info, m, code, [shortString(code)]);
}

const OUT_OF_STEPS = 'RunResources has no remaining steps.';

/** cairo-vm's text for a run stopped by the step budget (VirtualMachineError::UnfinishedExecution). */
const UNFINISHED = 'Could not reach the end of the program. RunResources has no remaining steps.';

/** The `EntryPointErrorFrame` of call `info` (blockifier stack_trace.rs). */
function entryFrame(ctx: ExecutionContext, info: CallInfo): ErrorSegment {
  return {
    kind: 'entry',
    preamble:
      info.entryPointType === 'CONSTRUCTOR'
        ? 'constructor'
        : info.callType === 'Delegate'
          ? 'library'
          : 'call',
    contract: info.contract,
    classHash: info.classHash || ctx.state.getClassHashAt(info.contract),
    selector: info.selector,
  };
}

/**
 * The unrecoverable error of an inner call that failed softly (a Cairo 1 panic, or a call that
 * failed before running with reverts enabled) when its caller runs it non-reverting, as a Cairo 0
 * caller does (blockifier `CallEntryPoint::non_reverting_execute`: `ExecutionFailed` with the
 * callee's Cairo 1 revert summary, always with the execution header). Its stack: the callee's
 * frame (the syscall's `CallContractExecutionError` / `LibraryCallExecutionError` /
 * constructor frame), then the summary.
 */
export function nonRevertingFailure(
  ctx: ExecutionContext,
  info: CallInfo,
  message = info.error ?? 'Execution failed.',
): UnrecoverableError {
  const err = new UnrecoverableError(message);
  const summary = cairo1RevertSummary(info, 'execution');
  setTrace(err, [entryFrame(ctx, info), { kind: 'text', text: summary }]);
  return err;
}

/**
 * An error leaving call `info` as blockifier's error stack has it (error-stack.ts): this call's
 * frame, its VM frame (pc and traceback; left out for a Sierra-gas call where the version strips
 * them), then what the error gathered below, or its own text: an error before the run ends in a
 * newline (`EntryPointExecutionError`), one of this call's own syscalls does not, a VM error is
 * cairo-vm's. A VM error becomes unrecoverable; anything else (Block-STM's EstimateHit) passes.
 */
function withErrorFrame(
  ctx: ExecutionContext,
  info: CallInfo,
  e: unknown,
  vm?: VirtualMachine,
  errorAttrAt?: (pc: number) => string | undefined,
): unknown {
  if (!(e instanceof UnrecoverableError) && !(e instanceof VmError)) return e;
  let err = e as UnrecoverableError;
  let inner = traceOf(e) ?? [{ kind: 'text', text: vm ? e.message : `${e.message}\n` }];
  let pc = vm?.pc;
  if (e instanceof VmError) {
    const steps = e.kind === 'StepLimit';
    err = new UnrecoverableError(steps ? OUT_OF_STEPS : `VM error: ${e.message}`);
    inner = [{ kind: 'text', text: `${steps ? UNFINISHED : cairoVmErrorText(e)}\n` }];
    pc = e.pc ?? pc;
  }
  const frame = entryFrame(ctx, info);
  const strip = info.trackedResource === 'SierraGas' && ctx.gas.stripVmFramesInSierraGas;
  const vmFrame: ErrorSegment[] = [];
  if (vm && pc !== undefined && !strip) {
    const errorAttr = errorAttrAt?.(pc);
    vmFrame.push({ kind: 'vm', pc, traceback: tracebackPcs(vm), ...(errorAttr && { errorAttr }) });
  }
  setTrace(err, [frame, ...vmFrame, ...inner]);
  return err;
}

/** Execute one call; throws UnrecoverableError / VmError for what no caller can catch. */
export function runCall(ctx: ExecutionContext, req: CallRequest): CallInfo {
  const info = newCallInfo(req);
  let resolved;
  try {
    resolved = resolveClass(ctx, req);
  } catch (e) {
    throw withErrorFrame(ctx, info, e);
  }
  const [classHash, cls] = resolved;
  info.classHash = classHash;
  const m = mark(ctx);
  const g = ctx.gas;
  const tracked = trackedResourceOf(ctx, cls);
  // In Cairo-steps mode the call runs with default_initial_gas_cost, whatever the caller had.
  const initialGas = tracked === 'CairoSteps' ? g.defaultInitialGasCost : req.gas;
  info.initialGas = initialGas;
  info.trackedResource = tracked;
  if (isDeprecatedClass(cls)) return runDeprecatedCall(ctx, info, m, cls);
  const ep = findEntryPointOf(cls, info.entryPointType, req.selector);
  if (!ep)
    return preExecutionFailure(
      ctx,
      info,
      m,
      'ENTRYPOINT_NOT_FOUND',
      `Entry point ${hex64(req.selector)} not found in contract.`,
    );
  if (initialGas < g.entryPointInitialBudget)
    return preExecutionFailure(ctx, info, m, 'Out of gas', 'Insufficient entry point gas.');
  const handler = new SyscallHandler(ctx, info);
  ctx.depth++;
  ctx.trackedStack.push(tracked);
  let run;
  let vm: VirtualMachine | undefined;
  try {
    run = runEntryPoint(cls, {
      entryPoint: ep,
      calldata: req.calldata,
      initialGas: initialGas - g.entryPointInitialBudget,
      syscallHandler: handler,
      trace: ctx.tracePcs,
      // counted for every call: the fee model charges them only when the whole tree is in Cairo steps
      memoryHoles: ctx.countMemoryHoles,
      builtinCosts: g.builtinCostTable,
      stepLimit: Math.max(ctx.remainingSteps, 0),
      onVm: (v) => (vm = v),
    });
  } catch (e) {
    // the steps run before the failure were consumed too (blockifier's execution_steps_consumed)
    if (vm) {
      ctx.steps += vm.steps;
      handler.chargeSteps(vm);
    }
    throw withErrorFrame(ctx, info, e, vm);
  } finally {
    ctx.depth--;
    ctx.trackedStack.pop();
  }
  handler.chargeSteps(run.vm);
  return finishRun(ctx, info, m, run);
}

/** A call to a deprecated (Cairo 0) class (deprecated/run.ts); it cannot fail softly. */
function runDeprecatedCall(
  ctx: ExecutionContext,
  info: CallInfo,
  m: Mark,
  cls: Extract<ContractClass, { kind: 'deprecated' }>,
): CallInfo {
  const ep = resolveDeprecatedEntryPoint(cls, info.entryPointType, info.selector);
  info.cairo0 = true;
  if (typeof ep === 'string') return preExecutionFailure(ctx, info, m, 'ENTRYPOINT_NOT_FOUND', ep);
  ctx.depth++;
  ctx.trackedStack.push('CairoSteps');
  let run;
  let vm: VirtualMachine | undefined;
  try {
    run = runDeprecatedEntryPoint(ctx, info, cls, ep, (v) => (vm = v));
  } catch (e) {
    // blockifier always keeps a Cairo 0 call's VM frame (it runs in Cairo steps, never stripped)
    throw withErrorFrame(ctx, info, e, vm, (pc) => errorAttributeText(cls, pc, vm));
  } finally {
    ctx.depth--;
    ctx.trackedStack.pop();
  }
  info.steps = run.steps;
  info.builtinUsage = run.builtinUsage;
  info.memoryHoles = run.memoryHoles;
  if (run.executedPcs) info.executedPcs = run.executedPcs;
  info.retdata = run.retdata;
  ctx.steps += run.steps;
  ctx.memoryHoles += run.memoryHoles;
  ctx.remainingSteps -= run.steps;
  if (ctx.remainingSteps < 0) throw new UnrecoverableError(OUT_OF_STEPS);
  return info;
}

function finishRun(
  ctx: ExecutionContext,
  info: CallInfo,
  m: Mark,
  run: ReturnType<typeof runEntryPoint>,
): CallInfo {
  info.steps = run.steps;
  info.builtinUsage = run.builtinUsage;
  info.memoryHoles = run.memoryHoles;
  if (run.executedPcs) info.executedPcs = run.executedPcs;
  ctx.steps += run.steps;
  // blockifier charges a Cairo-steps call's memory holes as steps (fee/fee_utils.rs)
  ctx.memoryHoles += run.memoryHoles;
  if (info.trackedResource === 'SierraGas') info.gasConsumed = info.initialGas! - run.remainingGas;
  if (!run.panicked) {
    info.retdata = run.retdata;
    return info;
  }
  const reason = `panic: ${run.retdata.map((x) => decodeShortString(x)).join(', ')}`;
  if (!ctx.gas.enableReverts)
    throw new UnrecoverableError(`Execution failed. Failure reason: ${reason}`);
  return failCall(ctx, info, m, reason, run.retdata);
}
