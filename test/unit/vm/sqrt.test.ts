/**
 * Square roots in the Stark field (felt.ts: table-based discrete log on the 2^192-order part)
 * against Euler's criterion and the root's square, on random and edge-case values; and the
 * generic Tonelli–Shanks path on another prime.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { P, sqrtMod } from '../../../engine/vm/index';
import { powMod } from '../../../engine/vm/felt';

const isSquare = (a: bigint, p: bigint) => a === 0n || powMod(a, (p - 1n) / 2n, p) === 1n;
const felt = fc.oneof(
  fc.bigInt({ min: 0n, max: P - 1n }),
  fc.constantFrom(0n, 1n, 2n, 3n, 4n, P - 1n, P - 4n, 2n ** 192n, 2n ** 251n),
);

describe('sqrtMod in the Stark field', () => {
  it('returns a root exactly when the value is a square', () => {
    fc.assert(
      fc.property(felt, (a) => {
        const r = sqrtMod(a);
        if (!isSquare(a, P)) expect(r).toBeUndefined();
        else expect((r! * r!) % P).toBe(a);
      }),
      { numRuns: 300 },
    );
  });
  it('finds the root of every square (squares of random values)', () => {
    fc.assert(
      fc.property(felt, (x) => {
        const a = (x * x) % P;
        const r = sqrtMod(a)!;
        expect(r === x || r === (P - x) % P).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('reduces its input and keeps the generic path for other primes', () => {
    expect(sqrtMod(P + 4n)).toBeDefined();
    expect(sqrtMod(P + 4n)! ** 2n % P).toBe(4n);
    const p = 2n ** 255n - 19n; // 2-adicity 2
    const r = sqrtMod(4n * 4n, p)!;
    expect((r * r) % p).toBe(16n);
  });
});
