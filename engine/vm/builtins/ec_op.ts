import { Point } from '@scure/starknet';
import type { Memory } from '../memory';
import { normBig } from '../felt';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';
import { curvePoint } from './point-tables';

/** Stark curve order. */
export const CURVE_ORDER = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;
export const ALPHA = 1n;
export const BETA = 0x6f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89n;

/** ec_op: cells (p.x, p.y, q.x, q.y, m, r.x, r.y) with r = p + m·q on the Stark curve. */
export function ecOpBuiltin(mem: Memory): Builtin {
  const b = simpleBuiltin('ec_op', mem, 7);
  let cacheInst = -1;
  let cache: [bigint, bigint] = [0n, 0n];
  mem.deducers[b.segment] = (m, off) => {
    const k = off % 7;
    if (k < 5) return undefined;
    const base = off - k;
    if (cacheInst !== base) {
      const v = [0, 1, 2, 3, 4].map((i) => feltIn(m, b.segment, base + i, 'ec_op'));
      if (v.some((x) => x === undefined)) return undefined;
      const [px, py, qx, qy, s] = v as bigint[];
      let p, q;
      try {
        p = Point.fromAffine({ x: px, y: py });
        p.assertValidity();
        q = curvePoint(qx, qy); // multiplied: tables once reused
      } catch {
        throw new VmError('Builtin', `ec_op: point not on the curve at ${b.segment}:${base}`);
      }
      const sm = s % CURVE_ORDER;
      const r = sm === 0n ? p : p.add(q.multiplyUnsafe(sm));
      if (r.is0())
        throw new VmError(
          'Builtin',
          `ec_op: result is the point at infinity at ${b.segment}:${base}`,
        );
      const a = r.toAffine();
      cache = [a.x, a.y];
      cacheInst = base;
    }
    return normBig(cache[k - 5]);
  };
  return b;
}
