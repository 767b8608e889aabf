import { describe, expect, it } from 'vitest';
import { P, feltAdd, feltSub, mkRel, type Val } from '../../../engine/vm/index';
import { Segment, addCodes, subSmallCode } from '../../../engine/vm/segment';

const TWO_53 = 2n ** 53n;

/** Felts that sit at the edges the limb arithmetic must get right, and random ones. */
function samples(): bigint[] {
  const out = [0n, 1n, TWO_53 - 1n, TWO_53, TWO_53 + 1n, 2n ** 64n - 1n, 2n ** 64n, P - 1n, P - 2n];
  out.push(P - TWO_53, P - TWO_53 + 1n, 2n ** 251n, 2n ** 192n * 17n, (P - 1n) / 2n);
  let x = 0x1234_5678_9abc_def0n;
  for (let i = 0; i < 40; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % P;
    out.push(i % 3 === 0 ? x % 2n ** 60n : x);
  }
  return out;
}

/** A felt as the canonical `Val` (number below 2^53). */
const canon = (b: bigint): Val => (b < TWO_53 ? Number(b) : b);

describe('segment cells', () => {
  it('stores and reads back small felts, pointers, large felts and holes', () => {
    const s = new Segment();
    const vals: Val[] = [0, 1, 2 ** 53 - 1, mkRel(0, 0), mkRel(5, 2 ** 32 - 1), P - 1n, 2n ** 53n];
    vals.forEach((v, i) => s.put(2 * i, v));
    vals.forEach((v, i) => {
      expect(s.get(2 * i)).toBe(v);
      expect(s.get(2 * i + 1)).toBe(undefined);
    });
    expect(s.get(-1)).toBe(undefined);
    expect(s.get(1000)).toBe(undefined);
    expect(s.countKnown()).toBe(vals.length);
  });

  it('adds on limbs exactly as the bigint felt addition, canonical results included', () => {
    const s = new Segment();
    const xs = samples();
    for (const a of xs)
      for (const b of xs) {
        if (a < TWO_53 && b < TWO_53) continue; // small sums never reach the limb path alone
        s.put(0, canon(a));
        s.put(1, canon(b));
        const code = addCodes(s, s.code(0), s.code(1));
        s.putCode(2, code);
        const sum = feltAdd(canon(a), canon(b));
        expect(s.get(2)).toBe(sum);
        // again with the sum as an operand (its limbs entry when it is large)
        s.putCode(3, addCodes(s, s.code(2), s.code(1)));
        expect(s.get(3)).toBe(feltAdd(sum, canon(b)));
        if (typeof sum === 'bigint') {
          s.putCode(4, subSmallCode(s, s.code(2), 7));
          expect(s.get(4)).toBe(feltSub(sum, 7));
        }
        s.truncate(0);
      }
  });

  it('subtracts a small felt from a large one on limbs', () => {
    const s = new Segment();
    for (const a of samples().filter((x) => x >= TWO_53))
      for (const k of [1, 2, 3, 2 ** 32, 2 ** 53 - 1, 123456789]) {
        s.put(0, a);
        s.putCode(1, subSmallCode(s, s.code(0), k));
        expect(s.get(1)).toBe(feltSub(a, k));
        s.truncate(0);
      }
  });
});

describe('segments cut from shared buffers (slab.ts)', () => {
  it('keeps many interleaved, growing segments apart: each reads back only its own cells', () => {
    // 40 segments written in turn, so their buffers (and the limbs tables of their sums) are cut
    // from the same slabs and re-cut as they grow; a write through one view must never show in another
    const segs = Array.from({ length: 40 }, () => new Segment());
    const want = segs.map(() => new Map<number, bigint>());
    for (let round = 0; round < 300; round++) {
      segs.forEach((s, i) => {
        const off = round * 2 + (i % 2);
        const big = (BigInt(i + 1) << 200n) + BigInt(round);
        s.put(off, canon(big));
        // a sum on limbs (a `limbs` entry): read back through the segment's u64 view
        const c = addCodes(s, s.code(off), s.code(off));
        s.putCode(off + 10_000, c);
        want[i].set(off, big).set(off + 10_000, (2n * big) % P);
      });
    }
    segs.forEach((s, i) => {
      for (const [off, v] of want[i]) expect(s.get(off)).toBe(canon(v));
      expect(s.countKnown()).toBe(want[i].size);
    });
  });

  it('hands out zero-filled cells: a new segment after many others reads unknown everywhere', () => {
    for (let i = 0; i < 200; i++) new Segment().put(50, 7);
    const s = new Segment();
    s.reserve(64);
    for (let o = 0; o < 64; o++) expect(s.get(o)).toBe(undefined);
  });
});
