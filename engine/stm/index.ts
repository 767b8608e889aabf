/**
 * Block-STM simulator: public entry points. See README.md.
 */
import type { CellKey } from '../types';
import type { TxAccess } from '../graph';
import { computeMetrics, type RunMetrics } from './metrics';
import { simulateBlockStm, type SimState } from './simulator';
import {
  DEFAULT_COST_MODEL,
  VARIANTS,
  type BlockExecutor,
  type CostModel,
  type ReadRecord,
  type Variant,
} from './types';
import { simulateOracle } from './variants/oracle';
import { committedSets, type CommittedSets } from './committed';
import { POLICIES } from './variants';
import { simulateSequential } from './variants/sequential';
import type { EventLog } from './events';
import type { BlockCapacity } from './bouncer';
import { bounceAfterRun, cutMetrics, dropExcluded } from './block-bouncer';

export * from './types';
export * from './events';
export type { RunMetrics } from './metrics';
export { MVMemory, READ_ESTIMATE, READ_OK, READ_STORAGE, type ReadSet } from './mvmemory';
export {
  Scheduler,
  READY_TO_EXECUTE,
  EXECUTING,
  EXECUTED,
  ABORTING,
  NO_TASK,
  EXECUTION_TASK,
  VALIDATION_TASK,
  taskKind,
  taskTx,
} from './scheduler';
export { CellTable } from './cells';
export { blockDependencyGraph, type BlockGraph } from './block-graph';
export * from './bouncer';

export interface RunOptions {
  variant: Variant;
  /** Virtual cores, 1…128 (ignored by `sequential`). */
  cores: number;
  costModel?: Partial<CostModel>;
  /** Seed of the optional duration jitter; same input + seed → identical log. */
  seed?: number;
  /** Reuse results of identical incarnations instead of re-running the executor (default true). */
  memo?: boolean;
  /** Measure the wall time spent inside the executor (small overhead). */
  profile?: boolean;
  /**
   * Block capacity (the bouncer, bouncer.ts): blockifier halts at the commit of the first
   * transaction that does not fit, sequential stops there, every other variant runs the whole
   * block and is cut at the same point afterwards. Absent: no bouncer (blocks end with their last
   * transaction). `metrics.blockEnd` says where the block ended.
   */
  blockCapacity?: BlockCapacity;
}

export interface RunResult {
  variant: Variant;
  cores: number;
  log: EventLog;
  metrics: RunMetrics;
  /**
   * Final value of every cell written by the block. This and the three committed-set fields
   * below are read-only properties built on first access (then cached).
   */
  finalState: Map<CellKey, bigint>;
  /** Per transaction: the reads of its committed incarnation, in order, with the values returned. */
  committedReads: ReadRecord[][];
  /** Per transaction: the writes of its committed incarnation (including a deferred fee credit). */
  committedWrites: [CellKey, bigint][][];
  /** Committed access sets, ready for `buildDependencyGraph`. */
  access: TxAccess[];
  /**
   * Wall-clock times: `wallMs` the simulation itself, `totalMs` all of runBlock (simulation, log,
   * metrics; not the lazily built committed sets), `vmMs` the part spent inside the executor (measured only
   * with `profile: true`, else 0; the engine's own read callbacks are not counted as executor time).
   */
  timing: { wallMs: number; vmMs: number; totalMs: number };
}

export function resolveCostModel(partial?: Partial<CostModel>): CostModel {
  return { ...DEFAULT_COST_MODEL, ...(partial ?? {}) };
}

/** Execute a block under one variant on `cores` simulated cores. */
export function runBlock(executor: BlockExecutor, opts: RunOptions): RunResult {
  const cores = checkedCores(opts);
  const cost = resolveCostModel(opts.costModel);
  const t0 = performance.now();
  const st = simulateVariant(executor, opts, cores, cost);
  const n = executor.size;
  const included = bounceAndDrop(st, n, opts.blockCapacity);
  const wallMs = performance.now() - t0;
  const log = st.log.finish({ variant: opts.variant, cores, txCount: n }, st.cells.keys);
  const metrics = runMetrics(st, log);
  const timing = { wallMs, vmMs: st.runner.vmTimeMs, totalMs: performance.now() - t0 };
  return lazyResult(st, included, opts.variant, cores, log, metrics, timing);
}

