/**
 * Cairo 0 programs (compiled JSON of cairo-lang): load, run `main` the way cairo-run does in
 * non-proof mode, and relocate. Python hints of cairo-lang's common library run as TypeScript
 * functions found by their code text (hints/cairo0/); a program reaching any other hint fails
 * with an 'UnknownHint' error naming the hint code and pc.
 */
import { type Val, parseFelt } from './felt';
import { type HintFn, type ProgramCache, VirtualMachine, createProgramCache } from './vm';
import { parseJsonExact } from './json';
import {
  type Cairo0Hint,
  findCairo0Hint,
  IdsResolver,
  relocateTemporarySegments,
} from './hints/cairo0/index';
import { relocatedAddress } from './hints/cairo0/segments';
import { type HintWriteLog, cairoRunWriteOrder, relocateInOrder } from './cairo0-memory';
import { scopes } from './hints/cairo0/context';
import type { Cairo0Reference, FlowTrackingData, Identifiers } from './hints/cairo0/ids';
import { VmError } from './errors';
import { mkRel } from './relocatable';
import { createBuiltin, type Builtin } from './builtins/index';
import { segmentBases, relocateTrace } from './trace';

/**
 * Steps of trace reserved up front (192 MiB of address space, resident only as written): long
 * programs then never grow the trace while the heap is large (see vm.ts `TRACE_CHUNK`).
 */
const TRACE_RESERVE = 1 << 24;

export interface Cairo0HintJson {
  code: string;
  accessible_scopes?: string[];
  flow_tracking_data?: FlowTrackingData;
}

export interface Cairo0Program {
  prime?: string;
  data: string[];
  builtins: string[];
  hints: Record<string, Cairo0HintJson[]>;
  identifiers?: Identifiers;
  reference_manager?: { references: Cairo0Reference[] };
  main_scope?: string;
}

export interface Cairo0RunOptions {
  /** Entry function name (default `main`, resolved as `__main__.main`). */
  entrypoint?: string;
  stepLimit?: number;
  trace?: boolean;
}

export interface Cairo0RunResult {
  vm: VirtualMachine;
  steps: number;
  builtins: Builtin[];
  builtinUsage: Record<string, number>;
  /** Relocated (ap, fp, pc) triples, when `trace` was requested. */
  trace?: Uint32Array;
  /** Relocated memory in cairo-run's `--memory_file` order (write order), with `trace`; computed on first access. */
  memory?: { addrs: number[]; values: bigint[] };
  bases: number[];
}

/** Parse compiled JSON; pass the text (not a parsed object) to keep big constants exact. */
export function parseCairo0(json: string | object): Cairo0Program {
  const p = (typeof json === 'string' ? parseJsonExact(json) : json) as Cairo0Program;
  if (!Array.isArray(p.data))
    throw new VmError('Program', 'Cairo 0 program JSON has no `data` array');
  return p;
}

function resolvePc(p: Cairo0Program, name: string): number {
  const scope = p.main_scope ?? '__main__';
  const ids = p.identifiers ?? {};
  let id = ids[`${scope}.${name}`] ?? ids[name];
  for (let i = 0; id && id.type === 'alias' && i < 10; i++) id = ids[id.destination!];
  if (!id || id.pc === undefined)
    throw new VmError('Program', `entry point '${name}' not found in identifiers`);
  return id.pc;
}

/** Hints a host adds to the common library's (e.g. the Starknet syscall hints), by code text. */
export type ExtraCairo0Hints = (code: string) => Cairo0Hint | undefined;

/** The VM closure for one Python hint: its function with an `ids` resolver bound to the run. */
function compileHint(
  p: Cairo0Program,
  h: Cairo0HintJson,
  pc: number,
  extra?: ExtraCairo0Hints,
): HintFn {
  const fn = extra?.(h.code) ?? findCairo0Hint(h.code);
  if (!fn)
    return () => {
      const code = h.code.length > 200 ? h.code.slice(0, 200) + '…' : h.code;
      throw new VmError('UnknownHint', `unsupported Python hint: ${JSON.stringify(code)}`, pc);
    };
  const flow = h.flow_tracking_data ?? { ap_tracking: { group: 0, offset: 0 }, reference_ids: {} };
  const ids = new IdsResolver(
    p.identifiers ?? {},
    h.accessible_scopes ?? [],
    flow,
    p.reference_manager?.references ?? [],
  );
  return (vm) => {
    const s = scopes(vm);
    const log = vm.ctx[HINT_WRITES] as HintWriteLog | undefined;
    if (!log) return fn({ vm, ids: ids.bind(vm), scope: s[s.length - 1] });
    logWrites(vm, log, () => fn({ vm, ids: ids.bind(vm), scope: s[s.length - 1] }));
  };
}

const HINT_WRITES = 'cairo0.hintWrites';

