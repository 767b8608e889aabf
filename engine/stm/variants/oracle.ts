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
import { logAttempt, type SimState } from '../simulator';
import { taskOverhead, type BlockExecutor, type CostModel } from '../types';
import { simulateSequential } from './sequential';

export function simulateOracle(
  executor: BlockExecutor,
  k: number,
  cost: CostModel,
  profile: boolean,
): SimState {
  const n = executor.size;
  const pre = simulateSequential(executor, { ...cost, jitter: 0 }, 0, false);
  const access: TxAccess[] = [];
  const durations = new Float64Array(n);
  const pa = pre.mv.arena;
  for (let tx = 0; tx < n; tx++) {
    const rs = pre.mv.lastReadStart[tx];
    const rl = pre.mv.lastReadLen[tx];
    const reads: { cell: string; writer: number }[] = [];
    for (let i = rs; i < rs + rl; i++)
      reads.push({ cell: pre.cells.key(pa.rCell[i]), writer: pa.rTx[i] });
    const ws = pre.mv.lastWriteStart[tx];
    const wl = pre.mv.lastWriteLen[tx];
    const writes: string[] = [];
    for (let i = ws; i < ws + wl; i++) writes.push(pre.cells.key(pa.wCell[i]));
    access.push({ reads, writes, cost: pre.finalCost[tx] });
    durations[tx] =
      pre.finalCost[tx] + taskOverhead(cost, k) + rl * cost.readOverhead + wl * cost.writeOverhead;
  }
  const graph = buildDependencyGraph(access);
  const sch = listSchedule(graph, k, { durations });

  // Replay the schedule for real against MVMemory: finishes before starts at equal times.
  const cells = new CellTable((c) => executor.preState(c), profile);
  const mv = new MVMemory(n);
  const log = new LogBuilder();
  const runner = new TxRunner(executor, cells, mv, { inlineFee: true, memo: false, profile, log });
  const order: number[] = [];
  for (let tx = 0; tx < n; tx++) order.push(tx * 2, tx * 2 + 1); // even = start, odd = finish
  const time = (e: number): number => ((e & 1) === 0 ? sch.start[e >> 1] : sch.end[e >> 1]);
  order.sort((a, b) => time(a) - time(b) || (b & 1) - (a & 1) || (a >> 1) - (b >> 1));
  // An execution's read and write sets (arena ranges) wait here between its start and its finish.
  const pendingRead = new Int32Array(2 * n);
  const pendingWrite = new Int32Array(2 * n);
  const finalCost = new Float64Array(n);
  for (const e of order) {
    const tx = e >> 1;
    if ((e & 1) === 0) {
      runner.run(tx);
      if (!runner.ok)
        throw new Error('oracle: a transaction started before its dependency finished');
      log.add(
        EV_EXECUTE,
        sch.core[tx],
        sch.start[tx],
        sch.end[tx],
        tx,
        0,
        (runner.memo ? FLAG_MEMO : 0) | (runner.reverted ? FLAG_REVERTED : 0),
      );
      logAttempt(log, runner, mv.arena);
      pendingRead[2 * tx] = runner.readStart;
      pendingRead[2 * tx + 1] = runner.readLen;
      pendingWrite[2 * tx] = runner.writeStart;
      pendingWrite[2 * tx + 1] = runner.writeLen;
      finalCost[tx] = runner.cost;
    } else {
      mv.recordRanges(
        tx,
        0,
        pendingRead[2 * tx],
        pendingRead[2 * tx + 1],
        pendingWrite[2 * tx],
        pendingWrite[2 * tx + 1],
      );
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
