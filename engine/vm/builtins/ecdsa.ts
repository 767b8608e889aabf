/**
 * ecdsa (signature) builtin: instances of 2 cells (public key, message). As in cairo-lang's
 * SignatureBuiltinRunner, a signature (r, s) must be registered for the instance before both cells
 * are known (Cairo 0: `ecdsa_builtin.add_signature`; Cairo 1 has no such hint — our project
 * extension `AddEcdsaSignature`, hints/ecdsa.ts, does it); once both cells are written the
 * signature is verified, and a missing or invalid signature is a `Builtin` error.
 *
 * Verification is cairo-lang's `verify(msg, r, s, public_key)` for a public key given as an x
 * coordinate: 1 ≤ r < 2^251, 1 ≤ s < n, w = s⁻¹ mod n with 1 ≤ w < 2^251, msg < 2^251, and
 * x(u1·G ± u2·Q) == r with u1 = msg·w, u2 = r·w (both y of Q are accepted). The curve arithmetic is
 * @scure/starknet's Stark curve `Point`. Decoded public keys are cached (bounded memo) and get
 * precomputed multiplication tables as they are reused (see keyPoint), and u1·G / u2·Q are computed
 * once for both candidate keys — instead of re-parsing the key and running scure's `verify` twice.
 */
import { Point } from '@scure/starknet';
import type { Memory } from '../memory';
import { invMod } from '../felt';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';
import { MemoCache } from '../../memo';

export const STARK_ORDER = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;
const FIELD_P = 2n ** 251n + 17n * 2n ** 192n + 1n;
const B251 = 1n << 251n;

type CurvePoint = InstanceType<typeof Point>;
interface KeyEntry {
  /** The key point (either y), or null when no curve point has this x. */
  point: CurvePoint | null;
  uses: number;
}
/** Decoded public keys by x coordinate. */
export const ECDSA_KEY_CACHE = new MemoCache<bigint, KeyEntry>(4096);

/**
 * Multiplication tables per key, paid for by use (timings on this machine): no table for a key
 * seen once (u2·Q ≈ 2.5 ms), a 4-bit window table from the 2nd use (≈ 22 ms once, then ≈ 0.9 ms),
 * an 8-bit one from the 16th use (≈ 94 ms once, then ≈ 0.25 ms) — accounts sign many transactions.
 * noble keeps one table per point object, so each upgrade decodes a fresh point.
 */
const SMALL_TABLE_AT = 2;
const LARGE_TABLE_AT = 16;

function decode(x: bigint): CurvePoint {
  return Point.fromHex('02' + x.toString(16).padStart(64, '0'));
}

function keyPoint(x: bigint): CurvePoint | null {
  let e = ECDSA_KEY_CACHE.get(x);
  if (e === undefined) {
    let point: CurvePoint | null = null;
    if (x > 0n && x < FIELD_P) {
      try {
        point = decode(x);
      } catch {
        point = null;
      }
    }
    e = { point, uses: 0 };
    ECDSA_KEY_CACHE.set(x, e);
  }
  const uses = ++e.uses;
  if (e.point && (uses === SMALL_TABLE_AT || uses === LARGE_TABLE_AT)) {
    const p = decode(x);
    p.precompute(uses === SMALL_TABLE_AT ? 4 : 8, false);
    e.point = p;
  }
  return e.point;
}

/** Stark ECDSA check of signature (r, s) on `msg` for the public key with x coordinate `pubX`. */
export function verifyStarkSignature(pubX: bigint, msg: bigint, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= B251 || s < 1n || s >= STARK_ORDER || msg < 0n || msg >= B251) return false;
  const w = invMod(s, STARK_ORDER);
  if (w < 1n || w >= B251) return false;
  const q = keyPoint(pubX);
  if (!q) return false;
  const u1 = (msg * w) % STARK_ORDER;
  const u2 = (r * w) % STARK_ORDER;
  // public data: the variable-time multiplication is fine (noble's own verify uses it too)
  const a = u1 === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(u1);
  const b = q.multiplyUnsafe(u2);
  const r1 = a.add(b);
  if (!r1.is0() && r1.toAffine().x === r) return true;
  const r2 = a.subtract(b); // the other y of the key
  return !r2.is0() && r2.toAffine().x === r;
}

export type SignatureMap = Map<number, [bigint, bigint]>;
const REGISTRY = new WeakMap<Memory, Map<number, SignatureMap>>();

/** Signatures registered for the ecdsa builtin whose segment is `segment` (undefined if none). */
export function ecdsaSignatures(mem: Memory, segment: number): SignatureMap | undefined {
  return REGISTRY.get(mem)?.get(segment);
}

function check(m: Memory, seg: number, base: number, signatures: SignatureMap): void {
  const pk = feltIn(m, seg, base, 'ecdsa');
  const msg = feltIn(m, seg, base + 1, 'ecdsa');
  if (pk === undefined || msg === undefined) return;
  const sig = signatures.get(base);
  if (!sig)
    throw new VmError(
      'Builtin',
      `ecdsa: no signature registered for the instance at ${seg}:${base} (AddEcdsaSignature / add_signature)`,
    );
  if (!verifyStarkSignature(pk, msg, sig[0], sig[1]))
    throw new VmError('Builtin', `ecdsa: invalid signature at ${seg}:${base}`);
}

/**
 * Register signature (r, s) for the instance at `off` of the ecdsa segment `segment`. If both
 * cells are already written, the signature is verified now.
 */
export function addEcdsaSignature(
  mem: Memory,
  segment: number,
  off: number,
  r: bigint,
  s: bigint,
): void {
  const sigs = ecdsaSignatures(mem, segment);
  if (!sigs) throw new VmError('HintError', `segment ${segment} is not an ecdsa builtin segment`);
  if (off % 2 !== 0)
    throw new VmError('HintError', `ecdsa pointer ${segment}:${off} is not at an instance start`);
  sigs.set(off, [r, s]);
  check(mem, segment, off, sigs);
}

export function ecdsaBuiltin(mem: Memory): Builtin & { signatures: SignatureMap } {
  const b = simpleBuiltin('ecdsa', mem, 2);
  const signatures: SignatureMap = new Map();
  let reg = REGISTRY.get(mem);
  if (!reg) REGISTRY.set(mem, (reg = new Map()));
  reg.set(b.segment, signatures);
  mem.validators[b.segment] = (m, off) => check(m, b.segment, off - (off % 2), signatures);
  return Object.assign(b, { signatures });
}
