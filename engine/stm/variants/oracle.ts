/**
 * `oracle`: knows the block's dependency graph in advance (here: from a sequential pre-run, not
 * timed) and list-schedules it on k cores — each transaction executes exactly once, as soon as
 * its RAW predecessors are finished and a core is free (priority: longest remaining path).
 * Multi-versioned state makes WAR/WAW orderings unnecessary. The lower bound to compare against.
 * Execution durations carry the same per-execution overheads as Block-STM, but no validation.
 */
import { buildDependencyGraph, listSchedule, type TxAccess } from '../../graph';
import { CellTable } from '../cells';
import { EV_EXECUTE, FLAG_MEMO, FLAG_REVERTED, LogBuilder } from '../events';
import { TxRunner } from '../execution';
import { MVMemory } from '../mvmemory';
import { logAttemptReads, logAttemptWrites, type SimState } from '../simulator';
import { taskOverhead, type BlockExecutor, type CostModel } from '../types';
import { simulateSequential } from './sequential';

export function simulateOracle(executor: BlockExecutor, k: number, cost: CostModel, profile: boolean): SimState {
  const n = executor.size;
  const pre = simulateSequential(executor, { ...cost, jitter: 0 }, 0, false);
  const access: TxAccess[] = [];
  const durations = new Float64Array(n);
  for (let tx = 0; tx < n; tx++) {
    const rs = pre.mv.lastReads[tx];
    const reads = Array.from(rs.cells, (c, i) => ({ cell: pre.cells.key(c), writer: rs.txs[i] }));
    const writes = Array.from(pre.mv.lastWritten[tx], (c) => pre.cells.key(c));
    access.push({ reads, writes, cost: pre.finalCost[tx] });
    durations[tx] =
      pre.finalCost[tx] + taskOverhead(cost, k) + rs.cells.length * cost.readOverhead + writes.length * cost.writeOverhead;
  }
  const graph = buildDependencyGraph(access);
  const sch = listSchedule(graph, k, { durations });

  // Replay the schedule for real against MVMemory: finishes before starts at equal times.
  const cells = new CellTable((c) => executor.preState(c));
  const mv = new MVMemory(n);
  const log = new LogBuilder();
  const runner = new TxRunner(executor, cells, mv, { inlineFee: true, memo: false, profile, log });
  const order: number[] = [];
  for (let tx = 0; tx < n; tx++) order.push(tx * 2, tx * 2 + 1); // even = start, odd = finish
  const time = (e: number): number => ((e & 1) === 0 ? sch.start[e >> 1] : sch.end[e >> 1]);
  order.sort((a, b) => time(a) - time(b) || (b & 1) - (a & 1) || (a >> 1) - (b >> 1));
  const pending = new Map<number, ReturnType<TxRunner['run']>>();
  const finalCost = new Float64Array(n);
  for (const e of order) {
    const tx = e >> 1;
    if ((e & 1) === 0) {
      const a = runner.run(tx);
      if (!a.ok) throw new Error('oracle: a transaction started before its dependency finished');
      log.add(EV_EXECUTE, sch.core[tx], sch.start[tx], sch.end[tx], tx, 0, (a.memo ? FLAG_MEMO : 0) | (a.reverted ? FLAG_REVERTED : 0));
      logAttemptReads(log, a);
      logAttemptWrites(log, a);
      pending.set(tx, a);
      finalCost[tx] = a.cost;
    } else {
      const a = pending.get(tx)!;
      pending.delete(tx);
      mv.record(tx, 0, a.reads, a.writeCells, a.writeVals);
    }
  }
  return {
    log,
    cells,
    mv,
    runner,
    incarnation: new Int32Array(n),
    finalCost,
    feeReadCell: new Int32Array(n).fill(-1),
    feeReadValue: new Array(n).fill(0n),
    tasks: n,
    makespan: sch.makespan,
  };
}
