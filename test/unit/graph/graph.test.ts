import { describe, expect, it } from 'vitest';
import { buildDependencyGraph, listSchedule, speedupBound } from '../../../engine/graph';

describe('dependency graph', () => {
  const access = [
    { reads: ['x'], writes: ['x'], cost: 2 }, // 0
    { reads: ['y'], writes: [['y', 1n]] as [string, bigint][], cost: 1 }, // 1
    { reads: ['x', 'y'], writes: new Map([['z', 5n]]), cost: 3 }, // 2 ← 0 (x), 1 (y)
    { reads: [], writes: ['x'], cost: 1 }, // 3: blind write after 0 → waw 0→3
    { reads: [{ cell: 'x', writer: 0 }], writes: [], cost: 1 }, // 4: trace says it saw 0's x
  ];
  const g = buildDependencyGraph(access);

  it('RAW edges, WAW edges, columns, critical path, hotspots', () => {
    expect(g.edges.map((e) => [e.from, e.to, e.kind, e.cells])).toEqual([
      [0, 2, 'raw', ['x']],
      [1, 2, 'raw', ['y']],
      [0, 3, 'waw', ['x']],
      [0, 4, 'raw', ['x']],
    ]);
    expect(g.columns).toEqual([
      [0, 1, 3],
      [2, 4],
    ]);
    expect(g.criticalPath).toEqual({ length: 5, txs: [0, 2] });
    expect(g.totalCost).toBe(8);
    expect(speedupBound(g, 4)).toBeCloseTo(8 / 5);
    expect(speedupBound(g, 1)).toBe(1);
    expect(g.hotspots[0]).toEqual({ cell: 'x', edges: 3 });
  });

  it('write-write ordering when requested', () => {
    const w = buildDependencyGraph(access, { writeWrite: true });
    expect(w.level[3]).toBe(1);
    expect(g.level[3]).toBe(0);
  });

  it('list scheduling', () => {
    expect(listSchedule(g, 1).makespan).toBe(8);
    expect(listSchedule(g, 8).makespan).toBe(5);
    const s = listSchedule(g, 2);
    expect(s.makespan).toBe(5);
    for (const e of g.edges.filter((e) => e.kind === 'raw'))
      expect(s.start[e.to]).toBeGreaterThanOrEqual(s.end[e.from]);
    const idx = listSchedule(g, 2, { priority: 'index' });
    expect(idx.makespan).toBeGreaterThanOrEqual(5);
  });

  it("a block the bouncer ended early: the bound of its transactions, not the whole list's", () => {
    // 0..2 cost 2+1+3 with path 0→2 (5): 6/5; with 3 and 4 (independent of 2), 8/5
    expect(speedupBound(g, 4, 3)).toBeCloseTo(6 / 5);
    expect(speedupBound(g, 4, 2)).toBeCloseTo(3 / 2);
    expect(speedupBound(g, 4, 0)).toBe(1);
    expect(speedupBound(g, 4, 99)).toBe(speedupBound(g, 4));
    // equal to the bound of the graph built on the prefix alone, on random blocks
    let seed = 7;
    const rnd = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % m);
    for (let trial = 0; trial < 200; trial++) {
      const cells = ['a', 'b', 'c', 'd', 'e', 'f'];
      const pick = () => cells.filter(() => rnd(3) === 0);
      const acc = Array.from({ length: 1 + rnd(30) }, () => ({
        reads: pick(),
        writes: pick(),
        cost: 1 + rnd(9),
      }));
      const whole = buildDependencyGraph(acc);
      const cut = 1 + rnd(acc.length);
      for (const k of [2, 4, 64])
        expect(speedupBound(whole, k, cut)).toBeCloseTo(
          speedupBound(buildDependencyGraph(acc.slice(0, cut)), k),
          12,
        );
    }
  });

  it('empty block', () => {
    const e = buildDependencyGraph([]);
    expect(e.columns).toEqual([]);
    expect(listSchedule(e, 4).makespan).toBe(0);
    expect(speedupBound(e, 4)).toBe(1);
  });
});

describe('credits (sequencer fee) in the graph', () => {
  const raw = (acc: Parameters<typeof buildDependencyGraph>[0]) =>
    buildDependencyGraph(acc)
      .edges.filter((e) => e.kind === 'raw')
      .map((e) => [e.from, e.to]);

  it('credits order nothing; a read depends on the last plain writer and every credit since', () => {
    expect(
      raw([
        { reads: [], writes: ['F'] }, // 0: plain write
        { reads: [], writes: [], credits: ['F'] }, // 1
        { reads: [], writes: [], credits: ['F'] }, // 2
        { reads: ['F'], writes: [] }, // 3 reads 0 + 1 + 2
        { reads: ['F'], writes: ['F'] }, // 4: plain write, reads 0 + 1 + 2
        { reads: [], writes: [], credits: ['F'] }, // 5
        { reads: ['F'], writes: [] }, // 6 reads 4 + 5 only
      ]),
    ).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [0, 4],
      [1, 4],
      [2, 4],
      [4, 6],
      [5, 6],
    ]);
  });

  it('credits alone leave every transaction in column 0', () => {
    const g = buildDependencyGraph(
      Array.from({ length: 5 }, () => ({ reads: [], writes: [], credits: ['F'] })),
    );
    expect(g.columns.length).toBe(1);
    expect(g.edges).toEqual([]);
  });
});
