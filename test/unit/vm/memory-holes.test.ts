import { describe, expect, it } from 'vitest';
import { assemble, runEntryPoint } from '../../../engine/vm/index';

/**
 * A hand-written entry point (no builtins) whose memory holes are known by construction: it
 * reserves `reserved` cells with `ap += n` and never touches them, then returns
 * (gas, syscall_ptr, ok, empty retdata). The arguments and the return fp/pc are accessed
 * (marked by blockifier, read by `ret`), the rest written by instructions.
 */
function classWithHoles(reserved: number) {
  const src = [
    ...(reserved > 0 ? [`ap += ${reserved};`] : []),
    '[ap + 0] = [fp + -6], ap++;',
    '[ap + 0] = [fp + -5], ap++;',
    '[ap + 0] = 0, ap++;',
    '[ap + 0] = [fp + -4], ap++;',
    '[ap + 0] = [fp + -4], ap++;',
    'ret;',
  ].join('\n');
  const bytecode = assemble(src).bytecode.map((x) => '0x' + x.toString(16));
  return {
    bytecode,
    hints: [],
    entry_points_by_type: {
      EXTERNAL: [{ selector: '0x1', offset: 0, builtins: [] }],
      L1_HANDLER: [],
      CONSTRUCTOR: [],
    },
  };
}

describe('memory holes (cairo-vm get_memory_holes)', () => {
  for (const n of [0, 1, 7])
    it(`counts the ${n} reserved, never accessed cells of the execution segment`, () => {
      const r = runEntryPoint(classWithHoles(n), { selector: 1n, memoryHoles: true });
      expect(r.panicked).toBe(false);
      expect(r.memoryHoles).toBe(n);
    });

  it('is 0 unless asked for (it needs the trace)', () => {
    expect(runEntryPoint(classWithHoles(3), { selector: 1n }).memoryHoles).toBe(0);
  });
});
