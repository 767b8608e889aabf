/**
 * Deprecated (Cairo 0) syscalls: the `syscall_ptr` style of cairo-lang's
 * `starkware/starknet/common/syscalls.cairo`. The Cairo code writes the request at the syscall
 * pointer, `[selector short string, ...request]`, the hint serves it and writes the response right
 * after it, and the code moves the pointer past both. Layouts and rules are blockifier's
 * (starkware-libs/sequencer 60161ba, crates/blockifier/src/execution/deprecated_syscalls/
 * mod.rs (requests, responses), hint_processor.rs (what each does), deprecated_syscall_executor.rs
 * (dispatch by selector)). There is no gas: a Cairo 0 call is tracked in Cairo steps, and each
 * syscall is counted for the OS resources the fee model adds (`ctx.syscallCounts`).
 *
 * Nothing here can fail softly: Cairo 0 has no failure response, so every error (including a
 * failed inner call, run by blockifier with `non_reverting_execute`) is unrecoverable.
 */
import { hash } from 'starknet';
import { type Val, feltFromBig } from '../../vm/felt';
import type { Memory } from '../../vm/memory';
import type { VirtualMachine } from '../../vm/vm';
import { VmError } from '../../vm/errors';
import { mkRel, showVal } from '../../vm/relocatable';
import { decodeShortString, encodeShortString } from '../../vm/syscall';
import { UnrecoverableError, hex64 } from '../errors';
import { emitEvent } from '../emit-event';
import { at } from '../segments';
import { blockInfoSeen } from '../execution-info';
import type { CallInfo, CallRequest, ExecutionContext } from '../execution';
import { countCallSyscall, nonRevertingFailure, runCall } from '../execution';
import { deployContract } from './deploy';
import type { DeprecatedSyscallHost } from './syscall-hint';

const EXECUTE = BigInt(hash.getSelectorFromName('__execute__'));
const ETH_ADDRESS_BOUND = 1n << 160n;
const QUERY_BIT = 1n << 128n;

/**
 * os_constants.v1_bound_accounts_cairo0 of blockifier_versioned_constants_0_14_4.json: these Cairo
 * 0 accounts see a v3 transaction as version 1 while its tip is ≤ v1_bound_accounts_max_tip.
 */
const V1_BOUND_ACCOUNTS_CAIRO0 = new Set(
  [
    '0x6d706cfbac9b8262d601c38251c5fbe0497c3a96cc91a92b08d91b61d9e70c4',
    '0x309c042d3729173c7f2f91a34f04d8c509c1b292d334679ef1aabf8da0899cc',
    '0x1a7820094feaf82d53f53f214b81292d717e7bb9a92bb2488092cd306f3993f',
    '0x33434ad846cdd5f23eb73ff09fe6fddd568284a0fb7d1be20ee482f044dabe2',
    '0x41cb0280ebadaa75f996d8d92c6f265f6d040bb3ba442e5f86a554f1765244e',
    '0x3530cc4759d78042f1b543bf797f5f3d647cde0388c33734cf91b7f7b9314a9',
  ].map(BigInt),
);

/**
 * The explorer's cost of a syscall (`ctx.syscallGas`, TxResult.cost; blockifier charges a Cairo 0
 * call no gas): the version's gas cost of the syscall of that name, and for the getters only
 * Cairo 0 has (GetTxInfo, GetCallerAddress, …) that of GetExecutionInfo, which does their work.
 */
function explorerCost(ctx: ExecutionContext, name: string): bigint {
  const costs = ctx.gas.syscalls as Record<string, { base: bigint } | undefined>;
  return (costs[name] ?? costs.GetExecutionInfo)?.base ?? 0n;
}

/** The request being served: fields after the selector, and where the response goes. */
class Request {
  constructor(
    readonly mem: Memory,
    readonly ptr: number,
  ) {}
  felt(i: number): bigint {
    return this.mem.readFelt(at(this.ptr, 1 + i));
  }
  /** The felt array whose size is field i and whose pointer is field i + 1. */
  array(i: number): bigint[] {
    const n = Number(this.felt(i));
    const start = this.mem.readRel(at(this.ptr, 2 + i));
    const out: bigint[] = [];
    for (let k = 0; k < n; k++) out.push(this.mem.readFelt(at(start, k)));
    return out;
  }
}

interface Spec {
  /** Request fields after the selector. */
  nReq: number;
  /** Response fields. */
  nResp: number;
  impl: (h: DeprecatedSyscallHandler, r: Request) => Val[];
}

const SPECS = new Map<bigint, [string, Spec]>();
function def(name: string, nReq: number, nResp: number, impl: Spec['impl']): void {
  SPECS.set(encodeShortString(name), [name, { nReq, nResp, impl }]);
}

