import { Point, pedersen as scurePedersen } from '@scure/starknet';
import { P as FIELD } from '../felt';

/**
 * Starknet's Pedersen hash, with the curve work done by the library's windowed scalar
 * multiplication once a thread has hashed enough to pay for its tables.
 *
 * The hash (StarkWare's definition) is the x coordinate of
 *   shift + low(x)·P1 + high(x)·P2 + low(y)·P3 + high(y)·P4
 * where low(v) is v's lowest 248 bits and high(v) its top 4 bits. @scure/starknet walks 252 bits
 * of each input over a table of doublings: ≈ 250 point additions and 504 point comparisons, 1.3 to
 * 3.3 ms a hash here (full-width inputs cost the most). A block hashes thousands of distinct
 * storage slots (every balance slot of every account), and every worker thread hashes them again:
 * building a 2,000-transfer block (4,000 balance slots) took 7 s.
 *
 * Here the products low(·)·P1 and low(·)·P3 are @noble/curves' `multiplyUnsafe` on points with
 * precomputed 8-bit windows (33 additions each), and the 4-bit high parts pick from a table of
 * 16 multiples. A mapping's storage addresses are pedersen(base, key) with one base for every key,
 * so the x half of the sum is kept per x, and a hash costs one windowed product: ≈ 0.3–0.5 ms
 * (the same block builds in about 2 s). The tables take ≈ 0.3 s to build per thread, so a thread
 * uses @scure's hash for its first `WINDOWED_AFTER` cold hashes: a small program never pays for
 * them.
 *
 * Both paths are the library's curve arithmetic; only the sum above is written here. The test
 * checks them against each other on random and edge inputs.
 */

/** The five points of the definition (StarkWare's constant table: shift point, P1…P4), as (x, y). */
const [SHIFT, P1, P2, P3, P4] = (
  [
    [
      2089986280348253421170679821480865132823066470938446095505822317253594081284n,
      1713931329540660377023406109199410414810705867260802078187082345529207694986n,
    ],
    [
      996781205833008774514500082376783249102396023663454813447423147977397232763n,
      1668503676786377725805489344771023921079126552019160156920634619255970485781n,
    ],
    [
      2251563274489750535117886426533222435294046428347329203627021249169616184184n,
      1798716007562728905295480679789526322175868328062420237419143593021674992973n,
    ],
    [
      2138414695194151160943305727036575959195309218611738193261179310511854807447n,
      113410276730064486255102093846540133784865286929052426931474106396135072156n,
    ],
    [
      2379962749567351885752724891227938183011949129833673362440656643086021394946n,
      776496453633298175483985398648758586525933812536653089401905292063708816422n,
    ],
  ] as const
).map(([x, y]) => new Point(x, y, 1n));

const LOW_BITS = 248n;
const LOW_MASK = (1n << LOW_BITS) - 1n;

/** Cold hashes a thread computes with @scure's walk before it builds the windowed tables. */
export const WINDOWED_AFTER = 128;
/** Window of the precomputed tables of P1 and P3 (2^(w−1) points per window, 248/w windows). */
const WINDOW = 8;
/** Distinct x kept with their partial sums (a contract hashes few mapping bases, many keys). */
const X_PARTS = 256;

type StarkPoint = typeof SHIFT;
let coldHashes = 0;
let highP2: StarkPoint[] | undefined;
let highP4: StarkPoint[] | undefined;
const xParts = new Map<bigint, StarkPoint>();

/** [0·p, 1·p, …, 15·p]: the multiples a 4-bit high part can pick. */
function multiplesUpTo15(p: StarkPoint): StarkPoint[] {
  const out = [Point.ZERO];
  for (let i = 1; i < 16; i++) out.push(out[i - 1].add(p));
  return out;
}

function buildTables(): void {
  P1.precompute(WINDOW, false);
  P3.precompute(WINDOW, false);
  highP2 = multiplesUpTo15(P2);
  highP4 = multiplesUpTo15(P4);
}

/**
 * shift + low(x)·P1 + high(x)·P2. Storage addresses of a mapping are pedersen(base, key) with the
 * same base for every key, so this half is kept per x.
 */
function xPart(x: bigint): StarkPoint {
  let part = xParts.get(x);
  if (part === undefined) {
    part = SHIFT.add(P1.multiplyUnsafe(x & LOW_MASK)).add(highP2![Number(x >> LOW_BITS)]);
    if (xParts.size >= X_PARTS) xParts.clear();
    xParts.set(x, part);
  }
  return part;
}

/** The windowed hash of two field elements (0 ≤ x, y < P); builds the tables on first use. */
export function windowedPedersen(x: bigint, y: bigint): bigint {
  if (highP2 === undefined) buildTables();
  const sum = xPart(x)
    .add(P3.multiplyUnsafe(y & LOW_MASK))
    .add(highP4![Number(y >> LOW_BITS)]);
  return sum.toAffine().x;
}

/**
 * pedersen(x, y) as a bigint. Inputs outside the field go to @scure/starknet, which rejects them
 * with its own error.
 */
export function pedersenOf(x: bigint, y: bigint): bigint {
  if (x < 0n || y < 0n || x >= FIELD || y >= FIELD) return BigInt(scurePedersen(x, y));
  if (highP2 === undefined && coldHashes < WINDOWED_AFTER) {
    coldHashes++;
    return BigInt(scurePedersen(x, y));
  }
  return windowedPedersen(x, y);
}
