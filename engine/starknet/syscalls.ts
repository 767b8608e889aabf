/**
 * The Cairo 1 syscall handler (memory layout of the Starknet OS) with blockifier's rules
 * (crates/blockifier/src/execution/syscalls/: vm_syscall_utils.rs `execute_syscall`,
 * hint_processor.rs, syscall_base.rs; see README "Gas" and "Conformance with blockifier").
 *
 * Request at the syscall pointer: [selector (short string), gas, ...fields]. Response right after
 * the request: [gas left, failure flag, ...fields] on success, [gas left, 1, reason_start,
 * reason_end] on failure. The compiler has already taken `syscall_base_gas_cost` from the gas
 * counter; the syscall charges the rest of its cost (versioned-constants.ts). With too little gas
 * it fails with 'Out of gas' and charges nothing.
 */
import { hash } from 'starknet';
import { keccakP } from '@noble/hashes/sha3.js';
import { type Val, feltFromBig } from '../vm/felt';
import type { Memory } from '../vm/memory';
import type { VirtualMachine } from '../vm/vm';
import { VmError } from '../vm/errors';
import { relOff } from '../vm/relocatable';
import type { Relocatable } from '../vm/relocatable';
import type { SyscallHandler as VmSyscallHandler, SyscallMemory } from '../vm/syscall';
import { encodeShortString as shortString } from '../vm/syscall';
import { readArray } from './casm';
import type { SyscallName } from './versioned-constants';
import { UnrecoverableError, hex64 } from './errors';
import { emitEvent } from './emit-event';
import { deploymentError } from './error-stack';
import { at, feltArray } from './segments';
import { writeExecutionInfo } from './execution-info';
import { defineSecpSyscalls } from './secp';
import { pedersenHash } from './crypto';
import { sha256Compress } from './sha256';
import { sha512Compress } from './sha512';
import {
  type CallInfo,
  type CallRequest,
  type ExecutionContext,
  BLOCK_HASH_CONTRACT_ADDRESS,
  emptyTxInfo,
  countCallSyscall,
  newCallInfo,
  nonRevertingFailure,
  runCall,
} from './execution';

const OUT_OF_GAS = shortString('Out of gas');
const INVALID_ARGUMENT = shortString('Invalid argument');
const INVALID_INPUT_LENGTH = shortString('Invalid input length');
const ENTRYPOINT_FAILED = shortString('ENTRYPOINT_FAILED');
const BLOCK_NUMBER_OUT_OF_RANGE = shortString('Block number out of range');
const MASK64 = (1n << 64n) - 1n;
const ETH_ADDRESS_BOUND = 1n << 160n;
const EXECUTE = BigInt(hash.getSelectorFromName('__execute__'));
const CONSTRUCTOR = BigInt(hash.getSelectorFromName('constructor'));

const f = feltFromBig;

/** Thrown internally to produce a failure response (blockifier's `SyscallExecutionError::Revert`). */
class SyscallFailure {
  constructor(readonly reason: bigint[]) {}
}

type Impl = (h: SyscallHandler, r: Req) => Val[];

/**
 * One syscall request being served. A class with prototype methods rather than an object of
 * closures: a contract makes several syscalls per call, and per-request closures were a large
 * share of what a transaction allocates (which, on worker threads, turns into GC work that takes
 * the CPU from the other workers).
 */
class Req {
  constructor(
    readonly handler: SyscallHandler,
    readonly vm: VirtualMachine,
    readonly mem: Memory,
    readonly ptr: number,
    /** gas left after charging this syscall */
    public gas: bigint,
  ) {}
  /** Request field i (after selector and gas) as a felt. */
  felt(i: number): bigint {
    return this.mem.readFelt(at(this.ptr, 2 + i));
  }
  /** Request field i as a relocatable. */
  rel(i: number): number {
    return this.mem.readRel(at(this.ptr, 2 + i));
  }
  /** The felt array whose start and end pointers are fields i and i + 1. */
  array(i: number): bigint[] {
    return readArray(this.mem, this.rel(i), this.rel(i + 1));
  }
}

interface Spec {
  name: SyscallName;
  nReq: number;
  /** Field index of the array whose length multiplies the syscall's linear cost. */
  linearArray?: number;
  impl: Impl;
}

