/**
 * Run a plain function of an assembled program: the stack is [builtin pointers..., args...,
 * return_fp, end] like cairo-run; the function returns with `ret`, and its last `nReturn` values
 * are read below the final ap.
 */
import { type Val, parseFelt, toBig } from './felt';
import { VirtualMachine } from './vm';
import { VmError } from './errors';
import { Relocatable, isRel, mkRel } from './relocatable';
import { createBuiltin, type Builtin } from './builtins/index';
import { compileHint } from './hints/index';
import { type AssembledProgram, assemble } from './assembler';
import type { SyscallHandler } from './syscall';
import { segmentBases, relocateTrace } from './trace';

export interface RunProgramOptions {
  /** Label or pc of the function to call (default 0). */
  entry?: string | number;
  builtins?: string[];
  /** Arguments: felts, or relocatables (e.g. pointers into segments you created with `setup`). */
  args?: (bigint | number | Relocatable)[];
  /** Number of return values to read (default 0). */
  nReturn?: number;
  stepLimit?: number;
  trace?: boolean;
  syscallHandler?: SyscallHandler;
  /** Called after the program is loaded, before the run (to allocate segments, etc.). */
  setup?: (vm: VirtualMachine) => (bigint | number | Relocatable)[] | void;
}

export interface RunProgramResult {
  vm: VirtualMachine;
  steps: number;
  returnValues: (bigint | Relocatable)[];
  builtins: Builtin[];
  builtinUsage: Record<string, number>;
  trace?: Uint32Array;
}

export function loadProgram(vm: VirtualMachine, prog: AssembledProgram): void {
  const seg = vm.mem.segment(0);
  prog.bytecode.forEach((w, i) => seg.put(i, parseFelt(w)));
  for (const [pc, hs] of prog.hints)
    for (const h of hs) {
      const c = compileHint(h);
      vm.addHint(pc, c.fn, c.name);
    }
}

export function runProgram(
  src: string | AssembledProgram,
  opts: RunProgramOptions = {},
): RunProgramResult {
  const prog = typeof src === 'string' ? assemble(src) : src;
  const vm = new VirtualMachine();
  loadProgram(vm, prog);
  const builtins = (opts.builtins ?? []).map((b) => createBuiltin(b, vm.mem));
  let entry = 0;
  if (typeof opts.entry === 'string') {
    const l = prog.labels[opts.entry];
    if (l === undefined) throw new VmError('Program', `unknown label '${opts.entry}'`);
    entry = l;
  } else if (typeof opts.entry === 'number') entry = opts.entry;
  const extra = opts.setup?.(vm) ?? [];
  const toVal = (a: bigint | number | Relocatable): Val =>
    a instanceof Relocatable ? a.encode() : parseFelt(a);
  const returnFp = vm.mem.addSegmentRel();
  const end = vm.mem.addSegmentRel();
  const stack: Val[] = [];
  for (const b of builtins) stack.push(...b.initialStack());
  for (const a of [...(opts.args ?? []), ...extra]) stack.push(toVal(a));
  stack.push(returnFp, end);
  stack.forEach((v, i) => vm.mem.set(1, i, v));
  vm.ap = vm.fp = stack.length;
  vm.pc = entry;
  vm.finalPc = end;
  vm.ctx.syscallHandler = opts.syscallHandler;
  if (opts.trace) vm.enableTrace();
  vm.run(opts.stepLimit ?? 10_000_000);
  const n = opts.nReturn ?? 0;
  const returnValues: (bigint | Relocatable)[] = [];
  for (let i = n; i >= 1; i--) {
    const v = vm.mem.get(1, vm.ap - i);
    if (v === undefined) throw new VmError('Program', `no return value at [ap - ${i}]`);
    returnValues.push(isRel(v) ? Relocatable.decode(v) : toBig(v));
  }
  const builtinUsage: Record<string, number> = {};
  for (const b of builtins) builtinUsage[b.name] = b.usedInstances(vm.mem);
  return {
    vm,
    steps: vm.steps,
    returnValues,
    builtins,
    builtinUsage,
    trace: vm.trace ? relocateTrace(vm.trace, segmentBases(vm.mem)) : undefined,
  };
}

export { mkRel };
