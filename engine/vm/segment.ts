/**
 * One memory segment as a typed array of cell codes, so that a write stores a number instead of a
 * JS value (a JS array of felts and pointers boxed every pointer as a heap number, kept millions
 * of them alive and made the garbage collector walk a pointer per cell: ~25% of big_fibonacci).
 *
 * Cell code (a float64), chosen so that a zero-filled buffer is all unknown cells:
 *   0                          unknown cell
 *   c > 0                      small felt c − 1 (felts < 2^53, felt.ts's number range, so a
 *                              value is stored and read without conversion; c ≤ 2^53 is exact)
 *   −2^52 ≤ c < 0              relocatable, the same negative number as relocatable.ts's encoding
 *   c < −2^52                  large felt (≥ 2^53): `bigs[−c − 2^52 − 1]`, the segment's side table
 * A copy of a large felt inside a segment copies its code (`copyCode`), not the bigint; the side
 * table is per segment so that a program segment shared by many runs carries its own.
 */
import type { Val } from './felt';

const TWO_52 = 4503599627370496;
/** Codes below this are large felts. */
export const BIG_CODE = -TWO_52;
const BIG_BIAS = TWO_52 + 1;
const EMPTY = new Float64Array(0);
const MIN_CAPACITY = 16;

/** The cell code of a value that is not a large felt (a small felt or a relocatable). */
export function numCode(v: number): number {
  return v >= 0 ? v + 1 : v;
}

export class Segment {
  /** Cell codes; `codes.length` is the capacity, zero past `length`. */
  codes: Float64Array = EMPTY;
  /** Max written offset + 1. */
  length = 0;
  /** Large felts, indexed by code. */
  bigs: bigint[] = [];

  /** A segment holding `vals` (holes stay unknown). */
  static of(vals: readonly (Val | undefined)[]): Segment {
    const s = new Segment();
    s.reserve(vals.length);
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) s.put(i, v);
    }
    return s;
  }

  /** The value at `off`, or undefined when unknown (also for negative or unwritten offsets). */
  get(off: number): Val | undefined {
    const codes = this.codes;
    if (!(off >= 0 && off < codes.length)) return undefined;
    const c = codes[off];
    if (c > 0) return c - 1;
    if (c < BIG_CODE) return this.bigs[-c - BIG_BIAS];
    return c === 0 ? undefined : c;
  }

  /** The raw code at `off` (0 when unknown). */
  code(off: number): number {
    const codes = this.codes;
    return off >= 0 && off < codes.length ? codes[off] : 0;
  }

  /** Make room for offsets below `n` (the buffer is zero-filled: unknown cells). */
  reserve(n: number): void {
    const old = this.codes;
    if (n <= old.length) return;
    const grown = new Float64Array(Math.max(n, old.length * 2, MIN_CAPACITY));
    grown.set(old);
    this.codes = grown;
  }

  /** Store `v` at `off` without checks (the caller knows the cell is unknown, off ≥ 0). */
  put(off: number, v: Val): void {
    let c: number;
    if (typeof v === 'number') c = v >= 0 ? v + 1 : v;
    else {
      // the same large felt written again (an immediate, a value copied in): reuse its entry
      const bigs = this.bigs;
      const n = bigs.length;
      c = n > 0 && bigs[n - 1] === v ? -n - TWO_52 : -bigs.push(v) - TWO_52;
    }
    this.putCode(off, c);
  }

  /** Store a code read from this same segment (a copy: a large felt keeps its side-table entry). */
  putCode(off: number, c: number): void {
    if (off >= this.codes.length) this.reserve(off + 1);
    this.codes[off] = c;
    if (off >= this.length) this.length = off + 1;
  }

  /** Forget every cell at or past `len` (a shared program segment that a faulty run grew). */
  truncate(len: number): void {
    if (len >= this.length) return;
    this.codes.fill(0, len, this.length);
    this.length = len;
  }

  /** The cells as a JS array (holes for unknown cells), for tests and slow paths. */
  toArray(start = 0, end = this.length): (Val | undefined)[] {
    const out: (Val | undefined)[] = [];
    for (let o = start; o < end; o++) out.push(this.get(o));
    return out;
  }

  /** Number of known cells. */
  countKnown(): number {
    let n = 0;
    const codes = this.codes;
    for (let o = 0; o < this.length; o++) if (codes[o] !== 0) n++;
    return n;
  }
}

/** Decode a code read from `seg` (exported for loops that read codes directly). */
export function decodeCode(seg: Segment, c: number): Val | undefined {
  if (c > 0) return c - 1;
  if (c < BIG_CODE) return seg.bigs[-c - BIG_BIAS];
  return c === 0 ? undefined : c;
}

/** Index in `bigs` of a large-felt code. */
export function bigIndex(c: number): number {
  return -c - BIG_BIAS;
}
