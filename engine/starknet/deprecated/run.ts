/**
 * Running an entry point of a deprecated (Cairo 0) class, as blockifier does
 * (starkware-libs/sequencer 60161ba, crates/blockifier/src/execution/
 * deprecated_entry_point_execution.rs):
 *
 * - the entry point: the one of the call's type with its selector, else the class's first entry
 *   point of that type if its selector is 0 (the default entry point), else not found;
 * - segments: program, execution, one per builtin (the program's order), the syscall segment, the
 *   calldata (read-only), the implicit arguments [syscall_ptr, builtin bases...] (a segment of
 *   its own: `CairoArg::Array`), and the end;
 * - the stack: [selector, implicit_args*, calldata_size, calldata*, return_fp 0, end];
 * - on return: [... syscall_ptr, builtin pointers..., retdata_size, retdata*] below ap; the
 *   syscall pointer must be where the last syscall left it;
 * - the call is tracked in Cairo steps (no gas), and so is every call below it.
 */
import { type Val, feltFromBig, toBig } from '../../vm/felt';
import { VirtualMachine } from '../../vm/vm';
import { VmError } from '../../vm/errors';
import { isRel, mkRel, relOff, relSeg, showVal } from '../../vm/relocatable';
import { type Builtin, createBuiltin } from '../../vm/builtins/index';
import { memoryHoles } from '../../vm/memory-holes';
import type { EntryPointType } from '../casm';
import type { CallInfo, ExecutionContext } from '../execution';
import type { DeprecatedClass, DeprecatedEntryPoint } from './class';
import { DeprecatedSyscallHandler } from './syscalls';
import { SYSCALL_HANDLER_KEY } from './syscall-hint';

/** blockifier `resolve_entry_point_pc`; a string is the reason it is not found. */
export function resolveDeprecatedEntryPoint(
  cls: DeprecatedClass,
  type: EntryPointType,
  selector: bigint,
): DeprecatedEntryPoint | string {
  const eps = cls.entryPoints[type];
  const found = eps.filter((e) => e.selector === selector);
  if (found.length > 1) return `Duplicated entry point selector ${selector} of type ${type}.`;
  if (found.length === 1) return found[0];
  if (eps.length === 0) return `No entry point of type ${type} found.`;
  if (eps[0].selector === 0n) return eps[0];
  return `Entry point ${selector} not found in contract.`;
}

/** The VM set up for the call, and what the return values are checked against. */
interface Prepared {
  vm: VirtualMachine;
  builtins: Builtin[];
  handler: DeprecatedSyscallHandler;
  /** Segments blockifier marks accessed (builtins, calldata); read-only ones are the handler's. */
  calldataSeg: number;
}

function prepare(
  ctx: ExecutionContext,
  info: CallInfo,
  cls: DeprecatedClass,
  ep: DeprecatedEntryPoint,
): Prepared {
  const vm = new VirtualMachine();
  vm.useProgram(cls.cache); // shared program segment, decode cache and compiled hints
  const mem = vm.mem;
  const builtins = cls.builtins.map((b) => createBuiltin(b, mem));
  const sys = mem.addSegment();
  const handler = new DeprecatedSyscallHandler(ctx, info, sys);
  const calldataSeg = mem.addSegment();
  info.calldata.forEach((x, i) => mem.set(calldataSeg, i, feltFromBig(x)));
  const implicitSeg = mem.addSegment();
  const implicit: Val[] = [mkRel(sys, 0)];
  for (const b of builtins) implicit.push(...b.initialStack());
  implicit.forEach((v, i) => mem.set(implicitSeg, i, v));
  const end = mem.addSegmentRel();
  const stack: Val[] = [
    feltFromBig(info.selector),
    mkRel(implicitSeg, 0),
    info.calldata.length,
    mkRel(calldataSeg, 0),
    0,
    end,
  ];
  stack.forEach((v, i) => mem.set(1, i, v));
  vm.ap = vm.fp = stack.length;
  vm.pc = ep.offset;
  vm.finalPc = end;
  vm.ctx[SYSCALL_HANDLER_KEY] = handler;
  return { vm, builtins, handler, calldataSeg };
}

