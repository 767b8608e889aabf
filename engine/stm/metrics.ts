/** Per-run metrics, computed from the event log and the final incarnations. */
import {
  ABORT_CASCADE,
  ABORT_COMMIT,
  ABORT_DEPENDENCY,
  ABORT_RUNNING,
  ABORT_VALIDATION,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  type EventLog,
} from './events';
import type { BlockEnd } from './bouncer';

export interface RunMetrics {
  variant: string;
  cores: number;
  txCount: number;
  /** Simulated time until the last event ends. */
  makespan: number;
  /** Sum of the executor costs of the committed incarnations = the sequential run's makespan. */
  sequentialTime: number;
  speedup: number;
  /** Completed executions (execute events), re-executions = executions - txCount. */
  executions: number;
  reExecutions: number;
  /** Executions whose result was reused from an identical earlier incarnation (no VM run). */
  memoHits: number;
  vmRuns: number;
  validations: number;
  failedValidations: number;
  commits: number;
  aborts: {
    total: number;
    dependency: number;
    validation: number;
    cascade: number;
    commitValidation: number;
    /** abort-on-dependency: running executions stopped (their bar up to the stop is wasted). */
    running: number;
  };
  /** Cells that caused the most aborts (dependency + validation + commit), with the writing txs. */
  abortCauses: { cell: string; aborts: number }[];
  /** Core time spent on work thrown away: discarded executions and abandoned ones. */
  wastedWork: number;
  busy: { execute: number; validate: number; abort: number; commit: number };
  /** Busy time / (cores × makespan). */
  utilisation: number;
  /** Scheduler tasks handed out (executions, validations, commits). */
  tasks: number;
  /** Set only when the run had a block capacity: where the bouncer ended the block (bouncer.ts). */
  blockEnd?: BlockEnd;
}

/** What one pass over the event log counts; the metrics are built from it. */
interface Tally {
  busy: RunMetrics['busy'];
  aborts: RunMetrics['aborts'];
  executions: number;
  validations: number;
  failedValidations: number;
  commits: number;
  /** Core time of discarded executions (not the final incarnation) and of stopped ones. */
  wasted: number;
  /** Aborts per cause cell (an index into the log's cell table). */
  causes: Map<number, number>;
}

function emptyTally(): Tally {
  return {
    busy: { execute: 0, validate: 0, abort: 0, commit: 0 },
    aborts: { total: 0, dependency: 0, validation: 0, cascade: 0, commitValidation: 0, running: 0 },
    executions: 0,
    validations: 0,
    failedValidations: 0,
    commits: 0,
    wasted: 0,
    causes: new Map(),
  };
}

/** An abort event `e` of `duration`: its reason (in the flags), its cause cell, its wasted time. */
function tallyAbort(t: Tally, log: EventLog, e: number, duration: number): void {
  const reason = log.flags[e];
  t.aborts.total++;
  t.busy.abort += duration;
  if (reason === ABORT_DEPENDENCY) {
    t.aborts.dependency++;
    t.wasted += duration;
  } else if (reason === ABORT_VALIDATION) t.aborts.validation++;
  else if (reason === ABORT_CASCADE) t.aborts.cascade++;
  else if (reason === ABORT_COMMIT) t.aborts.commitValidation++;
  else if (reason === ABORT_RUNNING) t.aborts.running++;
  const cell = log.causeCell[e];
  if (cell >= 0) t.causes.set(cell, (t.causes.get(cell) ?? 0) + 1);
}

/**
 * Counts every event in log order (the sums of durations are floating point, so the order is part
 * of the result). An execution is wasted unless it is its transaction's final incarnation.
 */
function tallyEvents(log: EventLog, finalIncarnation: Int32Array): Tally {
  const t = emptyTally();
  for (let e = 0; e < log.count; e++) {
    const duration = log.end[e] - log.start[e];
    switch (log.kind[e]) {
      case EV_EXECUTE:
        t.executions++;
        t.busy.execute += duration;
        if (log.incarnation[e] !== finalIncarnation[log.tx[e]]) t.wasted += duration;
        break;
      case EV_VALIDATE:
        t.validations++;
        t.busy.validate += duration;
        if (log.flags[e] & FLAG_FAILED) t.failedValidations++;
        break;
      case EV_ABORT:
        tallyAbort(t, log, e, duration);
        break;
      case EV_COMMIT:
        t.commits++;
        t.busy.commit += duration;
        break;
    }
  }
  return t;
}

/** The 20 cells that caused the most aborts, most first (ties by name, for a stable order). */
function topAbortCauses(causes: Map<number, number>, cells: string[]) {
  return [...causes.entries()]
    .map(([c, a]) => ({ cell: cells[c], aborts: a }))
    .sort((a, b) => b.aborts - a.aborts || (a.cell < b.cell ? -1 : 1))
    .slice(0, 20);
}

export function computeMetrics(
  log: EventLog,
  finalIncarnation: Int32Array,
  finalCost: Float64Array,
  extra: { memoHits: number; vmRuns: number; tasks: number; makespan: number },
): RunMetrics {
  let sequentialTime = 0;
  for (let i = 0; i < finalCost.length; i++) sequentialTime += finalCost[i];
  const t = tallyEvents(log, finalIncarnation);
  const busy = t.busy;
  const total = busy.execute + busy.validate + busy.abort + busy.commit;
  const makespan = extra.makespan;
  // Key order is kept as it was: the digest test hashes this object's JSON.
  return {
    variant: log.variant,
    cores: log.cores,
    txCount: log.txCount,
    makespan,
    sequentialTime,
    speedup: makespan > 0 ? sequentialTime / makespan : 1,
    executions: t.executions,
    reExecutions: t.executions - log.txCount,
    memoHits: extra.memoHits,
    vmRuns: extra.vmRuns,
    validations: t.validations,
    failedValidations: t.failedValidations,
    commits: t.commits,
    aborts: t.aborts,
    abortCauses: topAbortCauses(t.causes, log.cells),
    wastedWork: t.wasted,
    busy,
    utilisation: makespan > 0 ? total / (log.cores * makespan) : 0,
    tasks: extra.tasks,
  };
}
