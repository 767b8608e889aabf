/**
 * The two hashes a transaction hash is built from, fast enough to check every transaction of a
 * block on import.
 *
 * starknet.js computes them with @scure/starknet: a Pedersen hash there walks 252 bits per
 * input (1–3 ms), and its Poseidon permutation multiplies by the MDS matrix entry by entry with
 * a reduction per step. Checked that way, mainnet block 65000 (236 transactions) took 8.5 s and
 * Sepolia-integration block 3077642 (201 INVOKE v3) 0.7 s, against 0.8 s and 10 ms for the rest
 * of its import. Here:
 *  - Pedersen is engine/vm's `pedersenOf` (windowed tables, ≈ 5× faster once built);
 *  - the Poseidon permutation (Hades, width 3: 4 full, 83 partial, 4 full rounds, MDS
 *    [[3, 1, 1], [1, −1, 1], [1, 1, −2]]) uses @scure/starknet's own round constants but applies
 *    the MDS matrix as additions (t = a + b + c; a' = t + 2a, b' = t − 2b, c' = t − 3c) and, in
 *    the partial rounds, reduces only the cubed element every round and the other two every 16
 *    (they grow by ≈ 2 bits a round): ≈ 2–2.5× faster. The sponge (padding, rate 2) is @scure's
 *    `poseidonHashMany`, given this permutation.
 * Both are checked against @scure/starknet in test/unit/blocks/tx-hash-rules.test.ts.
 */
import { Fp251, poseidonBasic, poseidonHashMany } from '@scure/starknet';
import { pedersenOf } from '../../vm/builtins/pedersen';

const P = Fp251.ORDER;
const FULL_HALF = 4;
const PARTIAL = 83;

let constants: bigint[] | undefined;

/** @scure's round constants of Starknet's Poseidon, flattened (3 per round), built on first use. */
function roundConstants(): bigint[] {
  if (constants) return constants;
  const ref = poseidonBasic(
    { Fp: Fp251, rate: 2, capacity: 1, roundsFull: 2 * FULL_HALF, roundsPartial: PARTIAL },
    [
      [3n, 1n, 1n],
      [1n, -1n, 1n],
      [1n, 1n, -2n],
    ],
  ) as unknown as { roundConstants: bigint[][] };
  constants = ref.roundConstants.flat();
  return constants;
}

const cube = (x: bigint) => ((x * x) % P) * x;

/** Starknet's Poseidon permutation of [a, b, c] (same results as @scure's `poseidonSmall`). */
export function hades(state: bigint[]): bigint[] {
  const rc = roundConstants();
  let [a, b, c] = state;
  let r = 0;
  for (let round = 0; round < 2 * FULL_HALF + PARTIAL; round++, r += 3) {
    const full = round < FULL_HALF || round >= FULL_HALF + PARTIAL;
    // values stay a few dozen bits over P between reductions: squaring them first is cheaper
    // than reducing them first
    if (full) {
      a = cube(a + rc[r]);
      b = cube(b + rc[r + 1]);
      c = cube(c + rc[r + 2]);
    } else {
      a += rc[r];
      b += rc[r + 1];
      c = cube(c + rc[r + 2]) % P;
    }
    const t = a + b + c;
    a = t + a + a;
    b = t - b - b;
    c = t - c - c - c;
    if (full || round % 16 === 15) {
      a %= P;
      b %= P;
    }
    if (full) c %= P;
  }
  // `%` keeps the sign of a negative value: bring each into [0, P)
  return [a, b, c].map((x) => (x < 0n ? x + P : x));
}
// what @scure's sponge reads off its permutation
Object.assign(hades, { m: 3, rate: 2, capacity: 1 });

/** Poseidon of a list of felts (starknet.js `computePoseidonHashOnElements`). */
export function poseidonMany(xs: bigint[]): bigint {
  return poseidonHashMany(xs, hades as Parameters<typeof poseidonHashMany>[1]);
}

/**
 * Pedersen of a list of felts: a chain from 0 over the elements and then their count
 * (starknet.js `computeHashOnElements`).
 */
export function pedersenMany(xs: bigint[]): bigint {
  let h = 0n;
  for (const x of xs) h = pedersenOf(h, x);
  return pedersenOf(h, BigInt(xs.length));
}
