/**
 * `abort-on-dependency`: Block-STM, plus: a running execution is stopped as soon as a lower
 * transaction publishes a write of a cell it has already read (or turns that write into an
 * ESTIMATE by aborting), at that instant, instead of running to its end on a stale input and
 * failing validation. It restarts at once as its next incarnation (ABORT_RUNNING), or waits for
 * the writer if the cell is now an ESTIMATE. Writes are still published when an execution ends,
 * as in Block-STM, so "the write's time" is the end of the writer's incarnation.
 */
import { ABORT_RUNNING, EV_ABORT } from '../events';
import { READ_ESTIMATE } from '../mvmemory';
import { NO_TASK, executionTask } from '../scheduler';
import { W_EXEC, W_PAUSE, type PolicyFactory } from '../simulator';

export const abortOnDependency: PolicyFactory = (sim) => ({
  inlineFee: true,
  /** Re-validate the reads made so far of every running execution; stop those that fail. */
  afterInstant(t) {
    const { mv, arena, sched, cm } = sim;
    for (let c = 0; c < sim.k; c++) {
      const w = sim.pool[c];
      if (sim.busyCore[c] === 0 || w.kind !== W_EXEC) continue;
      sim.settle(c, t);
      const fail = mv.validateReads(w.tx, w.readStart, w.checked);
      if (fail < 0) continue;
      const cell = arena.rCell[w.readStart + fail];
      const estimate = mv.read(cell, w.tx) === READ_ESTIMATE;
      const writer = mv.outTx;
      sim.cancel(c); // its pending read or end will not happen
      const ev = sim.logExec(c, w, t);
      const end = t + cm.abortCost;
      sim.log.add(EV_ABORT, c, t, end, w.tx, w.inc, ABORT_RUNNING, cell, writer, ev);
      if (estimate && sched.addDependency(w.tx, writer)) {
        sim.busy(c, W_PAUSE, w.tx, w.inc, t, end, -1, NO_TASK);
        continue;
      }
      sched.restartRunning(w.tx);
      sim.pauseThen(c, t, cm.abortCost, executionTask(w.tx));
    }
  },
});