const SPECS = new Map<bigint, Spec>();
function def(name: SyscallName, nReq: number, impl: Impl, linearArray?: number): void {
  SPECS.set(shortString(name), { name, nReq, impl, linearArray });
}

/** Failure response at `resp`: [gas, 1, reason_start, reason_end]. */
function writeFailure(mem: Memory, resp: number, gas: bigint, reason: bigint[]): void {
  const [s, e] = feltArray(mem, reason);
  mem.setAt(resp, f(gas));
  mem.setAt(at(resp, 1), 1);
  mem.setAt(at(resp, 2), s);
  mem.setAt(at(resp, 3), e);
}

/** Unrecoverable in validate mode (blockifier `reject_syscall_in_validate_mode`). */
function rejectInValidate(h: SyscallHandler, name: string): void {
  if (h.ctx.mode === 'validate')
    throw new UnrecoverableError(`Unauthorized syscall ${name} in execution mode Validate.`);
}

/** Full gas of this request (base + linear × array length); see versioned-constants.ts. */
function requestCost(ctx: ExecutionContext, spec: Spec, mem: Memory, ptr: number): bigint {
  const cost = ctx.gas.syscalls[spec.name];
  if (spec.linearArray === undefined || cost.linear === 0n) return cost.base;
  const i = 2 + spec.linearArray;
  const n = relOff(mem.readRel(at(ptr, i + 1))) - relOff(mem.readRel(at(ptr, i)));
  return cost.base + cost.linear * BigInt(n);
}

/** engine/vm `SyscallHandler` of one call (`handle(vm, ptr)` serves the request at ptr). */
export class SyscallHandler implements VmSyscallHandler {
  /** This call's VM steps already taken from the phase's step budget (ctx.remainingSteps). */
  private chargedSteps = 0;

  constructor(
    readonly ctx: ExecutionContext,
    readonly call: CallInfo,
  ) {}

  /** Take this call's steps since the last charge from the budget (Cairo-steps calls only). */
  chargeSteps(vm: VirtualMachine): void {
    if (this.call.trackedResource !== 'CairoSteps') return;
    this.ctx.remainingSteps -= vm.steps - this.chargedSteps;
    this.chargedSteps = vm.steps;
  }

  /** After a syscall: what nested calls used of the budget is no longer this call's to run. */
  private limitSteps(vm: VirtualMachine): void {
    if (this.call.trackedResource !== 'CairoSteps') return;
    vm.stepLimit = this.chargedSteps + Math.max(this.ctx.remainingSteps, 0);
  }

  /** engine/vm's SyscallHandler interface. */
  execute(mem: SyscallMemory, syscallPtr: Relocatable): void {
    this.handle(mem.vm, syscallPtr.encode());
  }

  handle(vm: VirtualMachine, ptr: number): void {
    const mem = vm.mem;
    const sel = mem.readFelt(ptr);
    const spec = SPECS.get(sel);
    if (!spec) throw new VmError('Syscall', `unknown syscall selector 0x${sel.toString(16)}`);
    const gas0 = mem.readFelt(at(ptr, 1));
    const resp = at(ptr, 2 + spec.nReq);
    // blockifier counts a keccak call by its rounds, once they ran (see Keccak below)
    const counts = this.ctx.syscallCounts;
    if (spec.name !== 'Keccak') {
      counts[spec.name] = (counts[spec.name] ?? 0) + 1;
      countCallSyscall(this.call, spec.name);
    }
    const cost = requestCost(this.ctx, spec, mem, ptr);
    const base = this.ctx.gas.syscallBaseGasCost;
    if (cost < base)
      throw new UnrecoverableError(
        `Syscall ${spec.name} has no gas cost in Starknet ${this.ctx.gas.version}.`,
      );
    // the compiler already took syscall_base_gas_cost: charge the rest (blockifier execute_syscall)
    const required = cost - base;
    if (gas0 < required) return writeFailure(mem, resp, gas0, [OUT_OF_GAS]);
    this.ctx.syscallGas += cost;
    const r = new Req(this, vm, mem, ptr, gas0 - required);
    // the steps this call has run so far count in the offsets of the accesses it makes now
    const live = this.ctx.liveSteps;
    this.ctx.liveSteps = live + vm.steps;
    this.chargeSteps(vm);
    let out: Val[];
    try {
      out = spec.impl(this, r);
    } catch (e) {
      if (e instanceof SyscallFailure) return writeFailure(mem, resp, r.gas, e.reason);
      throw e;
    } finally {
      this.ctx.liveSteps = live;
      this.limitSteps(vm);
    }
    mem.setAt(resp, f(r.gas));
    mem.setAt(at(resp, 1), 0);
    for (let i = 0; i < out.length; i++) mem.setAt(at(resp, 2 + i), out[i]);
  }

