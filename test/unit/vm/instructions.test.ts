import { describe, expect, it } from 'vitest';
import {
  P,
  assemble,
  decodeInstruction,
  disassembleWord,
  runProgram,
  VirtualMachine,
  Memory,
  VmError,
  feltAdd,
  feltSub,
  feltMul,
  feltDiv,
  mkRel,
  valAdd,
  valSub,
  Relocatable,
} from '../../../engine/vm/index';

const word = (s: string) => assemble(s).bytecode;

describe('felts and memory', () => {
  it('fast path and bigint path agree', () => {
    expect(feltAdd(2 ** 52, 2 ** 52)).toBe(2n ** 53n);
    expect(feltSub(0, 1)).toBe(P - 1n);
    expect(feltAdd(P - 1n, 2)).toBe(1);
    expect(feltMul(2 ** 40, 2 ** 40)).toBe(2n ** 80n);
    expect(feltMul(feltDiv(1, 3), 3)).toBe(1);
  });
  it('write-once memory with a clear error', () => {
    const m = new Memory();
    const s = m.addSegment();
    m.set(s, 0, 5);
    m.set(s, 0, 5);
    expect(() => m.set(s, 0, 6)).toThrow(
      /inconsistent memory write at 0:0: cell holds 5, attempted 6/,
    );
  });
  it('relocatable arithmetic', () => {
    expect(valAdd(mkRel(3, 4), 2)).toBe(mkRel(3, 6));
    expect(valAdd(mkRel(3, 4), P - 1n)).toBe(mkRel(3, 3));
    expect(valSub(mkRel(3, 4), mkRel(3, 1))).toBe(3);
    expect(() => valAdd(mkRel(1, 0), mkRel(1, 0))).toThrow(VmError);
  });
});

describe('instruction decoding', () => {
  it('decodes the flag fields of known words', () => {
    const ret = decodeInstruction(0x208b7fff7fff7ffen);
    expect([ret.offDst, ret.offOp0, ret.offOp1, ret.opcode, ret.pcUpdate]).toEqual([
      -2, -1, -1, 2, 1,
    ]);
    expect(disassembleWord(0x208b7fff7fff7ffen)).toBe('ret');
    expect(disassembleWord(0x480680017fff8000n, 5)).toBe('[ap + 0] = 5, ap++');
    expect(disassembleWord(0x1104800180018000n, 12)).toBe('call rel 12');
    expect(disassembleWord(0x40780017fff7fffn, 3)).toBe('ap += 3');
    expect(disassembleWord(0x20680017fff7fffn, 4)).toBe('jmp rel 4 if [ap + -1] != 0');
    expect(() => decodeInstruction(1n << 63n)).toThrow(VmError);
  });
  it('assembler encodes what the compiler emits', () => {
    expect(word('ret;')).toEqual([0x208b7fff7fff7ffen]);
    expect(word('[ap + 0] = 5, ap++;')).toEqual([0x480680017fff8000n, 5n]);
    expect(word('call rel 3;')).toEqual([0x1104800180018000n, 3n]);
    expect(word('jmp rel -1;')).toEqual([0x10780017fff7fffn, P - 1n]);
    expect(word('[ap] = [fp + -3], ap++;')).toEqual([0x480a7ffd7fff8000n]);
  });
});