/** The run's core count (1 for `sequential`); throws on an unknown variant or a bad count. */
function checkedCores(opts: RunOptions): number {
  if (!VARIANTS.includes(opts.variant)) throw new Error(`unknown variant ${String(opts.variant)}`);
  const cores = opts.variant === 'sequential' ? 1 : opts.cores;
  if (!Number.isInteger(cores) || cores < 1 || cores > 255)
    throw new Error(`cores must be 1…255, got ${cores}`);
  return cores;
}

/** Run the simulation of `opts.variant` (the options' defaults applied here). */
function simulateVariant(
  executor: BlockExecutor,
  opts: RunOptions,
  cores: number,
  cost: CostModel,
): SimState {
  const seed = opts.seed ?? 1;
  const memo = opts.memo ?? true;
  const profile = opts.profile ?? false;
  const capacity = opts.blockCapacity;
  switch (opts.variant) {
    case 'sequential':
      return simulateSequential(executor, cost, seed, profile, capacity);
    case 'oracle':
      return simulateOracle(executor, cores, cost, profile);
    default:
      return simulateBlockStm(
        executor,
        { cores, cost, seed, memo, profile, variant: opts.variant, capacity },
        POLICIES[opts.variant],
      );
  }
}

/**
 * With a block capacity, find where the block ends (variants that ran the whole block are cut
 * afterwards; blockifier and sequential halted themselves) and drop the writes of the
 * transactions left out. Returns how many transactions the block includes.
 */
function bounceAndDrop(st: SimState, n: number, capacity: BlockCapacity | undefined): number {
  if (capacity) st.bouncer ??= bounceAfterRun(capacity, st.mv, st.cells, st.runner, st.finalCost);
  const included = st.bouncer?.included ?? n;
  if (included < n) dropExcluded(st.mv, included);
  return included;
}

/** The run's metrics from its log, cut at the bouncer's halt when there is one. */
function runMetrics(st: SimState, log: EventLog): RunMetrics {
  const metrics = computeMetrics(log, st.incarnation, st.finalCost, {
    memoHits: st.runner.memoHits,
    vmRuns: st.runner.vmRuns,
    tasks: st.tasks,
    makespan: st.makespan,
  });
  if (st.bouncer) cutMetrics(metrics, log, st.incarnation, st.finalCost, st.bouncer);
  return metrics;
}

/**
 * The result, whose final state and committed sets are derived from the simulation's state on
 * first use (most callers only want the log and the metrics; building ~10 objects per transaction
 * for nothing was a third of the cost of a 10,000-transaction run, garbage collection included).
 */
function lazyResult(
  st: SimState,
  included: number,
  variant: Variant,
  cores: number,
  log: EventLog,
  metrics: RunMetrics,
  timing: RunResult['timing'],
): RunResult {
  let finalState: Map<CellKey, bigint> | undefined;
  let committed: CommittedSets | undefined;
  const getCommitted = () => (committed ??= committedSets(st, included));
  return {
    variant,
    cores,
    log,
    metrics,
    get finalState() {
      if (finalState === undefined) {
        finalState = new Map<CellKey, bigint>();
        for (const [c, v] of st.mv.snapshot()) finalState.set(st.cells.key(c), v);
      }
      return finalState;
    },
    get committedReads() {
      return getCommitted().reads;
    },
    get committedWrites() {
      return getCommitted().writes;
    },
    get access() {
      return getCommitted().access;
    },
    timing,
  };
}

/** Build the dependency graph of a run's committed access sets (re-exported convenience). */
export { buildDependencyGraph, listSchedule, speedupBound } from '../graph';
