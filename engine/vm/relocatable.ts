/**
 * Relocatable addresses (segment index, offset).
 *
 * Internally a relocatable is encoded as a negative JS number: -(seg·2^32 + off) - 1, so that the
 * step loop never allocates for pointers and `===` compares addresses exactly. Offsets are < 2^32
 * and segment indexes < 2^20. `Relocatable` is the object form used at the public API boundary.
 */
import type { Val } from './felt';

export const OFF_LIMIT = 4294967296; // 2^32

export function mkRel(seg: number, off: number): number {
  return -(seg * OFF_LIMIT + off) - 1;
}
export function isRel(v: Val): v is number {
  return typeof v === 'number' && v < 0;
}
export function relSeg(v: number): number {
  return Math.floor((-v - 1) / OFF_LIMIT);
}
export function relOff(v: number): number {
  return (-v - 1) % OFF_LIMIT;
}

export class Relocatable {
  constructor(
    readonly segment: number,
    readonly offset: number,
  ) {}
  toString(): string {
    return `${this.segment}:${this.offset}`;
  }
  encode(): number {
    return mkRel(this.segment, this.offset);
  }
  add(n: number): Relocatable {
    return new Relocatable(this.segment, this.offset + n);
  }
  static decode(v: number): Relocatable {
    return new Relocatable(relSeg(v), relOff(v));
  }
}

/** Human-readable form of any memory value. */
export function showVal(v: Val | undefined): string {
  if (v === undefined) return '<unknown>';
  if (typeof v === 'number' && v < 0) return `${relSeg(v)}:${relOff(v)}`;
  return typeof v === 'bigint' ? '0x' + v.toString(16) : String(v);
}