  /**
   * Run a nested call with the request's remaining gas, and charge what it consumed. A failed
   * callee makes the syscall fail with its retdata + 'ENTRYPOINT_FAILED' (blockifier
   * `execute_inner_call`); anything unrecoverable propagates.
   */
  nested(r: Req, req: Omit<CallRequest, 'gas'>): CallInfo {
    const inner = runCall(this.ctx, { ...req, gas: r.gas });
    this.call.inner.push(inner);
    r.gas -= inner.gasConsumed;
    if (inner.failed) throw new SyscallFailure([...inner.retdata, ENTRYPOINT_FAILED]);
    return inner;
  }

  /** secp.ts host: points of this transaction, and the 'Invalid argument' failure. */
  points(key: 'k1' | 'r1'): unknown[] {
    return this.ctx.secpPoints[key];
  }
  invalid(): never {
    throw new SyscallFailure([INVALID_ARGUMENT]);
  }
}

function storageAddressDomain(r: Req): void {
  const domain = r.felt(0);
  if (domain !== 0n) throw new UnrecoverableError(`Invalid address domain: ${domain}.`);
}

def('StorageRead', 2, (h, r) => {
  storageAddressDomain(r);
  return [f(h.ctx.state.getStorageAt(h.call.contract, r.felt(1)))];
});

def('StorageWrite', 3, (h, r) => {
  storageAddressDomain(r);
  h.ctx.state.setStorageAt(h.call.contract, r.felt(1), r.felt(2));
  return [];
});

def('CallContract', 4, (h, r) => {
  const contract = r.felt(0);
  const selector = r.felt(1);
  // blockifier reads the class first: calling an undeployed address is unrecoverable
  h.ctx.state.getClassHashAt(contract);
  if (h.ctx.mode === 'validate' && contract !== h.call.contract)
    throw new UnrecoverableError('Unauthorized syscall call_contract in execution mode Validate.');
  if (h.ctx.gas.blockDirectExecuteCall && selector === EXECUTE)
    throw new SyscallFailure([INVALID_ARGUMENT]);
  const inner = h.nested(r, { contract, selector, calldata: r.array(2), caller: h.call.contract });
  return feltArray(r.mem, inner.retdata);
});

def('LibraryCall', 4, (h, r) => {
  const inner = h.nested(r, {
    contract: h.call.contract,
    classHash: r.felt(0),
    selector: r.felt(1),
    calldata: r.array(2),
    caller: h.call.caller,
    callType: 'Delegate',
  });
  return feltArray(r.mem, inner.retdata);
});

def(
  'Deploy',
  5,
  (h, r) => {
    if (h.ctx.gas.disableDeployInValidationMode) rejectInValidate(h, 'deploy');
    const classHash = r.felt(0);
    const calldata = r.array(2);
    const address = BigInt(
      hash.calculateContractAddressFromHash(
        r.felt(1),
        classHash,
        calldata.map(String),
        r.felt(4) !== 0n ? 0n : h.call.contract,
      ),
    );
    const ctor = deployAt(h, r, address, classHash, calldata);
    const [s, e] = feltArray(r.mem, ctor.retdata);
    return [f(address), s, e];
  },
  2,
);

/**
 * blockifier `execute_deployment`: the address must be free, the class is set before the
 * constructor runs (the deployer is its caller, even for deploy_from_zero), and the constructor
 * runs non-reverting: a failing constructor is unrecoverable, not a failed syscall. Its error
 * stack: a constructor frame, with no selector when the deployment fails before the constructor
 * runs (error-stack.ts `deploymentError`), else the constructor's selector and its revert summary
 * (execution.ts `nonRevertingFailure`).
 */