/** The syscall handler of one Cairo 0 call (`vm.ctx[SYSCALL_HANDLER_KEY]` while it runs). */
export class DeprecatedSyscallHandler implements DeprecatedSyscallHost {
  /** Where the next request must be (blockifier `verify_syscall_ptr`). */
  ptr: number;
  /** Segments written for the Cairo code to read (blockifier's ReadOnlySegments), with lengths. */
  readonly readOnly: [number, number][] = [];
  private signaturePtr: number | undefined;
  private txInfoPtr: number | undefined;

  constructor(
    readonly ctx: ExecutionContext,
    readonly call: CallInfo,
    syscallSegment: number,
  ) {
    this.ptr = mkRel(syscallSegment, 0);
  }

  serve(vm: VirtualMachine, syscallPtr: number): void {
    if (syscallPtr !== this.ptr)
      throw new VmError(
        'Syscall',
        `Bad syscall_ptr; expected: ${showVal(this.ptr)}, got: ${showVal(syscallPtr)}.`,
      );
    const mem = vm.mem;
    const sel = mem.readFelt(syscallPtr);
    const found = SPECS.get(sel);
    if (!found)
      throw new VmError('Syscall', `Invalid syscall selector: ${decodeShortString(sel)}.`);
    const [name, spec] = found;
    const counts = this.ctx.syscallCounts;
    counts[name] = (counts[name] ?? 0) + 1;
    countCallSyscall(this.call, name);
    this.ctx.syscallGas += explorerCost(this.ctx, name);
    // the steps this call has run so far count in the offsets of the accesses it makes now
    const live = this.ctx.liveSteps;
    this.ctx.liveSteps = live + vm.steps;
    let out: Val[];
    try {
      out = spec.impl(this, new Request(mem, syscallPtr));
    } finally {
      this.ctx.liveSteps = live;
    }
    const resp = at(syscallPtr, 1 + spec.nReq);
    for (let i = 0; i < out.length; i++) mem.setAt(at(resp, i), out[i]);
    this.ptr = at(resp, spec.nResp);
  }

  /** A new read-only segment holding `vals`; returns its start. */
  allocate(mem: Memory, vals: readonly Val[]): number {
    const seg = mem.addSegment();
    for (let i = 0; i < vals.length; i++) mem.set(seg, i, vals[i]);
    this.readOnly.push([seg, vals.length]);
    return mkRel(seg, 0);
  }

  /**
   * An inner call run non-reverting: its failure fails this call too. An unrecoverable error
   * carries the callee's stack already (its frame first); a soft failure becomes one with the
   * callee's frame and Cairo 1 revert summary (execution.ts `nonRevertingFailure`).
   */
  inner(req: Omit<CallRequest, 'gas'>): CallInfo {
    const info = runCall(this.ctx, { ...req, gas: this.ctx.gas.defaultInitialGasCost });
    this.call.inner.push(info);
    if (info.failed) throw nonRevertingFailure(this.ctx, info);
    return info;
  }

  /** An inner call's retdata as [size, pointer to a read-only segment]. */
  retdata(mem: Memory, info: CallInfo): Val[] {
    return [info.retdata.length, this.allocate(mem, info.retdata.map(feltFromBig))];
  }

  signature(mem: Memory): number {
    return (this.signaturePtr ??= this.allocate(mem, this.ctx.tx.signature.map(feltFromBig)));
  }

  /** blockifier `get_or_allocate_tx_info_start_ptr`: one TxInfo per call, except v1-bound accounts. */
  txInfo(mem: Memory): number {
    const tx = this.ctx.tx;
    const base = tx.version % QUERY_BIT;
    if (
      base === 3n &&
      V1_BOUND_ACCOUNTS_CAIRO0.has(this.call.classHash) &&
      tx.tip <= this.ctx.gas.v1BoundAccountsMaxTip
    )
      return this.writeTxInfo(mem, tx.version - base + 1n);
    return (this.txInfoPtr ??= this.writeTxInfo(mem, tx.version));
  }

  /** The deprecated TxInfo: version, account, max_fee (0 for v3), signature, hash, chain, nonce. */
  private writeTxInfo(mem: Memory, version: bigint): number {
    const tx = this.ctx.tx;
    const sig = this.signature(mem);
    const maxFee = tx.version % QUERY_BIT >= 3n ? 0n : tx.maxFee;
    const fields = [version, tx.accountContractAddress, maxFee].map(feltFromBig);
    fields.push(tx.signature.length, sig);
    fields.push(...[tx.transactionHash, tx.chainId, tx.nonce].map(feltFromBig));
    return this.allocate(mem, fields);
  }

  rejectInValidate(name: string): void {
    if (this.ctx.mode === 'validate')
      throw new UnrecoverableError(`Unauthorized syscall ${name} in execution mode Validate.`);
  }
}

