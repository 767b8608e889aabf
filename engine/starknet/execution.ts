/**
 * Contract calls and the Cairo 1 syscall handler (memory layout of the Starknet OS).
 *
 * Request at the syscall pointer: [selector (short string), gas, ...fields]. Response right after
 * the request: [gas left, failure flag, ...fields] on success, [gas left, 1, reason_start,
 * reason_end] on failure. Every syscall charges its cost (gas.ts) from the request's gas; when the
 * gas is insufficient it fails with 'Out of gas' and charges nothing.
 */
import { hash } from 'starknet';
import { keccakP } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { p256 } from '@noble/curves/nist.js';
import { type Val, feltFromBig, toBig } from '../vm/felt';
import type { Memory } from '../vm/memory';
import type { VirtualMachine } from '../vm/vm';
import { VmError } from '../vm/errors';
import { isRel, mkRel, relOff, relSeg } from '../vm/relocatable';
import { type EntryPointType, findEntryPointOf, readArray } from './casm';
import { runEntryPoint } from '../vm/casm';
import type { SyscallHandler as VmSyscallHandler, SyscallMemory } from '../vm/syscall';
import type { Relocatable } from '../vm/relocatable';
import type { TxState } from './state';
import { SYSCALL_GAS_COSTS, KECCAK_ROUND_COST_GAS_COST, ENTRY_POINT_INITIAL_BUDGET } from './gas';
import { sha256Compress } from './sha256';

import { decodeShortString, encodeShortString } from '../vm/syscall';

/** ASCII short string → felt (engine/vm's encoder; kept under this name for callers). */
export const shortString = encodeShortString;
export { decodeShortString };

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
}

export interface ResourceBounds {
  resource: bigint;
  maxAmount: bigint;
  maxPricePerUnit: bigint;
}

/** TxInfo v2 of the Starknet OS (Cairo `starknet::info::v2::TxInfo`). */
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
  events: StarknetEvent[];
  messages: L2ToL1Message[];
  inner: CallInfo[];
  steps: number;
  gasConsumed: bigint;
  /** Builtin instances this call used (its own run, not its inner calls). */
  builtinUsage?: Record<string, number>;
  /** pc of every step of this call's own run (only when the context traces, for inspectors). */
  executedPcs?: Uint32Array;
}

export const MAX_CALL_DEPTH = 100;
export const BLOCK_HASH_CONTRACT_ADDRESS = 1n;
export const STORED_BLOCK_HASH_BUFFER = 10n;

/** Per-transaction execution context. */
export class ExecutionContext {
  steps = 0;
  syscallGas = 0n;
  syscallCounts: Record<string, number> = {};
  private eventOrder = 0;
  private messageOrder = 0;
  depth = 0;
  /** Secp points by id (ids are indices, as in blockifier), per curve. */
  secpPoints: { k1: unknown[]; r1: unknown[] } = { k1: [], r1: [] };
  /** Record the executed pcs of every call (CallInfo.executedPcs): slower, for inspectors only. */
  tracePcs = false;

  constructor(
    readonly state: TxState,
    readonly block: BlockInfo,
    readonly tx: TxInfo,
  ) {}

