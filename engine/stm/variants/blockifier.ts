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
 * Not modelled: the bouncer (a block that fills up stops at the first transaction that does not
 * fit, `CommitResult::NoRoomInBlock`): blocks here always end with their last transaction.
 */
import { ABORT_COMMIT, EV_ABORT, EV_VALIDATE, FLAG_FAILED } from '../events';
import { EXECUTED, NO_TASK } from '../scheduler';
import { W_POLICY, type PolicyFactory, type Simulation } from '../simulator';
import { finishCommit } from './commit-as-you-go';

/** Committing the lowest uncommitted transaction after its commit-phase validation passed. */
const W_COMMIT = W_POLICY;

export const blockifier: PolicyFactory = (sim) => {
  let commitIdx = 0;
  let commitBusy = false;
  return {
    inlineFee: false,
    valueBased: true,
    claim(c, t) {
      if (commitBusy || commitIdx >= sim.n || sim.sched.status[commitIdx] !== EXECUTED)
        return false;
      // Busy either way: committing, or spending a failed commit validation and its abort.
      commitBusy = tryCommit(sim, c, t, commitIdx);
      return true;
    },
    complete(c, t, w) {
      finishCommit(sim, c, w);
      commitIdx++;
      commitBusy = false;
      sim.startNext(c, t);
    },
    done: () => commitIdx === sim.n,
  };
};

/**
 * Commit-phase validation of tx on core c at t. True: valid, the core is busy committing it.
 * False: it was aborted (its writes deleted, made ready, execution_index lowered to it); the core
 * spends the validation and the abort, then asks the scheduler, as the worker loop does.
 */
function tryCommit(sim: Simulation, c: number, t: number, tx: number): boolean {
  const { sched, mv, log, cm, execEvent } = sim;
  sim.tasks++;
  const inc = sched.incarnation[tx];
  const t1 = t + sim.sched0 + sim.validateDuration(tx);
  const fail = sim.validate(tx);
  if (fail < 0) {
    log.add(EV_VALIDATE, c, t, t1, tx, inc, 0, -1, -1, execEvent[tx]);
    sim.busy(c, W_COMMIT, tx, inc, t1, t1 + cm.commitCost, execEvent[tx], NO_TASK);
    return true;
  }
  const causeCell = sim.arena.rCell[mv.lastReadStart[tx] + fail];
  mv.read(causeCell, tx);
  const writer = mv.outTx;
  log.add(EV_VALIDATE, c, t, t1, tx, inc, FLAG_FAILED, causeCell, writer, execEvent[tx]);
  const ev = execEvent[tx];
  log.add(EV_ABORT, c, t1, t1 + cm.abortCost, tx, inc, ABORT_COMMIT, causeCell, writer, ev);
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
