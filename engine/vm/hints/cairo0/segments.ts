/**
 * Temporary segments and relocation rules (cairo-lang v0.13.x, memory_segments.py
 * `add_temp_segment`, memory_dict.py `add_relocation_rule` / `relocate_memory`). A temporary
 * segment here is an ordinary segment remembered as temporary; at the end of the run
 * (`relocateTemporarySegments`) its cells move to the rule's destination, every pointer into it is
 * rewritten, and it is left empty — so it occupies no room in the relocated memory, as in cairo-run,
 * where temporary segments have negative indices and are never relocated themselves.
 */
import type { Val } from '../../felt';
import { isRel, mkRel, relOff, relSeg, showVal } from '../../relocatable';
import type { VirtualMachine } from '../../vm';
import { Segment } from '../../segment';
import type { Cairo0Hint, HintContext } from './context';

const TEMP = 'cairo0.tempSegments';

/** Temporary segment index → its destination (once a rule is added). */
function temps(vm: VirtualMachine): Map<number, number | undefined> {
  let m = vm.ctx[TEMP] as Map<number, number | undefined> | undefined;
  if (!m) vm.ctx[TEMP] = m = new Map();
  return m;
}

export function addTempSegment(c: HintContext): number {
  const base = c.vm.mem.addSegmentRel();
  temps(c.vm).set(relSeg(base), undefined);
  return base;
}

export function addRelocationRule(c: HintContext): void {
  const src = c.ids.ptr('src_ptr');
  const dest = c.ids.ptr('dest_ptr');
  const t = temps(c.vm);
  if (!t.has(relSeg(src))) throw new Error(`${showVal(src)} is not in a temporary segment`);
  if (relOff(src) !== 0)
    throw new Error(`relocation rule source ${showVal(src)} must be a segment start`);
  if (t.get(relSeg(src)) !== undefined)
    throw new Error(`segment ${relSeg(src)} already has a rule`);
  t.set(relSeg(src), dest);
  // cairo-lang relocates values on every read once a rule exists (memory_dict.py relocate_value),
  // so that `assert src_ptr = dest_ptr` holds; rewriting the stored pointers now has that effect
  // for every later read without a check on the VM's hot path.
  rewritePointers(c.vm, t);
}

/** A pointer with the relocation rules applied (chains of temporary segments followed). */
function resolve(t: Map<number, number | undefined>, v: Val): Val {
  for (let i = 0; isRel(v) && t.has(relSeg(v)) && i < 64; i++) {
    const dest = t.get(relSeg(v));
    if (dest === undefined) return v;
    v = mkRel(relSeg(dest), relOff(dest) + relOff(v));
  }
  return v;
}

function rewritePointers(vm: VirtualMachine, t: Map<number, number | undefined>): void {
  const segs = vm.mem.segs;
  for (let s = 0; s < segs.length; s++) {
    const seg = segs[s];
    for (let o = 0; o < seg.length; o++) {
      const v = seg.get(o);
      if (v !== undefined && isRel(v)) seg.putCode(o, resolve(t, v) as number);
    }
  }
}

/** Apply the relocation rules (chains of temporary segments are followed). */
export function relocateTemporarySegments(vm: VirtualMachine): void {
  const t = vm.ctx[TEMP] as Map<number, number | undefined> | undefined;
  if (!t || t.size === 0) return;
  rewritePointers(vm, t);
  const segs = vm.mem.segs;
  for (const [s, dest] of t) {
    if (dest === undefined) continue;
    const cells = segs[s].toArray();
    segs[s] = new Segment();
    const d = resolve(t, dest) as number;
    for (let o = 0; o < cells.length; o++) {
      const v = cells[o];
      if (v !== undefined) vm.mem.set(relSeg(d), relOff(d) + o, v);
    }
  }
}

export const SEGMENTS_HINTS: Record<string, Cairo0Hint> = {
  'ids.temporary_array = segments.add_temp_segment()': (c) =>
    c.ids.set('temporary_array', addTempSegment(c)),
  'memory.add_relocation_rule(src_ptr=ids.src_ptr, dest_ptr=ids.dest_ptr)': addRelocationRule,
};

/** Where a cell written at `addr` ended up after the relocation rules (the address itself if none). */
export function relocatedAddress(vm: VirtualMachine, addr: number): number {
  const t = vm.ctx[TEMP] as Map<number, number | undefined> | undefined;
  return t ? (resolve(t, addr) as number) : addr;
}
