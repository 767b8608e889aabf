/**
 * `naive`: on a failed validation of tx i, every later transaction is aborted and re-executed.
 * Those EXECUTED are aborted at once (CASCADE_ABORT); those still running are marked and thrown
 * away when they finish, whatever they read.
 */
import { ABORT_CASCADE, EV_ABORT } from '../events';
import { EXECUTING, NO_TASK, VALIDATION_TASK, taskKind, taskTx } from '../scheduler';
import type { PolicyFactory, Simulation, Work } from '../simulator';
import { cascadeAbort } from './cascade';

export const naive: PolicyFactory = (sim) => {
  /** Incarnation of a running execution to discard when it ends (-1: none), and why. */
  const staleInc = new Int32Array(sim.n).fill(-1);
  const staleCause = new Int32Array(sim.n).fill(-1);
  return {
    inlineFee: true,
    cascade(c, t, tx) {
      let count = 0;
      let min = sim.n;
      for (let j = tx + 1; j < sim.n; j++) {
        if (cascadeAbort(sim, c, t, j, tx)) {
          count++;
          if (j < min) min = j;
        } else if (sim.sched.status[j] === EXECUTING) {
          // The naive rule re-executes every later transaction, including those still running.
          staleInc[j] = sim.sched.incarnation[j];
          staleCause[j] = tx;
        }
      }
      if (count > 0) sim.sched.decreaseExecutionIdx(min);
      return count;
    },
    finished(c, t, w, next) {
      if (staleInc[w.tx] !== w.inc) return next;
      const cause = staleCause[w.tx];
      staleInc[w.tx] = -1;
      sim.pendingPause += sim.cm.abortCost;
      return discardStale(sim, c, t, w, next, cause);
    },
  };
};

/**
 * An execution that was running when an earlier transaction was invalidated has just finished.
 * It is thrown away whatever it read, as an abort caused by that transaction: its writes become
 * ESTIMATEs and it is re-executed. `next` is what finishExecution handed this core; returns the
 * task the core continues with.
 */
function discardStale(
  sim: Simulation,
  c: number,
  t: number,
  w: Work,
  next: number,
  cause: number,
): number {
  const { sched, mv, log } = sim;
  const { tx, inc } = w;
  const end = t + sim.cm.abortCost;
  if (next !== NO_TASK && taskKind(next) === VALIDATION_TASK && taskTx(next) === tx) {
    // This core holds tx's validation task: fail it.
    sched.tryValidationAbort(tx, inc);
    mv.convertWritesToEstimates(tx);
    log.add(EV_ABORT, c, t, end, tx, inc, ABORT_CASCADE, -1, cause, sim.execEvent[tx]);
    return sched.finishValidation(tx, true);
  }
  if (sched.cascadeAbort(tx)) {
    mv.convertWritesToEstimates(tx);
    log.add(EV_ABORT, c, t, end, tx, inc, ABORT_CASCADE, -1, cause, sim.execEvent[tx]);
    sched.decreaseExecutionIdx(tx);
    sched.decreaseValidationIdx(tx + 1);
  }
  return next;
}
