import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pedersen } from '@scure/starknet';
import { WINDOWED_AFTER, pedersenOf, windowedPedersen } from '../../../engine/vm/builtins/pedersen';
import { P } from '../../../engine/vm/felt';

const reference = (x: bigint, y: bigint) => BigInt(pedersen(x, y));
const felt = fc.bigInt({ min: 0n, max: P - 1n });

describe('windowed pedersen', () => {
  // first in the file: no test has built the windowed tables yet (module state)
  it('pedersenOf gives the same hashes before and after it switches to the windowed tables', () => {
    // spread over the field, so both inputs' top 4 bits vary
    const spread = (i: number, m: bigint) => ((BigInt(i) + 1n) * m) % P;
    const inputs = Array.from({ length: WINDOWED_AFTER + 20 }, (_, i) => [
      spread(i, 0x9e3779b97f4a7c15f39cc0605cedc8349e3779b97f4a7c15f39cc0605cedc83n),
      spread(i, 0x7f4a7c15f39cc0605cedc8349e3779b97f4a7c15f39cc0605cedc8349e3779bn),
    ]);
    for (const [x, y] of inputs) expect(pedersenOf(x, y)).toBe(reference(x, y));
  });

  it('equals @scure/starknet on the edges of the low/high split and of the field', () => {
    const edges = [
      0n,
      1n,
      2n,
      15n,
      2n ** 248n - 1n,
      2n ** 248n,
      2n ** 248n + 1n,
      2n ** 250n,
      P - 1n,
    ];
    for (const x of edges)
      for (const y of edges) expect(windowedPedersen(x, y), `${x}, ${y}`).toBe(reference(x, y));
  });

  it('equals @scure/starknet on random field elements', () => {
    fc.assert(
      fc.property(felt, felt, (x, y) => windowedPedersen(x, y) === reference(x, y)),
      { numRuns: 60 },
    );
  });

  it('rejects inputs outside the field like @scure/starknet', () => {
    expect(() => pedersenOf(P, 1n)).toThrow(RangeError);
    expect(() => pedersenOf(1n, -1n)).toThrow(RangeError);
  });
});
