/**
 * The contract between Block-STM and whatever executes transactions.
 *
 * engine/stm and engine/graph depend only on these interfaces: today the synthetic executor in
 * engine/blocks/workloads implements `BlockExecutor`; later engine/starknet implements it with
 * real Cairo execution. See engine/stm/README.md.
 */
import type { CellKey } from '../types';

/**
 * The state one transaction sees: the pre-block state updated by every lower-indexed transaction.
 *
 * `read` may throw (an ESTIMATE was hit: the value is being rewritten by an aborted lower
 * transaction). The executor must let that exception propagate and must not catch it: the
 * execution is abandoned at once and retried later by the scheduler. The view never reflects the
 * transaction's own writes; the executor buffers those itself (read-your-writes).
 */
export interface StateView {
  read(cell: CellKey): bigint;
  /**
   * Optional timing: the executor may call `at(offset)` before a read, with how far into the
   * execution it is (cost units since its start, the units of `TxResult.cost`). The next reads
   * are placed at that offset. An executor that never calls it reads everything at offset 0.
   */
  at?(offset: number): void;
  /**
   * Optional fast path (numbered cells), offered only to an executor that has `cellKey`: read
   * the cell the executor numbers `id`, exactly as `read(cellKey(id))` (same value, same
   * ESTIMATE). Saves the engine a hash lookup of the key string per read.
   */
  readId?(id: number): bigint;
  /**
   * Optional fast path, offered together with `readId`: the final value of the executor's cell
   * `id`, written at `offset` (as `TxResult.writeOffsets`; omitted: at `cost`). Called once per
   * written cell, in the order the executor wrote them first, before `execute` returns; these
   * writes count as part of `TxResult.writes` (a cell goes in one of the two, never both).
   */
  writeId?(id: number, value: bigint, offset?: number): void;
}

/** Everything the engine needs from one execution of one transaction. */
export interface TxResult {
  /** Final value of every cell the transaction writes, each cell at most once (array or Map). */
  writes: Iterable<readonly [CellKey, bigint]>;
  /** Duration in cost units: Cairo steps plus syscall/gas cost. Deterministic in the values read. */
  cost: number;
  /** True when the transaction reverted (it still counts, it still pays its fee and bumps its nonce). */
  reverted?: boolean;
  /**
   * Optional fee credited to the sequencer: `amount` added to `cell` (the sequencer's fee-token
   * balance). The executor does NOT read or write `cell` for this credit; the engine applies it,
   * inline (as a read-modify-write of the transaction) in every variant except
   * `commit-as-you-go`, which defers it to the in-order commit as the Starknet sequencer does.
   */
  fee?: { cell: CellKey; amount: bigint };
  /**
   * Optional timing of the writes: per written cell, the offset (cost units since the start) of
   * the write that left its final value. Missing cells are written at `cost` (the end).
   */
  writeOffsets?: ReadonlyMap<CellKey, number>;
  /**
   * Optional bouncer weights the execution knows (see bouncer.ts and README "The bouncer"):
   * missing ones are derived by the engine (sierra gas from `cost`) or count 0.
   */
  weights?: ExecWeights;
}

/** Bouncer weights an executor can report for one execution (blockifier's names in bouncer.ts). */
export interface ExecWeights {
  /** sierra_gas (default: cost × SIERRA_GAS_PER_COST_UNIT). */
  sierraGas?: number;
  /** n_events: events emitted by the transaction's calls (validate, execute, fee transfer). */
  nEvents?: number;
  /** message_segment_length: L2→L1 messages (3 + payload each) and an L1 handler's message. */
  messageSegmentLength?: number;
  l1Gas?: number;
  provingGas?: number;
  receiptL2Gas?: number;
}

/**
 * A block's transactions. `execute` must be deterministic: the same values read in the same order
 * give the same result (the engine memoizes on that).
 */