function returned(vm: VirtualMachine, k: number): Val {
  const v = vm.mem.get(1, vm.ap - k);
  if (v === undefined) throw new VmError('Program', `entry point returned no value at [ap - ${k}]`);
  return v;
}

/**
 * The return values (blockifier `finalize_execution` / `validate_run`): retdata, and each builtin's
 * usage from its returned pointer; the returned syscall pointer must be the handler's.
 */
function readReturn(p: Prepared): { retdata: bigint[]; builtinUsage: Record<string, number> } {
  const { vm, builtins, handler } = p;
  const size = returned(vm, 2);
  const ptr = returned(vm, 1);
  if (isRel(size) || !isRel(ptr))
    throw new VmError('Program', 'the entry point did not return (retdata_size, retdata*)');
  const retdata: bigint[] = [];
  for (let i = 0; i < Number(toBig(size)); i++)
    retdata.push(vm.mem.readFelt(mkRel(relSeg(ptr), relOff(ptr) + i)));
  const builtinUsage: Record<string, number> = {};
  const nb = builtins.length;
  for (let i = 0; i < nb; i++) {
    const b = builtins[i];
    const bp = returned(vm, 3 + nb - 1 - i);
    if (!isRel(bp) || relSeg(bp) !== b.segment)
      throw new VmError('Program', `returned ${b.name} pointer is invalid: ${showVal(bp)}`);
    builtinUsage[b.name] = b.usedInstances(vm.mem, bp);
  }
  const sysEnd = returned(vm, 3 + nb);
  if (sysEnd !== handler.ptr)
    throw new VmError('Program', 'Security validation failed: Syscall segment end');
  return { retdata, builtinUsage };
}

/** cairo-vm's memory holes of the run (engine/vm memory-holes.ts). */
function holesOf(p: Prepared, cls: DeprecatedClass): number {
  const { vm, builtins, handler, calldataSeg } = p;
  if (!vm.trace) return 0;
  const skip = new Set([0, calldataSeg, ...builtins.map((b) => b.segment)]);
  for (const [seg] of handler.readOnly) skip.add(seg);
  return memoryHoles(vm.mem, cls.cache, vm.trace, { skip, args: 4 });
}

export interface DeprecatedRun {
  retdata: bigint[];
  steps: number;
  builtinUsage: Record<string, number>;
  memoryHoles: number;
  executedPcs?: Uint32Array;
}

/** Run the entry point; VM errors and unrecoverable errors propagate. */
export function runDeprecatedEntryPoint(
  ctx: ExecutionContext,
  info: CallInfo,
  cls: DeprecatedClass,
  ep: DeprecatedEntryPoint,
  onVm?: (vm: VirtualMachine) => void,
): DeprecatedRun {
  const p = prepare(ctx, info, cls, ep);
  const vm = p.vm;
  onVm?.(vm); // the caller builds the error stack (pc, traceback) from it if the run fails
  const prog = cls.cache.program;
  const progLen = prog.length;
  if (ctx.tracePcs || ctx.countMemoryHoles) vm.enableTrace(1 << 12);
  try {
    vm.run(Math.max(ctx.remainingSteps, 0));
  } catch (e) {
    // the steps run before the failure were taken from the phase's step budget (blockifier's
    // RunResources), and a reverted execute is charged them (n_reverted_steps)
    ctx.steps += vm.steps;
    ctx.remainingSteps -= vm.steps;
    throw e;
  } finally {
    prog.truncate(progLen); // shared by every run of the class
  }
  const { retdata, builtinUsage } = readReturn(p);
  const run: DeprecatedRun = {
    retdata,
    steps: vm.steps,
    builtinUsage,
    memoryHoles: holesOf(p, cls),
  };
  if (vm.trace && ctx.tracePcs) {
    const t = vm.trace;
    const pcs = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) pcs[i] = t.data[i * 3 + 2];
    run.executedPcs = pcs;
  }
  return run;
}
