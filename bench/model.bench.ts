import { loadavg } from 'node:os';
import type { Report } from './run';
import {
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  runBlock,
  type BlockExecutor,
  type CostModel,
  type EventLog,
  type StateView,
  type TxResult,
} from '../engine/stm';
import type { CellKey } from '../engine/types';
import { p2pTransfers } from '../engine/blocks/workloads';
import { resolveBlock, type BlockDesc } from '../engine/blocks/parallel/blocks';
import { runOnNodeWorkers } from '../engine/blocks/parallel/node';
import {
  NO_TASK,
  SharedState,
  allocateShared,
  isValidation,
  taskTx,
} from '../engine/stm/parallel/shared';
import type { SharedVariant } from '../engine/stm/parallel/shared';

/**
 * `npm run bench -- model`: the simulator's cost model from measurement on this machine.
 *
 * 1. Per-task overheads, in µs, measured on real worker runs (engine/stm/parallel) of a real
 *    Cairo block (ERC20 transfers among 20 accounts, n = STM_MODEL_N, default 1,000):
 *    - `tx_us`: each transaction's own executor time, timed one by one on this thread in index
 *      order on a plain map (median of STM_MODEL_PASSES passes after a warm-up), per transaction;
 *    - `next_task_us`: one scheduler task on the shared-memory scheduler with nothing to execute
 *      (NEXT_TASK, an empty record, FINISH_EXECUTION / FINISH_VALIDATION), one thread;
 *    - `execute_overhead_us`: median over the 1-worker run's executions of (event duration − the
 *      transaction's `tx_us`): the scheduler, MVMemory reads/writes, interning, record;
 *    - `validate_us`, `abort_us`, `reexecution_us`: medians of the validate events (the real log
 *      keeps no read set for them: the model's per-read term is 0 and validateBase carries it),
 *      the aborts after failed validations, and executions with incarnation > 0 (2-worker runs);
 *    - `commit_us`: blockifier's commit events (the fee credit; its validation is a validate event).
 *    A worker's event starts where its previous one ended, so the scheduler's time between tasks
 *    is inside the next event: `execute_overhead_us` and `validate_us` include `next_task_us`.
 * 2. These numbers become a CostModel in µs (`measuredCostModel`) and the simulator runs the same
 *    block with each transaction costing its `tx_us` (`TimedExecutor`), for k = 1 and 2, Block-STM
 *    and blockifier. `stm.model.predicted_over_measured.kK` = predicted makespan / measured wall,
 *    per round (the real runs of a round are back to back), median over STM_MODEL_ROUNDS rounds;
 *    `…_minus_wait` divides by the wall minus the least run-queue wait of the run's workers
 *    (Linux schedstat: time runnable while another process had the CPU), an estimate of the wall
 *    on an idle machine, for when the host is shared.
 *    The contention term (`schedulerContention`) is not measured here: it is 0 in this model.
 * 3. The paper grid (p2p, speedup over sequential, 1–32 cores) with these overheads, converted
 *    to the synthetic transfer's units by the measured ERC20 transfer time: what the measured
 *    overheads say, with no contention term (k > 2 is therefore an extrapolation: see README).
 */
const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Per transaction, its executor time in µs (median of `passes` in-order passes, after one) and
 * its cost in the executor's units (to scale offsets and re-executions).
 */
function pureTimes(ex: BlockExecutor, passes: number): { us: Float64Array; units: Float64Array } {
  const samples: number[][] = Array.from({ length: ex.size }, () => []);
  const units = new Float64Array(ex.size);
  for (let p = 0; p <= passes; p++) {
    const state = new Map<CellKey, bigint>();
    const view: StateView = { read: (c) => state.get(c) ?? ex.preState(c) };
    for (let tx = 0; tx < ex.size; tx++) {
      const t0 = performance.now();
      const res = ex.execute(tx, view);
      const us = (performance.now() - t0) * 1000;
      if (p > 0) samples[tx].push(us);
      units[tx] = res.cost;
      for (const [k, v] of res.writes) state.set(k, v);
      if (res.fee) state.set(res.fee.cell, view.read(res.fee.cell) + res.fee.amount);
    }
  }
  return { us: Float64Array.from(samples, median), units };
}

/**
 * µs per scheduler task on the shared-memory scheduler, no execution, one thread: median and best
 * of 5 passes over n transactions (after one).
 */
