/**
 * The secp256k1 / secp256r1 syscalls (New, Add, Mul, GetPointFromX, GetXy) on @noble/curves.
 * Point ids are indices, as in blockifier (crates/blockifier/src/execution/syscalls/secp.rs).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { p256 } from '@noble/curves/nist.js';
import { type Val, feltFromBig } from '../vm/felt';

const f = feltFromBig;
const U128 = 1n << 128n;

/** What the syscall table gives each secp implementation. */
export interface SecpRequest {
  felt(i: number): bigint;
}
export interface SecpHost {
  /** Points created so far in this transaction, per curve. */
  points(key: 'k1' | 'r1'): unknown[];
  /** Fail the syscall with 'Invalid argument'. */
  invalid(): never;
}
export type SecpDef = (
  name: string,
  nReq: number,
  impl: (host: SecpHost, r: SecpRequest) => Val[],
) => void;

interface CurvePoint {
  add(o: CurvePoint): CurvePoint;
  multiplyUnsafe(k: bigint): CurvePoint;
  toAffine(): { x: bigint; y: bigint };
  is0(): boolean;
  assertValidity(): void;
}
interface CurveApi {
  Point: {
    ZERO: CurvePoint;
    fromAffine(p: { x: bigint; y: bigint }): CurvePoint;
    Fp: { sqrt(x: bigint): bigint; create(x: bigint): bigint };
    CURVE(): { p: bigint; n: bigint; a: bigint; b: bigint };
  };
}

function defSecp(def: SecpDef, prefix: string, curve: CurveApi, key: 'k1' | 'r1'): void {
  const C = curve.Point.CURVE();
  const u256 = (h: SecpHost, r: SecpRequest, i: number) => {
    const lo = r.felt(i);
    const hi = r.felt(i + 1);
    if (lo >= U128 || hi >= U128) h.invalid();
    return lo | (hi << 128n);
  };
  const pts = (h: SecpHost) => h.points(key) as CurvePoint[];
  const point = (h: SecpHost, id: bigint) => {
    const p = pts(h)[Number(id)];
    if (p === undefined) h.invalid();
    return p;
  };
  const add = (h: SecpHost, p: CurvePoint) => f(BigInt(pts(h).push(p) - 1));
  def(`${prefix}New`, 4, (h, r) => {
    const x = u256(h, r, 0);
    const y = u256(h, r, 2);
    if (x >= C.p || y >= C.p) h.invalid();
    if (x === 0n && y === 0n) return [0, add(h, curve.Point.ZERO)];
    try {
      const p = curve.Point.fromAffine({ x, y });
      p.assertValidity();
      return [0, add(h, p)];
    } catch {
      return [1, 0];
    }
  });
  def(`${prefix}Add`, 2, (h, r) => [add(h, point(h, r.felt(0)).add(point(h, r.felt(1))))]);
  def(`${prefix}Mul`, 3, (h, r) => {
    const p = point(h, r.felt(0));
    const k = u256(h, r, 1) % C.n;
    return [add(h, k === 0n ? curve.Point.ZERO : p.multiplyUnsafe(k))];
  });
  def(`${prefix}GetPointFromX`, 3, (h, r) => {
    const x = u256(h, r, 0);
    const odd = r.felt(2) !== 0n;
    if (x >= C.p) h.invalid();
    const Fp = curve.Point.Fp;
    const rhs = Fp.create(x * x * x + C.a * x + C.b);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      return [1, 0];
    }
    if (Fp.create(y * y) !== rhs) return [1, 0];
    if (((y & 1n) === 1n) !== odd) y = C.p - y;
    return [0, add(h, curve.Point.fromAffine({ x, y }))];
  });
  def(`${prefix}GetXy`, 1, (h, r) => {
    const p = point(h, r.felt(0));
    const a = p.is0() ? { x: 0n, y: 0n } : p.toAffine();
    return [f(a.x % U128), f(a.x >> 128n), f(a.y % U128), f(a.y >> 128n)];
  });
}

export function defineSecpSyscalls(def: SecpDef): void {
  defSecp(def, 'Secp256k1', secp256k1 as unknown as CurveApi, 'k1');
  defSecp(def, 'Secp256r1', p256 as unknown as CurveApi, 'r1');
}
