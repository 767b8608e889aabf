/**
 * The data of a block-range analysis: one row per block (the figures `analyze --rpc --block N`
 * prints), the options that produced them, and the store the rows are cached in.
 */
import type { HotspotRow, RunRow } from '../../analyze';
import type { Variant } from '../../stm/types';

/**
 * Bumped whenever a row's figures would change for the same block (new fields, a different
 * analysis): rows cached under another version are ignored, not misread.
 * 2: the replay carries each fee payer's sequencer-fee credit (import/fee-credit.ts), which
 * changes the speedups of the variants that credit inline.
 */
export const ANALYSIS_VERSION = 2;

/** The core counts whose dependency-graph bound every row carries, whatever `cores` is. */
export const BOUND_CORES = [8, 32] as const;

/** How many hotspot cells a row keeps. */
export const TOP_HOTSPOTS = 5;

export interface RangeAnalysisOptions {
  cores: number[];
  variants: Variant[];
  /** Seed of the simulator's duration jitter (as `analyze --seed`). */
  seed: number;
}

/** One block's figures. Plain data: it goes into SQLite, IndexedDB, JSON and across workers. */
export interface BlockRow {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  accessMode: string;
  transactions: number;
  edges: number;
  columns: number;
  /** Weighted critical path (cost units) and its transactions. */
  criticalPath: number;
  criticalPathTxs: number;
  totalCost: number;
  /** Dependency-graph speedup bound at 8 and 32 cores: min(k, totalCost / criticalPath). */
  bound8: number;
  bound32: number;
  hotspots: HotspotRow[];
  /** One per (variant, cores) asked for; empty for a block with no transactions. */
  runs: RunRow[];
  warnings: string[];
}

/** Where rows persist between runs: SQLite in Node (engine/cli), IndexedDB in the browser. */
export interface RangeStore {
  get(key: string): Promise<BlockRow | undefined>;
  put(key: string, row: BlockRow): Promise<void>;
  close?(): Promise<void> | void;
}

export interface RangeProgress {
  /** Blocks finished (from the cache or fetched) of the whole range. */
  done: number;
  total: number;
  block: number;
  source: 'cache' | 'fetched';
}

export interface RangeCounters {
  cacheHits: number;
  cacheMisses: number;
  /** Blocks fetched over RPC (0 when every row came from the cache). */
  blockFetches: number;
  /** JSON-RPC calls sent over the network, the light ones (chain id, the top header) included. */
  rpcCalls: number;
}

export interface RangeReport {
  chainId: string;
  from: number;
  to: number;
  options: RangeAnalysisOptions;
  analysisVersion: number;
  /** Ascending by block number. */
  blocks: BlockRow[];
  counters: RangeCounters;
}