function schedulerTaskUs(n: number): { median: number; best: number } {
  const rates: number[] = [];
  for (let rep = 0; rep < 6; rep++) {
    const s = new SharedState(allocateShared(n));
    let task = NO_TASK;
    let tasks = 0;
    const t0 = performance.now();
    while (!s.done) {
      if (task === NO_TASK) task = s.nextTask();
      if (task === NO_TASK) continue;
      tasks++;
      const tx = taskTx(task);
      if (isValidation(task)) {
        s.validateReadSet(tx);
        task = s.finishValidation(tx, false);
      } else {
        s.record(tx, s.taskInc, [], [], [], [], []);
        task = s.finishExecution(tx, false);
      }
    }
    if (rep > 0) rates.push(((performance.now() - t0) * 1000) / tasks);
  }
  return { median: median(rates), best: Math.min(...rates) };
}

/**
 * The block in µs: each transaction's cost (and its access offsets) scaled by its measured µs
 * per unit of the executor's cost (from the in-order run; a re-execution that costs more units
 * is charged proportionally more).
 */
class TimedExecutor implements BlockExecutor {
  readonly size: number;
  private readonly scale: Float64Array;
  constructor(
    private readonly base: BlockExecutor,
    times: { us: Float64Array; units: Float64Array },
  ) {
    this.size = base.size;
    this.scale = times.us.map((u, tx) => (times.units[tx] > 0 ? u / times.units[tx] : 0));
  }
  preState(cell: CellKey): bigint {
    return this.base.preState(cell);
  }
  execute(tx: number, view: StateView): TxResult {
    const f = this.scale[tx];
    const at = view.at?.bind(view);
    const scaled: StateView = { read: (c) => view.read(c) };
    if (at) scaled.at = (o) => at(o * f);
    const res = this.base.execute(tx, scaled);
    const writeOffsets = res.writeOffsets
      ? new Map([...res.writeOffsets].map(([c, o]) => [c, o * f]))
      : undefined;
    return { ...res, cost: res.cost * f, ...(writeOffsets ? { writeOffsets } : {}) };
  }
}

interface EventStats {
  execOverhead: number[];
  validate: number[];
  abort: number[];
  reexec: number[];
  commit: number[];
}

function newStats(): EventStats {
  return { execOverhead: [], validate: [], abort: [], reexec: [], commit: [] };
}

/** Add a real run's event durations (ms in the log → µs) to `st`. */
function collect(st: EventStats, log: EventLog, us: Float64Array, k: number): void {
  for (let e = 0; e < log.count; e++) {
    const d = (log.end[e] - log.start[e]) * 1000;
    switch (log.kind[e]) {
      case EV_EXECUTE:
        if (k === 1) st.execOverhead.push(d - us[log.tx[e]]);
        else if (log.incarnation[e] > 0) st.reexec.push(d);
        break;
      case EV_VALIDATE:
        st.validate.push(d);
        break;
      case EV_ABORT:
        st.abort.push(d);
        break;
      case EV_COMMIT:
        st.commit.push(d);
        break;
    }
  }
}

/** The simulator's cost model in µs from the measured medians (contention: not measured, 0). */
function measuredCostModel(st: EventStats, nextTask: number, accesses: number): CostModel {
  const perAccess = Math.max(0, (median(st.execOverhead) - nextTask) / Math.max(1, accesses));
  return {
    scheduleOverhead: nextTask,
    readOverhead: perAccess,
    writeOverhead: perAccess,
    validateBase: Math.max(0, median(st.validate) - nextTask),
    validatePerRead: 0,
    abortCost: median(st.abort.length ? st.abort : [0]),
    dependencyAbortCost: median(st.execOverhead),
    commitCost: median(st.commit.length ? st.commit : [0]),
    jitter: 0,
    schedulerContention: 0,
  };
}

/** Mean reads + writes per transaction of a block (its sequential simulation). */
function accessesPerTx(ex: BlockExecutor): number {
  const r = runBlock(ex, { variant: 'sequential', cores: 1 });
  let a = 0;
  for (let tx = 0; tx < ex.size; tx++)
    a += r.committedReads[tx].length + r.committedWrites[tx].length;
  return a / Math.max(1, ex.size);
}

const VARIANTS: SharedVariant[] = ['block-stm', 'blockifier'];

