/** Writing syscall responses into VM memory: new segments of felts and structs. */
import { feltFromBig } from '../vm/felt';
import type { Memory } from '../vm/memory';
import { mkRel, relOff, relSeg } from '../vm/relocatable';

/** Address `p + k` (p an encoded relocatable). */
export function at(p: number, k: number): number {
  return mkRel(relSeg(p), relOff(p) + k);
}

/** A new segment holding `vals` (felts); returns its [start, end) pointers. */
export function feltArray(mem: Memory, vals: readonly bigint[]): [number, number] {
  const seg = mem.addSegment();
  for (let i = 0; i < vals.length; i++) mem.set(seg, i, feltFromBig(vals[i]));
  return [mkRel(seg, 0), mkRel(seg, vals.length)];
}

/** Appends values to one segment (the structs of GetExecutionInfo), no intermediate arrays. */
export class StructWriter {
  readonly seg: number;
  private off = 0;
  constructor(private readonly mem: Memory) {
    this.seg = mem.addSegment();
  }
  felt(v: bigint): this {
    this.mem.set(this.seg, this.off++, feltFromBig(v));
    return this;
  }
  /** An array field: its start and end pointers. */
  span(s: [number, number]): this {
    this.mem.set(this.seg, this.off++, s[0]);
    this.mem.set(this.seg, this.off++, s[1]);
    return this;
  }
  ptr(p: number): this {
    this.mem.set(this.seg, this.off++, p);
    return this;
  }
  get start(): number {
    return mkRel(this.seg, 0);
  }
}
