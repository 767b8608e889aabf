import { describe, expect, it } from 'vitest';
import { classCell, nonceCell, parseCell, storageCell } from '../../../engine/types';

describe('cell keys', () => {
  it('are canonical lowercase hex, the same with or without the memo', () => {
    expect(storageCell(0xabcn, 0x0fn)).toBe('s:0xabc:0xf');
    expect(storageCell(0xabcn, 0x0fn)).toBe('s:0xabc:0xf'); // memoized
    expect(storageCell(0xabcn, 0x10n)).toBe('s:0xabc:0x10');
    expect(storageCell(0xabdn, 0x0fn)).toBe('s:0xabd:0xf');
    expect(nonceCell(0n)).toBe('n:0x0');
    expect(classCell(0x20n)).toBe('c:0x20');
    expect(parseCell(storageCell(7n, 9n))).toEqual({ kind: 'storage', contract: 7n, key: 9n });
  });

  it('stay correct after the memo evicts (more than 65,536 distinct keys)', () => {
    const first = storageCell(1n, 1n);
    for (let i = 0; i < 70_000; i++) {
      const k = BigInt(i) * 0x1_0000_0001n;
      expect(storageCell(5n, k)).toBe(`s:0x5:0x${k.toString(16)}`);
    }
    expect(storageCell(1n, 1n)).toBe(first);
    expect(nonceCell(5n)).toBe('n:0x5');
    expect(classCell(5n)).toBe('c:0x5');
  });
});
