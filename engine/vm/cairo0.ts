/**
 * Cairo 0 programs (compiled JSON of cairo-lang): load, run `main` the way cairo-run does in
 * non-proof mode, and relocate. Python hints are not executed; a program reaching one fails with
 * an 'UnknownHint' error naming the hint code and pc (a few trivial hints are supported).
 */
import { type Val, parseFelt } from './felt';
import { VirtualMachine } from './vm';
import { VmError } from './errors';
import { mkRel } from './relocatable';
import { createBuiltin, type Builtin } from './builtins/index';
import { segmentBases, relocateTrace } from './trace';

export interface Cairo0Program {
  prime?: string;
  data: string[];
  builtins: string[];
  hints: Record<string, { code: string }[]>;
  identifiers?: Record<
    string,
    { pc?: number; type?: string; value?: unknown; destination?: string }
  >;
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
  bases: number[];
}

export function parseCairo0(json: string | object): Cairo0Program {
  const p = (typeof json === 'string' ? JSON.parse(json) : json) as Cairo0Program;
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

const SIMPLE_HINTS: Record<string, (vm: VirtualMachine) => void> = {
  'memory[ap] = segments.add()': (vm) => vm.mem.set(1, vm.ap, vm.mem.addSegmentRel()),
};

export function runCairo0(program: Cairo0Program, opts: Cairo0RunOptions = {}): Cairo0RunResult {
  const vm = new VirtualMachine();
  const mem = vm.mem;
  const data: Val[] = program.data.map((x) => parseFelt(x));
  for (let i = 0; i < data.length; i++) mem.set(0, i, data[i]);
  const builtins = program.builtins.map((b) => createBuiltin(b, mem));
  for (const [pcStr, hs] of Object.entries(program.hints ?? {})) {
    const pc = Number(pcStr);
    for (const h of hs) {
      const simple = SIMPLE_HINTS[h.code.trim()];
      if (simple) vm.addHint(pc, simple, h.code);
      else
        vm.addHint(
          pc,
          () => {
            throw new VmError(
              'UnknownHint',
              `unsupported Python hint: ${JSON.stringify(h.code.length > 200 ? h.code.slice(0, 200) + '…' : h.code)}`,
              pc,
            );
          },
          'python hint',
        );
    }
  }
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
  if (opts.trace) vm.enableTrace();
  vm.run(opts.stepLimit ?? 50_000_000);
  const bases = segmentBases(mem);
  const builtinUsage: Record<string, number> = {};
  for (const b of builtins) builtinUsage[b.name] = b.usedInstances(mem);
  return {
    vm,
    steps: vm.steps,
    builtins,
    builtinUsage,
    trace: vm.trace ? relocateTrace(vm.trace, bases, true) : undefined,
    bases,
  };
}

export { mkRel };
