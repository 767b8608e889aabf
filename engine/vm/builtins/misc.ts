import type { Memory } from '../memory';
import { verify } from '@scure/starknet';
import { mkRel } from '../relocatable';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';

/** output: no rules, one cell per value. */
export function outputBuiltin(mem: Memory): Builtin {
  return simpleBuiltin('output', mem, 1);
}

/**
 * ecdsa: cells (pubkey, message). When a signature was registered for an instance (by a hint,
 * `signatures.set(offset, [r, s])`), writing both cells verifies it.
 */
export function ecdsaBuiltin(mem: Memory): Builtin & { signatures: Map<number, [bigint, bigint]> } {
  const b = simpleBuiltin('ecdsa', mem, 2);
  const signatures = new Map<number, [bigint, bigint]>();
  mem.validators[b.segment] = (m, off) => {
    const base = off - (off % 2);
    const sig = signatures.get(base);
    if (!sig) return;
    const pk = feltIn(m, b.segment, base, 'ecdsa');
    const msg = feltIn(m, b.segment, base + 1, 'ecdsa');
    if (pk === undefined || msg === undefined) return;
    // noble's verify takes the full public key; a Stark key is its x coordinate (compressed form, either parity)
    const pkHex = pk.toString(16).padStart(64, '0');
    const sigObj = { r: sig[0], s: sig[1] } as never;
    const ok = ['02', '03'].some((p) => {
      try {
        return verify(sigObj, msg.toString(16), p + pkHex);
      } catch {
        return false;
      }
    });
    if (!ok) throw new VmError('Builtin', `ecdsa: invalid signature at ${b.segment}:${base}`);
  };
  return Object.assign(b, { signatures });
}

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
