import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValueIds } from '../../../engine/stm/value-ids';

describe('ValueIds', () => {
  it('gives ids in first-seen order, the same id to equal values, across the exact/wide split', () => {
    const edge = [
      0n,
      1n,
      -1n,
      2n ** 53n - 1n,
      -(2n ** 53n - 1n),
      2n ** 53n,
      -(2n ** 53n),
      2n ** 251n,
    ];
    const anyBig = fc.oneof(
      fc.constantFrom(...edge),
      fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
      fc.bigInt({ min: 0n, max: 2n ** 252n }),
      fc.integer({ min: 0, max: 40 }).map(BigInt),
    );
    fc.assert(
      fc.property(fc.array(anyBig, { maxLength: 3000 }), (vs) => {
        const t = new ValueIds();
        const ref = new Map<bigint, number>();
        for (const v of vs) {
          // fresh objects: equal values, never the same bigint object
          const fresh = BigInt(v.toString());
          if (!ref.has(v)) ref.set(v, ref.size);
          expect(t.idOf(fresh)).toBe(ref.get(v));
        }
        expect(t.size).toBe(ref.size);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every id through many rehashes', () => {
    const t = new ValueIds();
    for (let i = 0; i < 50_000; i++) expect(t.idOf(BigInt(i * 7919 - 100_000))).toBe(i);
    for (let i = 0; i < 50_000; i += 997) expect(t.idOf(BigInt(i * 7919 - 100_000))).toBe(i);
    expect(t.size).toBe(50_000);
  });
});