describe('instruction semantics', () => {
  const regs = (src: string, args: bigint[] = []) => {
    const r = runProgram(src + '\nret;', { args, stepLimit: 100, nReturn: 0 });
    return r.vm;
  };
  it('assert_eq with immediate, add, mul, and deduction of op0 / op1', () => {
    const vm = regs(
      `[ap] = 7, ap++;
       [ap] = [ap + -1] + 3, ap++;
       [ap] = [ap + -1] * [ap + -2], ap++;
       [ap + -1] = [ap] + 50;       // op0 unknown: [ap] = 70 - 50
       [ap + 1] = [ap] * 5;         // dst unknown? no: dst [ap+1] unknown, op0 [ap] known → 100
       [ap + -1] = [ap + 2] * 7;    // op0 = 70 / 7 (field division)
       ap += 3;`,
    );
    const fp = vm.fp;
    expect([0, 1, 2, 3, 4, 5].map((k) => vm.mem.get(1, fp + k))).toEqual([7, 10, 70, 20, 100, 10]);
  });
  it('double dereference reads through a pointer', () => {
    const r = runProgram('[ap] = [[fp + -3] + 1], ap++; ret;', {
      nReturn: 1,
      setup: (vm: VirtualMachine) => {
        const s = vm.mem.addSegment();
        vm.mem.set(s, 0, 11);
        vm.mem.set(s, 1, 22);
        return [new Relocatable(s, 0)];
      },
    });
    expect(r.returnValues).toEqual([22n]);
  });
  it('jumps: rel, abs (label), jnz taken / not taken', () => {
    const r = runProgram(
      `jmp rel 4;
       [ap] = 1, ap++;      // skipped
       [ap] = 0, ap++;
       jmp skip if [ap + -1] != 0;   // not taken
       [ap] = 5, ap++;
       jmp abs done;
       skip: [ap] = 6, ap++;
       done: ret;`,
      { nReturn: 2 },
    );
    expect(r.returnValues).toEqual([0n, 5n]);
  });
  it('call / ret maintain the frame', () => {
    const r = runProgram(
      `[ap] = 4, ap++;
       call abs double;
       ret;
       double: [ap] = [fp + -3] + [fp + -3], ap++;
       ret;`,
      { nReturn: 1 },
    );
    expect(r.returnValues).toEqual([8n]);
    expect(r.vm.fp).toBeGreaterThanOrEqual(0);
  });
  it('ap += negative and large immediates', () => {
    const r = runProgram(
      `[ap] = -1, ap++; [ap] = ${2n ** 200n}, ap++; ap += 2; ap += -1; [ap] = 3, ap++; ret;`,
      { nReturn: 1 },
    );
    const fp = r.vm.fp;
    expect(r.vm.mem.get(1, fp)).toBe(P - 1n);
    expect(r.vm.mem.get(1, fp + 1)).toBe(2n ** 200n);
    expect(r.vm.mem.get(1, fp + 2)).toBe(undefined);
    expect(r.returnValues).toEqual([3n]);
    expect(r.vm.ap - fp).toBe(4);
  });
  it('negative immediates: felt and pointer sums, wrap-around below 0, backward jumps', () => {
    // the step loop adds a small negative immediate without bigints; each case must equal valAdd
    const r = runProgram(
      `[ap] = [fp + -4] + -2, ap++;     // 5 - 2 = 3
       [ap] = [fp + -4] + -7, ap++;     // 5 - 7 wraps to P - 2
       [ap] = [fp + -3] + -1, ap++;     // pointer (seg 2, offset 3) - 1
       [ap] = 3, ap++;
       loop: [ap] = [ap + -1] + -1, ap++;
       jmp loop if [ap + -1] != 0;       // jnz with a negative immediate offset
       ret;`,
      {
        args: [5n],
        nReturn: 5,
        setup: (vm: VirtualMachine) => [new Relocatable(vm.mem.addSegment(), 3)],
      },
    );
    const fp = r.vm.fp;
    expect(r.vm.mem.get(1, fp)).toBe(3);
    expect(r.vm.mem.get(1, fp + 1)).toBe(P - 2n);
    expect(r.vm.mem.get(1, fp + 2)).toBe(valAdd(mkRel(2, 3), P - 1n)); // = mkRel(2, 2)
    expect(r.vm.mem.get(1, fp + 2)).toBe(mkRel(2, 2));
    expect(r.returnValues.slice(2).map(String)).toEqual(['2', '1', '0']);
  });
  it('a pointer minus more than its offset is an error, as in valAdd', () => {
    const src = '[ap] = [fp + -3] + -4, ap++; ret;';
    expect(() =>
      runProgram(src, { setup: (vm) => [new Relocatable(vm.mem.addSegment(), 3)] }),
    ).toThrow(/offset overflow/);
  });
  it('call rel and jmp rel backwards', () => {
    const r = runProgram(
      `jmp rel 5;
       f: [ap] = 9, ap++;
       ret;
       call rel -3;
       ret;`,
      { entry: 0, nReturn: 1 },
    );
    expect(r.returnValues).toEqual([9n]);
  });
  it('unknown operand errors carry the pc', () => {
    try {
      runProgram('[ap] = [ap + 5] + [ap + 6]; ret;');
      expect.unreachable();
    } catch (e) {
      expect((e as VmError).kind).toBe('UnknownOperand');
      expect((e as VmError).pc).toBe(0);
    }
  });
});
