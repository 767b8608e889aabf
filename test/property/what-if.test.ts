import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockDependencyGraph, runBlock } from '../../engine/stm';
import { buildDependencyGraph, type DependencyGraph } from '../../engine/graph';
import { feeInline, withoutCell, withoutNonces } from '../../engine/graph/what-if';
import { AccessExecutor } from '../../engine/stm/what-if';
import { blockOf, blockShapeArb } from './random-blocks';

/**
 * What-ifs on random blocks: removing cells only removes dependencies (every edge left was an
 * edge, the critical path never grows); crediting fees inline only adds them (every dependency
 * is still there, directly or through the chain of payers, and the critical path never
 * shrinks); and the access-set replay both sides run on reproduces the block's own graph.
 */
const RUNS = Number(process.env.STM_PROPERTY_RUNS ?? 0) > 0 ? 1000 : 150;

const pairs = (g: DependencyGraph) => new Set(g.edges.map((e) => `${e.from}>${e.to}`));
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

/** Whether `to` is reachable from `from` (edges go from lower to higher index). */
function reaches(g: DependencyGraph, from: number, to: number): boolean {
  const seen = new Uint8Array(g.n);
  const stack = [from];
  while (stack.length) {
    const x = stack.pop()!;
    if (x === to) return true;
    for (const y of g.succs[x])
      if (y <= to && !seen[y]) {
        seen[y] = 1;
        stack.push(y);
      }
  }
  return false;
}

describe('what-if transformations (property)', () => {
  it('removing cells removes edges only; inline fees add edges only', () => {
    fc.assert(
      fc.property(blockShapeArb(24), (shape) => {
        const { graph, access } = blockDependencyGraph(blockOf(shape));
        const base = pairs(graph);
        const removed = [withoutNonces(access)];
        if (graph.hotspots[0]) removed.push(withoutCell(access, graph.hotspots[0].cell));
        for (const a of removed) {
          const g = buildDependencyGraph(a);
          expect(subset(pairs(g), base)).toBe(true);
          expect(g.criticalPath.length).toBeLessThanOrEqual(graph.criticalPath.length + 1e-9);
          expect(g.totalCost).toBe(graph.totalCost);
        }
        // inline credits chain the payers: every dependency stays, possibly through the chain
        const inline = buildDependencyGraph(feeInline(access));
        // (RAW edges: write-write order is not a dependency under multi-versioned state)
        for (const e of graph.edges)
          if (e.kind === 'raw') expect(reaches(inline, e.from, e.to)).toBe(true);
        expect(inline.criticalPath.length).toBeGreaterThanOrEqual(graph.criticalPath.length - 1e-9);
      }),
      { numRuns: RUNS },
    );
  });

  it('the access-set replay has the block’s own graph and commits every transaction', () => {
    fc.assert(
      fc.property(blockShapeArb(24), fc.integer({ min: 1, max: 16 }), (shape, cores) => {
        const { graph, access } = blockDependencyGraph(blockOf(shape));
        const replay = new AccessExecutor(access);
        const again = blockDependencyGraph(replay).graph;
        expect(pairs(again)).toEqual(pairs(graph));
        const r = runBlock(replay, { variant: 'block-stm', cores });
        expect(r.metrics.executions).toBeGreaterThanOrEqual(access.length);
      }),
      { numRuns: RUNS },
    );
  });
});