function deployAt(
  h: SyscallHandler,
  r: Req,
  address: bigint,
  classHash: bigint,
  calldata: bigint[],
): CallInfo {
  const state = h.ctx.state;
  const fail = (message: string) => deploymentError(address, classHash, message);
  if (state.getClassHashAt(address) !== 0n)
    throw fail(`Deployment failed: contract already deployed at address ${hex64(address)}`);
  state.setClassHashAt(address, classHash);
  const cls = state.getCompiledClass(classHash);
  if (!cls) throw fail(`Class with hash ${hex64(classHash)} is not declared.`);
  const ctor = cls.entryPoints.CONSTRUCTOR[0];
  const req = {
    contract: address,
    selector: ctor && 'selectorBig' in ctor ? ctor.selectorBig : CONSTRUCTOR,
    calldata,
    caller: h.call.contract,
    entryPointType: 'CONSTRUCTOR' as const,
  };
  if (!ctor) {
    if (calldata.length > 0)
      throw fail(
        'Invalid input: constructor_calldata; Cannot pass calldata to a contract with no constructor.',
      );
    const empty = newCallInfo({ ...req, calldata: [], classHash, gas: r.gas });
    h.call.inner.push(empty);
    return empty;
  }
  const inner = runCall(h.ctx, { ...req, gas: r.gas });
  h.call.inner.push(inner);
  r.gas -= inner.gasConsumed;
  if (inner.failed)
    throw nonRevertingFailure(h.ctx, inner, `Execution failed. Failure reason: ${inner.error}`);
  return inner;
}

def('EmitEvent', 4, (h, r) => {
  emitEvent(h.ctx, h.call, r.array(0), r.array(2));
  return [];
});

def('GetExecutionInfo', 0, (h, r) => [writeExecutionInfo(r.mem, h.ctx, h.call)]);

def(
  'SendMessageToL1',
  3,
  (h, r) => {
    const to = r.felt(0);
    const payload = r.array(1);
    if (to >= ETH_ADDRESS_BOUND) throw new UnrecoverableError(`Out of range ${to}.`);
    h.call.messages.push({ order: h.ctx.nextMessage(), from: h.call.contract, to, payload });
    return [];
  },
  1,
);

def('Keccak', 2, (h, r) => {
  const input = r.array(0);
  for (const w of input)
    if (w > MASK64)
      throw new UnrecoverableError(
        `Invalid syscall input: ${w}; Invalid input for the keccak syscall.`,
      );
  if (input.length % 17 !== 0) throw new SyscallFailure([INVALID_INPUT_LENGTH]);
  const rounds = input.length / 17;
  const roundsGas = BigInt(rounds) * h.ctx.gas.syscalls.KeccakRound.base;
  if (roundsGas > r.gas) throw new SyscallFailure([OUT_OF_GAS]);
  r.gas -= roundsGas;
  h.ctx.syscallGas += roundsGas;
  // blockifier 0.20.0-rc.0 execution/syscalls/syscall_executor.rs `keccak`: the usage count is the
  // number of rounds (the fee charges KeccakRound's OS resources per round)
  h.ctx.syscallCounts.Keccak = (h.ctx.syscallCounts.Keccak ?? 0) + rounds;
  countCallSyscall(h.call, 'Keccak', rounds);
  const st = new Uint32Array(50);
  for (let b = 0; b < rounds; b++) {
    for (let i = 0; i < 17; i++) {
      const w = input[b * 17 + i];
      st[2 * i] ^= Number(w & 0xffffffffn);
      st[2 * i + 1] ^= Number(w >> 32n);
    }
    keccakP(st, 24);
  }
  const lane = (i: number) => BigInt(st[2 * i]) | (BigInt(st[2 * i + 1]) << 32n);
  return [f(lane(0) | (lane(1) << 64n)), f(lane(2) | (lane(3) << 64n))];
});

def('Sha256ProcessBlock', 2, (_h, r) => {
  const statePtr = r.rel(0);
  const inputPtr = r.rel(1);
  const word = (p: number, i: number) => {
    const v = r.mem.readFelt(at(p, i));
    if (v >= 1n << 32n) throw new SyscallFailure([INVALID_ARGUMENT]);
    return Number(v);
  };
  const state = Array.from({ length: 8 }, (_, i) => word(statePtr, i));
  const block = Array.from({ length: 16 }, (_, i) => word(inputPtr, i));
  const [s] = feltArray(r.mem, sha256Compress(state, block).map(BigInt));
  return [s];
});

