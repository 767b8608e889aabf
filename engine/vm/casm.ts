/**
 * Cairo 1: load a compiled contract class (CasmContractClass JSON) and run an entry point with the
 * calling convention of the Starknet OS:
 *   args    = [builtin pointers (entry point's `builtins` order)..., gas, syscall_ptr, calldata_start, calldata_end]
 *   returns = [builtin pointers..., gas, syscall_ptr, panic_flag, retdata_start, retdata_end]
 * After the bytecode the OS appends a `ret` and a pointer to the builtin-costs table, which
 * `get_builtin_costs` reads; we do the same.
 */
import { type Val, parseFelt, toBig } from './felt';
import { VirtualMachine } from './vm';
import { VmError } from './errors';
import { isRel, mkRel, relOff, relSeg, showVal } from './relocatable';
import { createBuiltin, type Builtin } from './builtins/index';
import { compileHint } from './hints/index';
import type { HintFn } from './vm';
import type { SyscallHandler } from './syscall';
import { segmentBases, relocateTrace } from './trace';

export interface CasmEntryPoint {
  selector: string | bigint;
  offset: number;
  builtins: string[];
}
export type EntryPointType = 'EXTERNAL' | 'L1_HANDLER' | 'CONSTRUCTOR';

export interface CasmContractClass {
  prime?: string;
  compiler_version?: string;
  bytecode: (string | bigint | number)[];
  hints: [number, unknown[]][];
  entry_points_by_type: Partial<Record<EntryPointType, CasmEntryPoint[]>>;
  bytecode_segment_lengths?: unknown;
  pythonic_hints?: unknown;
}

export interface LoadedCasmClass {
  raw: CasmContractClass;
  bytecode: Val[];
  /** Compiled hints per pc. */
  hints: Map<number, { name: string; fn: HintFn }[]>;
  entryPoints: Record<EntryPointType, (CasmEntryPoint & { selectorBig: bigint })[]>;
}

export const RET_INSTRUCTION = 0x208b7fff7fff7ffen;
/**
 * Gas price of builtins in the order the OS builds its builtin-costs table:
 * pedersen, bitwise, ec_op, poseidon, add_mod, mul_mod (Starknet 0.13.x versioned constants).
 */
export const DEFAULT_BUILTIN_COSTS: bigint[] = [4050n, 583n, 4085n, 491n, 230n, 604n, 0n, 0n];
// NOTE: newer compilers (2.20) read a 7th entry; its meaning/value was not verified (padded with 0).
export const DEFAULT_INITIAL_GAS = 10_000_000_000n;

