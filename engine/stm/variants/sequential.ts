/**
 * `sequential`: every transaction once, in index order, on core 0, no scheduling overhead.
 * This is the baseline every speedup is measured against, and the reference for correctness.
 * With a block capacity it stops at the first transaction that does not fit, after executing it
 * (blockifier transaction_executor.rs `execute_txs_sequentially_inner`: `execute` runs the
 * transaction, `Bouncer::try_update` fails with `BlockFull`, its state is not committed, `break`).
 */
import { CellTable } from '../cells';
import { EV_EXECUTE, FLAG_MEMO, FLAG_REVERTED, LogBuilder } from '../events';
import { TxRunner } from '../execution';
import { MVMemory } from '../mvmemory';
import { logAttempt, mulberry32, type SimState } from '../simulator';
import type { BlockExecutor, CostModel } from '../types';
import type { BlockCapacity } from '../bouncer';
import { CommitBouncer } from '../block-bouncer';

export function simulateSequential(
  executor: BlockExecutor,
  cost: CostModel,
  seed: number,
  profile: boolean,
  capacity?: BlockCapacity,
): SimState {
  const n = executor.size;
  const cells = CellTable.of(executor, profile);
  const mv = new MVMemory(n);
  const log = new LogBuilder();
  const runner = new TxRunner(executor, cells, mv, { inlineFee: true, memo: false, profile, log });
  const rand = mulberry32(seed);
  const finalCost = new Float64Array(n);
  let t = 0;
  const bouncer = capacity && new CommitBouncer(capacity, mv, cells, runner);
  for (let tx = 0; tx < n; tx++) {
    runner.run(tx);
    if (!runner.ok) throw new Error('sequential: ESTIMATE met in a sequential run');
    const dur = cost.jitter > 0 ? jittered(runner.cost, cost.jitter, rand) : runner.cost;
    logExecution(log, mv, runner, tx, t, dur);
    finalCost[tx] = runner.cost;
    t += dur;
    if (bouncer && !bouncer.tryAdmit(tx, runner.cost)) {
      mv.deleteWrites(tx); // the transaction that did not fit is not committed
      break;
    }
  }
  return sequentialState(log, cells, mv, runner, finalCost, t, bouncer?.outcome(n));
}

/** An execution's duration stretched by a seeded draw in 1 ± jitter. */
function jittered(cost: number, jitter: number, rand: () => number): number {
  return cost * (1 + jitter * (2 * rand() - 1));
}

/** Log tx's only execution, on core 0 from t for dur, with its reads and writes, and record them. */
function logExecution(
  log: LogBuilder,
  mv: MVMemory,
  runner: TxRunner,
  tx: number,
  t: number,
  dur: number,
): void {
  const flags = (runner.memo ? FLAG_MEMO : 0) | (runner.reverted ? FLAG_REVERTED : 0);
  log.add(EV_EXECUTE, 0, t, t + dur, tx, 0, flags);
  logAttempt(log, runner, mv.arena);
  mv.recordRanges(tx, 0, runner.readStart, runner.readLen, runner.writeStart, runner.writeLen);
}

/** The finished run as a SimState: one incarnation per transaction, no deferred fee reads. */
function sequentialState(
  log: LogBuilder,
  cells: CellTable,
  mv: MVMemory,
  runner: TxRunner,
  finalCost: Float64Array,
  makespan: number,
  bouncer: SimState['bouncer'],
): SimState {
  const n = finalCost.length;
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
    makespan,
    bouncer,
  };
}