export default async function (report: Report) {
  const n = Number(process.env.STM_MODEL_N ?? 1000);
  const rounds = Number(process.env.STM_MODEL_ROUNDS ?? 5);
  const passes = Number(process.env.STM_MODEL_PASSES ?? 5);
  const desc: BlockDesc = { kind: 'erc20', n, accounts: 20, seed: 1 };
  const ex = resolveBlock(desc, { worker: -1 });
  report('stm.model.loadavg_1min_at_start', loadavg()[0], '');
  const times = pureTimes(ex, passes);
  const us = times.us;
  const txUs = median([...us]);
  report('stm.model.measured.tx_us', txUs, 'µs (median ERC20 transfer, executor only)');
  const sched = schedulerTaskUs(10_000);
  const nextTask = sched.median;
  report('stm.model.measured.next_task_us', nextTask, 'µs (scheduler task, nothing executed)');
  report('stm.model.measured.next_task_us_best', sched.best, 'µs (best of 5: least disturbed)');

  const st = newStats();
  const wall = new Map<string, number[]>(); // `${variant}/${k}` → wall µs per round
  const idleWall = new Map<string, number[]>(); // the same minus the least run-queue wait
  for (let r = 0; r < rounds; r++) {
    for (const variant of VARIANTS) {
      for (const k of r % 2 === 0 ? [1, 2] : [2, 1]) {
        const run = await runOnNodeWorkers(desc, { workers: k, variant, timeoutMs: 600_000 });
        if (!run.ok) throw new Error(`model bench: ${variant} on ${k} workers: state check failed`);
        const key = `${variant}/${k}`;
        wall.set(key, [...(wall.get(key) ?? []), run.wallMs * 1000]);
        const wait = run.workerWaitMs ? Math.min(...run.workerWaitMs) : 0;
        idleWall.set(key, [...(idleWall.get(key) ?? []), (run.wallMs - wait) * 1000]);
        collect(st, run.log, us, k);
      }
    }
  }
  report('stm.model.measured.execute_overhead_us', median(st.execOverhead), 'µs (1 worker)');
  report('stm.model.measured.validate_us', median(st.validate), 'µs');
  report('stm.model.measured.abort_us', median(st.abort), `µs (${st.abort.length} aborts)`);
  report('stm.model.measured.reexecution_us', median(st.reexec), `µs (${st.reexec.length})`);
  report('stm.model.measured.commit_us', median(st.commit), 'µs (blockifier: fee credit)');

  const cm = measuredCostModel(st, nextTask, accessesPerTx(ex));
  console.error(`# measured cost model (µs): ${JSON.stringify(cm)}`);
  const timed = new TimedExecutor(ex, times);
  for (const variant of VARIANTS) {
    for (const k of [1, 2]) {
      const predicted = runBlock(timed, { variant, cores: k, costModel: cm }).metrics.makespan;
      const ratios = wall.get(`${variant}/${k}`)!.map((w) => predicted / w);
      const name = variant === 'block-stm' ? '' : `.${variant}`;
      report(`stm.model.predicted_us${name}.k${k}`, predicted, 'µs');
      report(
        `stm.model.measured_us${name}.k${k}`,
        median(wall.get(`${variant}/${k}`)!),
        'µs (median)',
      );
      report(
        `stm.model.predicted_over_measured${name}.k${k}`,
        median(ratios),
        `(median of ${rounds} rounds)`,
      );
      const idle = idleWall.get(`${variant}/${k}`)!.map((w) => predicted / w);
      report(
        `stm.model.predicted_over_measured_minus_wait${name}.k${k}`,
        median(idle),
        '(measured wall − the least run-queue wait of its workers: a shared machine)',
      );
    }
  }
  paperGrid(report, cm, txUs);
}

/**
 * The paper's p2p grid with the measured overheads, in the synthetic transfer's units: one unit
 * = (measured ERC20 transfer µs) / (the synthetic transfer's mean cost).
 */
function paperGrid(report: Report, cmUs: CostModel, txUs: number): void {
  const cores = [1, 2, 4, 8, 16, 32];
  const n = Number(process.env.STM_MODEL_GRID_N ?? 10_000);
  const probe = p2pTransfers({ n: 200, accounts: 1000, seed: 42 });
  const unitCost = runBlock(probe, { variant: 'sequential', cores: 1 }).metrics.makespan / 200;
  const usPerUnit = txUs / unitCost;
  const cm = Object.fromEntries(
    Object.entries(cmUs).map(([k, v]) => [k, k === 'jitter' ? v : v / usPerUnit]),
  ) as unknown as CostModel;
  console.error(
    `# paper grid with measured overheads (units: ${usPerUnit.toFixed(4)} µs), contention 0`,
  );
  console.error(`# ${'accounts'.padStart(8)} ` + cores.map((k) => `${k}c`.padStart(7)).join(''));
  for (const accounts of [2, 10, 100, 1000, 10000]) {
    const block = p2pTransfers({ n, accounts, seed: 42 });
    const row: number[] = [];
    for (const k of cores) {
      const s = runBlock(block, { variant: 'block-stm', cores: k, costModel: cm }).metrics.speedup;
      report(`stm.model.grid.accounts${accounts}.cores${k}`, s, 'x');
      row.push(s);
    }
    console.error(
      `# ${String(accounts).padStart(8)} ` + row.map((x) => x.toFixed(2).padStart(7)).join(''),
    );
  }
}
