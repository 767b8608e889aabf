import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  C_EPOCH,
  CapacityError,
  EXECUTED,
  NO_TASK,
  READ_ESTIMATE,
  READ_OK,
  READ_STORAGE,
  SharedState,
  allocateShared,
  sharedBytes,
  isValidation,
  resetShared,
  taskTx,
} from '../../../engine/stm/parallel/shared';
import { hashState } from '../../../engine/stm/parallel/hash';

/** One scheduler task run by view v (an execution records an empty incarnation); the next task. */
function runTask(v: SharedState, task: number): number {
  const tx = taskTx(task);
  if (isValidation(task)) return v.finishValidation(tx, false);
  v.record(tx, v.taskInc, [], [], [], [], []);
  return v.finishExecution(tx, false);
}

describe('shared MVMemory and cell table (single thread)', () => {
  it('interns keys exactly and decodes them back', () => {
    const s = new SharedState(allocateShared(4));
    const a = s.cellId('s:0x1:0x2');
    const b = s.cellId('n:0x1');
    expect(a).not.toBe(b);
    expect(s.cellId('s:0x1:0x2')).toBe(a);
    // a second view over the same buffers (another worker) sees the same ids
    const t = new SharedState(s.h);
    expect(t.cellId('n:0x1')).toBe(b);
    expect(t.cellKey(a)).toBe('s:0x1:0x2');
    expect(t.cellCount).toBe(2);
  });

  it('reads the highest write below the reader, ESTIMATEs, removals, 256-bit values', () => {
    const n = 100;
    const s = new SharedState(allocateShared(n));
    const c = s.cellId('s:0xa:0xb');
    expect(s.read(c, 50)).toBe(READ_STORAGE);
    const big = (1n << 251n) + 12345n;
    expect(s.record(3, 0, [], [], [], [c], [7n])).toBe(true);
    expect(s.record(70, 0, [], [], [], [c], [big])).toBe(true);
    expect(s.read(c, 3)).toBe(READ_STORAGE);
    expect(s.read(c, 4)).toBe(READ_OK);
    expect([s.outTx, s.outInc, s.outValue]).toEqual([3, 0, 7n]);
    expect(s.read(c, 71)).toBe(READ_OK);
    expect(s.outValue).toBe(big);
    expect(s.read(c, 70)).toBe(READ_OK);
    expect(s.outTx).toBe(3);
    s.convertWritesToEstimates(3);
    expect(s.read(c, 50)).toBe(READ_ESTIMATE);
    expect(s.outTx).toBe(3);
    // next incarnation of 3 writes nothing: the cell falls back to storage below 70
    expect(s.record(3, 1, [], [], [], [], [])).toBe(false);
    expect(s.read(c, 50)).toBe(READ_STORAGE);
    expect(() => s.record(5, 0, [], [], [], [c], [-1n])).toThrow(RangeError);
    expect([...s.snapshot()]).toEqual([[c, big]]);
  });

  it('writer sets span pages: random records and removals over 3,000 transactions match a model', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tx: fc.integer({ min: 0, max: 2999 }),
            cells: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 8, maxLength: 8 }),
        (ops, probes) => {
          const n = 3000;
          const s = new SharedState(allocateShared(n));
          const cells = [0, 1, 2, 3].map((i) => s.cellId(`n:0x${i + 1}`));
          const writes = new Map<number, number[]>(); // tx -> cells its last incarnation writes
          const inc = new Map<number, number>();
          for (const op of ops) {
            const i = inc.get(op.tx) ?? 0;
            inc.set(op.tx, i + 1);
            const cs = op.cells.map((c) => cells[c]);
            s.record(
              op.tx,
              i,
              [],
              [],
              [],
              cs,
              cs.map(() => BigInt(op.tx)),
            );
            writes.set(op.tx, cs);
          }
          for (const c of cells)
            for (const j of [...probes, 0, 1023, 1024, 1025, 2047, 2048, 3000]) {
              let best = -1;
              for (const [t, cs] of writes) if (t < j && t > best && cs.includes(c)) best = t;
              const r = s.read(c, j);
              if (best < 0) expect(r).toBe(READ_STORAGE);
              else expect([r, s.outTx, s.outValue]).toEqual([READ_OK, best, BigInt(best)]);
            }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writer sets take memory for what is written, not n bits per cell', () => {
    // a dense n-bit set per cell reserved 207 MB of a set's 368 MB at n = 10,000 (O(n²))
    const h = allocateShared(10_000);
    expect(h.bitsWords * 4).toBeLessThan(70 << 20);
    expect(sharedBytes(h)).toBeLessThan(240 << 20);
    // at n = 100,000 the dense sets needed about 20 GB; a directory word per 1,024 transactions
    expect(allocateShared(100_000).bitsWords * 4).toBeLessThan(600 << 20);
  });

  it('validates read sets by version', () => {
    const s = new SharedState(allocateShared(10));
    const c = s.cellId('n:0x1');
    s.record(1, 0, [], [], [], [c], [1n]);
    s.record(5, 0, [c], [1], [0], [], []);
    expect(s.validateReadSet(5)).toBe(-1);
    s.record(2, 0, [], [], [], [c], [9n]);
    expect(s.validateReadSet(5)).toBe(0);
    expect(s.outTx).toBe(2);
    expect(s.lastFailCell).toBe(c);
  });

  it('the scheduler hands out every transaction and finishes', () => {
    const n = 5;
    const s = new SharedState(allocateShared(n));
    let guard = 0;
    let task = NO_TASK;
    while (!s.done && guard++ < 1000) {
      if (task === NO_TASK) task = s.nextTask();
      if (task === NO_TASK) continue;
      task = runTask(s, task);
    }
    expect(s.done).toBe(true);
    for (let t = 0; t < n; t++) expect(s.statusOf(t)).toBe(EXECUTED);
  });

  it('the block is not done while another worker still holds a task (per-worker active counts)', () => {
    const h = allocateShared(2);
    const [a, b] = [new SharedState(h, 0, 2), new SharedState(h, 1, 2)];
    const held = b.nextTask(); // worker 1 takes tx 0 and keeps it
    expect([isValidation(held), taskTx(held)]).toEqual([false, 0]);
    // worker 0 drains everything else; both indices pass n, yet worker 1 is still active
    for (let guard = 0, t = NO_TASK; guard < 100; guard++) {
      t = t === NO_TASK ? a.nextTask() : runTask(a, t);
    }
    expect(a.done).toBe(false);
    // worker 1 finishes its task (tx 0's validation comes back to it, or waits in the index)
    for (let t = held, guard = 0; guard < 100 && !b.done; guard++) {
      t = t === NO_TASK ? b.nextTask() : runTask(b, t);
      if (t === NO_TASK) a.nextTask(); // worker 0 keeps looking, as idle workers do
    }
    expect(a.done && b.done).toBe(true);
    for (const t of [0, 1]) expect(a.statusOf(t)).toBe(EXECUTED);
  });

  it('blockifier: the validation index never walks over committed transactions', () => {
    // Ten executions taken at once (a fast executor), finished last-first: each finish lowers
    // validation_index to its transaction, down to 0. Then all ten are committed. The next task
    // must be the execution of 10 at once: committed transactions are never validated, and a
    // worker that got NO_TASK for each of them in turn took that for idleness and slept.
    const s = new SharedState(allocateShared(20, {}, 'blockifier'));
    const started: [number, number][] = [];
    while (started.length < 10) {
      const task = s.nextTask();
      if (task !== NO_TASK && !isValidation(task)) started.push([taskTx(task), s.taskInc]);
    }
    for (const [tx, inc] of [...started].reverse()) {
      s.record(tx, inc, [], [], [], [], [], 0, 0, []);
      s.finishExecution(tx, true);
    }
    expect(s.tryEnterCommit()).toBe(true);
    for (let tx = 0; tx < 10; tx++) s.finishCommit(tx, s.tryBeginCommit(tx));
    s.exitCommit();
    const next = s.nextTask();
    expect(next).not.toBe(NO_TASK);
    expect([isValidation(next), taskTx(next)]).toEqual([false, 10]);
  });

  it('idle: a worker counted as a sleeper is woken by new work; with no sleeper the epoch stays', () => {
    const s = new SharedState(allocateShared(1));
    const epoch = () => Atomics.load(s.ctrl, C_EPOCH);
    const before = epoch();
    s.wake(); // nobody sleeps: no epoch bump (no cache-line write per finished execution)
    expect(epoch()).toBe(before);
    // idle() finds the pending task itself instead of sleeping
    const t = s.idle(1000);
    expect([isValidation(t), taskTx(t)]).toEqual([false, 0]);
    expect(epoch()).toBe(before);
    s.wake(true); // done / error wake everybody
    expect(epoch()).toBe(before + 1);
  });

  it('many worker views allocate from their own chunks without exhausting small regions', () => {
    const n = 62;
    const h = allocateShared(n);
    const views = Array.from({ length: 16 }, () => new SharedState(h));
    // every tx writes 3 fresh cells and reads one, each through a different view (worker)
    for (let tx = 0; tx < n; tx++) {
      const v = views[tx % views.length];
      const cells = [0, 1, 2].map((j) => v.cellId(`s:0x${tx.toString(16)}:0x${j}`));
      v.record(tx, 0, [cells[0]], [-1], [-1], cells, [BigInt(tx), 1n << 200n, 0n]);
    }
    for (let tx = 0; tx < n; tx++) {
      const v = views[(tx + 5) % views.length];
      const c = v.cellId(`s:0x${tx.toString(16)}:0x1`);
      expect(v.read(c, n)).toBe(READ_OK);
      expect([v.outTx, v.outValue]).toEqual([tx, 1n << 200n]);
    }
    expect(views[0].cellCount).toBe(3 * n);
    expect(views[3].failed).toBe(false);
  });

  it('workers take cell ids in chunks: ids unique, gaps are not cells, snapshot skips them', () => {
    const h = allocateShared(8);
    const [a, b] = [new SharedState(h), new SharedState(h)];
    // interleaved interning by two workers
    const ids = [0, 1, 2, 3].flatMap((i) => [a.cellId(`s:0xa:0x${i}`), b.cellId(`s:0xb:0x${i}`)]);
    expect(new Set(ids).size).toBe(8);
    // each worker's ids are contiguous (its own cellInfo lines), not interleaved
    expect(ids.filter((_, j) => j % 2 === 0)).toEqual([0, 1, 2, 3].map((i) => ids[0] + i));
    expect(ids.filter((_, j) => j % 2 === 1)).toEqual([0, 1, 2, 3].map((i) => ids[1] + i));
    expect(a.cellIdBound).toBeGreaterThan(8);
    expect(a.cellCount).toBe(8);
    const gaps = [...Array(a.cellIdBound).keys()].filter((c) => !a.isCell(c));
    expect(gaps.length).toBe(a.cellIdBound - 8);
    b.record(0, 0, [], [], [], [ids[1]], [5n]);
    expect(a.snapshot()).toEqual(new Map([[ids[1], 5n]]));
  });

  it('a full cell table is a clear CapacityError', () => {
    const s = new SharedState(allocateShared(1, { maxCells: 4 }));
    for (let i = 0; i < 4; i++) s.cellId(`n:0x${i}`);
    expect(() => s.cellId('n:0xff')).toThrow(CapacityError);
    expect(s.failed).toBe(true);
  });

  it('state hash ignores order and sees every value', () => {
    expect(
      hashState([
        ['a', 1n],
        ['b', 2n],
      ]),
    ).toBe(
      hashState([
        ['b', 2n],
        ['a', 1n],
      ]),
    );
    expect(hashState([['a', 1n]])).not.toBe(hashState([['a', 2n]]));
    expect(hashState([])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('warm-up buffers (host)', () => {
  it('passes of n transactions (the last one partial) on two sets used in turn', async () => {
    const { planWarmup, WARMUP_BYTES } = await import('../../../engine/stm/parallel/host');
    expect(planWarmup(100, 0)).toEqual({ sets: [], passes: [] });
    const one = planWarmup(100, 40);
    expect([one.sets.length, one.passes]).toEqual([1, [40]]);
    const three = planWarmup(100, 250);
    expect([three.sets.length, three.passes]).toEqual([2, [100, 100, 50]]);
    // 12 passes (6 per worker on 2 workers) still take two sets, not twelve
    const many = planWarmup(10_000, 12 * 10_000);
    expect([many.sets.length, many.passes.length]).toEqual([2, 12]);
    expect(2 * sharedBytes(many.sets[0])).toBeLessThanOrEqual(WARMUP_BYTES);
    // two sets that do not fit the budget: one set, one pass
    const huge = planWarmup(50, 200, { poolWords: (WARMUP_BYTES / 4) | 0 });
    expect([huge.sets.length, huge.passes]).toEqual([1, [50]]);
  });

  it('resetShared leaves used buffers exactly as allocateShared made them', () => {
    const n = 40;
    const h = allocateShared(n);
    const fresh = allocateShared(n);
    const views = [new SharedState(h, 0, 2), new SharedState(h, 1, 2)];
    // a run: interning, records (writer sets, pool), scheduler states, an error flag
    let task = NO_TASK;
    for (let guard = 0, i = 0; !views[0].done && guard < 10_000; guard++, i++) {
      const v = views[i & 1];
      if (task === NO_TASK) task = v.nextTask();
      if (task === NO_TASK) continue;
      const tx = taskTx(task);
      if (isValidation(task)) task = v.finishValidation(tx, false);
      else {
        const c = [v.cellId(`s:0x${tx.toString(16)}:0x1`), v.cellId('n:0x1')];
        v.record(tx, v.taskInc, [c[1]], [-1], [-1], c, [BigInt(tx) << 200n, 1n]);
        task = v.finishExecution(tx, true);
      }
    }
    expect(views[0].done).toBe(true);
    views[1].fail(1, 3, 1);
    resetShared(h);
    for (const k of ['ctrl', 'txs', 'table', 'cellInfo', 'arena', 'bits', 'pool'] as const)
      expect(Buffer.compare(Buffer.from(h[k]), Buffer.from(fresh[k])), k).toBe(0);
    // and the buffers run a block again
    const again = new SharedState(h);
    expect(again.done || again.failed).toBe(false);
    expect(again.cellCount).toBe(0);
  });
});
