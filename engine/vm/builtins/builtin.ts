/** Common shape of a builtin runner: its own memory segment, validation and deduction rules. */
import type { Val } from '../felt';
import type { Memory } from '../memory';
import { mkRel } from '../relocatable';
import { VmError } from '../errors';

export interface Builtin {
  name: string;
  segment: number;
  cellsPerInstance: number;
  /** Values pushed on the stack for this builtin when calling main / an entry point. */
  initialStack(): Val[];
  /** Number of builtin instances used, given the final builtin pointer (or segment size). */
  usedInstances(mem: Memory, finalPtr?: Val): number;
}

/** A builtin whose stack pointer starts at the base of its own segment. */
class SimpleBuiltin implements Builtin {
  constructor(
    readonly name: string,
    readonly segment: number,
    readonly cellsPerInstance: number,
  ) {}
  initialStack(): Val[] {
    return [mkRel(this.segment, 0)];
  }
  usedInstances(m: Memory, finalPtr?: Val): number {
    let used = m.segmentSize(this.segment);
    if (typeof finalPtr === 'number' && finalPtr < 0)
      used = -finalPtr - 1 - this.segment * 4294967296;
    return Math.ceil(used / this.cellsPerInstance);
  }
}

/** Allocate the builtin's segment (no rules: callers add the validator or deducer). */
export function simpleBuiltin(name: string, mem: Memory, cellsPerInstance: number): Builtin {
  return new SimpleBuiltin(name, mem.addSegment(), cellsPerInstance);
}

export function feltIn(mem: Memory, seg: number, off: number, builtin: string): bigint | undefined {
  const v = mem.get(seg, off);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && v < 0)
    throw new VmError(
      'Builtin',
      `${builtin}: expected a felt at ${seg}:${off}, found a relocatable`,
    );
  return BigInt(v);
}
