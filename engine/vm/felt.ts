/**
 * Field elements of the Stark field, P = 2^251 + 17·2^192 + 1.
 *
 * Values inside the VM use a *canonical mixed representation* (`Val`):
 *   - a JS number  n with 0 <= n < 2^53         : a small felt (fast path, no allocation)
 *   - a bigint     b with 2^53 <= b < P          : a large felt
 *   - a JS number  n < 0                         : an encoded relocatable address (see relocatable.ts)
 * Because the representation is canonical, `a === b` is exact value equality.
 */
import { MemoCache } from '../memo';

export const P = 2n ** 251n + 17n * 2n ** 192n + 1n;
export const HALF_P = P / 2n;
export const MAX_SAFE = 9007199254740992; // 2^53
const MAX_SAFE_BIG = 9007199254740992n;

export type Felt = number | bigint;
/** A memory value: small felt (number >= 0), large felt (bigint) or relocatable (number < 0). */
export type Val = number | bigint;

/** Canonical felt from any bigint (reduced mod P). */
export function feltFromBig(b: bigint): Felt {
  if (b < 0n || b >= P) {
    b %= P;
    if (b < 0n) b += P;
  }
  return b < MAX_SAFE_BIG ? Number(b) : b;
}

/** Canonical felt from an already-reduced bigint in [0, P). */
export function normBig(b: bigint): Felt {
  return b < MAX_SAFE_BIG ? Number(b) : b;
}

/** Felt to bigint (must not be a relocatable). */
export function toBig(v: Felt): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export function feltAdd(a: Felt, b: Felt): Felt {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s < MAX_SAFE) return s;
    return BigInt(a) + BigInt(b);
  }
  let r = toBig(a) + toBig(b);
  if (r >= P) r -= P;
  return r < MAX_SAFE_BIG ? Number(r) : r;
}

export function feltSub(a: Felt, b: Felt): Felt {
  if (typeof a === 'number' && typeof b === 'number' && a >= b) return a - b;
  let r = toBig(a) - toBig(b);
  if (r < 0n) r += P;
  return r < MAX_SAFE_BIG ? Number(r) : r;
}

export function feltMul(a: Felt, b: Felt): Felt {
  if (typeof a === 'number' && typeof b === 'number') {
    const m = a * b;
    if (m < MAX_SAFE) return m;
  }
  const r = (toBig(a) * toBig(b)) % P;
  return r < MAX_SAFE_BIG ? Number(r) : r;
}

export function feltNeg(a: Felt): Felt {
  if (a === 0) return 0;
  return normBig(P - toBig(a));
}

