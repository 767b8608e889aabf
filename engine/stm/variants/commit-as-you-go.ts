/**
 * `commit-as-you-go`: Block-STM plus an in-order commit, as the Starknet sequencer does. The
 * lowest uncommitted transaction, once EXECUTED, is validated exactly against the committed prefix
 * by the first free core, re-executed there on the spot if invalid, then committed; the
 * sequencer-fee credit is deferred to that commit (not a read-modify-write of every transaction).
 */
import { ABORT_COMMIT, EV_ABORT, EV_COMMIT, EV_VALIDATE, FLAG_FAILED } from '../events';
import { READ_OK } from '../mvmemory';
import { EXECUTED, EXECUTION_TASK, NO_TASK, taskKind, taskTx } from '../scheduler';
import { W_POLICY, type PolicyFactory, type Simulation, type Work } from '../simulator';

/** Committing a transaction whose execution is valid. */
const W_COMMIT = W_POLICY;
/** Re-executing an invalid one on the committing core, then committing it. */
const W_COMMIT_REEXEC = W_POLICY + 1;

export const commitAsYouGo: PolicyFactory = (sim) => {
  let commitIdx = 0;
  let commitBusy = false;
  const commit = (c: number, w: Work) => {
    finishCommit(sim, c, w);
    commitIdx++;
    commitBusy = false;
  };
  return {
    inlineFee: false,
    claim(c, t) {
      if (commitBusy || commitIdx >= sim.n || sim.sched.status[commitIdx] !== EXECUTED)
        return false;
      commitBusy = true;
      startCommit(sim, c, t, commitIdx);
      return true;
    },
    drop(task) {
      // A committed transaction needs no more validation.
      if (taskKind(task) === EXECUTION_TASK || taskTx(task) >= commitIdx) return false;
      sim.sched.finishValidation(taskTx(task), false);
      return true;
    },
    complete(c, t, w) {
      if (w.kind === W_COMMIT_REEXEC) {
        const wroteNew = sim.recordExecution(w);
        const next = sim.sched.finishExecution(w.tx, wroteNew);
        if (next !== NO_TASK) sim.sched.finishValidation(w.tx, false); // exact by construction
        sim.sched.decreaseValidationIdx(w.tx + 1);
      }
      commit(c, w);
      sim.startNext(c, t);
    },
    done: () => commitIdx === sim.n,
  };
};

/**
 * Commit-time validation of tx on core c at t, one scheduler task: `fail` is the validation's
 * result (-1, or the index of the first stale read). Valid: the validation is logged and the core
 * is busy committing tx; returns undefined. Stale: the failed validation and the abort that
 * follows it are logged; returns when the validation ends (the abort takes `abortCost` after it).
 * The variant then undoes the incarnation its own way.
 */
export function validateForCommit(
  sim: Simulation,
  c: number,
  t: number,
  tx: number,
  fail: number,
): number | undefined {
  const { sched, mv, log, cm, execEvent } = sim;
  sim.tasks++;
  const inc = sched.incarnation[tx];
  const ev = execEvent[tx];
  const t1 = t + sim.sched0 + sim.validateDuration(tx);
  if (fail < 0) {
    log.add(EV_VALIDATE, c, t, t1, tx, inc, 0, -1, -1, ev);
    sim.busy(c, W_COMMIT, tx, inc, t1, t1 + cm.commitCost, ev, NO_TASK);
    return undefined;
  }
  const causeCell = sim.arena.rCell[mv.lastReadStart[tx] + fail];
  mv.read(causeCell, tx);
  const writer = mv.outTx;
  log.add(EV_VALIDATE, c, t, t1, tx, inc, FLAG_FAILED, causeCell, writer, ev);
  log.add(EV_ABORT, c, t1, t1 + cm.abortCost, tx, inc, ABORT_COMMIT, causeCell, writer, ev);
  return t1;
}

/** Validate tx exactly on core c at t; commit it, or re-execute it first. */
function startCommit(sim: Simulation, c: number, t: number, tx: number): void {
  const { sched, mv, cm } = sim;
  const t1 = validateForCommit(sim, c, t, tx, mv.validateReadSet(tx));
  if (t1 === undefined) return;
  // Exact validation failed: re-execute now, on this core, against the final prefix state.
  const inc = sched.incarnation[tx];
  sched.commitReexecute(tx);
  mv.convertWritesToEstimates(tx);
  const t2 = t1 + cm.abortCost;
  // Every lower transaction is committed: the reads made now are final, whenever they happen.
  sim.runner.run(tx);
  if (!sim.runner.ok) throw new Error('commit-as-you-go: ESTIMATE below the commit index');
  const w = sim.pool[c];
  sim.takeAttempt(w);
  w.scale = sim.jitterScale();
  w.checked = w.readLen;
  w.tx = tx;
  w.inc = inc + 1;
  w.start = t2;
  w.end = t2 + sim.execDuration(w);
  const ev = sim.logExec(c, w, w.end);
  sim.busy(c, W_COMMIT_REEXEC, tx, inc + 1, w.end, w.end + cm.commitCost, ev, NO_TASK);
}

/** The commit of w.tx: the deferred sequencer-fee credit, applied in index order on the exact balance. */
export function finishCommit(sim: Simulation, c: number, w: Work): void {
  const { mv, arena, log } = sim;
  const tx = w.tx;
  let base = 0n;
  const fc = sim.feeCell[tx];
  if (fc >= 0) {
    const ws = mv.lastWriteStart[tx];
    let pos = -1;
    for (let i = ws; i < ws + mv.lastWriteLen[tx]; i++) if (arena.wCell[i] === fc) pos = i;
    if (pos >= 0) {
      mv.read(fc, tx + 1);
      base = mv.outValue;
    } else {
      const r = mv.read(fc, tx);
      base = r === READ_OK ? mv.outValue : sim.cells.preValue(fc);
      // A read the transaction already made itself is not repeated (as in the inline case).
      const rs = mv.lastReadStart[tx];
      let seen = false;
      for (let i = rs; i < rs + mv.lastReadLen[tx]; i++) if (arena.rCell[i] === fc) seen = true;
      if (!seen) {
        sim.feeReadCell[tx] = fc;
        sim.feeReadValue[tx] = base;
      }
    }
    mv.appendWrite(tx, w.inc, fc, base + sim.feeAmount[tx]);
  }
  log.add(EV_COMMIT, c, w.start, w.end, tx, w.inc, 0, -1, -1, w.ev);
  if (fc >= 0) {
    if (sim.feeReadCell[tx] >= 0) log.read(fc, -1, -1, base);
    log.write(fc, base + sim.feeAmount[tx]);
  }
}
