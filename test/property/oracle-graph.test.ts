import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blockDependencyGraph,
  runBlock,
  taskOverhead,
  DEFAULT_COST_MODEL,
  ZERO_OVERHEAD_COST_MODEL,
  type CostModel,
} from '../../engine/stm';
import { speedupBound, type DependencyGraph } from '../../engine/graph';
import { blockOf, blockShapeArb } from './random-blocks';

/**
 * The oracle list-schedules the block's one dependency graph. List scheduling (Graham 1966) on
 * k cores ends within Σd/k + (1 − 1/k)·CP_d, where d are the executions' durations (cost + the
 * per-task overheads) and CP_d the graph's longest path under d; no schedule beats the graph's
 * bound; and it never takes longer than running every execution one after another.
 */
const RUNS = Number(process.env.STM_PROPERTY_RUNS ?? 0) > 0 ? 2000 : 300;

function longestPath(g: DependencyGraph, d: ArrayLike<number>): number {
  const finish = new Float64Array(g.n);
  let best = 0;
  for (let i = 0; i < g.n; i++) {
    let start = 0;
    for (const p of g.preds[i]) start = Math.max(start, finish[p]);
    finish[i] = start + d[i];
    best = Math.max(best, finish[i]);
  }
  return best;
}

function checkOracle(shape: Parameters<typeof blockOf>[0], k: number, cost: CostModel): void {
  const block = blockOf(shape);
  const { graph } = blockDependencyGraph(block);
  const seq = runBlock(block, { variant: 'sequential', cores: 1, costModel: cost });
  const ora = runBlock(block, { variant: 'oracle', cores: k, costModel: cost });
  // durations the oracle's executions carry: cost + sched(k) + MVMemory read/write overheads
  const d = seq.committedReads.map(
    (rs, tx) =>
      graph.cost[tx] +
      taskOverhead(cost, k) +
      rs.length * cost.readOverhead +
      seq.committedWrites[tx].length * cost.writeOverhead,
  );
  const total = d.reduce((a, b) => a + b, 0);
  const eps = 1e-6 * (1 + total);
  const makespan = ora.metrics.makespan;
  expect(makespan, 'list-scheduling guarantee').toBeLessThanOrEqual(
    total / k + (1 - 1 / k) * longestPath(graph, d) + eps,
  );
  expect(makespan, 'never above the executions run one after another').toBeLessThanOrEqual(
    total + eps,
  );
  // the bound's limit: makespan ≥ max(critical path, total cost / k)
  if (graph.n > 0)
    expect(graph.totalCost / makespan).toBeLessThanOrEqual(speedupBound(graph, k) + 1e-9);
  if (cost === ZERO_OVERHEAD_COST_MODEL)
    expect(makespan, 'never above sequential').toBeLessThanOrEqual(seq.metrics.makespan + eps);
  expect(ora.finalState).toEqual(seq.finalState);
}

describe('the oracle schedules the block dependency graph', () => {
  it('within list scheduling’s guarantee, never beyond the bound, never above sequential', () => {
    fc.assert(
      fc.property(
        blockShapeArb(40),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom(DEFAULT_COST_MODEL, ZERO_OVERHEAD_COST_MODEL),
        (shape, k, cost) => checkOracle(shape, k, cost),
      ),
      { numRuns: RUNS },
    );
  });
});
