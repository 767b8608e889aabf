/**
 * ec_op's reused points (builtins/point-tables.ts): the point with its 4-bit table (2nd use) and
 * its 8-bit table (128th use) multiplies like a fresh point; off-curve points are refused; the
 * other point with the same x is a different entry.
 */
import { describe, expect, it } from 'vitest';
import { Point } from '@scure/starknet';
import { curvePoint, EC_OP_POINT_CACHE } from '../../../engine/vm/builtins/point-tables';

const { x, y } = Point.BASE.multiply(987654321n).toAffine();
const P = 2n ** 251n + 17n * 2n ** 192n + 1n;

describe('ec_op point tables', () => {
  it('multiplies the same with and without tables', () => {
    const fresh = Point.fromAffine({ x, y });
    for (let use = 1; use <= 130; use++) {
      const k = (BigInt(use) * 0x1234567890abcdef1234567890abcdefn) ** 2n % 2n ** 250n;
      const q = curvePoint(x, y);
      if (use % 16 === 1 || use === 2 || use === 128)
        expect(q.multiplyUnsafe(k).equals(fresh.multiplyUnsafe(k))).toBe(true);
    }
  });
  it('keeps (x, y) and (x, −y) apart, and refuses points off the curve', () => {
    const neg = curvePoint(x, P - y);
    expect(neg.toAffine().y).toBe(P - y);
    expect(curvePoint(x, y).toAffine().y).toBe(y);
    expect(() => curvePoint(x, y + 1n)).toThrow();
    expect(EC_OP_POINT_CACHE.get(x)?.y).toBe(y);
  });
});