def('Sha512ProcessBlock', 2, (_h, r) => {
  const word = (p: number, i: number) => {
    const v = r.mem.readFelt(at(p, i));
    if (v > MASK64) throw new SyscallFailure([INVALID_ARGUMENT]);
    return v;
  };
  const [statePtr, inputPtr] = [r.rel(0), r.rel(1)];
  const state = Array.from({ length: 8 }, (_, i) => word(statePtr, i));
  const block = Array.from({ length: 16 }, (_, i) => word(inputPtr, i));
  return [feltArray(r.mem, sha512Compress(state, block))[0]];
});

def('GetBlockHash', 1, (h, r) => {
  const n = r.felt(0);
  if (n >= MASK64 + 1n)
    throw new UnrecoverableError(
      `Invalid syscall input: ${n}; Block number must fit within 64 bits.`,
    );
  const current = h.ctx.block.blockNumber;
  const buffer = h.ctx.gas.storedBlockHashBuffer;
  if (current < buffer || n > current - buffer) {
    rejectInValidate(h, 'get_block_hash on recent blocks');
    throw new SyscallFailure([BLOCK_NUMBER_OUT_OF_RANGE]);
  }
  return [f(h.ctx.state.getStorageAt(BLOCK_HASH_CONTRACT_ADDRESS, n))];
});

def('GetClassHashAt', 1, (h, r) => {
  rejectInValidate(h, 'get_class_hash_at');
  return [f(h.ctx.state.getClassHashAt(r.felt(0)))];
});

def('ReplaceClass', 1, (h, r) => {
  const ch = r.felt(0);
  if (!h.ctx.state.getCompiledClass(ch))
    throw new UnrecoverableError(`Class with hash ${hex64(ch)} is not declared.`);
  h.ctx.state.setClassHashAt(h.call.contract, ch);
  return [];
});

const INVOKE_PREFIX = shortString('invoke');
const QUERY_BIT = 1n << 128n;

/** Pedersen hash chain of `xs` with its length appended (starknet_api HashChain::get_pedersen_hash). */
function hashOnElements(xs: readonly bigint[]): bigint {
  let h = 0n;
  for (const x of xs) h = pedersenHash(h, x);
  return pedersenHash(h, BigInt(xs.length));
}

/** Hash of the InvokeTransactionV0 a meta transaction stands for (max_fee 0). */
export function metaTxV0Hash(
  address: bigint,
  selector: bigint,
  calldata: readonly bigint[],
  chainId: bigint,
  onlyQuery = false,
): bigint {
  const version = onlyQuery ? QUERY_BIT : 0n;
  return hashOnElements([
    INVOKE_PREFIX,
    version,
    address,
    selector,
    hashOnElements(calldata),
    0n,
    chainId,
  ]);
}

/**
 * blockifier `meta_tx_v0` (0.14.0 on): call `__execute__` of `address` as if it were an invoke v0
 * transaction: caller 0, and while it runs the tx info is a v0 one (hash of that transaction,
 * the given signature, nonce 0, max_fee 0, the account as sender).
 */
def(
  'MetaTxV0',
  6,
  (h, r) => {
    rejectInValidate(h, 'meta_tx_v0');
    const address = r.felt(0);
    const selector = r.felt(1);
    const calldata = r.array(2);
    const signature = r.array(4);
    if (selector !== EXECUTE) throw new SyscallFailure([INVALID_ARGUMENT]);
    const outer = h.ctx.tx;
    const onlyQuery = outer.version >= QUERY_BIT;
    h.ctx.tx = {
      ...emptyTxInfo(),
      version: onlyQuery ? QUERY_BIT : 0n,
      accountContractAddress: address,
      signature,
      transactionHash: metaTxV0Hash(address, selector, calldata, outer.chainId, onlyQuery),
      chainId: outer.chainId,
    };
    try {
      const inner = h.nested(r, { contract: address, selector, calldata, caller: 0n });
      return feltArray(r.mem, inner.retdata);
    } finally {
      h.ctx.tx = outer;
    }
  },
  2,
);

defineSecpSyscalls((name, nReq, impl) => def(name as SyscallName, nReq, impl));

/** Names of every supported syscall. */
export const SYSCALL_NAMES = [...SPECS.values()].map((s) => s.name);
