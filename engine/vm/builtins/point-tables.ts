/**
 * Curve points that ec_op multiplies again and again (the generator, an account's public key in
 * Cairo 1's `check_ecdsa_signature`) get precomputed multiplication tables as they are reused,
 * the way ecdsa.ts does for its keys: none at the first use, a 4-bit window table at the 2nd, an
 * 8-bit one at the 16th (noble keeps one table per point object, so an upgrade makes a fresh
 * point). Points are validated once, when first seen.
 */
import { Point } from '@scure/starknet';
import { MemoCache } from '../../memo';

type CurvePoint = InstanceType<typeof Point>;
interface Entry {
  point: CurvePoint;
  y: bigint;
  uses: number;
}
const SMALL_TABLE_AT = 2;
const LARGE_TABLE_AT = 128;

/** Points by x (both y share it: the entry keeps its own y and is replaced on a mismatch). */
export const EC_OP_POINT_CACHE = new MemoCache<bigint, Entry>(1024);

function make(x: bigint, y: bigint): CurvePoint {
  const p = Point.fromAffine({ x, y });
  p.assertValidity();
  return p;
}

/** The point (x, y), with tables once it is reused; throws when it is not on the curve. */
export function curvePoint(x: bigint, y: bigint): CurvePoint {
  let e = EC_OP_POINT_CACHE.get(x);
  if (e === undefined || e.y !== y) {
    e = { point: make(x, y), y, uses: 0 };
    EC_OP_POINT_CACHE.set(x, e);
  }
  const uses = ++e.uses;
  if (uses === SMALL_TABLE_AT || uses === LARGE_TABLE_AT) {
    const p = make(x, y);
    p.precompute(uses === SMALL_TABLE_AT ? 4 : 8, false);
    e.point = p;
  }
  return e.point;
}
