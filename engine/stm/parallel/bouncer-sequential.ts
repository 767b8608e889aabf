/**
 * The bouncer of the real workers' sequential reference (worker-core.ts runSequentialBlock):
 * the same weights as block-bouncer.ts computes in the simulator, from a plain map. blockifier
 * transaction_executor.rs `execute`: the transaction runs, `Bouncer::try_update`, `BlockFull` →
 * its state is not committed and `execute_txs_sequentially_inner` stops.
 */
import type { CellKey } from '../../types';
import { Bouncer, type BlockCapacity } from '../bouncer';
import type { StateView, TxResult } from '../types';

export class SequentialBouncer {
  private readonly bouncer: Bouncer;

  constructor(capacity: BlockCapacity) {
    this.bouncer = new Bouncer(capacity);
  }

  /**
   * `res` wrote `writes` (fee credit included) over the state `view` shows before it: admit it
   * if it fits. Changed cells: written values that differ from the value before, plus the
   * sequencer balance when the fee is > 0.
   */
  fits(res: TxResult, writes: Map<CellKey, bigint>, view: StateView): boolean {
    const changed = new Set<CellKey>();
    for (const [c, v] of writes) if (v !== view.read(c)) changed.add(c);
    if (res.fee && res.fee.amount > 0n) changed.add(res.fee.cell);
    const w = this.bouncer.txWeights(changed, res.cost, res.weights);
    if (this.bouncer.exceeded(w).length > 0) return false;
    this.bouncer.admit(w, changed);
    return true;
  }
}
