/**
 * The bitwise builtin's deduction (x&y, x^y, x|y) against bigint operators, for small felts (the
 * two-halves number path), large ones (bigints) and mixed; inputs of 2^251 or more are refused.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Memory, mkRel } from '../../../engine/vm/index';
import { bitwiseBuiltin } from '../../../engine/vm/builtins/bitwise';

const MAX_SAFE = 2 ** 53;
const canon = (b: bigint) => (b < BigInt(MAX_SAFE) ? Number(b) : b);
const small = fc.oneof(
  fc.integer({ min: 0, max: MAX_SAFE - 1 }),
  fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, MAX_SAFE - 1),
);
const felt = fc.oneof(small, fc.bigInt({ min: BigInt(MAX_SAFE), max: 2n ** 251n - 1n }));

function deduce(x: number | bigint, y: number | bigint) {
  const mem = new Memory();
  const b = bitwiseBuiltin(mem);
  mem.set(b.segment, 0, x);
  mem.set(b.segment, 1, y);
  return [2, 3, 4].map((k) => mem.getOrDeduce(b.segment, k));
}

describe('bitwise builtin', () => {
  it('deduces and, xor, or like bigint operators', () => {
    fc.assert(
      fc.property(felt, felt, (x, y) => {
        const [a, b] = [BigInt(x), BigInt(y)];
        expect(deduce(x, y)).toEqual([canon(a & b), canon(a ^ b), canon(a | b)]);
      }),
      { numRuns: 1000 },
    );
  });
  it('refuses pointers and inputs of 2^251 or more', () => {
    expect(() => deduce(mkRel(5, 1), 3)).toThrow(/relocatable/);
    expect(() => deduce(2n ** 251n, 3)).toThrow(/251 bits/);
  });
});
