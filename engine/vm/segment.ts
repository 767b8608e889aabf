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
 *   c < −2^52                  large felt (≥ 2^53), k = −c − 2^52 − 1: entry k/2 of `bigs` when k
 *                              is even, entry (k − 1)/2 of `limbs` when k is odd
 * Two side tables: a large felt written as a bigint (by hints, builtins, products) stays that
 * bigint (`bigs`); a sum made by the step loop is computed on 8 little-endian 32-bit limbs into
 * `limbs` (`addCodes`): no bigint, nothing left for the garbage collector, and the memory file
 * copies the limbs as they are. A copy inside a segment copies the code (`putCode`), so copies
 * share the entry; the tables are per segment, so that a program segment shared by many runs
 * carries its own.
 */
import type { Val } from './felt';
import { zeroedF64, zeroedU32 } from './slab';

const TWO_52 = 4503599627370496;
/** Codes below this are large felts. */
export const BIG_CODE = -TWO_52;
const BIG_BIAS = TWO_52 + 1;
const EMPTY = new Float64Array(0);
const EMPTY_LIMBS = new Uint32Array(0);
const EMPTY_LIMBS64: BigUint64Array = new BigUint64Array(0);
/** The limb arithmetic and the u64 views of limbs assume a little-endian host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;
/** P = 2^251 + 17·2^192 + 1 as 8 little-endian 32-bit limbs. */
const P_LIMBS = [1, 0, 0, 0, 0, 0, 17, 0x08000000];
const MIN_CAPACITY = 16;

/** Is large-felt code `c` an entry of `limbs` (else of `bigs`)? */
export function isLimbCode(c: number): boolean {
  return (-c - BIG_BIAS) % 2 === 1;
}

/** The entry of a large-felt code, in `limbs` or in `bigs` (see `isLimbCode`). */
export function bigEntry(c: number): number {
  return Math.floor((-c - BIG_BIAS) / 2);
}

const limbCode = (j: number) => -(2 * j + 1) - BIG_BIAS;
const bigintCode = (i: number) => -2 * i - BIG_BIAS;

export class Segment {
  /** Cell codes; `codes.length` is the capacity, zero past `length`. */
  codes: Float64Array = EMPTY;
  /** Max written offset + 1. */
  length = 0;
  /** Large felts written as bigints. */
  bigs: bigint[] = [];
  /** Large felts made on limbs: 8 per entry (little-endian 32-bit words). */
  limbs: Uint32Array = EMPTY_LIMBS;
  /** The same buffer as 64-bit words (entry j: words 4j..4j+3), to make a bigint of an entry. */
  private limbs64: BigUint64Array = EMPTY_LIMBS64;
  /** Entries of `limbs` in use. */
  nLimbs = 0;

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
    if (c < BIG_CODE) return this.big(c);
    return c === 0 ? undefined : c;
  }

  /** The large felt of code `c` as a bigint. */
  big(c: number): bigint {
    if (!isLimbCode(c)) return this.bigs[bigEntry(c)];
    const w = this.limbs64;
    const j = 4 * bigEntry(c);
    return (w[j + 3] << 192n) | (w[j + 2] << 128n) | (w[j + 1] << 64n) | w[j];
  }

  /** A new entry of `limbs` (the caller writes its limbs; `limbs` may move). */
  newLimbs(): number {
    const j = this.nLimbs++;
    if (8 * this.nLimbs > this.limbs.length) {
      const grown = zeroedU32(Math.max(16 * this.nLimbs, 8 * MIN_CAPACITY));
      grown.set(this.limbs);
      this.limbs = grown;
      this.limbs64 = new BigUint64Array(grown.buffer, grown.byteOffset, grown.length / 2);
    }
    return j;
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
    const grown = zeroedF64(Math.max(n, old.length * 2, MIN_CAPACITY));
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
      c = n > 0 && bigs[n - 1] === v ? bigintCode(n - 1) : bigintCode(bigs.push(v) - 1);
    }
    this.putCode(off, c);
  }

  /** Store a code read from this same segment (a copy: a large felt keeps its entry). */
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

/** Limbs of operands of `addCodes` that are not `limbs` entries (reused: no allocation). */
const SCRATCH_A = new Uint32Array(8);
const SCRATCH_B = new Uint32Array(8);
const SCRATCH_A64 = new BigUint64Array(SCRATCH_A.buffer);
const SCRATCH_B64 = new BigUint64Array(SCRATCH_B.buffer);

/** Puts the limbs of felt code `c` (small, or a `bigs` entry) in `scratch`. */
function scratchLimbs(seg: Segment, c: number, scratch: Uint32Array, w64: BigUint64Array) {
  if (c > 0) {
    const x = c - 1;
    scratch.fill(0);
    scratch[0] = x >>> 0;
    scratch[1] = Math.floor(x / TWO_32);
  } else {
    const v = seg.bigs[bigEntry(c)];
    w64[0] = v; // a 64-bit lane keeps the low 64 bits
    w64[1] = v >> 64n;
    w64[2] = v >> 128n;
    w64[3] = v >> 192n;
  }
  return scratch;
}

/**
 * Code of a + b for two codes of `seg` that are felts (small or large, not pointers), computed
 * on limbs into a new `limbs` entry: no bigint kept. The result is canonical (a small felt when
 * < 2^53). 0 on a big-endian host (the caller takes the bigint path).
 */
export function addCodes(seg: Segment, ca: number, cb: number): number {
  if (!LITTLE_ENDIAN) return 0;
  const j = seg.newLimbs(); // first: it may move the limbs
  const r = seg.limbs;
  const ir = 8 * j;
  // each operand: its `limbs` entry, or a scratch copy of a small felt's or a bigint's limbs
  const aLimbs = ca < BIG_CODE && isLimbCode(ca);
  const bLimbs = cb < BIG_CODE && isLimbCode(cb);
  const la = aLimbs ? r : scratchLimbs(seg, ca, SCRATCH_A, SCRATCH_A64);
  const ia = aLimbs ? 8 * bigEntry(ca) : 0;
  const lb = bLimbs ? r : scratchLimbs(seg, cb, SCRATCH_B, SCRATCH_B64);
  const ib = bLimbs ? 8 * bigEntry(cb) : 0;
  let carry = 0;
  for (let k = 0; k < 8; k++) {
    const t = la[ia + k] + lb[ib + k] + carry;
    carry = t >= TWO_32 ? 1 : 0;
    r[ir + k] = t; // stores t mod 2^32
  }
  if (!belowP(r, ir)) subLimbs(r, ir, P_LIMBS);
  return canonical(seg, j);
}

/** Code of a − s for a large felt `ca` of `seg` and 0 < s < 2^53 (a − s ≥ 0 since a ≥ 2^53). */
export function subSmallCode(seg: Segment, ca: number, s: number): number {
  if (!LITTLE_ENDIAN) return 0;
  const j = seg.newLimbs();
  const r = seg.limbs;
  const ir = 8 * j;
  const la = isLimbCode(ca) ? r : scratchLimbs(seg, ca, SCRATCH_A, SCRATCH_A64);
  const ia = isLimbCode(ca) ? 8 * bigEntry(ca) : 0;
  for (let k = 0; k < 8; k++) r[ir + k] = la[ia + k];
  scratchLimbs(seg, s + 1, SCRATCH_B, SCRATCH_B64);
  subLimbs(r, ir, SCRATCH_B);
  return canonical(seg, j);
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
    seg.nLimbs--; // the last entry, just made
    return r[i + 1] * TWO_32 + r[i] + 1;
  }
  return limbCode(k);
}
