/**
 * Fast paths for the two builtins the Starknet layer leans on, installed by the local CASM runner
 * in place of engine/vm's rules (same semantics, see the VM gaps in README):
 *  - pedersen: results memoized (storage keys repeat across a block's transactions);
 *  - ecdsa: Stark-curve signature check with a per-public-key precomputed multiplication table
 *    (the VM's rule re-parses and re-decompresses the key and tries verify twice per check).
 */
import { Point, pedersen as scurePedersen } from '@scure/starknet';
import { invMod } from '../vm/felt';

export const STARK_ORDER = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;
const FP = 2n ** 251n + 17n * 2n ** 192n + 1n;
const B251 = 1n << 251n;

const pedersenCache = new Map<string, bigint>();
export function pedersenHash(x: bigint, y: bigint): bigint {
  const k = x.toString(16) + ':' + y.toString(16);
  let v = pedersenCache.get(k);
  if (v === undefined) {
    v = BigInt(scurePedersen(x, y));
    if (pedersenCache.size > 200_000) pedersenCache.clear();
    pedersenCache.set(k, v);
  }
  return v;
}


type P = InstanceType<typeof Point>;
const keyCache = new Map<bigint, P | null>();

/** The curve point with x = publicKey (either y; the check tries ±Q), precomputed; null if none. */
function keyPoint(x: bigint): P | null {
  let q = keyCache.get(x);
  if (q !== undefined) return q;
  q = null;
  if (x > 0n && x < FP) {
    try {
      const hex = x.toString(16).padStart(64, '0');
      q = Point.fromHex('02' + hex);
      q.precompute(8, false);
    } catch {
      q = null;
    }
  }
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(x, q);
  return q;
}

/** Stark ECDSA check of (r, s) on `msg` for the Stark public key `pubX` (x coordinate). */
export function verifyStark(pubX: bigint, msg: bigint, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= B251 || s < 1n || s >= STARK_ORDER || msg < 0n || msg >= B251) return false;
  const w = invMod(s, STARK_ORDER);
  if (w >= B251) return false;
  const q = keyPoint(pubX);
  if (!q) return false;
  const u1 = (msg * w) % STARK_ORDER;
  const u2 = (r * w) % STARK_ORDER;
  const a = u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1);
  const b = q.multiply(u2);
  const R1 = a.add(b);
  if (!R1.is0() && R1.toAffine().x % STARK_ORDER === r) return true;
  const R2 = a.subtract(b); // the key's other y
  return !R2.is0() && R2.toAffine().x % STARK_ORDER === r;
}