export function loadCasmClass(json: string | CasmContractClass): LoadedCasmClass {
  const raw = (typeof json === 'string' ? JSON.parse(json) : json) as CasmContractClass;
  if (!Array.isArray(raw.bytecode)) throw new VmError('Program', 'CasmContractClass has no bytecode');
  if (raw.prime !== undefined && BigInt(raw.prime) !== 2n ** 251n + 17n * 2n ** 192n + 1n)
    throw new VmError('Program', `unsupported prime ${raw.prime}`);
  const bytecode = raw.bytecode.map((x) => parseFelt(typeof x === 'string' ? x : BigInt(x)));
  const hints = new Map<number, { name: string; fn: HintFn }[]>();
  for (const [pc, hs] of raw.hints ?? []) hints.set(pc, hs.map(compileHint));
  const entryPoints = { EXTERNAL: [], L1_HANDLER: [], CONSTRUCTOR: [] } as LoadedCasmClass['entryPoints'];
  for (const t of ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'] as EntryPointType[])
    for (const e of raw.entry_points_by_type?.[t] ?? []) entryPoints[t].push({ ...e, selectorBig: BigInt(e.selector) });
  return { raw, bytecode, hints, entryPoints };
}

export interface RunEntryPointOptions {
  /** Selector (looked up in EXTERNAL, then L1_HANDLER, then CONSTRUCTOR) — or give `entryPoint`. */
  selector?: bigint;
  entryPoint?: CasmEntryPoint;
  entryPointType?: EntryPointType;
  calldata?: bigint[];
  initialGas?: bigint;
  stepLimit?: number;
  syscallHandler?: SyscallHandler;
  /** Record the trace (relocated (ap, fp, pc) triples) and the executed pcs. */
  trace?: boolean;
  builtinCosts?: bigint[];
}

export interface EntryPointResult {
  retdata: bigint[];
  panicked: boolean;
  steps: number;
  /** Builtin instances used, by builtin name (from the returned builtin pointers). */
  builtinUsage: Record<string, number>;
  gasConsumed: bigint;
  remainingGas: bigint;
  /** pc (offset in the bytecode) of every executed step, when `trace` was requested. */
  executedPcs?: Uint32Array;
  /** Relocated trace triples (ap, fp, pc), when `trace` was requested. */
  trace?: Uint32Array;
  vm: VirtualMachine;
}

export function findEntryPoint(cls: LoadedCasmClass, selector: bigint, type?: EntryPointType): CasmEntryPoint {
  const types: EntryPointType[] = type ? [type] : ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'];
  for (const t of types) {
    const e = cls.entryPoints[t].find((x) => x.selectorBig === selector);
    if (e) return e;
  }
  throw new VmError('Program', `entry point with selector 0x${selector.toString(16)} not found`);
}

export function runEntryPoint(clsIn: LoadedCasmClass | CasmContractClass, opts: RunEntryPointOptions): EntryPointResult {
  const cls = 'entryPoints' in clsIn && clsIn.hints instanceof Map ? (clsIn as LoadedCasmClass) : loadCasmClass(clsIn as CasmContractClass);
  const ep = opts.entryPoint ?? findEntryPoint(cls, opts.selector ?? 0n, opts.entryPointType);
  const vm = new VirtualMachine();
  const mem = vm.mem;
  const code = cls.bytecode;
  const prog = mem.data[0];
  for (let i = 0; i < code.length; i++) prog[i] = code[i];
  for (const [pc, hs] of cls.hints) for (const h of hs) vm.addHint(pc, h.fn, h.name);
  const costs = mem.addSegment();
  (opts.builtinCosts ?? DEFAULT_BUILTIN_COSTS).forEach((c, i) => mem.set(costs, i, parseFelt(c)));
  prog.push(parseFelt(RET_INSTRUCTION), mkRel(costs, 0));

  const builtins: Builtin[] = ep.builtins.map((b) => createBuiltin(b, mem));
  const gas = opts.initialGas ?? DEFAULT_INITIAL_GAS;
  const syscallSeg = mem.addSegmentRel();
  const calldataSeg = mem.addSegment();
  const calldata = opts.calldata ?? [];
  calldata.forEach((c, i) => mem.set(calldataSeg, i, parseFelt(c)));
  const returnFp = mem.addSegmentRel();
  const end = mem.addSegmentRel();
  const stack: Val[] = [];
  for (const b of builtins) stack.push(...b.initialStack());
  stack.push(parseFelt(gas), syscallSeg, mkRel(calldataSeg, 0), mkRel(calldataSeg, calldata.length), returnFp, end);
  for (let i = 0; i < stack.length; i++) mem.set(1, i, stack[i]);
  vm.ap = vm.fp = stack.length;
  vm.pc = ep.offset;
  vm.finalPc = end;
  vm.ctx.syscallHandler = opts.syscallHandler;
  if (opts.trace) vm.enableTrace(1 << 12);
  vm.run(opts.stepLimit ?? 10_000_000);

  // read the return values
  const ap = vm.ap;
  const nb = builtins.length;
  const at = (k: number) => {
    const v = mem.get(1, ap - k);
    if (v === undefined) throw new VmError('Program', `entry point returned no value at [ap - ${k}]`);
    return v;
  };
  const builtinUsage: Record<string, number> = {};
  builtins.forEach((b, i) => {
    const ptr = at(nb + 5 - i);
    if (!isRel(ptr) || relSeg(ptr) !== b.segment) throw new VmError('Program', `returned ${b.name} pointer is invalid: ${showVal(ptr)}`);
    builtinUsage[b.name] = b.usedInstances(mem, ptr);
  });
  const remaining = at(5);
  if (isRel(remaining)) throw new VmError('Program', 'returned gas is not a felt');
  const flag = at(3);
  const start = at(2);
  const stop = at(1);
  if (!isRel(start) || !isRel(stop)) throw new VmError('Program', 'returned retdata is not an array span');
  const retdata: bigint[] = [];
  for (let o = relOff(start); o < relOff(stop); o++) retdata.push(mem.readFelt(mkRel(relSeg(start), o)));
  const result: EntryPointResult = {
    retdata,
    panicked: flag !== 0,
    steps: vm.steps,
    builtinUsage,
    gasConsumed: gas - toBig(remaining),
    remainingGas: toBig(remaining),
    vm,
  };
  if (vm.trace) {
    const t = vm.trace;
    const pcs = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) pcs[i] = t.data[i * 3 + 2];
    result.executedPcs = pcs;
    result.trace = relocateTrace(t, segmentBases(mem));
  }
  return result;
}
