/**
 * cairo-vm's memory holes of one entry-point run (`CairoRunner::get_execution_resources` →
 * `MemorySegmentManager::get_memory_holes`, cairo-vm 3.2.0 src/vm/vm_memory/memory_segments.rs):
 * over every segment that is not a builtin's and has at least one accessed cell, its size minus
 * its accessed cells. A cell is accessed when an instruction uses it as dst, op0 or op1
 * (vm_core.rs `run_instruction`); blockifier also marks the program segment, the entry point's
 * arguments and its read-only segments (calldata, syscall responses, the builtin-costs table) as
 * accessed (blockifier 0.20.0-rc.0 src/execution/entry_point_execution.rs `finalize_runner`,
 * `ReadOnlySegments::mark_as_accessed`). Recomputed here from the run's trace.
 */
import type { ProgramCache, TraceBuffer } from './vm';
import type { Memory } from './memory';
import { isRel, relOff, relSeg } from './relocatable';

const EXECUTION_SEGMENT = 1;

export interface HoleSegments {
  /** Segments never counted: program, builtins, read-only (fully accessed by blockifier). */
  skip: Set<number>;
  /** Cells at the start of the execution segment marked accessed (the entry point's arguments). */
  args: number;
}

function accessedCells(
  mem: Memory,
  cache: ProgramCache,
  trace: TraceBuffer,
): Map<number, Set<number>> {
  const acc = new Map<number, Set<number>>();
  const mark = (seg: number, off: number) => {
    let s = acc.get(seg);
    if (!s) acc.set(seg, (s = new Set()));
    s.add(off);
  };
  const exec = mem.segment(EXECUTION_SEGMENT);
  const d = trace.data;
  for (let i = 0; i < trace.length * 3; i += 3) {
    const ap = d[i];
    const fp = d[i + 1];
    const pc = d[i + 2];
    const fl = cache.fl[pc];
    mark(EXECUTION_SEGMENT, (fl & 1 ? fp : ap) + cache.off0[pc]);
    const op0Off = (fl & 2 ? fp : ap) + cache.off1[pc];
    mark(EXECUTION_SEGMENT, op0Off);
    const src = (fl >> 2) & 7;
    if (src === 2) mark(EXECUTION_SEGMENT, fp + cache.off2[pc]);
    else if (src === 4) mark(EXECUTION_SEGMENT, ap + cache.off2[pc]);
    else if (src === 0) {
      const op0 = exec.get(op0Off);
      if (op0 !== undefined && isRel(op0)) mark(relSeg(op0), relOff(op0) + cache.off2[pc]);
    }
  }
  return acc;
}

/** The run's memory holes, from its trace (every step's ap, fp and pc). */
export function memoryHoles(
  mem: Memory,
  cache: ProgramCache,
  trace: TraceBuffer,
  segs: HoleSegments,
): number {
  const acc = accessedCells(mem, cache, trace);
  const execAcc = acc.get(EXECUTION_SEGMENT);
  for (let i = 0; i < segs.args; i++) execAcc?.add(i);
  let holes = 0;
  for (const [seg, cells] of acc) {
    if (segs.skip.has(seg)) continue;
    const size = mem.segmentSize(seg);
    let n = 0;
    for (const off of cells) if (off < size) n++;
    holes += size - n;
  }
  return holes;
}
