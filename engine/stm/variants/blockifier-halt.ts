/**
 * The blockifier variant's block-full stop (worker_logic.rs `commit_tx`: after a successful
 * commit validation the bouncer is asked whether the transaction fits; `NoRoomInBlock` →
 * `commit_while_possible` calls `uncommit` (the commit index goes back: the transaction is not in
 * the block) and `Scheduler::halt` (scheduler.rs: the done marker; every worker leaves its loop).
 * blockifier 0.20.0-rc.0.)
 *
 * The block closes at the halt: `WorkerPool::run_and_wait` (worker_pool.rs) returns as soon as
 * the scheduler is done, and the chunk keeps the committed transactions only
 * (transaction_executor.rs `execute_chunk`: `commit_chunk_and_recover_block_state(n_committed)`).
 * Threads still inside a task finish it in the background, after the block is made; here that
 * work is shown cut at the halt (an execution as an execute event up to that instant) and
 * thrown away.
 */
import { EV_VALIDATE } from '../events';
import { NO_TASK } from '../scheduler';
import { W_EXEC, W_POLICY, type Simulation } from '../simulator';
import type { CommitBouncer } from '../block-bouncer';

/** The commit validation of a transaction that passed it but did not fit: ends with the halt. */
export const W_BLOCK_FULL = W_POLICY + 1;

/**
 * Commit of `tx` on core c at t: if its commit validation passes and the bouncer has no room
 * for it, the core spends the validation and then halts the block (true). Otherwise false (the
 * transaction is admitted to the bouncer, or invalid: the usual commit path handles it).
 */
export function blockFullAtCommit(
  sim: Simulation,
  bouncer: CommitBouncer,
  c: number,
  t: number,
  tx: number,
): boolean {
  if (sim.validate(tx) >= 0) return false;
  if (bouncer.tryAdmit(tx, sim.finalCost[tx])) return false;
  sim.tasks++;
  const inc = sim.sched.incarnation[tx];
  const ev = sim.execEvent[tx];
  const t1 = t + sim.sched0 + sim.validateDuration(tx);
  sim.log.add(EV_VALIDATE, c, t, t1, tx, inc, 0, -1, -1, ev);
  sim.busy(c, W_BLOCK_FULL, tx, inc, t, t1, ev, NO_TASK);
  return true;
}

/** Halt at t (core c made the decision): every other core's work is stopped there. */
export function haltBlock(sim: Simulation, c: number, t: number): void {
  sim.halted = true;
  for (let k = 0; k < sim.k; k++) {
    if (k === c || sim.busyCore[k] === 0) continue;
    const w = sim.pool[k];
    if (w.kind === W_EXEC) {
      sim.settle(k, t);
      sim.logExec(k, w, Math.min(t, sim.naturalEnd(w)));
    }
    sim.cancel(k);
  }
}
