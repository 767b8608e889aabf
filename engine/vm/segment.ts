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
 *   c < −2^52                  large felt (≥ 2^53): entry −c − 2^52 − 1 of the segment's side table
 * The side table holds each large felt as 8 little-endian 32-bit limbs (`limbs`), so the step
 * loop adds large felts with no bigint (`addCodes`) and nothing per cell is left for the garbage
 * collector; an entry written from a bigint also keeps it (`bigs`) to read it back without
 * rebuilding it. A copy inside a segment copies the code (`putCode`), so copies share the entry;
 * the table is per segment so that a program segment shared by many runs carries its own.
 */
import type { Val } from './felt';

const TWO_52 = 4503599627370496;
/** Codes below this are large felts. */
export const BIG_CODE = -TWO_52;
const BIG_BIAS = TWO_52 + 1;
const EMPTY = new Float64Array(0);
const EMPTY_LIMBS = new Uint32Array(0);
/** The limb arithmetic and the u64 view of the limbs assume a little-endian host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;
/** P = 2^251 + 17·2^192 + 1 as 8 little-endian 32-bit limbs. */
const P_LIMBS = [1, 0, 0, 0, 0, 0, 17, 0x08000000];
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
  /** Large felts: 8 limbs per side-table entry (little-endian 32-bit words). */
  limbs: Uint32Array = EMPTY_LIMBS;
  /** The same buffer as 64-bit words (entry k: words 4k..4k+3), to convert from and to bigints. */
  private limbs64 = new BigUint64Array(0);
  /** Side-table entries in use. */
  nBig = 0;
  /** Entry → the bigint it was written from (a cache; entries made by `addCodes` have none). */
  bigs: (bigint | undefined)[] = [];

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
    if (c < BIG_CODE) return this.big(-c - BIG_BIAS);
    return c === 0 ? undefined : c;
  }

  /** Side-table entry `k` as a bigint. */
  big(k: number): bigint {
    const b = this.bigs[k];
    if (b !== undefined) return b;
    const w = this.limbs64;
    return (w[4 * k + 3] << 192n) | (w[4 * k + 2] << 128n) | (w[4 * k + 1] << 64n) | w[4 * k];
  }

  /** A new side-table entry (its limbs to be written by the caller). */
  newBig(): number {
    const k = this.nBig++;
    if (8 * this.nBig > this.limbs.length) {
      const grown = new Uint32Array(Math.max(8 * this.nBig * 2, 8 * MIN_CAPACITY));
      grown.set(this.limbs);
      this.limbs = grown;
      this.limbs64 = new BigUint64Array(grown.buffer);
    }
    return k;
  }

  /** Code of a new entry holding `v` (≥ 2^53), or of the last entry when it holds `v` already. */
  private bigCode(v: bigint): number {
    const n = this.nBig;
    // the same large felt written again (an immediate, a value copied in): reuse its entry
    if (n > 0 && this.bigs[n - 1] === v) return -n - TWO_52;
    const k = this.newBig();
    const w = this.limbs64;
    if (LITTLE_ENDIAN) {
      w[4 * k] = v; // a 64-bit lane keeps the low 64 bits
      w[4 * k + 1] = v >> 64n;
      w[4 * k + 2] = v >> 128n;
      w[4 * k + 3] = v >> 192n;
    } // else only `bigs` holds it: the limb paths are off on big-endian hosts
    this.bigs[k] = v;
    return -k - BIG_BIAS;
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
    else c = this.bigCode(v);
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

/** Index in `bigs` of a large-felt code. */
export function bigIndex(c: number): number {
  return -c - BIG_BIAS;
}

/** Limbs of the operands of `addCodes` that are small felts (reused: no allocation). */
const SMALL_A = new Uint32Array(8);
const SMALL_B = new Uint32Array(8);

/** Puts small felt code `c`'s limbs in `scratch` (only its two low limbs can be non-zero). */
function smallLimbs(c: number, scratch: Uint32Array): Uint32Array {
  const x = c - 1;
  scratch[0] = x >>> 0;
  scratch[1] = Math.floor(x / TWO_32);
  return scratch;
}

/**
 * Code of a + b for two codes of `seg` that are felts (small or large, not pointers), computed
 * on limbs into a new side-table entry: no bigint. The result is canonical (a small felt when
 * < 2^53). 0 on a big-endian host (the caller takes the bigint path).
 */
export function addCodes(seg: Segment, ca: number, cb: number): number {
  if (!LITTLE_ENDIAN) return 0;
  const k = seg.newBig(); // first: it may move the limbs
  const r = seg.limbs;
  const ir = 8 * k;
  // each operand: its side-table limbs, or a scratch copy of a small felt's
  const la = ca < BIG_CODE ? r : smallLimbs(ca, SMALL_A);
  const ia = ca < BIG_CODE ? 8 * bigIndex(ca) : 0;
  const lb = cb < BIG_CODE ? r : smallLimbs(cb, SMALL_B);
  const ib = cb < BIG_CODE ? 8 * bigIndex(cb) : 0;
  let carry = 0;
  for (let j = 0; j < 8; j++) {
    const t = la[ia + j] + lb[ib + j] + carry;
    carry = t >= TWO_32 ? 1 : 0;
    r[ir + j] = t; // stores t mod 2^32
  }
  if (!belowP(r, ir)) subLimbs(r, ir, P_LIMBS);
  return canonical(seg, k);
}

/** Code of a − s for a large felt `ca` of `seg` and 0 < s < 2^53 (a − s ≥ 0 since a ≥ 2^53). */
export function subSmallCode(seg: Segment, ca: number, s: number): number {
  if (!LITTLE_ENDIAN) return 0;
  const k = seg.newBig();
  const r = seg.limbs;
  const ia = 8 * bigIndex(ca);
  const ir = 8 * k;
  for (let j = 0; j < 8; j++) r[ir + j] = r[ia + j];
  SMALL_B.fill(0);
  SMALL_B[0] = s >>> 0;
  SMALL_B[1] = Math.floor(s / TWO_32);
  subLimbs(r, ir, SMALL_B);
  return canonical(seg, k);
}

/** Are the limbs at `i` below P (compared from the top limb)? */
function belowP(r: Uint32Array, i: number): boolean {
  for (let j = 7; j >= 0; j--) {
    if (r[i + j] !== P_LIMBS[j]) return r[i + j] < P_LIMBS[j];
  }
  return false;
}

/** r −= b in place (the caller knows r ≥ b). */
function subLimbs(r: Uint32Array, i: number, b: ArrayLike<number>): void {
  let borrow = 0;
  for (let j = 0; j < 8; j++) {
    const t = r[i + j] - b[j] - borrow;
    borrow = t < 0 ? 1 : 0;
    r[i + j] = t; // stores t mod 2^32
  }
}

/** The code of entry k's value: the entry itself, or a small felt (the entry released). */
function canonical(seg: Segment, k: number): number {
  const r = seg.limbs;
  const i = 8 * k;
  if (
    r[i + 1] < 2097152 &&
    (r[i + 2] | r[i + 3] | r[i + 4] | r[i + 5] | r[i + 6] | r[i + 7]) === 0
  ) {
    seg.nBig--; // the last entry, just made
    return r[i + 1] * TWO_32 + r[i] + 1;
  }
  return -k - BIG_BIAS;
}