export interface BlockExecutor {
  readonly size: number;
  /** The pre-block state of a cell (0 if never set). */
  preState(cell: CellKey): bigint;
  execute(tx: number, view: StateView): TxResult;
  /** Optional human-readable names for the UI and the teaching presets. */
  txLabel?(tx: number): string;
  cellName?(cell: CellKey): string;
  /**
   * Optional fast path: the executor numbers the cells it touches with small non-negative
   * integers, stable for its lifetime, and names each here. Only an executor with `cellKey` gets
   * a view with `readId`/`writeId`; it may then use them for any cell (mixing with `read` and
   * `writes` is allowed). Views without them (real workers, wrappers) get the string path.
   */
  cellKey?(id: number): CellKey;
}

/**
 * Thrown by `StateView.read` when the read hits an ESTIMATE. Not an Error subclass on purpose
 * (no stack capture on a hot path).
 */
export class EstimateHit {
  constructor(
    readonly cell: number,
    readonly blocker: number,
  ) {}
}

export const VARIANTS = [
  'block-stm',
  'naive',
  'selective',
  'commit-as-you-go',
  'abort-on-dependency',
  'blockifier',
  'oracle',
  'sequential',
] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * Cost model of the simulated machine (units = the executor's cost units, e.g. Cairo steps).
 * See engine/stm/README.md "Cost model".
 */
export interface CostModel {
  /** Added to every scheduler task (fetch from the shared counters, bookkeeping). */
  scheduleOverhead: number;
  /** Added per read done through MVMemory during an execution (versus plain storage). */
  readOverhead: number;
  /** Per write recorded into MVMemory at the end of an execution. */
  writeOverhead: number;
  /** Validation task: base + per read-set entry. */
  validateBase: number;
  validatePerRead: number;
  /** Turning an aborted incarnation's writes into ESTIMATE markers. */
  abortCost: number;
  /**
   * Extra duration of an execution abandoned on an ESTIMATE read when the executor reports no
   * offsets (StateView.at): the VM work done before the read is then unknown to the engine, so it
   * is modelled as this fixed amount. With offsets the execution is charged its time up to the
   * read instead, and this is not added.
   */
  dependencyAbortCost: number;
  /** One in-order commit (commit-as-you-go), on top of its exact validation. */
  commitCost: number;
  /** Relative random variation of execution durations, drawn from the seed (0 = none). */
  jitter: number;
  /**
   * Scheduler contention: extra cost of every scheduler task per *other* thread (k − 1). Each task
   * does read-modify-writes on the shared counters (execution_idx / validation_idx fetch-and-
   * increment, num_active_tasks), whose cache line every one of the k threads keeps pulling (a
   * thread is always either running a task or polling those counters), so the cost of one task's
   * scheduling grows with the thread count. See README "Cost model". Optional for backward
   * compatibility: a missing value counts as 0.
   */
  schedulerContention?: number;
}

/**
 * Scheduling cost of one task on a machine of `cores` threads: the fixed `scheduleOverhead` plus
 * `schedulerContention` per other thread.
 */
export function taskOverhead(cm: CostModel, cores: number): number {
  return cm.scheduleOverhead + (cm.schedulerContention ?? 0) * Math.max(0, cores - 1);
}

/** Realistic default (see README): for a ~1,000-unit transfer, ~6% execution overhead and ~12% validation. */
export const DEFAULT_COST_MODEL: CostModel = {
  scheduleOverhead: 20,
  readOverhead: 10,
  writeOverhead: 10,
  validateBase: 20,
  validatePerRead: 20,
  abortCost: 30,
  dependencyAbortCost: 150,
  commitCost: 20,
  jitter: 0,
  schedulerContention: 8,
};

/** Every overhead zero: durations are exactly the executors' costs (teaching presets, hand-checked cases). */
export const ZERO_OVERHEAD_COST_MODEL: CostModel = {
  scheduleOverhead: 0,
  readOverhead: 0,
  writeOverhead: 0,
  validateBase: 0,
  validatePerRead: 0,
  abortCost: 0,
  dependencyAbortCost: 0,
  commitCost: 0,
  jitter: 0,
  schedulerContention: 0,
};

/** One read of a committed incarnation: the cell and the value it returned. */
export interface ReadRecord {
  cell: CellKey;
  value: bigint;
}