/** Run `f`, appending every cell it writes to the log under the current step. */
function logWrites(vm: VirtualMachine, log: HintWriteLog, f: () => void): void {
  const mem = vm.mem;
  const written: number[] = [];
  const set = mem.set;
  mem.set = function (seg: number, off: number, v: Val) {
    written.push(mkRel(seg, off));
    set.call(this, seg, off, v);
  };
  try {
    f();
  } finally {
    delete (mem as { set?: unknown }).set; // back to Memory.prototype.set
    if (written.length) log.set(vm.steps, [...(log.get(vm.steps) ?? []), ...written]);
  }
}

/** Compile every Python hint of the program once and attach it to its pc. */
function installHints(vm: VirtualMachine, program: Cairo0Program): void {
  for (const [pcStr, hs] of Object.entries(program.hints ?? {})) {
    const pc = Number(pcStr);
    for (const h of hs) {
      const firstLine = h.code.trim().split('\n')[0];
      vm.addHint(pc, compileHint(program, h, pc), `python hint \`${firstLine.slice(0, 80)}\``);
    }
  }
}

const hintName = (h: Cairo0HintJson) =>
  `python hint \`${h.code.trim().split('\n')[0].slice(0, 80)}\``;

/**
 * A shared program cache (segment 0, decode cache, compiled hints) for running entry points of a
 * Cairo 0 program many times, as Starknet does with a deprecated contract class. `extra` serves
 * hints that are not the common library's; the cache's program segment must not grow.
 */
export function cairo0ProgramCache(program: Cairo0Program, extra?: ExtraCairo0Hints): ProgramCache {
  const data: Val[] = program.data.map((x) => parseFelt(x));
  const hints: [number, { name: string; fn: HintFn }[]][] = [];
  for (const [pcStr, hs] of Object.entries(program.hints ?? {})) {
    const pc = Number(pcStr);
    hints.push([
      pc,
      hs.map((h) => ({ name: hintName(h), fn: compileHint(program, h, pc, extra) })),
    ]);
  }
  return createProgramCache(data, hints);
}

/**
 * `result.memory`: the relocated memory in cairo-run's write order. Replaying that order costs a
 * pass over the trace, so it is computed on first access only.
 */
function attachCairoRunMemory(
  result: Cairo0RunResult,
  trace: Uint32Array,
  stackLength: number,
): void {
  const { vm, bases } = result;
  let memory: Cairo0RunResult['memory'];
  const compute = () =>
    relocateInOrder(
      vm.mem,
      cairoRunWriteOrder({
        mem: vm.mem,
        trace,
        bases,
        stackLength,
        hintWrites: vm.ctx[HINT_WRITES] as HintWriteLog,
        relocated: (a) => relocatedAddress(vm, a),
      }),
      bases,
    );
  Object.defineProperty(result, 'memory', { enumerable: true, get: () => (memory ??= compute()) });
}

export function runCairo0(program: Cairo0Program, opts: Cairo0RunOptions = {}): Cairo0RunResult {
  const vm = new VirtualMachine();
  const mem = vm.mem;
  const data: Val[] = program.data.map((x) => parseFelt(x));
  for (let i = 0; i < data.length; i++) mem.set(0, i, data[i]);
  const builtins = program.builtins.map((b) => createBuiltin(b, mem));
  installHints(vm, program);
  const mainPc = resolvePc(program, opts.entrypoint ?? 'main');
  const returnFp = mem.addSegmentRel();
  const end = mem.addSegmentRel();
  const stack: Val[] = [];
  for (const b of builtins) stack.push(...b.initialStack());
  stack.push(returnFp, end);
  for (let i = 0; i < stack.length; i++) mem.set(1, i, stack[i]);
  vm.ap = vm.fp = stack.length;
  vm.pc = mainPc;
  vm.finalPc = end;
  const stepLimit = opts.stepLimit ?? 50_000_000;
  // address space for the execution segment, as for the trace: growing a typed array copies it
  mem.segment(1).reserve(Math.min(stepLimit, TRACE_RESERVE));
  if (opts.trace) {
    vm.enableTrace(Math.min(stepLimit, TRACE_RESERVE));
    vm.ctx[HINT_WRITES] = new Map();
  }
  vm.run(stepLimit);
  // cairo-lang's end_run: every vm_enter_scope() needs its vm_exit_scope().
  if (scopes(vm).length !== 1)
    throw new VmError('HintError', 'Every enter_scope() requires a corresponding exit_scope().');
  relocateTemporarySegments(vm);
  const bases = segmentBases(mem);
  const trace = vm.trace ? relocateTrace(vm.trace, bases, true) : undefined;
  const builtinUsage: Record<string, number> = {};
  for (const b of builtins) builtinUsage[b.name] = b.usedInstances(mem);
  const result: Cairo0RunResult = {
    vm,
    steps: vm.steps,
    builtins,
    builtinUsage,
    trace,
    bases,
  };
  if (trace) attachCairoRunMemory(result, trace, stack.length);
  return result;
}

export { mkRel };
