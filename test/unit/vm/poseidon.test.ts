/** The poseidon builtin's lazily built permutation (builtins/hash.ts) equals @scure's poseidonSmall. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { poseidonSmall } from '@scure/starknet';
import { P } from '../../../engine/vm/index';
import { hadesPermutation } from '../../../engine/vm/builtins/hash';

describe('poseidon permutation', () => {
  it('matches @scure/starknet poseidonSmall', () => {
    const felt = fc.bigInt({ min: 0n, max: P - 1n });
    fc.assert(
      fc.property(felt, felt, felt, (a, b, c) => {
        expect(hadesPermutation([a, b, c])).toEqual(poseidonSmall([a, b, c]));
      }),
      { numRuns: 50 },
    );
  });
});
