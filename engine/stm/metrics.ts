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
  FLAG_MEMO,
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

export function computeMetrics(
  log: EventLog,
  finalIncarnation: Int32Array,
  finalCost: Float64Array,
  extra: { memoHits: number; vmRuns: number; tasks: number; makespan: number },
): RunMetrics {
  let sequentialTime = 0;
  for (let i = 0; i < finalCost.length; i++) sequentialTime += finalCost[i];
  const busy = { execute: 0, validate: 0, abort: 0, commit: 0 };
  const aborts = {
    total: 0,
    dependency: 0,
    validation: 0,
    cascade: 0,
    commitValidation: 0,
    running: 0,
  };
  let executions = 0;
  let validations = 0;
  let failedValidations = 0;
  let commits = 0;
  let wasted = 0;
  let memoEvents = 0;
  const causes = new Map<number, number>();
  for (let e = 0; e < log.count; e++) {
    const d = log.end[e] - log.start[e];
    const f = log.flags[e];
    switch (log.kind[e]) {
      case EV_EXECUTE:
        executions++;
        busy.execute += d;
        if (f & FLAG_MEMO) memoEvents++;
        if (log.incarnation[e] !== finalIncarnation[log.tx[e]]) wasted += d;
        break;
      case EV_VALIDATE:
        validations++;
        busy.validate += d;
        if (f & FLAG_FAILED) failedValidations++;
        break;
      case EV_ABORT:
        aborts.total++;
        busy.abort += d;
        if (f === ABORT_DEPENDENCY) {
          aborts.dependency++;
          wasted += d;
        } else if (f === ABORT_VALIDATION) aborts.validation++;
        else if (f === ABORT_CASCADE) aborts.cascade++;
        else if (f === ABORT_COMMIT) aborts.commitValidation++;
        else if (f === ABORT_RUNNING) aborts.running++;
        if (log.causeCell[e] >= 0)
          causes.set(log.causeCell[e], (causes.get(log.causeCell[e]) ?? 0) + 1);
        break;
      case EV_COMMIT:
        commits++;
        busy.commit += d;
        break;
    }
  }
  void memoEvents;
  const total = busy.execute + busy.validate + busy.abort + busy.commit;
  const makespan = extra.makespan;
  return {
    variant: log.variant,
    cores: log.cores,
    txCount: log.txCount,
    makespan,
    sequentialTime,
    speedup: makespan > 0 ? sequentialTime / makespan : 1,
    executions,
    reExecutions: executions - log.txCount,
    memoHits: extra.memoHits,
    vmRuns: extra.vmRuns,
    validations,
    failedValidations,
    commits,
    aborts,
    abortCauses: [...causes.entries()]
      .map(([c, a]) => ({ cell: log.cells[c], aborts: a }))
      .sort((a, b) => b.aborts - a.aborts || (a.cell < b.cell ? -1 : 1))
      .slice(0, 20),
    wastedWork: wasted,
    busy,
    utilisation: makespan > 0 ? total / (log.cores * makespan) : 0,
    tasks: extra.tasks,
  };
}