const f = feltFromBig;

def('StorageRead', 1, 1, (h, r) => [f(h.ctx.state.getStorageAt(h.call.contract, r.felt(0)))]);

def('StorageWrite', 2, 0, (h, r) => {
  h.ctx.state.setStorageAt(h.call.contract, r.felt(0), r.felt(1));
  return [];
});

def('CallContract', 4, 2, (h, r) => {
  const contract = r.felt(0);
  const selector = r.felt(1);
  h.ctx.state.getClassHashAt(contract); // blockifier reads the class first
  if (h.ctx.mode === 'validate' && contract !== h.call.contract)
    throw new UnrecoverableError('Unauthorized syscall call_contract in execution mode Validate.');
  if (h.ctx.gas.blockDirectExecuteCall && selector === EXECUTE)
    throw new UnrecoverableError('Calling `__execute__` directly is not allowed.');
  const info = h.inner({ contract, selector, calldata: r.array(2), caller: h.call.contract });
  return h.retdata(r.mem, info);
});

/** library_call / library_call_l1_handler / delegate_call / delegate_l1_handler. */
function libraryCall(h: DeprecatedSyscallHandler, r: Request, classHash: bigint, l1: boolean) {
  const info = h.inner({
    contract: h.call.contract,
    classHash,
    selector: r.felt(1),
    calldata: r.array(2),
    caller: h.call.caller,
    callType: 'Delegate',
    entryPointType: l1 ? 'L1_HANDLER' : 'EXTERNAL',
  });
  return h.retdata(r.mem, info);
}
def('LibraryCall', 4, 2, (h, r) => libraryCall(h, r, r.felt(0), false));
def('LibraryCallL1Handler', 4, 2, (h, r) => libraryCall(h, r, r.felt(0), true));
// delegate_call runs the class of the given contract on the caller's storage
def('DelegateCall', 4, 2, (h, r) =>
  libraryCall(h, r, h.ctx.state.getClassHashAt(r.felt(0)), false),
);
def('DelegateL1Handler', 4, 2, (h, r) =>
  libraryCall(h, r, h.ctx.state.getClassHashAt(r.felt(0)), true),
);

def('Deploy', 5, 3, (h, r) => {
  if (h.ctx.gas.disableDeployInValidationMode) h.rejectInValidate('deploy');
  const fromZero = r.felt(4);
  if (fromZero > 1n)
    throw new UnrecoverableError(
      `Invalid syscall input: ${fromZero}; The deploy_from_zero field in the deploy system call must be 0 or 1.`,
    );
  const address = deployContract(h, {
    classHash: r.felt(0),
    salt: r.felt(1),
    calldata: r.array(2),
    deployer: fromZero === 1n ? 0n : h.call.contract,
  });
  // blockifier's DeployResponse: the address and an empty constructor retdata
  return [f(address), 0, 0];
});

def('EmitEvent', 4, 0, (h, r) => {
  emitEvent(h.ctx, h.call, r.array(0), r.array(2));
  return [];
});

def('GetBlockNumber', 0, 1, (h) => [f(blockInfoSeen(h.ctx)[0])]);
def('GetBlockTimestamp', 0, 1, (h) => [f(blockInfoSeen(h.ctx)[1])]);
def('GetCallerAddress', 0, 1, (h) => [f(h.call.caller)]);
def('GetContractAddress', 0, 1, (h) => [f(h.call.contract)]);
def('GetSequencerAddress', 0, 1, (h) => {
  h.rejectInValidate('get_sequencer_address');
  return [f(h.ctx.block.sequencerAddress)];
});
def('GetTxInfo', 0, 1, (h, r) => [h.txInfo(r.mem)]);
def('GetTxSignature', 0, 2, (h, r) => [h.ctx.tx.signature.length, h.signature(r.mem)]);

def('ReplaceClass', 1, 0, (h, r) => {
  const ch = r.felt(0);
  if (!h.ctx.state.getCompiledClass(ch))
    throw new UnrecoverableError(`Class with hash ${hex64(ch)} is not declared.`);
  h.ctx.state.setClassHashAt(h.call.contract, ch);
  return [];
});

def('SendMessageToL1', 3, 0, (h, r) => {
  const to = r.felt(0);
  if (to >= ETH_ADDRESS_BOUND) throw new UnrecoverableError(`Out of range ${to}.`);
  h.call.messages.push({
    order: h.ctx.nextMessage(),
    from: h.call.contract,
    to,
    payload: r.array(1),
  });
  return [];
});

/** Names of the deprecated syscalls served. */
export const DEPRECATED_SYSCALL_NAMES = [...SPECS.values()].map(([n]) => n);
