import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Memory,
  P,
  mkRel,
  memoryFileChunks,
  memoryToBytes,
  parseCairo0,
  readMemory,
  relocateMemory,
  relocatedMemoryBytes,
  runCairo0,
  runProgram,
  traceFileChunks,
  traceToBytes,
} from '../../../engine/vm/index';

const FIX = resolve(__dirname, '../../../../shared/fixtures');

/** The reference path: one bigint per cell. */
const slowBytes = (m: Memory) => Buffer.from(memoryToBytes(relocateMemory(m)));

describe('relocated memory export from the segments', () => {
  it('matches the bigint path on holes, big felts, pointers and 2^32-boundary values', () => {
    const m = new Memory();
    for (let i = 0; i < 4; i++) m.addSegment();
    m.set(0, 0, 0x208b7fff7fff7ffen);
    m.set(0, 2, 4294967295);
    m.set(0, 3, 4294967296);
    m.set(1, 1, P - 1n);
    m.set(1, 2, 2 ** 53 - 1);
    m.set(1, 5, mkRel(3, 7));
    m.set(2, 0, mkRel(0, 2));
    m.set(3, 9, 0);
    m.set(3, 10, 2n ** 200n + 12345n);
    const fast = Buffer.from(relocatedMemoryBytes(m));
    expect(fast.equals(slowBytes(m))).toBe(true);
    const back = readMemory(fast);
    expect(back.addrs).toEqual([1, 3, 4, 6, 7, 10, 11, 21, 22]);
    // 1:5 holds 3:7; segment 3 starts after 4 + 6 + 1 cells, at 12, so 3:7 → 19; 2:0 holds 0:2 → 3
    expect(back.values[5]).toBe(19n);
    expect(back.values[6]).toBe(3n);
    expect(back.values[3]).toBe(P - 1n);
  });

  it.skipIf(!existsSync(FIX))('matches the bigint path on real Cairo 0 runs', () => {
    for (const f of ['fibonacci', 'pedersen_test', 'big_struct', 'bitwise_builtin_test']) {
      const p = parseCairo0(readFileSync(join(FIX, `cairo0/programs/${f}.json`), 'utf8'));
      const r = runCairo0(p);
      expect(Buffer.from(relocatedMemoryBytes(r.vm.mem)).equals(slowBytes(r.vm.mem))).toBe(true);
    }
  });

  it('gives the same bytes in chunks, whatever their size, with large felts copied across chunks', () => {
    // a Fibonacci loop (as the bench's): past the 78th number the felts are large, and each is
    // held by the sum's cell and a copy's
    const fib = `
      [ap] = 0, ap++;
      [ap] = 1, ap++;
      [ap] = [fp + -3], ap++;
      loop:
      [ap] = [ap + -2], ap++;
      [ap] = [ap + -4] + [ap + -3], ap++;
      [ap] = [ap + -3] + -1, ap++;
      jmp loop if [ap + -1] != 0;
      [ap] = [ap + -3], ap++;
      ret;`;
    const r = runProgram(fib, { args: [200n], nReturn: 1 });
    expect(r.returnValues[0]).toBe(280571172992510140037611932413038677189525n);
    const whole = slowBytes(r.vm.mem);
    expect(whole.length).toBeGreaterThan(40 * 300);
    for (const cells of [1, 3, 7, 64, 100_000]) {
      // each chunk reuses the buffer: copy it before asking for the next
      const parts: Buffer[] = [];
      for (const c of memoryFileChunks(r.vm.mem, undefined, cells)) parts.push(Buffer.from(c));
      expect(parts.every((p) => p.length <= cells * 40)).toBe(true);
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
    }
  });

  it('gives the trace file in chunks', () => {
    const rel = new Uint32Array(3 * 1000).map((_, i) => (i * 2654435761) >>> 0);
    const parts = [...traceFileChunks(rel, 77)].map((c) => Buffer.from(c));
    expect(Buffer.concat(parts).equals(Buffer.from(traceToBytes(rel)))).toBe(true);
  });
});
