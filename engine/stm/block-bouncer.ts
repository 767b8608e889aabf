/**
 * The bouncer at work on a simulated block: the weights of a transaction as it is committed (in
 * index order, every lower transaction committed), the cut, and what a cut block leaves behind.
 * The rules are blockifier's (bouncer.ts, README "The bouncer"); this file reads them off
 * MVMemory and the runner.
 */
import type { CellKey } from '../types';
import {
  Bouncer,
  capacityForJson,
  type BlockCapacity,
  type BlockEnd,
  type BouncerWeights,
  type WeightName,
} from './bouncer';
import type { CellTable } from './cells';
import { EV_EXECUTE, type EventLog } from './events';
import type { TxRunner } from './execution';
import type { RunMetrics } from './metrics';
import { READ_OK, type MVMemory } from './mvmemory';

/** What the bouncer decided during a run (SimState.bouncer). */
export interface BouncerOutcome {
  included: number;
  full: boolean;
  exceeded: WeightName[];
  weights: BouncerWeights;
  rejected?: BouncerWeights;
  capacity: BouncerWeights;
  haltedAt?: number;
  /** Real workers: transactions the reporting worker's replica admitted (parallel/bouncer-worker.ts). */
  seen?: number;
}

export class CommitBouncer {
  private readonly bouncer: Bouncer;
  private included = 0;
  private rejected: { w: BouncerWeights; exceeded: WeightName[] } | undefined;
  haltedAt: number | undefined;

  constructor(
    capacity: BlockCapacity,
    private readonly mv: MVMemory,
    private readonly cells: CellTable,
    private readonly runner: TxRunner,
  ) {
    this.bouncer = new Bouncer(capacity);
  }

  /**
   * `tx` is the next to commit (every lower one is committed) and `cost` the executor cost of its
   * recorded incarnation: admit it if it fits, else record why not (the block ends before it).
   */
  tryAdmit(tx: number, cost: number): boolean {
    if (tx !== this.included || this.rejected) throw new Error('bouncer: commits out of order');
    const changed = this.changedCells(tx);
    const w = this.bouncer.txWeights(changed, cost, this.runner.execWeights[tx]);
    const exceeded = this.bouncer.exceeded(w);
    if (exceeded.length > 0) {
      this.rejected = { w, exceeded };
      return false;
    }
    this.bouncer.admit(w, changed);
    this.included++;
    return true;
  }

  /**
   * Cells whose value tx changed (its recorded writes compared with the value below it: a write of
   * the value already there is no state change, blockifier `StateCache::to_state_diff`), plus the
   * sequencer balance when it pays a fee (worker_logic.rs `commit_tx` →
   * `update_sequencer_key_in_storage`, when the fee is > 0).
   */
  private changedCells(tx: number): Set<CellKey> {
    const { mv, cells } = this;
    const a = mv.arena;
    const out = new Set<CellKey>();
    const ws = mv.lastWriteStart[tx];
    for (let i = ws; i < ws + mv.lastWriteLen[tx]; i++) {
      const c = a.wCell[i];
      if (mv.read(c, tx + 1) !== READ_OK || mv.outTx !== tx) continue;
      const after = mv.outValue;
      const before = mv.read(c, tx) === READ_OK ? mv.outValue : cells.preValue(c);
      if (after !== before) out.add(cells.key(c));
    }
    const fc = this.runner.feeCellOf[tx];
    if (fc >= 0 && this.runner.feeAmountOf[tx] > 0n) out.add(cells.key(fc));
    return out;
  }

  outcome(n: number): BouncerOutcome {
    const full = this.rejected !== undefined;
    return {
      included: full ? this.included : n,
      full,
      exceeded: this.rejected?.exceeded ?? [],
      weights: { ...this.bouncer.accumulated },
      rejected: this.rejected?.w,
      capacity: this.bouncer.capacity,
      haltedAt: this.haltedAt,
    };
  }
}

/**
 * The bouncer applied after a run, in index order, to the committed results: the variants that
 * have no bouncer of their own (every one but blockifier and sequential) run the whole block and
 * are cut at the same point afterwards.
 */
export function bounceAfterRun(
  capacity: BlockCapacity,
  mv: MVMemory,
  cells: CellTable,
  runner: TxRunner,
  finalCost: Float64Array,
): BouncerOutcome {
  const b = new CommitBouncer(capacity, mv, cells, runner);
  const n = finalCost.length;
  for (let tx = 0; tx < n; tx++) if (!b.tryAdmit(tx, finalCost[tx])) break;
  return b.outcome(n);
}

/** Remove from MVMemory every write of the transactions the block does not include. */
export function dropExcluded(mv: MVMemory, included: number): void {
  for (let tx = included; tx < mv.n; tx++) mv.deleteWrites(tx);
}

/**
 * The metrics of a cut block: the committed work is that of the included transactions; every
 * execution of an excluded one is thrown away (wasted), and `blockEnd` says where and why.
 */
export function cutMetrics(
  m: RunMetrics,
  log: EventLog,
  finalIncarnation: Int32Array,
  finalCost: Float64Array,
  o: BouncerOutcome,
): void {
  let excludedExecutions = 0;
  let excludedWork = 0;
  for (let e = 0; e < log.count; e++) {
    if (log.kind[e] !== EV_EXECUTE || log.tx[e] < o.included) continue;
    const d = log.end[e] - log.start[e];
    excludedExecutions++;
    excludedWork += d;
    // computeMetrics counted the non-final incarnations as wasted already
    if (log.incarnation[e] === finalIncarnation[log.tx[e]]) m.wastedWork += d;
  }
  let seq = 0;
  for (let tx = 0; tx < o.included; tx++) seq += finalCost[tx];
  m.sequentialTime = seq;
  m.reExecutions = m.executions - excludedExecutions - o.included;
  m.speedup = m.makespan > 0 ? seq / m.makespan : 1;
  const end: BlockEnd = {
    included: o.included,
    full: o.full,
    exceeded: o.exceeded,
    weights: o.weights,
    rejected: o.rejected,
    capacity: capacityForJson(o.capacity),
    haltedAt: o.haltedAt,
    excludedExecutions,
    excludedWork,
  };
  m.blockEnd = end;
}
