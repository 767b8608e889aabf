/**
 * The two hashes a transaction hash is built from, fast enough to check every transaction of a
 * block on import.
 *
 * starknet.js computes Pedersen with @scure/starknet's plain double-and-add (252 bits per input,
 * 1–3 ms): checked that way, mainnet block 65000 (236 transactions) took 8.5 s against 0.8 s for
 * the rest of its import. Here Pedersen is engine/vm's `pedersenOf` (windowed tables over
 * @scure's points, ≈ 5× faster once built). Poseidon is @scure/starknet's, as in starknet.js:
 * its sponge (`poseidonHashMany`) over its permutation, which engine/vm builds once on first use
 * (`hadesPermutation`) rather than at import time. Both are checked against starknet.js in
 * test/unit/blocks/tx-hash-rules.test.ts.
 */
import { poseidonHashMany } from '@scure/starknet';
import { pedersenOf } from '../../vm/builtins/pedersen';
import { hadesPermutation } from '../../vm/builtins/hash';

/** @scure's permutation with the shape its sponge reads (width 3, rate 2). */
const permutation = Object.assign((state: bigint[]) => hadesPermutation(state), {
  m: 3,
  rate: 2,
  capacity: 1,
}) as unknown as Parameters<typeof poseidonHashMany>[1];

/** Poseidon of a list of felts (starknet.js `computePoseidonHashOnElements`). */
export function poseidonMany(xs: bigint[]): bigint {
  return poseidonHashMany(xs, permutation);
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