/** Modular inverse of a (mod m) via extended Euclid. Throws on 0. */
export function invMod(a: bigint, m: bigint = P): bigint {
  a %= m;
  if (a < 0n) a += m;
  if (a === 0n) throw new Error('inverse of zero');
  let [r0, r1] = [a, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  s0 %= m;
  return s0 < 0n ? s0 + m : s0;
}

export function feltDiv(a: Felt, b: Felt): Felt {
  return normBig((toBig(a) * invMod(toBig(b))) % P);
}

export function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  if (b < 0n) b += m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** Tonelli–Shanks square root modulo prime p; returns undefined if a is not a square. */
export function sqrtMod(a: bigint, p: bigint = P): bigint | undefined {
  a %= p;
  if (a < 0n) a += p;
  if (a === 0n) return 0n;
  if (p === P) {
    const hit = SQRT_CACHE.get(a);
    if (hit !== undefined) return hit ?? undefined;
    const r = sqrtStark(a);
    SQRT_CACHE.set(a, r ?? null);
    return r;
  }
  return tonelliShanks(a, p);
}

function tonelliShanks(a: bigint, p: bigint): bigint | undefined {
  if (p === 2n) return a;
  if (powMod(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  let q = p - 1n;
  let s = 0n;
  while ((q & 1n) === 0n) {
    q >>= 1n;
    s++;
  }
  let z = 2n;
  while (powMod(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let m = s;
  let c = powMod(z, q, p);
  let t = powMod(a, q, p);
  let r = powMod(a, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % p;
      i++;
    }
    const b = powMod(c, 1n << (m - i - 1n), p);
    m = i;
    c = (b * b) % p;
    t = (t * c) % p;
    r = (r * b) % p;
  }
  return r;
}

/**
 * Square roots in the Stark field, where P − 1 = q·2^192 (q = 2^59 + 17): Tonelli–Shanks spends
 * ~18,000 multiplications on the 2^192-order part (5 ms; a Cairo 1 `check_ecdsa_signature` needs
 * two or three square roots in its hints). Here the discrete log of t = a^q to the base g = z^q
 * (z a non-residue) is found 8 bits at a time with precomputed tables (Pohlig–Hellman in base
 * 2^8, the powers t^(2^(8j)) computed once): ~460 multiplications. Then
 * √a = a^((q+1)/2) · g^(−e/2). The result is checked (r² = a): a failure is a bug, thrown.
 */
const STARK_2ADIC = 192;
/**
 * Square roots already found (null: not a square). The hints ask the same ones again and again:
 * RandomEcPoint starts from the same seed in every VM, FieldSqrt recovers an account's key point.
 */
export const SQRT_CACHE = new MemoCache<bigint, bigint | null>(4096);
const STARK_Q = (P - 1n) >> BigInt(STARK_2ADIC);
const DIGITS = STARK_2ADIC / 8;
interface SqrtTables {
  /** inv[m][j] = g^(−j·2^(8m)) */
  inv: bigint[][];
  /** element g^(j·2^184) (order dividing 2^8) → j */
  digit: Map<bigint, number>;
}
let sqrtTables: SqrtTables | undefined;

function starkSqrtTables(): SqrtTables {
  if (sqrtTables) return sqrtTables;
  let z = 2n;
  while (powMod(z, (P - 1n) / 2n, P) !== P - 1n) z++;
  const g = powMod(z, STARK_Q, P);
  const inv: bigint[][] = [];
  let step = invMod(g); // g^(−2^(8m)) for m = 0, 1, …
  for (let m = 0; m < DIGITS; m++) {
    const row = [1n];
    for (let j = 1; j < 256; j++) row.push((row[j - 1] * step) % P);
    inv.push(row);
    step = powMod(step, 256n, P);
  }
  const digit = new Map<bigint, number>();
  const top = powMod(g, 1n << BigInt(STARK_2ADIC - 8), P); // order 2^8
  for (let j = 0, x = 1n; j < 256; j++, x = (x * top) % P) digit.set(x, j);
  return (sqrtTables = { inv, digit });
}

function sqrtStark(a: bigint): bigint | undefined {
  const { inv, digit } = starkSqrtTables();
  const x = powMod(a, (STARK_Q - 1n) / 2n, P);
  const r0 = (a * x) % P; // a^((q+1)/2)
  const t = (r0 * x) % P; // a^q, in the subgroup of order 2^192
  const tPow = [t]; // t^(2^(8j))
  for (let j = 1; j < DIGITS; j++) {
    let v = tPow[j - 1];
    for (let i = 0; i < 8; i++) v = (v * v) % P;
    tPow.push(v);
  }
  const e: number[] = []; // base-256 digits of the discrete log, least significant first
  for (let k = 0; k < DIGITS; k++) {
    // (t·g^(−E))^(2^(184 − 8k)) with E the digits found so far
    let v = tPow[DIGITS - 1 - k];
    for (let i = 0; i < k; i++) v = (v * inv[i + DIGITS - 1 - k][e[i]]) % P;
    const d = digit.get(v);
    if (d === undefined) throw new Error('sqrtMod: no digit (the tables are wrong)');
    if (k === 0 && d & 1) return undefined; // odd log: a is not a square (RandomEcPoint's misses)
    e.push(d);
  }
  // r = r0 · g^(−e/2), e/2 in base 256 again
  let half = 0n;
  for (let k = DIGITS - 1; k >= 0; k--) half = (half << 8n) | BigInt(e[k]);
  half >>= 1n;
  let r = r0;
  for (let m = 0; m < DIGITS; m++, half >>= 8n) r = (r * inv[m][Number(half & 255n)]) % P;
  if ((r * r) % P !== a) throw new Error('sqrtMod: wrong root (the tables are wrong)');
  return r;
}

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error('isqrt of negative');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton refinement (the float estimate may be off for large n)
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) {
      // x may be too large by one from the float estimate
      while (x * x > n) x--;
      while ((x + 1n) * (x + 1n) <= n) x++;
      return x;
    }
    x = y;
  }
}

/** Parse "0x..." or decimal (possibly negative) into a canonical felt. */
export function parseFelt(s: string | number | bigint): Felt {
  if (typeof s === 'number') return feltFromBig(BigInt(s));
  if (typeof s === 'bigint') return feltFromBig(s);
  const t = s.trim();
  if (t.startsWith('-')) return feltFromBig(-BigInt(t.slice(1)));
  return feltFromBig(BigInt(t));
}

/** Signed view of a felt: values above P/2 are negative. */
export function feltToSigned(v: Felt): bigint {
  const b = toBig(v);
  return b > HALF_P ? b - P : b;
}
