/**
 * The bouncer on real workers (blockifier variant with a block capacity). blockifier keeps one
 * `Bouncer` behind a mutex, updated by whichever thread holds the commit lock (worker_logic.rs
 * `commit_tx`: `self.bouncer.lock()…try_update`). Here the commit lock moves between workers and
 * a Bouncer (sets of keys) cannot live in shared memory, so each worker keeps its own replica
 * and, when it takes the lock, first replays the commits the others made since (their write lists
 * and weights are in shared memory and final once committed). Every replica admits the same
 * transactions in the same order, so it decides as the one shared Bouncer would.
 */
import { Bouncer, type BlockCapacity } from '../bouncer';
import type { BouncerOutcome } from '../block-bouncer';
import type { PreValues, SharedState } from './shared';

export class WorkerBouncer {
  private readonly bouncer: Bouncer;
  /** Transactions admitted by this replica: 0…upTo−1. */
  private upTo = 0;
  private rejected: BouncerOutcome['rejected'];
  private exceeded: BouncerOutcome['exceeded'] = [];

  constructor(capacity: BlockCapacity) {
    this.bouncer = new Bouncer(capacity);
  }

  /**
   * Under the commit lock, tx passed its commit validation: does it fit? (Admitted if so.) Every
   * lower transaction is committed; those this replica has not seen are replayed first.
   */
  fits(s: SharedState, pre: PreValues, tx: number): boolean {
    while (this.upTo < tx) this.admit(s, pre, this.upTo);
    const changed = s.changedCells(tx, pre);
    const w = this.bouncer.txWeights(changed, s.costOf(tx), s.execWeightsOf(tx));
    const exceeded = this.bouncer.exceeded(w);
    if (exceeded.length > 0) {
      this.rejected = w;
      this.exceeded = exceeded;
      return false;
    }
    this.bouncer.admit(w, changed);
    this.upTo = tx + 1;
    return true;
  }

  private admit(s: SharedState, pre: PreValues, tx: number): void {
    const changed = s.changedCells(tx, pre);
    this.bouncer.admit(this.bouncer.txWeights(changed, s.costOf(tx), s.execWeightsOf(tx)), changed);
    this.upTo = tx + 1;
  }

  /** What this replica saw (the host keeps the one that saw the most). */
  report(n: number): BouncerOutcome {
    const full = this.rejected !== undefined;
    return {
      included: full ? this.upTo : n,
      full,
      exceeded: this.exceeded,
      weights: { ...this.bouncer.accumulated },
      rejected: this.rejected,
      capacity: this.bouncer.capacity,
      seen: this.upTo,
    };
  }
}