  nextEvent(): number {
    return this.eventOrder++;
  }
  nextMessage(): number {
    return this.messageOrder++;
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
  gas: bigint;
}

function clearSubtree(c: CallInfo): void {
  c.events = [];
  c.messages = [];
  for (const i of c.inner) clearSubtree(i);
}

/** Mark `info` failed: roll back its writes (and its subtree's), drop its events and messages. */
function failCall(
  ctx: ExecutionContext,
  info: CallInfo,
  cp: number,
  reason: string,
  retdata: bigint[] = [shortString(reason.slice(0, 31))],
): CallInfo {
  info.failed = true;
  info.error = reason;
  info.retdata = retdata;
  ctx.state.rollback(cp);
  clearSubtree(info);
  return info;
}

/**
 * Execute one call (and its nested calls). A failing call's writes, and only those, are rolled
 * back. Exceptions that are not VM errors (EstimateHit from Block-STM's view) propagate.
 */
export function executeCall(ctx: ExecutionContext, req: CallRequest): CallInfo {
  const cp = ctx.state.checkpoint();
  const info: CallInfo = {
    callType: req.callType ?? 'Call',
    entryPointType: req.entryPointType ?? 'EXTERNAL',
    contract: req.contract,
    classHash: 0n,
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
  if (ctx.depth >= MAX_CALL_DEPTH) return failCall(ctx, info, cp, 'Max call depth exceeded');
  const classHash = req.classHash ?? ctx.state.getClassHashAt(req.contract);
  info.classHash = classHash;
  if (classHash === 0n)
    return failCall(ctx, info, cp, `Contract not deployed: 0x${req.contract.toString(16)}`, [
      shortString('CONTRACT_NOT_DEPLOYED'),
    ]);
  const cls = ctx.state.getCompiledClass(classHash);
  if (!cls)
    return failCall(ctx, info, cp, `Class not declared: 0x${classHash.toString(16)}`, [
      shortString('CLASS_NOT_DECLARED'),
    ]);
  const ep = findEntryPointOf(cls, info.entryPointType, req.selector);
  if (!ep) return failCall(ctx, info, cp, 'ENTRYPOINT_NOT_FOUND');
  // blockifier pre-charges the entry point's initial budget before the CASM runs (the code,
  // compiled for it, redeposits what it does not need): entry_point_execution.rs,
  // prepare_call_arguments. gasConsumed below then counts it, as blockifier's does.
  if (req.gas < ENTRY_POINT_INITIAL_BUDGET)
    return failCall(ctx, info, cp, 'Out of gas', [shortString('Out of gas')]);
  const handler = new SyscallHandler(ctx, info);
  ctx.depth++;
  let run;
  try {
    run = runEntryPoint(cls, {
      entryPoint: ep,
      calldata: req.calldata,
      initialGas: req.gas - ENTRY_POINT_INITIAL_BUDGET,
      syscallHandler: handler,
      trace: ctx.tracePcs,
    });
  } catch (e) {
    if (e instanceof VmError) {
      return failCall(ctx, info, cp, `VM error: ${e.message}`, [shortString('VM_ERROR')]);
    }
    throw e;
  } finally {
    ctx.depth--;
  }
  info.steps = run.steps;
  info.builtinUsage = run.builtinUsage;
  if (run.executedPcs) info.executedPcs = run.executedPcs;
  ctx.steps += run.steps;
  info.gasConsumed = req.gas - run.remainingGas;
  if (run.panicked) {
    const reason = run.retdata.map((x) => decodeShortString(x)).join(', ');
    return failCall(ctx, info, cp, `panic: ${reason}`, run.retdata);
  }
  info.retdata = run.retdata;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Syscall handler

const OUT_OF_GAS = shortString('Out of gas');
const INVALID_ARGUMENT = shortString('Invalid argument');
const ENTRYPOINT_FAILED = shortString('ENTRYPOINT_FAILED');
const U128 = 1n << 128n;
const MASK64 = (1n << 64n) - 1n;

function at(p: number, k: number): number {
  return mkRel(relSeg(p), relOff(p) + k);
}

const f = feltFromBig;

/** A new segment holding `vals` (felts); returns its [start, end) pointers. */
function feltArray(mem: Memory, vals: readonly bigint[]): [number, number] {
  const seg = mem.addSegment();
  for (let i = 0; i < vals.length; i++) mem.set(seg, i, f(vals[i]));
  return [mkRel(seg, 0), mkRel(seg, vals.length)];
}

/** Thrown internally to produce a failure response. */
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
  /** Charge extra gas (Keccak rounds); fails with Out of gas. */
  charge(extra: bigint): void {
    if (this.gas < extra) throw new SyscallFailure([OUT_OF_GAS]);
    this.gas -= extra;
    this.handler.ctx.syscallGas += extra;
  }
}

interface Spec {
  name: string;
  nReq: number;
  /** Base gas cost (gas.ts). */
  cost: bigint;
  impl: Impl;
}

const SPECS = new Map<bigint, Spec>();
function def(name: string, nReq: number, impl: Impl): void {
  SPECS.set(shortString(name), { name, nReq, cost: SYSCALL_GAS_COSTS[name] ?? 0n, impl });
}

/** Failure response at `resp`: [gas, 1, reason_start, reason_end]. */
function writeFailure(mem: Memory, resp: number, gas: bigint, reason: bigint[]): void {
  const [s, e] = feltArray(mem, reason);
  mem.setAt(resp, f(gas));
  mem.setAt(at(resp, 1), 1);
  mem.setAt(at(resp, 2), s);
  mem.setAt(at(resp, 3), e);
}

/** engine/vm `SyscallHandler` of one call (`handle(vm, ptr)` serves the request at ptr). */
export class SyscallHandler implements VmSyscallHandler {
  constructor(
    readonly ctx: ExecutionContext,
    readonly call: CallInfo,
  ) {}

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
    const cost = spec.cost;
    const counts = this.ctx.syscallCounts;
    counts[spec.name] = (counts[spec.name] ?? 0) + 1;
    if (gas0 < cost) return writeFailure(mem, resp, gas0, [OUT_OF_GAS]);
    this.ctx.syscallGas += cost;
    const r = new Req(this, vm, mem, ptr, gas0 - cost);
    let out: Val[];
    try {
      out = spec.impl(this, r);
    } catch (e) {
      if (e instanceof SyscallFailure) return writeFailure(mem, resp, r.gas, e.reason);
      throw e;
    }
    mem.setAt(resp, f(r.gas));
    mem.setAt(at(resp, 1), 0);
    for (let i = 0; i < out.length; i++) mem.setAt(at(resp, 2 + i), out[i]);
  }

  /** Run a nested call; on failure, raise the failure response with the callee's panic data. */
  nested(r: Req, req: Omit<CallRequest, 'gas'>): CallInfo {
    const inner = executeCall(this.ctx, { ...req, gas: r.gas });
    this.call.inner.push(inner);
    r.gas -= inner.gasConsumed < r.gas ? inner.gasConsumed : r.gas;
    if (inner.failed) throw new SyscallFailure([...inner.retdata, ENTRYPOINT_FAILED]);
    return inner;
  }
}

def('StorageRead', 2, (h, r) => {
  if (r.felt(0) !== 0n) throw new SyscallFailure([shortString('Unsupported address domain')]);
  return [f(h.ctx.state.getStorageAt(h.call.contract, r.felt(1)))];
});

def('StorageWrite', 3, (h, r) => {
  if (r.felt(0) !== 0n) throw new SyscallFailure([shortString('Unsupported address domain')]);
  h.ctx.state.setStorageAt(h.call.contract, r.felt(1), r.felt(2));
  return [];
});

def('CallContract', 4, (h, r) => {
  const calldata = readArray(r.mem, r.rel(2), r.rel(3));
  const inner = h.nested(r, {
    contract: r.felt(0),
    selector: r.felt(1),
    calldata,
    caller: h.call.contract,
  });
  return feltArray(r.mem, inner.retdata);
});

def('LibraryCall', 4, (h, r) => {
  const calldata = readArray(r.mem, r.rel(2), r.rel(3));
  const inner = h.nested(r, {
    contract: h.call.contract,
    classHash: r.felt(0),
    selector: r.felt(1),
    calldata,
    caller: h.call.caller,
    callType: 'Delegate',
  });
  return feltArray(r.mem, inner.retdata);
});

def('Deploy', 5, (h, r) => {
  const classHash = r.felt(0);
  const salt = r.felt(1);
  const calldata = readArray(r.mem, r.rel(2), r.rel(3));
  const fromZero = r.felt(4) !== 0n;
  const deployer = fromZero ? 0n : h.call.contract;
  const address = BigInt(
    hash.calculateContractAddressFromHash(salt, classHash, calldata.map(String), deployer),
  );
  const cls = h.ctx.state.getCompiledClass(classHash);
  if (!cls) throw new SyscallFailure([shortString('CLASS_NOT_DECLARED')]);
  if (h.ctx.state.getClassHashAt(address) !== 0n)
    throw new SyscallFailure([shortString('CONTRACT_ADDRESS_UNAVAILABLE')]);
  h.ctx.state.setClassHashAt(address, classHash);
  const ctor = cls.entryPoints.CONSTRUCTOR[0];
  if (!ctor) {
    if (calldata.length > 0) throw new SyscallFailure([shortString('INVALID_CALLDATA_LENGTH')]);
    const [s, e] = feltArray(r.mem, []);
    return [f(address), s, e];
  }
  const inner = h.nested(r, {
    contract: address,
    selector: ctor.selectorBig,
    calldata,
    caller: deployer,
    entryPointType: 'CONSTRUCTOR',
  });
  const [s, e] = feltArray(r.mem, inner.retdata);
  return [f(address), s, e];
});

def('EmitEvent', 4, (h, r) => {
  const keys = readArray(r.mem, r.rel(0), r.rel(1));
  const data = readArray(r.mem, r.rel(2), r.rel(3));
  h.call.events.push({ order: h.ctx.nextEvent(), from: h.call.contract, keys, data });
  return [];
});

/** Appends values to one segment (the structs of GetExecutionInfo), no intermediate arrays. */
class StructWriter {
  readonly seg: number;
  private off = 0;
  constructor(private readonly mem: Memory) {
    this.seg = mem.addSegment();
  }
  felt(v: bigint): this {
    this.mem.set(this.seg, this.off++, f(v));
    return this;
  }
  /** An array field: its start and end pointers. */
  span(s: [number, number]): this {
    this.mem.set(this.seg, this.off++, s[0]);
    this.mem.set(this.seg, this.off++, s[1]);
    return this;
  }
  ptr(p: number): this {
    this.mem.set(this.seg, this.off++, p);
    return this;
  }
  get start(): number {
    return mkRel(this.seg, 0);
  }
}

def('GetExecutionInfo', 0, (h, r) => {
  const { block, tx } = h.ctx;
  const mem = r.mem;
  const blockInfo = new StructWriter(mem)
    .felt(block.blockNumber)
    .felt(block.blockTimestamp)
    .felt(block.sequencerAddress);
  const sig = feltArray(mem, tx.signature);
  const rbSeg = mem.addSegment();
  let o = 0;
  for (const b of tx.resourceBounds) {
    mem.set(rbSeg, o++, f(b.resource));
    mem.set(rbSeg, o++, f(b.maxAmount));
    mem.set(rbSeg, o++, f(b.maxPricePerUnit));
  }
  const rb: [number, number] = [mkRel(rbSeg, 0), mkRel(rbSeg, o)];
  const pm = feltArray(mem, tx.paymasterData);
  const ad = feltArray(mem, tx.accountDeploymentData);
  const txInfo = new StructWriter(mem)
    .felt(tx.version)
    .felt(tx.accountContractAddress)
    .felt(tx.maxFee)
    .span(sig)
    .felt(tx.transactionHash)
    .felt(tx.chainId)
    .felt(tx.nonce)
    .span(rb)
    .felt(tx.tip)
    .span(pm)
    .felt(tx.nonceDataAvailabilityMode)
    .felt(tx.feeDataAvailabilityMode)
    .span(ad);
  const execInfo = new StructWriter(mem)
    .ptr(blockInfo.start)
    .ptr(txInfo.start)
    .felt(h.call.caller)
    .felt(h.call.contract)
    .felt(h.call.selector);
  return [execInfo.start];
});

def('SendMessageToL1', 3, (h, r) => {
  const payload = readArray(r.mem, r.rel(1), r.rel(2));
  h.call.messages.push({
    order: h.ctx.nextMessage(),
    from: h.call.contract,
    to: r.felt(0),
    payload,
  });
  return [];
});

def('Keccak', 2, (_h, r) => {
  const input = readArray(r.mem, r.rel(0), r.rel(1));
  if (input.length % 17 !== 0) throw new SyscallFailure([shortString('Invalid input length')]);
  const rounds = input.length / 17;
  r.charge(BigInt(rounds) * KECCAK_ROUND_COST_GAS_COST);
  const st = new Uint32Array(50);
  for (let b = 0; b < rounds; b++) {
    for (let i = 0; i < 17; i++) {
      const w = input[b * 17 + i];
      if (w > MASK64) throw new SyscallFailure([INVALID_ARGUMENT]);
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

def('GetBlockHash', 1, (h, r) => {
  const n = r.felt(0);
  const current = h.ctx.block.blockNumber;
  if (current < STORED_BLOCK_HASH_BUFFER || n > current - STORED_BLOCK_HASH_BUFFER)
    throw new SyscallFailure([shortString('Block number out of range')]);
  return [f(h.ctx.state.getStorageAt(BLOCK_HASH_CONTRACT_ADDRESS, n))];
});

def('GetClassHashAt', 1, (h, r) => [f(h.ctx.state.getClassHashAt(r.felt(0)))]);

def('ReplaceClass', 1, (h, r) => {
  const ch = r.felt(0);
  if (!h.ctx.state.getCompiledClass(ch))
    throw new SyscallFailure([shortString('CLASS_NOT_DECLARED')]);
  h.ctx.state.setClassHashAt(h.call.contract, ch);
  return [];
});

// ---- secp256k1 / secp256r1 ----

interface CurvePoint {
  add(o: CurvePoint): CurvePoint;
  multiplyUnsafe(k: bigint): CurvePoint;
  toAffine(): { x: bigint; y: bigint };
  is0(): boolean;
  assertValidity(): void;
}
interface CurveApi {
  Point: {
    ZERO: CurvePoint;
    fromAffine(p: { x: bigint; y: bigint }): CurvePoint;
    Fp: { sqrt(x: bigint): bigint; create(x: bigint): bigint };
    CURVE(): { p: bigint; n: bigint; a: bigint; b: bigint };
  };
}

function defSecp(prefix: 'Secp256k1' | 'Secp256r1', curve: CurveApi, key: 'k1' | 'r1'): void {
  const C = curve.Point.CURVE();
  const u256 = (r: Req, i: number) => {
    const lo = r.felt(i);
    const hi = r.felt(i + 1);
    if (lo >= U128 || hi >= U128) throw new SyscallFailure([INVALID_ARGUMENT]);
    return lo | (hi << 128n);
  };
  const pts = (h: SyscallHandler) => h.ctx.secpPoints[key] as CurvePoint[];
  const point = (h: SyscallHandler, id: bigint) => {
    const p = pts(h)[Number(id)];
    if (p === undefined) throw new SyscallFailure([INVALID_ARGUMENT]);
    return p;
  };
  const add = (h: SyscallHandler, p: CurvePoint) => f(BigInt(pts(h).push(p) - 1));
  def(`${prefix}New`, 4, (h, r) => {
    const x = u256(r, 0);
    const y = u256(r, 2);
    if (x >= C.p || y >= C.p) throw new SyscallFailure([INVALID_ARGUMENT]);
    if (x === 0n && y === 0n) return [0, add(h, curve.Point.ZERO)];
    try {
      const p = curve.Point.fromAffine({ x, y });
      p.assertValidity();
      return [0, add(h, p)];
    } catch {
      return [1, 0];
    }
  });
  def(`${prefix}Add`, 2, (h, r) => [add(h, point(h, r.felt(0)).add(point(h, r.felt(1))))]);
  def(`${prefix}Mul`, 3, (h, r) => {
    const p = point(h, r.felt(0));
    const k = u256(r, 1) % C.n;
    return [add(h, k === 0n ? curve.Point.ZERO : p.multiplyUnsafe(k))];
  });
  def(`${prefix}GetPointFromX`, 3, (h, r) => {
    const x = u256(r, 0);
    const odd = r.felt(2) !== 0n;
    if (x >= C.p) throw new SyscallFailure([INVALID_ARGUMENT]);
    const Fp = curve.Point.Fp;
    const rhs = Fp.create(x * x * x + C.a * x + C.b);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      return [1, 0];
    }
    if (Fp.create(y * y) !== rhs) return [1, 0];
    if (((y & 1n) === 1n) !== odd) y = C.p - y;
    return [0, add(h, curve.Point.fromAffine({ x, y }))];
  });
  def(`${prefix}GetXy`, 1, (h, r) => {
    const p = point(h, r.felt(0));
    const a = p.is0() ? { x: 0n, y: 0n } : p.toAffine();
    return [f(a.x % U128), f(a.x >> 128n), f(a.y % U128), f(a.y >> 128n)];
  });
}
defSecp('Secp256k1', secp256k1 as unknown as CurveApi, 'k1');
defSecp('Secp256r1', p256 as unknown as CurveApi, 'r1');

/** Names of every supported syscall. */
export const SYSCALL_NAMES = [...SPECS.values()].map((s) => s.name);
export { toBig, isRel };
