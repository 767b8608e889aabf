/**
 * The bouncer: Starknet's block capacity. Every transaction has weights; at its commit (in index
 * order) its weights are added to the block's; if that exceeds the capacity on any weight, the
 * block ends before it. Facts from blockifier 0.20.0-rc.0 (crates.io, what starknet-devnet 0.10.1
 * pins), `src/bouncer.rs`:
 *  - `BouncerWeights` has eight weights; `Bouncer::try_update` adds a transaction's weights to the
 *    accumulated ones and fails with `BlockFull` when `BouncerConfig::has_room` is false (every
 *    weight ≤ its capacity, `checked_sub`); the accumulated weights are then left unchanged;
 *  - the default capacity is `BouncerWeights::default()` (DEFAULT_BLOCK_CAPACITY below);
 *  - `get_tx_weights`: n_txs = 1; state_diff_size = `get_onchain_data_segment_length`
 *    (src/fee/gas_usage.rs: 2 per modified contract, CLASS_UPDATE_SIZE = 1 (src/abi/constants.rs)
 *    per class-hash update, 2 per storage update, 2 per compiled-class-hash update) of the
 *    *marginal* state-change keys: those not already changed by an earlier transaction of the
 *    block (`try_update`: `tx_state_changes_keys.difference(&self.state_changes_keys)`);
 *    n_events, message_segment_length and l1_gas from the receipt's resources; sierra_gas and
 *    proving_gas from the VM resources and Sierra gas.
 * What our executions provide, and so which weights are computed here, is in README.md
 * ("The bouncer").
 */
import { parseCell, type CellKey } from '../types';
import type { ExecWeights } from './types';

export const WEIGHT_NAMES = [
  'l1_gas',
  'message_segment_length',
  'n_events',
  'state_diff_size',
  'sierra_gas',
  'n_txs',
  'proving_gas',
  'receipt_l2_gas',
] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];
export type BouncerWeights = Record<WeightName, number>;
/** A block capacity: a weight left out is unbounded. */
export type BlockCapacity = Partial<BouncerWeights>;

/** blockifier 0.20.0-rc.0 src/bouncer.rs `impl Default for BouncerWeights`. */
export const DEFAULT_BLOCK_CAPACITY: BouncerWeights = {
  l1_gas: 2_500_000,
  message_segment_length: 3_700,
  n_events: 5_000,
  state_diff_size: 4_000,
  sierra_gas: 5_000_000_000,
  n_txs: 600,
  proving_gas: 5_000_000_000,
  receipt_l2_gas: 5_800_000_000,
};

/**
 * Sierra gas per cost unit when an executor reports none: our cost units are Cairo steps (plus
 * syscall gas / step_gas_cost), and `os_constants.gas_costs.base.step_gas_cost` is 100 in
 * blockifier's versioned constants (resources/blockifier_versioned_constants_0_14_1.json).
 */
export const SIERRA_GAS_PER_COST_UNIT = 100;

export function emptyWeights(): BouncerWeights {
  return {
    l1_gas: 0,
    message_segment_length: 0,
    n_events: 0,
    state_diff_size: 0,
    sierra_gas: 0,
    n_txs: 0,
    proving_gas: 0,
    receipt_l2_gas: 0,
  };
}

/** A capacity with every weight set (missing ones unbounded). */
export function fullCapacity(c: BlockCapacity): BouncerWeights {
  const out = emptyWeights();
  for (const name of WEIGHT_NAMES) out[name] = c[name] ?? Infinity;
  return out;
}

/** Bad `--block-capacity` input: the message names the offending part. */
export class CapacityInputError extends Error {}

/**
 * Parse `n_txs=40,sierra_gas=1e6` (or `default`: blockifier's default capacity). Throws
 * CapacityInputError: unknown weight name, a value that is not a number, negative, repeated.
 */
export function parseBlockCapacity(text: string): BlockCapacity {
  const s = text.trim();
  if (s === 'default') return { ...DEFAULT_BLOCK_CAPACITY };
  if (s === '') throw new CapacityInputError('--block-capacity: empty (give name=value,…)');
  const out: BlockCapacity = {};
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0)
      throw new CapacityInputError(`--block-capacity: "${part}" is not name=value (e.g. n_txs=40)`);
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!(WEIGHT_NAMES as readonly string[]).includes(name))
      throw new CapacityInputError(
        `--block-capacity: unknown weight "${name}" (known: ${WEIGHT_NAMES.join(', ')})`,
      );
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v))
      throw new CapacityInputError(`--block-capacity: ${name}="${raw}" is not a number`);
    if (v < 0) throw new CapacityInputError(`--block-capacity: ${name}=${raw} is negative`);
    if (out[name as WeightName] !== undefined)
      throw new CapacityInputError(`--block-capacity: ${name} is given twice`);
    out[name as WeightName] = v;
  }
  return out;
}

