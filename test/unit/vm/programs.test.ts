import { describe, expect, it } from 'vitest';
import { pedersen } from '@scure/starknet';
import {
  P,
  runProgram,
  Relocatable,
  VmError,
  assemble,
  disassembleText,
} from '../../../engine/vm/index';

const FIB = `
fib:
  [ap] = 0, ap++;
  [ap] = 1, ap++;
  [ap] = [fp + -3], ap++;
  jmp loop if [ap + -1] != 0;
  [ap] = [ap + -3], ap++;
  ret;
loop:
  [ap] = [ap + -2], ap++;
  [ap] = [ap + -4] + [ap + -3], ap++;
  [ap] = [ap + -3] + -1, ap++;
  jmp loop if [ap + -1] != 0;
  [ap] = [ap + -3], ap++;
  ret;
`;

const FACT = `
fact:
  jmp rec if [fp + -3] != 0;
  [ap] = 1, ap++;
  ret;
rec:
  [ap] = [fp + -3] + -1, ap++;
  call fact;
  [ap] = [ap + -1] * [fp + -3], ap++;
  ret;
`;

const SUM_RC = `
sum_rc:                          // (range_check_ptr, ptr, n) -> (range_check_ptr, sum)
  jmp body if [fp + -3] != 0;
  [ap] = [fp + -5], ap++;
  [ap] = 0, ap++;
  ret;
body:
  [ap] = [[fp + -4]], ap++;
  [fp + 0] = [[fp + -5]];        // range-check the element
  [ap] = [fp + -5] + 1, ap++;
  [ap] = [fp + -4] + 1, ap++;
  [ap] = [fp + -3] + -1, ap++;
  call sum_rc;
  [ap] = [ap + -2], ap++;
  [ap] = [ap + -2] + [fp + 0], ap++;
  ret;
`;

const CHAIN = `
chain:                           // (pedersen_ptr, h, n) -> (pedersen_ptr, h')
  jmp body if [fp + -3] != 0;
  [ap] = [fp + -5], ap++;
  [ap] = [fp + -4], ap++;
  ret;
body:
  [fp + -4] = [[fp + -5]];
  [fp + -3] = [[fp + -5] + 1];
  [ap] = [[fp + -5] + 2], ap++;
  [ap] = [fp + -5] + 3, ap++;
  [ap] = [fp + 0], ap++;
  [ap] = [fp + -3] + -1, ap++;
  call chain;
  ret;
`;

describe('assembly programs', () => {
  it('fibonacci', () => {
    for (const n of [0, 1, 2, 10, 1000]) {
      let [a, b] = [0n, 1n];
      for (let i = 0; i < n; i++) [a, b] = [b, (a + b) % P];
      const r = runProgram(FIB, { args: [BigInt(n)], nReturn: 1 });
      expect(r.returnValues).toEqual([a]);
    }
  });

  it('factorial (recursive calls, multiplication mod P)', () => {
    for (const n of [0, 1, 5, 20, 60]) {
      let f = 1n;
      for (let i = 2n; i <= BigInt(n); i++) f = (f * i) % P;
      const r = runProgram(FACT, { args: [BigInt(n)], nReturn: 1 });
      expect(r.returnValues).toEqual([f]);
    }
  });

  it('loop with range checks: sums an array, range-checking each element', () => {
    const arr = [5n, 7n, 2n ** 128n - 1n, 11n];
    const r = runProgram(SUM_RC, {
      builtins: ['range_check'],
      nReturn: 2,
      setup: (vm) => {
        const seg = vm.mem.addSegment();
        arr.forEach((v, i) => vm.mem.set(seg, i, v < 2n ** 53n ? Number(v) : v));
        return [new Relocatable(seg, 0), BigInt(arr.length)];
      },
    });
    expect(r.returnValues[1]).toBe(arr.reduce((a, b) => a + b) % P);
    expect((r.returnValues[0] as Relocatable).offset).toBe(4);
    expect(r.builtinUsage.range_check).toBe(4);
    // an element out of range fails with the range-check bound
    expect(() =>
      runProgram(SUM_RC, {
        builtins: ['range_check'],
        setup: (vm) => {
          const seg = vm.mem.addSegment();
          vm.mem.set(seg, 0, 2n ** 128n);
          return [new Relocatable(seg, 0), 1n];
        },
      }),
    ).toThrow(/range_check.*out of range/);
  });

  it('hash chain through the pedersen builtin', () => {
    const n = 8;
    let h = 42n;
    for (let k = n; k >= 1; k--) h = BigInt(pedersen(h, BigInt(k)));
    const r = runProgram(CHAIN, { builtins: ['pedersen'], args: [42n, BigInt(n)], nReturn: 2 });
    expect(r.returnValues[1]).toBe(h);
    expect(r.builtinUsage.pedersen).toBe(n);
  });

  it('an infinite loop stops at the step limit with a typed error', () => {
    try {
      runProgram('loop: jmp loop;', { stepLimit: 1000 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VmError);
      expect((e as VmError).kind).toBe('StepLimit');
      expect((e as VmError).pc).toBe(0);
      expect((e as VmError).instruction).toBe('jmp rel 0');
    }
  });

  it('an inconsistent write is reported with pc and instruction', () => {
    try {
      runProgram('[ap] = 1; [ap] = 2; ret;');
      expect.unreachable();
    } catch (e) {
      expect((e as VmError).kind).toBe('AssertEq');
      expect((e as VmError).pc).toBe(2);
      expect((e as VmError).message).toMatch(/1 != 2/);
    }
  });

  it('programs round-trip through the disassembler', () => {
    for (const src of [FIB, FACT, SUM_RC, CHAIN]) {
      const a = assemble(src);
      const b = assemble(disassembleText(a.bytecode));
      expect(b.bytecode).toEqual(a.bytecode);
    }
  });
});
