import { describe, expect, it } from 'vitest';
import { pedersen } from '@scure/starknet';
import {
  VmError,
  VirtualMachine,
  runProgram,
  assemble,
  loadCasmClass,
  runEntryPoint,
  markForeign,
  MemoCache,
  pedersenHash,
  PEDERSEN_CACHE,
  DEFAULT_BUILTIN_COSTS,
  type SyscallHandler,
  Relocatable,
} from '../../../engine/vm/index';

/** Like Block-STM's EstimateHit: a plain class, not an Error. */
class EstimateHitLike {
  constructor(readonly cell: number) {}
}

const SYSCALL_SRC = `
  %{ SystemCall system=[fp + -3] %}
  [ap] = 1, ap++;
  ret;
`;
const throwing = (e: unknown): SyscallHandler => ({
  execute() {
    throw e;
  },
});

describe('foreign errors cross the VM unchanged', () => {
  it('a non-Error thrown by a syscall handler keeps its identity', () => {
    const hit = new EstimateHitLike(7);
    let got: unknown;
    try {
      runProgram(SYSCALL_SRC, {
        args: [0n],
        syscallHandler: throwing(hit),
        setup: (vm) => [Relocatable.decode(vm.mem.addSegmentRel())],
      });
    } catch (e) {
      got = e;
    }
    expect(got).toBe(hit);
  });

  it('an Error marked foreign keeps its identity; a plain Error becomes VmError(Syscall)', () => {
    const marked = markForeign(new Error('abort'));
    const opts = (e: unknown) => ({
      syscallHandler: throwing(e),
      setup: (vm: VirtualMachine) => [Relocatable.decode(vm.mem.addSegmentRel())],
    });
    expect(() => runProgram(SYSCALL_SRC, opts(marked))).toThrow(marked);
    let got: unknown;
    try {
      runProgram(SYSCALL_SRC, opts(new Error('boom')));
    } catch (e) {
      got = e;
    }
    expect(got).toBeInstanceOf(VmError);
    expect((got as VmError).kind).toBe('Syscall');
  });

  it('a non-Error thrown directly by a hint is not wrapped; an Error is (HintError with pc)', () => {
    const p = assemble('[ap] = 1, ap++;\n[ap] = 2, ap++;\nret;');
    const hit = new EstimateHitLike(1);
    const mk = (thrown: unknown) => {
      const vm = new VirtualMachine();
      p.bytecode.forEach((w, i) => vm.mem.set(0, i, w as never));
      vm.addHint(
        2,
        () => {
          throw thrown;
        },
        'Boom',
      );
      vm.ap = vm.fp = 2;
      vm.mem.set(1, 0, vm.mem.addSegmentRel());
      vm.mem.set(1, 1, vm.mem.addSegmentRel());
      vm.finalPc = vm.mem.get(1, 1)!;
      return vm;
    };
    expect(() => mk(hit).run(100)).toThrow(hit as never);
    try {
      mk(new TypeError('bug')).run(100);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VmError);
      expect((e as VmError).kind).toBe('HintError');
      expect((e as VmError).pc).toBe(2);
    }
  });
});

describe('caches', () => {
  it('MemoCache keeps what was used in the last generation and evicts the rest', () => {
    const c = new MemoCache<number, number>(4); // generations of 2 entries
    c.set(1, 1);
    c.set(2, 2); // young generation full: {1, 2} becomes the old one
    expect(c.get(1)).toBe(1); // hit in the old generation: 1 moves to the young one
    c.set(3, 3); // young {1, 3} full: becomes the old one, {2} is dropped
    expect(c.get(2)).toBeUndefined();
    expect(c.get(1)).toBe(1);
    expect(c.get(3)).toBe(3);
    expect(c.size).toBeLessThanOrEqual(c.capacity);
    for (let i = 10; i < 100; i++) c.set(i, i);
    expect(c.size).toBeLessThanOrEqual(c.capacity);
    expect(c.hits).toBe(3);
    expect(c.misses).toBe(1);
  });

  it('pedersen memo returns @scure/starknet results and hits on repeats', () => {
    const x = 0x1234n;
    const y = 0xabcdefn;
    const h1 = pedersenHash(x, y);
    const hits = PEDERSEN_CACHE.hits;
    expect(h1).toBe(BigInt(pedersen(x, y)));
    expect(pedersenHash(x, y)).toBe(h1);
    expect(PEDERSEN_CACHE.hits).toBe(hits + 1);
    expect(pedersenHash(y, x)).toBe(BigInt(pedersen(y, x)));
  });

  it('a loaded class shares program, decoded instructions and hints across runs', () => {
    // f(a) = a * 3 + 1 with a hint; run twice, the decode cache is filled once and the program is not copied
    const prog = assemble(`
      %{ AllocSegment dst=[ap + 0] %}
      [ap + 1] = [fp + -3];
      [ap] = [ap + -1] * 3, ap++;
      [ap] = [ap + -1] + 1, ap++;
      [ap] = [fp + -6], ap++;
      [ap] = [fp + -5], ap++;
      [ap] = 0, ap++;
      [ap] = [fp + -2], ap++;
      ret;
    `);
    const cls = loadCasmClass({
      bytecode: prog.bytecode.map((b) => '0x' + BigInt(b).toString(16)),
      hints: prog.hints as never,
      entry_points_by_type: { EXTERNAL: [{ selector: '0x1', offset: 0, builtins: [] }] },
    });
    expect(cls.cache.program.length).toBe(prog.bytecode.length + 2);
    expect(cls.cache.fl.every((x) => x === 0)).toBe(true);
    void DEFAULT_BUILTIN_COSTS;
    // entry-point convention is exercised by casm.test.ts; here only the cache behaviour matters
    const r1 = (() => {
      try {
        return runEntryPoint(cls, { selector: 1n, calldata: [5n] });
      } catch (e) {
        return e;
      }
    })();
    const decoded = cls.cache.fl.filter((x) => x !== 0).length;
    expect(decoded).toBeGreaterThan(0);
    const r2 = (() => {
      try {
        return runEntryPoint(cls, { selector: 1n, calldata: [5n] });
      } catch (e) {
        return e;
      }
    })();
    expect(cls.cache.fl.filter((x) => x !== 0).length).toBe(decoded);
    expect(String(r2 instanceof Error ? r2.message : 'ok')).toBe(
      String(r1 instanceof Error ? r1.message : 'ok'),
    );
    expect(cls.cache.program.length).toBe(prog.bytecode.length + 2);
  });
});

describe('trace growth', () => {
  const COUNT = `
    [ap] = [fp + -3], ap++;
    loop:
    [ap] = [ap + -1] + -1, ap++;
    jmp loop if [ap + -1] != 0;
    ret;`;
  const traced = (initialSteps: number) =>
    runProgram(COUNT, {
      args: [100_000n],
      stepLimit: 1e6,
      setup: (vm) => {
        vm.enableTrace(initialSteps);
        return [];
      },
    });
  it('grows by chunks from a tiny first buffer to the same trace as one big buffer', () => {
    const small = traced(4);
    const big = traced(1 << 20);
    expect(small.steps).toBe(200_002);
    expect(small.trace!.length).toBe(3 * small.steps);
    expect(small.trace).toEqual(big.trace);
  });
});
