import { describe, expect, it } from 'vitest';
import {
  decodeEvents,
  runBlock,
  ZERO_OVERHEAD_COST_MODEL,
  VARIANTS,
  transferList,
} from '../../../engine/stm';
import { buildDependencyGraph, listSchedule, speedupBound } from '../../../engine/graph';
import {
  abcPreset,
  figure1Preset,
  p2pTransfers,
  mixedBlock,
} from '../../../engine/blocks/workloads';

const Z = ZERO_OVERHEAD_COST_MODEL;

describe('seed example A/B/C', () => {
  it('B depends on A, C is independent', () => {
    const seq = runBlock(abcPreset(), { variant: 'sequential', cores: 1 });
    const g = buildDependencyGraph(seq.access);
    expect(g.edges.filter((e) => e.kind === 'raw').map((e) => [e.from, e.to])).toEqual([[0, 1]]);
    expect(g.columns).toEqual([[0, 2], [1]]);
    expect(g.criticalPath).toEqual({ length: 2, txs: [0, 1] });
    expect(speedupBound(g, 2)).toBe(1.5);
    expect(seq.metrics.makespan).toBe(3);
    const block = abcPreset();
    // Alice sends both: B reads her nonce and her ETH balance, both written by A.
    expect(g.edges[0].cells.map((c) => block.cellName(c)).sort()).toEqual([
      'ETH balance of Alice',
      'nonce of Alice',
    ]);
  });

  it('makespan 2 of 3 units with 2+ cores', () => {
    for (const variant of [
      'block-stm',
      'naive',
      'selective',
      'commit-as-you-go',
      'oracle',
    ] as const) {
      for (const cores of [2, 3, 8]) {
        // naive on 2 cores: C starts at t=1 on the core that validated A, just before B fails
        // validation; the naive rule re-executes every later transaction, C included, so 3.
        const expected = variant === 'naive' && cores === 2 ? 3 : 2;
        const r = runBlock(abcPreset(), { variant, cores, costModel: Z });
        expect(r.metrics.makespan, `${variant}/${cores}`).toBe(expected);
      }
      expect(runBlock(abcPreset(), { variant, cores: 1, costModel: Z }).metrics.makespan).toBe(3);
    }
  });

  it('naive on 2 cores: C was running when B failed validation, so it is thrown away and redone', () => {
    const ev = decodeEvents(
      runBlock(abcPreset(), { variant: 'naive', cores: 2, costModel: Z }).log,
    );
    expect(ev.find((e) => e.kind === 'abort' && e.tx === 2)).toMatchObject({
      abortReason: 'cascade',
      causeTx: 1,
      incarnation: 0,
      start: 2,
    });
    expect(ev.filter((e) => e.kind === 'execute' && e.tx === 2).map((e) => e.incarnation)).toEqual([
      0, 1,
    ]);
  });

  it('block-stm: B reads a stale ETH balance, fails validation because of A, is re-executed', () => {
    const r = runBlock(abcPreset(), { variant: 'block-stm', cores: 2, costModel: Z });
    const ev = decodeEvents(r.log);
    const abort = ev.find((e) => e.kind === 'abort')!;
    expect(abort).toMatchObject({ tx: 1, incarnation: 0, abortReason: 'validation', causeTx: 0 });
    expect(['ETH balance of Alice', 'nonce of Alice']).toContain(abortCellName(abort.causeCell!));
    expect(
      ev
        .filter((e) => e.kind === 'execute')
        .map((e) => [e.tx, e.incarnation])
        .sort(),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
    expect(ev.find((e) => e.kind === 'execute' && e.tx === 1 && e.incarnation === 1)).toMatchObject(
      { start: 1, end: 2 },
    );
    expect(r.metrics.reExecutions).toBe(1);
    expect(r.metrics.wastedWork).toBe(1);
  });
});

function abortCellName(cell: string): string {
  return abcPreset().cellName(cell);
}

describe('roadmap figure 1 (9 transactions, 5 cores)', () => {
  it('has three columns that can each run in parallel', () => {
    const seq = runBlock(figure1Preset(), { variant: 'sequential', cores: 1 });
    const g = buildDependencyGraph(seq.access);
    const label = (x: number) => x + 1;
    expect(g.columns.map((c) => c.map(label))).toEqual([
      [1, 2, 3, 5],
      [4, 6, 7],
      [8, 9],
    ]);
    expect(g.edges.map((e) => [label(e.from), label(e.to)]).sort()).toEqual(
      [
        [1, 4],
        [2, 6],
        [3, 7],
        [4, 8],
        [6, 9],
        [7, 9],
      ].sort(),
    );
  });

  it('story: txs 1–5 start together, finish 2,3,4,1,5; 1→4 found late; 4 re-executed', () => {
    const r = runBlock(figure1Preset(), { variant: 'block-stm', cores: 5, costModel: Z });
    const ev = decodeEvents(r.log);
    // (executions are logged when they end: order them by transaction)
    const first = ev
      .filter((e) => e.kind === 'execute' && e.tx < 5 && e.incarnation === 0)
      .sort((a, b) => a.tx - b.tx);
    expect(first.map((e) => [e.tx, e.core, e.start])).toEqual(
      [0, 1, 2, 3, 4].map((t) => [t, t, 0]),
    );
    expect([...first].sort((a, b) => a.end - b.end).map((e) => e.tx + 1)).toEqual([2, 3, 4, 1, 5]);
    const abort4 = ev.find((e) => e.kind === 'abort' && e.tx === 3)!;
    expect(abort4).toMatchObject({ abortReason: 'validation', causeTx: 0, start: 4 });
    const exec4 = ev.find((e) => e.kind === 'execute' && e.tx === 3 && e.incarnation === 0)!;
    expect(exec4.end).toBeLessThan(abort4.start); // found after 4 executed
    expect(ev.some((e) => e.kind === 'execute' && e.tx === 3 && e.incarnation === 1)).toBe(true);
  });

  it('selective re-runs only what read from 4 (tx8) — not 5; naive re-runs every later one, 5 included', () => {
    const reexec = (variant: 'selective' | 'naive' | 'block-stm') =>
      new Set(
        decodeEvents(runBlock(figure1Preset(), { variant, cores: 5, costModel: Z }).log)
          .filter((e) => e.kind === 'execute' && e.incarnation > 0)
          .map((e) => e.tx + 1),
      );
    expect(reexec('selective')).toEqual(new Set([4, 8]));
    expect(reexec('block-stm')).toEqual(new Set([4, 8]));
    const naive = reexec('naive');
    // the seed: "naively, we may want to re-execute Tx5 as well" — tx5 was still running at t=4
    expect([...naive].sort()).toEqual([4, 5, 6, 7, 8, 9]);
    const abort5 = decodeEvents(
      runBlock(figure1Preset(), { variant: 'naive', cores: 5, costModel: Z }).log,
    ).find((e) => e.kind === 'abort' && e.tx === 4);
    expect(abort5).toMatchObject({ abortReason: 'cascade', causeTx: 3, start: 5 });
    const sel = decodeEvents(
      runBlock(figure1Preset(), { variant: 'selective', cores: 5, costModel: Z }).log,
    );
    expect(sel.find((e) => e.kind === 'abort' && e.abortReason === 'cascade')).toMatchObject({
      tx: 7,
      causeTx: 3,
    });
  });

  it('oracle = list schedule of the graph', () => {
    const seq = runBlock(figure1Preset(), { variant: 'sequential', cores: 1 });
    const g = buildDependencyGraph(seq.access);
    for (const k of [1, 2, 5, 9]) {
      const o = runBlock(figure1Preset(), { variant: 'oracle', cores: k, costModel: Z });
      expect(o.metrics.makespan).toBe(listSchedule(g, k).makespan);
      expect(o.metrics.executions).toBe(9);
    }
    expect(listSchedule(g, 9).makespan).toBe(g.criticalPath.length);
  });
});

describe('runBlock output', () => {
  it('log is plain typed arrays + string tables (structured-clone / transfer safe)', () => {
    const r = runBlock(mixedBlock({ n: 50, accounts: 3, seed: 1 }), {
      variant: 'block-stm',
      cores: 4,
    });
    const clone = structuredClone(r.log, { transfer: transferList(r.log) });
    expect(clone.count).toBe(r.log.count);
    expect(clone.kind.length).toBe(r.log.count);
  });

  it('metrics add up', () => {
    const block = p2pTransfers({ n: 300, accounts: 5, seed: 2 });
    for (const variant of VARIANTS) {
      const m = runBlock(block, { variant, cores: 8 }).metrics;
      expect(m.executions).toBeGreaterThanOrEqual(300);
      expect(m.reExecutions).toBe(m.executions - 300);
      expect(m.utilisation).toBeGreaterThan(0);
      expect(m.utilisation).toBeLessThanOrEqual(1 + 1e-9);
      if (variant === 'sequential' || variant === 'oracle') expect(m.wastedWork).toBe(0);
    }
  });

  it('memoizes identical incarnations', () => {
    const r = runBlock(p2pTransfers({ n: 500, accounts: 20, seed: 4 }), {
      variant: 'naive',
      cores: 16,
    });
    expect(r.metrics.memoHits).toBeGreaterThan(0);
    expect(r.metrics.memoHits + r.metrics.vmRuns).toBeGreaterThanOrEqual(r.metrics.executions);
  });

  it('commit-as-you-go defers the sequencer fee: no fee hotspot', () => {
    const block = p2pTransfers({ n: 400, accounts: 1000, seed: 9, fee: 1n });
    const stm = runBlock(block, { variant: 'block-stm', cores: 16 });
    const cayg = runBlock(block, { variant: 'commit-as-you-go', cores: 16 });
    expect(cayg.finalState).toEqual(stm.finalState);
    expect(cayg.metrics.speedup).toBeGreaterThan(2 * stm.metrics.speedup);
    expect(cayg.metrics.commits).toBe(400);
  });
});
