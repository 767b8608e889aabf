import { describe, expect, it } from 'vitest';
import { sortedIndices } from '@/lib/timeline-model';

/** The order the packed-key sort must reproduce: time, then prio, then index. */
function reference(time: Float64Array, prio: Uint8Array | null, n: number): number[] {
  const o = Array.from({ length: n }, (_, i) => i);
  return o.sort((a, b) => time[a] - time[b] || (prio ? prio[a] - prio[b] : 0) || a - b);
}

/** Deterministic pseudo-random numbers (a linear congruential generator), for repeatable data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('sortedIndices', () => {
  it('orders whole times with many ties by time, prio, index (the packed-key path)', () => {
    const r = lcg(7);
    const n = 5000;
    const time = Float64Array.from({ length: n }, () => Math.floor(r() * 50));
    const prio = Uint8Array.from({ length: n }, () => Math.floor(r() * 5));
    expect(Array.from(sortedIndices(time, prio, n))).toEqual(reference(time, prio, n));
    expect(Array.from(sortedIndices(time, null, n))).toEqual(reference(time, null, n));
  });

  it('orders fractional times (a real run in ms) by the comparator path', () => {
    const r = lcg(11);
    const n = 3000;
    const time = Float64Array.from({ length: n }, () => Math.round(r() * 400) / 8);
    const prio = Uint8Array.from({ length: n }, () => Math.floor(r() * 3));
    expect(Array.from(sortedIndices(time, prio, n))).toEqual(reference(time, prio, n));
  });

  it('falls back when the packed key would not be exact (huge times)', () => {
    const time = Float64Array.from([2 ** 50, 3, 2 ** 50, 0, 2 ** 49]);
    const prio = Uint8Array.from([1, 0, 0, 2, 1]);
    expect(Array.from(sortedIndices(time, prio, 5))).toEqual([3, 1, 4, 2, 0]);
  });

  it('sorts only the first n entries of longer arrays', () => {
    const time = Float64Array.from([5, 1, 3, 0, 0]);
    expect(Array.from(sortedIndices(time, null, 3))).toEqual([1, 2, 0]);
  });
});
