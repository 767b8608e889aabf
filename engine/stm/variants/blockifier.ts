/**
 * `blockifier`: the concurrent executor of Starknet's sequencer, starkware-libs/sequencer
 * crates/blockifier/src/concurrency (read at commit 60161ba754d96601c4ec18d70125e2e2a1a036a7; each
 * rule and its file are listed in engine/stm/README.md, "The blockifier variant"). Differences
 * from Block-STM, all as policy choices on the same machine:
 *  - no ESTIMATE: an abort deletes the incarnation's writes; readers see the writes below it and
 *    never wait (versioned_storage.rs, worker_logic.rs `validate` → `delete_writes`);
 *  - validation compares values, not versions (versioned_state.rs `validate_reads`);
 *  - every finished execution lowers validation_index to itself (scheduler.rs `finish_execution`);
 *  - an in-order commit by whichever thread takes the commit lock before its next task
 *    (worker_logic.rs `commit_while_possible`): validate against the committed prefix; if that
 *    fails, abort (delete the writes, status ready, execution_index lowered: `finish_abort`) and
 *    stop committing for now; else apply the deferred sequencer-fee credit (fee_utils.rs
 *    `complete_fee_transfer_flow`) and commit.
 *  - with a block capacity (SimConfig.capacity), the bouncer at commit: a transaction that passes
 *    its commit validation but does not fit is not committed and the scheduler is halted
 *    (worker_logic.rs `commit_tx` → `CommitResult::NoRoomInBlock`, `commit_while_possible` →
 *    `uncommit` + `halt`); see blockifier-halt.ts.
 */
import { EXECUTED, EXECUTION_TASK, NO_TASK, taskKind, taskTx } from '../scheduler';
import type { PolicyFactory, Simulation } from '../simulator';
import { finishCommit, validateForCommit } from './commit-as-you-go';
import { blockFullAtCommit, haltBlock, W_BLOCK_FULL } from './blockifier-halt';
import { CommitBouncer } from '../block-bouncer';

export const blockifier: PolicyFactory = (sim) => {
  let commitIdx = 0;
  let commitBusy = false;
  // Built on first use: the runner it reads does not exist yet while the policy is made.
  let bouncer: CommitBouncer | undefined;
  const getBouncer = () =>
    sim.cfg.capacity &&
    (bouncer ??= new CommitBouncer(sim.cfg.capacity, sim.mv, sim.cells, sim.runner));
  return {
    inlineFee: false,
    valueBased: true,
    claim(c, t) {
      if (commitBusy || commitIdx >= sim.n || sim.sched.status[commitIdx] !== EXECUTED)
        return false;
      const b = getBouncer();
      // Busy until the halt: the transaction is valid but there is no room for it.
      if (b && blockFullAtCommit(sim, b, c, t, commitIdx)) return (commitBusy = true);
      // Busy either way: committing, or spending a failed commit validation and its abort.
      commitBusy = tryCommit(sim, c, t, commitIdx);
      return true;
    },
    complete(c, t, w) {
      if (w.kind === W_BLOCK_FULL) {
        haltBlock(sim, c, t);
        bouncer!.haltedAt = t;
        return;
      }
      finishCommit(sim, c, w);
      commitIdx++;
      commitBusy = false;
      sim.startNext(c, t);
    },
    drop(task) {
      // A committed transaction is Committed, not Executed, in blockifier's scheduler: its
      // validation tasks are not handed out (scheduler.rs `next_version_to_validate`).
      if (taskKind(task) === EXECUTION_TASK || taskTx(task) >= commitIdx) return false;
      sim.sched.finishValidation(taskTx(task), false);
      return true;
    },
    done() {
      const b = getBouncer();
      if (b) sim.bouncer = b.outcome(sim.n);
      return commitIdx === sim.n || sim.halted;
    },
  };
};

/**
 * Commit-phase validation of tx on core c at t. True: valid, the core is busy committing it.
 * False: it was aborted (its writes deleted, made ready, execution_index lowered to it); the core
 * spends the validation and the abort, then asks the scheduler, as the worker loop does.
 */
function tryCommit(sim: Simulation, c: number, t: number, tx: number): boolean {
  const { sched, cm } = sim;
  const t1 = validateForCommit(sim, c, t, tx, sim.validate(tx));
  if (t1 === undefined) return true;
  sim.abortWrites(tx);
  sched.cascadeAbort(tx); // EXECUTED(i) → READY_TO_EXECUTE(i + 1)
  sched.decreaseExecutionIdx(tx);
  // Our scheduler may already have declared the block done (every transaction validated) before
  // a commit-time fee credit invalidated this one; blockifier's scheduler is only ever halted
  // from outside, once everything is committed.
  sched.doneMarker = false;
  sim.pauseThen(c, t, t1 - t + cm.abortCost, NO_TASK);
  return false;
}
