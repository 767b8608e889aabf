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
import { type HintFn, type ProgramCache, createProgramCache } from './vm';
import type { SyscallHandler } from './syscall';
import { segmentBases, relocateTrace } from './trace';
import { memoryHoles } from './memory-holes';

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

export type LoadedEntryPoint = CasmEntryPoint & { selectorBig: bigint };

export interface LoadedCasmClass {
  raw: CasmContractClass;
  bytecode: Val[];
  /** Compiled hints per pc. */
  hints: Map<number, { name: string; fn: HintFn }[]>;
  entryPoints: Record<EntryPointType, LoadedEntryPoint[]>;
  /** Entry points by selector, per type. */
  bySelector: Record<EntryPointType, Map<bigint, LoadedEntryPoint>>;
  /**
   * Shared by every run of this class: the program segment (bytecode + `ret` + pointer to the
   * builtin-costs segment, see runEntryPoint), its decoded instructions and compiled hints.
   */
  cache: ProgramCache;
}

export const RET_INSTRUCTION = 0x208b7fff7fff7ffen;
/**
 * THE builtin gas-cost table of the project (engine/starknet uses it too; do not duplicate it).
 *
 * Gas price of one use of each builtin, in the order of the Starknet OS's builtin-costs table,
 * which `get_builtin_costs` reads: pedersen, bitwise, ec_op, poseidon, add_mod, mul_mod.
 * Source: blockifier's versioned constants (Starknet 0.13.4 and later, Sierra-gas mode),
 * `os_constants.builtin_gas_costs`: pedersen 4050, bitwise 583, ecop 4085, poseidon 491,
 * add_mod 230, mul_mod 604 (the same file gives range_check 70, range_check96 56,
 * keccak 136189, which the compiler charges itself, not through this table). Cross-checked
 * against independent copies of that table; not checked against a live node.
 * Entries 7 and 8 are padding (0): compilers newer than the 0.13.4 OS may index one more builtin
 * cost; its value is not known to us, and none of our classes uses it.
 */
export const DEFAULT_BUILTIN_COSTS: readonly bigint[] = Object.freeze([
  4050n,
  583n,
  4085n,
  491n,
  230n,
  604n,
  0n,
  0n,
]);
const DEFAULT_COST_FELTS: readonly Val[] = DEFAULT_BUILTIN_COSTS.map((c) => parseFelt(c));
/** Segment of the builtin-costs table in an entry-point run (after program 0 and execution 1). */
export const BUILTIN_COSTS_SEGMENT = 2;
export const DEFAULT_INITIAL_GAS = 10_000_000_000n;

