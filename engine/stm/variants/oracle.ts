/**
 * `oracle`: knows the block's dependency graph in advance — the one graph of block-graph.ts,
 * from an untimed sequential run — and list-schedules it on k cores: each transaction executes
 * exactly once, as soon as its RAW predecessors are finished and a core is free (priority:
 * longest remaining path). Multi-versioned state makes WAR/WAW orderings unnecessary, and fee
 * credits commute (applied at commit, as Starknet does), so they order nothing either.
 * Execution durations carry the same per-execution overheads as Block-STM, but no validation.
 *
 * The oracle knows the results too: each execution's reads and writes are the sequential run's
 * (with commuting credits there is no single MVMemory replay order that would reproduce them,
 * and the sequential run is exactly what an oracle knows). What is checked instead is that the
 * schedule respects the graph: no transaction starts before every predecessor has finished.
 */
import { listSchedule, type DependencyGraph, type Schedule } from '../../graph';
import { blockDependencyGraph } from '../block-graph';
import { EV_EXECUTE, FLAG_REVERTED, LogBuilder } from '../events';
import type { SimState } from '../simulator';
import { taskOverhead, type BlockExecutor, type CostModel } from '../types';

export function simulateOracle(
  executor: BlockExecutor,
  k: number,
  cost: CostModel,
  profile: boolean,
): SimState {
  const n = executor.size;
  const { graph, run: pre } = blockDependencyGraph(executor, profile);
  const sch = listSchedule(graph, k, { durations: oracleDurations(pre, cost, k) });
  checkPrecedence(graph, sch);
  const log = new LogBuilder();
  const order = Array.from({ length: n }, (_, tx) => tx);
  order.sort((a, b) => sch.start[a] - sch.start[b] || a - b);
  const a = pre.mv.arena;
  for (const tx of order) {
    const flags = pre.runner.revertedTx[tx] ? FLAG_REVERTED : 0;
    log.add(EV_EXECUTE, sch.core[tx], sch.start[tx], sch.end[tx], tx, 0, flags);
    const rs = pre.mv.lastReadStart[tx];
    for (let i = rs; i < rs + pre.mv.lastReadLen[tx]; i++)
      log.read(a.rCell[i], a.rTx[i], a.rInc[i], a.rVal[i]);
    const ws = pre.mv.lastWriteStart[tx];
    for (let i = ws; i < ws + pre.mv.lastWriteLen[tx]; i++) log.write(a.wCell[i], a.wVal[i]);
  }
  return { ...pre, log, tasks: n, makespan: sch.makespan };
}

/** Each execution: its cost + the per-task scheduling cost + MVMemory read/write overheads. */
export function oracleDurations(pre: SimState, cost: CostModel, k: number): Float64Array {
  const n = pre.finalCost.length;
  const d = new Float64Array(n);
  for (let tx = 0; tx < n; tx++)
    d[tx] =
      pre.finalCost[tx] +
      taskOverhead(cost, k) +
      pre.mv.lastReadLen[tx] * cost.readOverhead +
      pre.mv.lastWriteLen[tx] * cost.writeOverhead;
  return d;
}

function checkPrecedence(g: DependencyGraph, sch: Schedule): void {
  for (let tx = 0; tx < g.n; tx++)
    for (const p of g.preds[tx])
      if (sch.end[p] > sch.start[tx])
        throw new Error(`oracle: tx ${tx} starts before its dependency ${p} finished`);
}
