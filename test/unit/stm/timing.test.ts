import { describe, expect, it } from 'vitest';
import {
  decodeEvents,
  runBlock,
  ZERO_OVERHEAD_COST_MODEL,
  type BlockExecutor,
  type StateView,
  type TxResult,
} from '../../../engine/stm';

/**
 * A block of "step" transactions: tx i reads `reads[i]` (cell names) at offset `readAt[i]`, then
 * writes `writes[i]` = sum of the values read + i + 1 at the end; cost `costs[i]`.
 */
function stepBlock(spec: {
  costs: number[];
  reads: string[][];
  writes: string[][];
  readAt?: number[];
}): BlockExecutor {
  return {
    size: spec.costs.length,
    preState: () => 0n,
    execute(tx: number, view: StateView): TxResult {
      view.at?.(spec.readAt?.[tx] ?? 0);
      let sum = 0n;
      for (const c of spec.reads[tx]) sum += view.read(c);
      const writes = new Map<string, bigint>();
      const offsets = new Map<string, number>();
      for (const c of spec.writes[tx]) {
        writes.set(c, sum + BigInt(tx + 1));
        offsets.set(c, spec.costs[tx]);
      }
      return { writes, cost: spec.costs[tx], writeOffsets: offsets };
    },
  };
}

const Z = ZERO_OVERHEAD_COST_MODEL;

describe('accesses at their real times', () => {
  // tx 1 reads what tx 0 writes, tx 2 reads what tx 1 writes; all reads at the start.
  const chain = stepBlock({
    costs: [10, 2, 100],
    reads: [[], ['x0'], ['x1']],
    writes: [['x0'], ['x1'], ['x2']],
  });

  it('the 10/2/100 chain on 2 cores: Block-STM runs tx 2 on a stale input until 102 (202), the oracle 112', () => {
    for (const variant of ['block-stm', 'naive', 'selective', 'commit-as-you-go'] as const)
      expect(runBlock(chain, { variant, cores: 2, costModel: Z }).metrics.makespan).toBe(202);
    expect(runBlock(chain, { variant: 'oracle', cores: 2, costModel: Z }).metrics.makespan).toBe(
      112,
    );
  });

  it('abort-on-dependency stops tx 2 when its input is invalidated at t = 10 and beats Block-STM', () => {
    const r = runBlock(chain, { variant: 'abort-on-dependency', cores: 2, costModel: Z });
    expect(r.metrics.makespan).toBe(112);
    const seq = runBlock(chain, { variant: 'sequential', cores: 1 });
    expect(r.finalState).toEqual(seq.finalState);
    expect(r.committedReads).toEqual(seq.committedReads);
    const ev = decodeEvents(r.log);
    const stopped = ev.find((e) => e.kind === 'abort' && e.abortReason === 'running')!;
    expect(stopped).toMatchObject({ tx: 2, start: 10, causeTx: 1, causeCell: 'x1' });
    // the stopped execution's bar ends where it was stopped
    expect(ev[stopped.ref]).toMatchObject({ kind: 'execute', tx: 2, start: 2, end: 10 });
  });

  it('independent transactions with reads mid-run: each bar lasts exactly its cost', () => {
    // each core's execution waits for its read's time while the other cores run other attempts
    const blk = stepBlock({
      costs: [100, 10, 30, 70],
      reads: [['a'], ['b'], ['c'], ['d']],
      writes: [['a'], ['b'], ['c'], ['d']],
      readAt: [50, 0, 20, 60],
    });
    const r = runBlock(blk, { variant: 'block-stm', cores: 2, costModel: Z });
    const ex = decodeEvents(r.log).filter((e) => e.kind === 'execute');
    expect(ex.map((e) => [e.tx, e.end - e.start]).sort((a, b) => a[0] - b[0])).toEqual([
      [0, 100],
      [1, 10],
      [2, 30],
      [3, 70],
    ]);
    expect(r.metrics.makespan).toBe(110); // tx 0 on one core; 1, 2, 3 one after another on the other
  });

  it('a read late in the execution sees a write published before it: no re-execution', () => {
    // tx 1 reads x0 at offset 20 of 30; tx 0 publishes x0 at t = 10
    const late = stepBlock({
      costs: [10, 30],
      reads: [[], ['x0']],
      writes: [['x0'], ['x1']],
      readAt: [0, 20],
    });
    const r = runBlock(late, { variant: 'block-stm', cores: 2, costModel: Z });
    expect(r.metrics.makespan).toBe(30);
    expect(r.metrics.reExecutions).toBe(0);
    expect(r.finalState.get('x1')).toBe(1n + 2n);
    const ex1 = decodeEvents(r.log).find((e) => e.kind === 'execute' && e.tx === 1)!;
    expect(ex1.reads).toEqual([{ cell: 'x0', versionTx: 0, versionInc: 0, value: 1n, at: 20 }]);
    expect(ex1.writes).toEqual([{ cell: 'x1', value: 3n, at: 30 }]);
  });

  it('a read sees the changes made up to its time (at its very instant too), not later ones', () => {
    // tx 0 publishes x0 at t = 10; tx 1 (cost 30) reads it at offset `at`
    const run = (at: number) =>
      runBlock(
        stepBlock({
          costs: [10, 30],
          reads: [[], ['x0']],
          writes: [['x0'], ['x1']],
          readAt: [0, at],
        }),
        { variant: 'block-stm', cores: 2, costModel: Z },
      );
    const readOf = (r: ReturnType<typeof run>) =>
      decodeEvents(r.log).find((e) => e.kind === 'execute' && e.tx === 1)!.reads[0];
    const same = run(10); // the write and the read at the same instant: the read sees it
    expect(same.metrics.reExecutions).toBe(0);
    expect(readOf(same)).toMatchObject({ versionTx: 0, value: 1n, at: 10 });
    const before = run(9); // before the write: the pre-block value, then a failed validation
    expect(readOf(before)).toMatchObject({ versionTx: -1, value: 0n, at: 9 });
    expect(before.metrics.reExecutions).toBe(1);
    expect(before.finalState.get('x1')).toBe(3n);
  });

  it('an ESTIMATE met mid-run abandons the execution there, charged the work up to it', () => {
    // tx 1 (0–40) read x0 before tx 0 wrote it (t = 10): its validation fails at 40 and x1
    // becomes an ESTIMATE while it re-executes (40–80). tx 2 started at 0 and reads x1 at
    // offset 50: it meets the ESTIMATE at t = 50, not at its start.
    const blk = stepBlock({
      costs: [10, 40, 100],
      reads: [[], ['x0'], ['x1']],
      writes: [['x0'], ['x1'], ['x2']],
      readAt: [0, 0, 50],
    });
    const r = runBlock(blk, { variant: 'block-stm', cores: 3, costModel: Z });
    const seq = runBlock(blk, { variant: 'sequential', cores: 1 });
    expect(r.finalState).toEqual(seq.finalState);
    const dep = decodeEvents(r.log).filter(
      (e) => e.kind === 'abort' && e.abortReason === 'dependency',
    );
    expect(dep.map((e) => [e.tx, e.start, e.end, e.causeTx])).toEqual([[2, 0, 50, 1]]);
    expect(dep[0].reads).toEqual([
      { cell: 'x1', versionTx: 1, versionInc: -1, value: 'ESTIMATE', at: 50 },
    ]);
    // resumed when tx 1's second incarnation ends at 80
    expect(r.metrics.makespan).toBe(180);
  });
});
