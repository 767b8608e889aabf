import type { Memory } from '../memory';
import { mkRel } from '../relocatable';
import { type Builtin, simpleBuiltin } from './builtin';

/** output: no rules, one cell per value. */
export function outputBuiltin(mem: Memory): Builtin {
  return simpleBuiltin('output', mem, 1);
}

export { ecdsaBuiltin } from './ecdsa';

/**
 * segment_arena: an arena of (infos_ptr, n_segments, n_finalized) triples. The initial pointer
 * points after a first triple (new infos segment, 0, 0), as the Starknet OS sets it up.
 */
export function segmentArenaBuiltin(mem: Memory): Builtin {
  const segment = mem.addSegment();
  const infos = mem.addSegment();
  mem.set(segment, 0, mkRel(infos, 0));
  mem.set(segment, 1, 0);
  mem.set(segment, 2, 0);
  return {
    name: 'segment_arena',
    segment,
    cellsPerInstance: 3,
    initialStack: () => [mkRel(segment, 3)],
    usedInstances(m, finalPtr) {
      let used = m.segmentSize(segment);
      if (typeof finalPtr === 'number' && finalPtr < 0) used = -finalPtr - 1 - segment * 4294967296;
      return Math.max(0, Math.ceil((used - 3) / 3));
    },
  };
}

/**
 * add_mod / mul_mod: instances of 7 cells (p0, p1, p2, p3, values_ptr, offsets_ptr, n). The values
 * are filled by the EvalCircuit hint (see hints/circuit.ts), which uses `fillModBuiltin`.
 */
export function modBuiltin(name: 'add_mod' | 'mul_mod', mem: Memory): Builtin {
  return simpleBuiltin(name, mem, 7);
}