/** Per cell kind, the contract it belongs to and whether it is a class-hash update. */
function cellContract(cell: CellKey): { contract: string; classUpdate: boolean; storage: boolean } {
  const p = parseCell(cell);
  return {
    contract: p.contract.toString(16),
    classUpdate: p.kind === 'class',
    storage: p.kind === 'storage',
  };
}

/**
 * One block's bouncer: the accumulated weights and the state-change keys of the transactions
 * admitted so far (what makes state_diff_size marginal).
 */
export class Bouncer {
  readonly capacity: BouncerWeights;
  readonly accumulated = emptyWeights();
  private readonly changedCells = new Set<CellKey>();
  private readonly modifiedContracts = new Set<string>();

  constructor(capacity: BlockCapacity) {
    this.capacity = fullCapacity(capacity);
  }

  /**
   * The weights of a transaction that changed `changed` (cells whose value it changed, plus the
   * sequencer balance when it pays a fee), cost `cost` (in cost units), executor-reported `exec`.
   */
  txWeights(
    changed: Iterable<CellKey>,
    cost: number,
    exec: ExecWeights | undefined,
  ): BouncerWeights {
    const w = emptyWeights();
    w.n_txs = 1;
    w.sierra_gas = exec?.sierraGas ?? Math.round(cost * SIERRA_GAS_PER_COST_UNIT);
    w.n_events = exec?.nEvents ?? 0;
    w.message_segment_length = exec?.messageSegmentLength ?? 0;
    w.l1_gas = exec?.l1Gas ?? 0;
    w.proving_gas = exec?.provingGas ?? 0;
    w.receipt_l2_gas = exec?.receiptL2Gas ?? 0;
    const contracts = new Set<string>();
    let size = 0;
    for (const cell of changed) {
      // a declaration cell (types.ts `declaredCell`) is no contract's state diff
      if (this.changedCells.has(cell) || cell.startsWith('d:')) continue;
      const c = cellContract(cell);
      if (c.storage) size += 2;
      else if (c.classUpdate) size += 1;
      if (!this.modifiedContracts.has(c.contract)) contracts.add(c.contract);
    }
    w.state_diff_size = size + 2 * contracts.size;
    return w;
  }

  /** The capacity's weights that `w` added to the block would exceed (empty: it fits). */
  exceeded(w: BouncerWeights): WeightName[] {
    return WEIGHT_NAMES.filter((n) => this.accumulated[n] + w[n] > this.capacity[n]);
  }

  /** Admit a transaction whose weights fit (check `exceeded` first). */
  admit(w: BouncerWeights, changed: Iterable<CellKey>): void {
    for (const n of WEIGHT_NAMES) this.accumulated[n] += w[n];
    for (const cell of changed) {
      this.changedCells.add(cell);
      if (!cell.startsWith('d:')) this.modifiedContracts.add(cellContract(cell).contract);
    }
  }
}

/** Where the bouncer ended a block (RunResult.blockEnd, RunMetrics.blockEnd). */
export interface BlockEnd {
  /** Transactions in the block: 0…included−1. Equal to the block's size when it did not fill up. */
  included: number;
  /** True when a transaction did not fit: the block ended before tx `included`. */
  full: boolean;
  /** The weights that transaction would have exceeded (empty when the block did not fill up). */
  exceeded: WeightName[];
  /** The block's accumulated weights (the included transactions). */
  weights: BouncerWeights;
  /** The weights of the transaction that did not fit. */
  rejected?: BouncerWeights;
  /** The capacity (unbounded weights: null, for JSON). */
  capacity: Record<WeightName, number | null>;
  /** Simulated time at which the block was closed (the halt), when the variant stops early. */
  haltedAt?: number;
  /** Executions of transactions ≥ included (thrown away) and their core time. */
  excludedExecutions: number;
  excludedWork: number;
}

export function capacityForJson(c: BouncerWeights): Record<WeightName, number | null> {
  const out = {} as Record<WeightName, number | null>;
  for (const n of WEIGHT_NAMES) out[n] = Number.isFinite(c[n]) ? c[n] : null;
  return out;
}