export function loadCasmClass(json: string | CasmContractClass): LoadedCasmClass {
  const raw = (typeof json === 'string' ? JSON.parse(json) : json) as CasmContractClass;
  if (!Array.isArray(raw.bytecode))
    throw new VmError('Program', 'CasmContractClass has no bytecode');
  if (raw.prime !== undefined && BigInt(raw.prime) !== 2n ** 251n + 17n * 2n ** 192n + 1n)
    throw new VmError('Program', `unsupported prime ${raw.prime}`);
  const bytecode = raw.bytecode.map((x) => parseFelt(typeof x === 'string' ? x : BigInt(x)));
  const hints = new Map<number, { name: string; fn: HintFn }[]>();
  for (const [pc, hs] of raw.hints ?? []) hints.set(pc, hs.map(compileHint));
  const entryPoints = {
    EXTERNAL: [],
    L1_HANDLER: [],
    CONSTRUCTOR: [],
  } as LoadedCasmClass['entryPoints'];
  const bySelector = {
    EXTERNAL: new Map(),
    L1_HANDLER: new Map(),
    CONSTRUCTOR: new Map(),
  } as LoadedCasmClass['bySelector'];
  for (const t of ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'] as EntryPointType[])
    for (const e of raw.entry_points_by_type?.[t] ?? []) {
      const le = { ...e, selectorBig: BigInt(e.selector) };
      entryPoints[t].push(le);
      if (!bySelector[t].has(le.selectorBig)) bySelector[t].set(le.selectorBig, le);
    }
  // As the OS does: after the bytecode, a `ret` and a pointer to the builtin-costs table.
  const program: Val[] = [...bytecode, parseFelt(RET_INSTRUCTION), mkRel(BUILTIN_COSTS_SEGMENT, 0)];
  return {
    raw,
    bytecode,
    hints,
    entryPoints,
    bySelector,
    cache: createProgramCache(program, hints),
  };
}

function isLoaded(c: LoadedCasmClass | CasmContractClass): c is LoadedCasmClass {
  return 'cache' in c && 'bySelector' in c;
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
  /** Count cairo-vm's memory holes of the run (needs the trace; blockifier charges them as steps). */
  memoryHoles?: boolean;
  builtinCosts?: bigint[];
  /** Called with the run's VM before it starts (its `steps` stay readable if the run throws). */
  onVm?: (vm: VirtualMachine) => void;
}

export interface EntryPointResult {
  retdata: bigint[];
  panicked: boolean;
  steps: number;
  /** Builtin instances used, by builtin name (from the returned builtin pointers). */
  builtinUsage: Record<string, number>;
  /** cairo-vm's memory holes of the run (memory-holes.ts), when `memoryHoles` was asked; else 0. */
  memoryHoles: number;
  gasConsumed: bigint;
  remainingGas: bigint;
  /** pc (offset in the bytecode) of every executed step, when `trace` was requested. */
  executedPcs?: Uint32Array;
  /** Relocated trace triples (ap, fp, pc), when `trace` was requested. */
  trace?: Uint32Array;
  vm: VirtualMachine;
}

export function findEntryPoint(
  cls: LoadedCasmClass,
  selector: bigint,
  type?: EntryPointType,
): CasmEntryPoint {
  const types: EntryPointType[] = type ? [type] : ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'];
  for (const t of types) {
    const e = cls.bySelector[t].get(selector);
    if (e) return e;
  }
  throw new VmError('Program', `entry point with selector 0x${selector.toString(16)} not found`);
}

/** Return value [ap - k] of an entry point run. */
function returned(mem: VirtualMachine['mem'], ap: number, k: number): Val {
  const v = mem.get(1, ap - k);
  if (v === undefined) throw new VmError('Program', `entry point returned no value at [ap - ${k}]`);
  return v;
}

export function runEntryPoint(
  clsIn: LoadedCasmClass | CasmContractClass,
  opts: RunEntryPointOptions,
): EntryPointResult {
  const cls = isLoaded(clsIn) ? clsIn : loadCasmClass(clsIn);
  const ep = opts.entryPoint ?? findEntryPoint(cls, opts.selector ?? 0n, opts.entryPointType);
  const vm = new VirtualMachine();
  const mem = vm.mem;
  const prog = cls.cache.program;
  const progLen = prog.length;
  vm.useProgram(cls.cache); // shared program segment, decode cache and hints
  const costs = mem.addSegment();
  if (costs !== BUILTIN_COSTS_SEGMENT)
    throw new VmError('Program', 'builtin-costs segment is not segment 2');
  const table = opts.builtinCosts?.map((c) => parseFelt(c)) ?? DEFAULT_COST_FELTS;
  for (let i = 0; i < table.length; i++) mem.set(costs, i, table[i]);

  const builtins: Builtin[] = [];
  for (let i = 0; i < ep.builtins.length; i++) builtins.push(createBuiltin(ep.builtins[i], mem));
  const gas = opts.initialGas ?? DEFAULT_INITIAL_GAS;
  const syscallSeg = mem.addSegmentRel();
  const calldataSeg = mem.addSegment();
  const calldata = opts.calldata ?? [];
  const cd = mem.segment(calldataSeg);
  for (let i = 0; i < calldata.length; i++) cd.put(i, parseFelt(calldata[i]));
  const returnFp = mem.addSegmentRel();
  const end = mem.addSegmentRel();
  const exec = mem.segment(1);
  let sp = 0;
  for (const b of builtins) for (const v of b.initialStack()) exec.put(sp++, v);
  exec.put(sp++, parseFelt(gas));
  exec.put(sp++, syscallSeg);
  exec.put(sp++, mkRel(calldataSeg, 0));
  exec.put(sp++, mkRel(calldataSeg, calldata.length));
  exec.put(sp++, returnFp);
  exec.put(sp++, end);
  vm.ap = vm.fp = sp;
  vm.pc = ep.offset;
  vm.finalPc = end;
  vm.ctx.syscallHandler = opts.syscallHandler;
  if (opts.trace || opts.memoryHoles) vm.enableTrace(1 << 12);
  opts.onVm?.(vm);
  try {
    // VmErrors propagate; foreign errors (Block-STM's EstimateHit) propagate unchanged (errors.ts)
    vm.run(opts.stepLimit ?? 10_000_000);
  } finally {
    // the program segment is shared by every run of the class: never let a run grow it
    prog.truncate(progLen);
  }

  // read the return values
  const ap = vm.ap;
  const nb = builtins.length;
  const builtinUsage: Record<string, number> = {};
  for (let i = 0; i < nb; i++) {
    const b = builtins[i];
    const ptr = returned(mem, ap, nb + 5 - i);
    if (!isRel(ptr) || relSeg(ptr) !== b.segment)
      throw new VmError('Program', `returned ${b.name} pointer is invalid: ${showVal(ptr)}`);
    builtinUsage[b.name] = b.usedInstances(mem, ptr);
  }
  const remaining = returned(mem, ap, 5);
  if (isRel(remaining)) throw new VmError('Program', 'returned gas is not a felt');
  const flag = returned(mem, ap, 3);
  const start = returned(mem, ap, 2);
  const stop = returned(mem, ap, 1);
  if (!isRel(start) || !isRel(stop))
    throw new VmError('Program', 'returned retdata is not an array span');
  const retdata: bigint[] = [];
  for (let o = relOff(start); o < relOff(stop); o++)
    retdata.push(mem.readFelt(mkRel(relSeg(start), o)));
  const result: EntryPointResult = {
    retdata,
    panicked: flag !== 0,
    steps: vm.steps,
    builtinUsage,
    memoryHoles: vm.trace
      ? memoryHoles(mem, cls.cache, vm.trace, {
          skip: new Set([
            0,
            costs,
            calldataSeg,
            ...builtins.map((b) => b.segment),
            ...mem.readOnly,
          ]),
          args: sp - 2,
        })
      : 0,
    gasConsumed: gas - toBig(remaining),
    remainingGas: toBig(remaining),
    vm,
  };
  if (vm.trace && opts.trace) {
    const t = vm.trace;
    const pcs = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) pcs[i] = t.data[i * 3 + 2];
    result.executedPcs = pcs;
    result.trace = relocateTrace(t, segmentBases(mem));
  }
  return result;
}
