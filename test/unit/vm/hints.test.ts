import { describe, expect, it } from 'vitest';
import {
  P,
  VirtualMachine,
  compileHint,
  parseHintText,
  mkRel,
  relSeg,
  relOff,
  isRel,
  toBig,
  VmError,
  runProgram,
  type Val,
} from '../../../engine/vm/index';
import { BETA } from '../../../engine/vm/builtins/ec_op';

/** A VM with ap = fp = 10 and the given values at fp - n .. fp - 1 (args[last] at fp - 1). */
function mk(args: Val[] = []): VirtualMachine {
  const vm = new VirtualMachine();
  vm.mem.segment(0).put(vm.mem.segmentSize(0), 0x208b7fff7fff7ffen);
  vm.ap = vm.fp = 10;
  args.forEach((v, i) => vm.mem.set(1, 10 - args.length + i, v));
  return vm;
}
const run = (vm: VirtualMachine, text: string) => compileHint(parseHintText(text)).fn(vm);
const at = (vm: VirtualMachine, k: number) => {
  const v = vm.mem.get(1, vm.fp + k);
  return v === undefined || isRel(v) ? v : toBig(v);
};
const big = (v: bigint): Val => (v < 2n ** 53n ? Number(v) : v);

describe('Cairo 1 hints (hand-computed cases)', () => {
  it('AllocSegment', () => {
    const vm = mk();
    const before = vm.mem.numSegments;
    run(vm, 'AllocSegment dst=[ap + 0]');
    const v = vm.mem.get(1, 10)!;
    expect(isRel(v) && relSeg(v as number)).toBe(before);
  });
  it('TestLessThan / TestLessThanOrEqual', () => {
    const vm = mk([3, 10]);
    run(vm, 'TestLessThan lhs=[fp + -2] rhs=[fp + -1] dst=[ap + 0]');
    run(vm, 'TestLessThan lhs=[fp + -1] rhs=[fp + -2] dst=[ap + 1]');
    run(vm, 'TestLessThanOrEqual lhs=10 rhs=[fp + -1] dst=[ap + 2]');
    run(vm, 'TestLessThanOrEqual lhs=11 rhs=[fp + -1] dst=[ap + 3]');
    expect([0, 1, 2, 3].map((k) => at(vm, k))).toEqual([1n, 0n, 1n, 0n]);
  });
  it('TestLessThanOrEqualAddress', () => {
    const vm = mk([mkRel(5, 7)]);
    vm.mem.addSegment();
    run(vm, 'TestLessThanOrEqualAddress lhs=[fp + -1] + 1 rhs=[fp + -1] dst=[ap + 0]');
    run(vm, 'TestLessThanOrEqualAddress lhs=[fp + -1] rhs=[fp + -1] dst=[ap + 1]');
    expect([at(vm, 0), at(vm, 1)]).toEqual([0n, 1n]);
  });
  it('WideMul128', () => {
    const vm = mk([big(2n ** 64n + 1n), big(2n ** 127n), 6]);
    run(vm, 'WideMul128 lhs=[fp + -3] rhs=[fp + -3] high=[ap + 0] low=[ap + 1]');
    run(vm, 'WideMul128 lhs=[fp + -2] rhs=[fp + -1] high=[ap + 2] low=[ap + 3]');
    expect([0, 1, 2, 3].map((k) => at(vm, k))).toEqual([1n, 2n ** 65n + 1n, 3n, 0n]);
  });
  it('DivMod', () => {
    const vm = mk([100]);
    run(vm, 'DivMod lhs=[fp + -1] rhs=7 quotient=[ap + 0] remainder=[ap + 1]');
    expect([at(vm, 0), at(vm, 1)]).toEqual([14n, 2n]);
  });
  it('Uint256DivMod', () => {
    // (5·2^128 + 3) / 2 = 5·2^127 + 1 rem 1  →  q0 = 2^127 + 1, q1 = 2
    const vm = mk([3, 5, 2, 0]);
    run(
      vm,
      'Uint256DivMod dividend0=[fp + -4] dividend1=[fp + -3] divisor0=[fp + -2] divisor1=[fp + -1] quotient0=[ap + 0] quotient1=[ap + 1] remainder0=[ap + 2] remainder1=[ap + 3]',
    );
    expect([0, 1, 2, 3].map((k) => at(vm, k))).toEqual([2n ** 127n + 1n, 2n, 1n, 0n]);
  });
  it('Uint512DivModByUint256', () => {
    // 2^384 / 2^128 = 2^256 → quotient2 = 1
    const vm = mk([0, 0, 0, 1, 0, 1]);
    run(
      vm,
      'Uint512DivModByUint256 dividend0=[fp + -6] dividend1=[fp + -5] dividend2=[fp + -4] dividend3=[fp + -3] divisor0=[fp + -2] divisor1=[fp + -1] quotient0=[ap + 0] quotient1=[ap + 1] quotient2=[ap + 2] quotient3=[ap + 3] remainder0=[ap + 4] remainder1=[ap + 5]',
    );
    expect([0, 1, 2, 3, 4, 5].map((k) => at(vm, k))).toEqual([0n, 0n, 1n, 0n, 0n, 0n]);
  });
  it('SquareRoot', () => {
    const vm = mk([17]);
    run(vm, 'SquareRoot value=[fp + -1] dst=[ap + 0]');
    expect(at(vm, 0)).toBe(4n);
  });
  it('Uint256SquareRoot', () => {
    const vm = mk([0, 1, 10, 0]);
    const h = (l: number, o: number) =>
      `Uint256SquareRoot value_low=[fp + ${l}] value_high=[fp + ${l + 1}] sqrt0=[ap + ${o}] sqrt1=[ap + ${o + 1}] remainder_low=[ap + ${o + 2}] remainder_high=[ap + ${o + 3}] sqrt_mul_2_minus_remainder_ge_u128=[ap + ${o + 4}]`;
    run(vm, h(-4, 0)); // 2^128: root 2^64 → limbs (0, 1), remainder 0
    run(vm, h(-2, 5)); // 10: root 3, remainder 1
    expect([0, 1, 2, 3, 4].map((k) => at(vm, k))).toEqual([0n, 1n, 0n, 0n, 0n]);
    expect([5, 6, 7, 8, 9].map((k) => at(vm, k))).toEqual([3n, 0n, 1n, 0n, 0n]);
  });
  it('LinearSplit', () => {
    const vm = mk([100]);
    run(vm, 'LinearSplit value=[fp + -1] scalar=7 max_x=10 x=[ap + 0] y=[ap + 1]');
    expect([at(vm, 0), at(vm, 1)]).toEqual([10n, 30n]);
  });
  it('AllocConstantSize', () => {
    const vm = mk();
    run(vm, 'AllocConstantSize size=8 dst=[ap + 0]');
    run(vm, 'AllocConstantSize size=8 dst=[ap + 1]');
    const a = vm.mem.get(1, 10) as number;
    const b = vm.mem.get(1, 11) as number;
    expect(relSeg(a)).toBe(relSeg(b));
    expect(relOff(b) - relOff(a)).toBe(8);
  });
  it('U256InvModN', () => {
    const vm = mk([3, 0, 7, 0, 4, 0, 6, 0]);
    const h = (b: number, o: number) =>
      `U256InvModN b0=[fp + ${b}] b1=[fp + ${b + 1}] n0=[fp + ${b + 2}] n1=[fp + ${b + 3}] g0_or_no_inv=[ap + ${o}] g1_option=[ap + ${o + 1}] s_or_r0=[ap + ${o + 2}] s_or_r1=[ap + ${o + 3}] t_or_k0=[ap + ${o + 4}] t_or_k1=[ap + ${o + 5}]`;
    run(vm, h(-8, 0)); // 3⁻¹ mod 7 = 5, k = (5·3 − 1)/7 = 2
    expect([0, 2, 3, 4, 5].map((k) => at(vm, k))).toEqual([0n, 5n, 0n, 2n, 0n]);
    run(vm, h(-4, 10)); // gcd(4, 6) = 2: s = 2, t = 3, g = 2
    expect([10, 11, 12, 13, 14, 15].map((k) => at(vm, k))).toEqual([2n, 0n, 2n, 0n, 3n, 0n]);
  });
  it('FieldSqrt', () => {
    const vm = mk([4, 3]);
    run(vm, 'FieldSqrt val=[fp + -2] sqrt=[ap + 0]');
    run(vm, 'FieldSqrt val=[fp + -1] sqrt=[ap + 1]'); // 3 is not a square: sqrt(9) = 3
    expect([at(vm, 0), at(vm, 1)]).toEqual([2n, 3n]);
  });
  it('RandomEcPoint gives a point on the Stark curve', () => {
    const vm = mk();
    run(vm, 'RandomEcPoint x=[ap + 0] y=[ap + 1]');
    const x = at(vm, 0) as bigint;
    const y = at(vm, 1) as bigint;
    expect((y * y) % P).toBe((x * x * x + x + BETA) % P);
  });
  it('DebugPrint', () => {
    const vm = mk([mkRel(2, 0), mkRel(2, 2)]);
    vm.mem.addSegment();
    vm.mem.set(2, 0, 7);
    vm.mem.set(2, 1, 9);
    let got: bigint[] = [];
    vm.ctx.debugSink = (v: bigint[]) => (got = v);
    run(vm, 'DebugPrint start=[fp + -2] end=[fp + -1]');
    expect(got).toEqual([7n, 9n]);
  });
  it('Felt252Dict: alloc through the segment arena, entry init/update, arena index', () => {
    const vm = mk();
    const arena = vm.mem.addSegment();
    const infos = vm.mem.addSegment();
    vm.mem.set(arena, 0, mkRel(infos, 0));
    vm.mem.set(arena, 1, 0); // n_dicts
    vm.mem.set(arena, 2, 0);
    vm.mem.set(1, 9, mkRel(arena, 3));
    run(vm, 'AllocFelt252Dict segment_arena_ptr=[fp + -1]');
    const dict = vm.mem.get(infos, 0) as number;
    expect(isRel(dict)).toBe(true);
    // entry for key 5: [key, prev, new]
    vm.mem.set(relSeg(dict), 0, 5);
    vm.mem.set(1, 10, dict);
    run(vm, 'Felt252DictEntryInit dict_ptr=[ap + 0] key=5');
    expect(vm.mem.get(relSeg(dict), 1)).toBe(0);
    vm.mem.set(1, 11, mkRel(relSeg(dict), 3));
    vm.mem.set(1, 12, 42);
    run(vm, 'Felt252DictEntryUpdate dict_ptr=[ap + 1] value=[ap + 2]');
    // next access of key 5 sees 42
    vm.mem.set(relSeg(dict), 3, 5);
    run(vm, 'Felt252DictEntryInit dict_ptr=[ap + 1] key=5');
    expect(vm.mem.get(relSeg(dict), 4)).toBe(42);
    run(vm, 'GetSegmentArenaIndex dict_end_ptr=[ap + 1] dict_index=[ap + 3]');
    expect(at(vm, 3)).toBe(0n);
  });
  it('dict squash hints walk keys ascending and access indices in order', () => {
    const vm = mk();
    const acc = vm.mem.addSegment();
    // accesses (key, prev, new): key 5, key 3, key 5
    [5, 0, 1, 3, 0, 2, 5, 1, 4].forEach((v, i) => vm.mem.set(acc, i, v));
    const rc = vm.mem.addSegment();
    vm.mem.set(1, 7, mkRel(acc, 0));
    vm.mem.set(1, 8, 3); // n_accesses
    vm.mem.set(1, 9, mkRel(rc, 0));
    run(
      vm,
      'InitSquashData dict_accesses=[fp + -3] ptr_diff=[fp + -2] n_accesses=[fp + -2] big_keys=[ap + 0] first_key=[ap + 1]',
    );
    expect([at(vm, 0), at(vm, 1)]).toEqual([0n, 3n]);
    run(vm, 'GetCurrentAccessIndex range_check_ptr=[fp + -1]');
    expect(vm.mem.get(rc, 0)).toBe(1);
    run(vm, 'ShouldSkipSquashLoop should_skip_loop=[ap + 2]');
    expect(at(vm, 2)).toBe(1n);
    run(vm, 'GetNextDictKey next_key=[ap + 3]');
    expect(at(vm, 3)).toBe(5n);
    run(vm, 'ShouldSkipSquashLoop should_skip_loop=[ap + 4]');
    expect(at(vm, 4)).toBe(0n);
    vm.mem.set(1, 6, mkRel(rc, 1));
    run(vm, 'GetCurrentAccessIndex range_check_ptr=[fp + -4]');
    expect(vm.mem.get(rc, 1)).toBe(0);
    run(vm, 'GetCurrentAccessDelta index_delta_minus1=[ap + 5]');
    expect(at(vm, 5)).toBe(1n); // 2 - 0 - 1
    run(vm, 'ShouldContinueSquashLoop should_continue=[ap + 6]');
    expect(at(vm, 6)).toBe(0n);
  });
  it('AssertLe arc hints', () => {
    const vm = mk([1, 2]);
    const rc = vm.mem.addSegment();
    vm.mem.set(1, 10, mkRel(rc, 0));
    run(vm, 'AssertLeFindSmallArcs range_check_ptr=[ap + 0] + 0 a=[fp + -2] b=[fp + -1]');
    // arcs: a = 1, b - a = 1, P - 1 - b = P - 3 (excluded: index 2)
    expect([0, 1, 2, 3].map((k) => vm.mem.get(rc, k))).toEqual([1, 0, 1, 0]);
    run(vm, 'AssertLeIsFirstArcExcluded skip_exclude_a_flag=[ap + 1]');
    run(vm, 'AssertLeIsSecondArcExcluded skip_exclude_b_minus_a=[ap + 2]');
    expect([at(vm, 1), at(vm, 2)]).toEqual([1n, 1n]);
  });
  it('EvalCircuit fills add_mod and mul_mod gates modulo p', () => {
    const vm = mk();
    const add = vm.mem.addSegment();
    const mul = vm.mem.addSegment();
    const values = vm.mem.addSegment();
    const offs = vm.mem.addSegment();
    // values: a = 3 at 0, b = 5 at 4, (a+b) at 8, (a*b) at 12 — modulus 7
    [3, 0, 0, 0, 5, 0, 0, 0].forEach((v, i) => vm.mem.set(values, i, v));
    [0, 4, 8, 0, 4, 12].forEach((v, i) => vm.mem.set(offs, i, v));
    for (const [seg, o] of [
      [add, 0],
      [mul, 3],
    ] as const) {
      [7, 0, 0, 0].forEach((v, i) => vm.mem.set(seg, i, v));
      vm.mem.set(seg, 4, mkRel(values, 0));
      vm.mem.set(seg, 5, mkRel(offs, o));
      vm.mem.set(seg, 6, 1);
    }
    [1, mkRel(add, 0), 1, mkRel(mul, 0)].forEach((v, i) => vm.mem.set(1, 10 + i, v));
    run(
      vm,
      'EvalCircuit n_add_mods=[ap + 0] add_mod_builtin=[ap + 1] n_mul_mods=[ap + 2] mul_mod_builtin=[ap + 3]',
    );
    expect(vm.mem.get(values, 8)).toBe(1); // 8 mod 7
    expect(vm.mem.get(values, 12)).toBe(1); // 15 mod 7
  });
  it('SystemCall calls the syscall handler with the syscall pointer', () => {
    const vm = mk();
    const sys = vm.mem.addSegment();
    vm.mem.set(sys, 0, 77);
    vm.mem.set(1, 10, mkRel(sys, 0));
    let seen = '';
    vm.ctx.syscallHandler = {
      execute(
        m: import('../../../engine/vm/index').SyscallMemory,
        p: import('../../../engine/vm/index').Relocatable,
      ) {
        seen = `${p} ${m.readFelt(p)}`;
        m.writeFelt(p.add(1), 99n);
      },
    };
    run(vm, 'SystemCall system=[ap + 0]');
    expect(seen).toBe(`${sys}:0 77`);
    expect(vm.mem.get(sys, 1)).toBe(99);
  });
  it('JSON hint form is accepted and unknown hints fail naming the hint and pc', () => {
    const vm = mk([2]);
    run(
      vm,
      '{"TestLessThan": {"lhs": {"Deref": {"register": "FP", "offset": -1}}, "rhs": {"Immediate": "0x3"}, "dst": {"register": "AP", "offset": 0}}}',
    );
    expect(at(vm, 0)).toBe(1n);
    try {
      runProgram('%{ NoSuchHint x=[ap + 0] %}\nret;');
      expect.unreachable();
    } catch (e) {
      expect((e as VmError).kind).toBe('UnknownHint');
      expect((e as VmError).message).toMatch(/NoSuchHint.*pc=0/);
    }
  });
});
