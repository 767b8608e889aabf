/** Typed messages between the page and the engine worker. */
import type { BlockCapacity } from '../../engine/stm/bouncer';
import type { EventLog, RunMetrics } from '../../engine/stm';
import type { CostModel, Variant } from '../../engine/stm/types';
import type { PresetId, PresetParams } from '../presets';
import type { TxDetail } from '../../engine/starknet/describe';
import type { BlockDesc } from '../../engine/blocks/parallel/blocks';
import type { WhatIf, WhatIfSummary } from '../../engine/stm/what-if';
import type { HashCheckSummary } from '../../engine/blocks/import/hash-summary';

export type { WhatIf, WhatIfSummary };

/** A what-if of the loaded block on `cores` cores, simulated with `variant` and the references. */
export interface WhatIfRequest {
  kind: WhatIf;
  variant: Variant;
  cores: number;
  costModel: Partial<CostModel>;
  seed: number;
  /** The main run's block capacity: both sides' runs are cut by it (engine/stm/what-if.ts). */
  blockCapacity?: BlockCapacity;
}

export type { TxDetail };

export interface BlockSummary {
  source: 'preset' | 'json' | 'rpc';
  title: string;
  presetId?: PresetId;
  teaching: boolean;
  txCount: number;
  contracts: number;
  cells: number;
  txLabels: string[];
  /**
   * Per transaction, what the graph's search matches besides the label: canonical 0x-hex of its
   * hash and sender (imported blocks) and of every contract it read or wrote, space-separated.
   */
  txKeys?: string[];
  accessMode?: string;
  warnings: string[];
  /**
   * An imported block re-executed over RPC: real workers run `vm` of its transactions on their
   * Cairo VMs and replay the `replayed` ones re-execution could not reproduce. Absent: presets run
   * their own executor, other imported blocks are replayed from their access sets.
   */
  executable?: { vm: number; replayed: number };
  /**
   * An imported block's transaction-hash check, worded (engine summarizeHashCheck): verified on
   * which chain, not checked and why, or turned off on request. Absent for presets and for
   * re-executions saved before the check existed.
   */
  hashCheck?: HashCheckSummary;
}

export interface RunParams {
  variant: Variant;
  cores: number;
  costModel: Partial<CostModel>;
  seed: number;
  /** The bouncer's block capacity (engine/stm/bouncer.ts); absent: none. */
  blockCapacity?: BlockCapacity;
}

export interface GraphPayload {
  /**
   * Which graph this is: the worker numbers each graph it builds, and every run of one block
   * carries the same graph and key, so the page keeps one graph object (its layout and drawing)
   * across runs (lib/stores/run.ts). Absent: not known to be shared.
   */
  key?: number;
  n: number;
  level: Int32Array;
  columns: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Index into edgeCellKeys of the first cell carried by each edge. */
  edgeCell: Int32Array;
  edgeCellKeys: string[];
  edgeCellNames: string[];
  /** How many cells each edge carries. */
  edgeCellCount: number[];
  criticalPath: Int32Array;
  criticalLength: number;
  totalCost: number;
  cost: Float64Array;
  /** The top cells by edges, with the transactions that read it and that wrote (or credited) it. */
  hotspots: { cell: string; name: string; edges: number; readers: number[]; writers: number[] }[];
}

export interface RunPayload {
  params: RunParams;
  log: EventLog;
  metrics: RunMetrics;
  /** Readable name of each `log.cells` entry. */
  cellNames: string[];
  graph: GraphPayload;
  /** Dependency-graph bound on the speedup with this many cores. */
  graphBound: number;
  /** Why this variant cannot reach the bound although the graph allows it (engine/fee-remark.ts). */
  remark?: string;
  wallMs: number;
}

export interface References {
  sequentialMakespan: number;
  oracleMakespan: number;
}

export interface SweepSeries {
  variant: Variant;
  /** `included`: with a block capacity, the transactions in the block the bouncer built. */
  points: { cores: number; speedup: number; makespan: number; included?: number }[];
}

export type Request =
  | { type: 'loadPreset'; id: PresetId; params: PresetParams }
  /** `verifyTxHashes: false`: import without the transaction-hash check (the user asked). */
  | { type: 'importJson'; text: string; name?: string; verifyTxHashes?: boolean }
  /**
   * A block over JSON-RPC. `exact`: re-execute every transaction on the Cairo VM against the
   * parent block's state (fetched on demand, within `maxRequests` calls) for exact access sets.
   */
  | {
      type: 'fetchRpc';
      url: string;
      blockId: number | 'latest';
      exact?: boolean;
      maxRequests?: number;
      verifyTxHashes?: boolean;
    }
  | { type: 'run'; params: RunParams }
  | { type: 'references'; params: RunParams }
  | {
      type: 'sweep';
      variants: Variant[];
      maxCores: number;
      /** The main run's cost model, seed and block capacity: every run of the sweep has them. */
      base: Pick<RunParams, 'costModel' | 'seed' | 'blockCapacity'>;
    }
  /** What a transaction did on the Cairo VM (call tree, code); null when the block has no VM. */
  | { type: 'txDetail'; tx: number }
  /**
   * What real workers run for the loaded imported block (plain data): its executable block when it
   * was re-executed over RPC (each worker's Cairo VM), else a replay of its access sets; null for
   * presets (the page describes those itself).
   */
  | { type: 'parallelBlock' }
  /** The loaded block's re-execution as a file (JSON text), to save; null when it was not re-executed. */
  | { type: 'savedReexecution' }
  /**
   * The loaded block executed once in index order in this worker, timed (after one untimed
   * warm-up pass): the single-worker run of a page without shared memory.
   */
  | { type: 'measureSequential' }
  /** The block changed by one what-if, graph and simulation re-run, beside the block as it is. */
  | ({ type: 'whatIf' } & WhatIfRequest);

export type Reply =
  | { id: number; type: 'progress'; done: number; total: number; message?: string }
  | { id: number; type: 'block'; summary: BlockSummary }
  | { id: number; type: 'run'; payload: RunPayload }
  | { id: number; type: 'references'; refs: References }
  | { id: number; type: 'sweep'; series: SweepSeries[] }
  | { id: number; type: 'txDetail'; detail: TxDetailReply }
  | { id: number; type: 'parallelBlock'; desc: BlockDesc | null }
  | { id: number; type: 'savedReexecution'; json: string | null }
  | { id: number; type: 'measured'; measured: SequentialMeasure }
  | { id: number; type: 'whatIf'; result: WhatIfSummary }
  /** `code`: an ImportError's code (e.g. 'TX_HASH_MISMATCH'), for the page to act on. */
  | { id: number; type: 'error'; message: string; code?: string };

export type ReplyOf<T extends Request['type']> = T extends 'loadPreset' | 'importJson' | 'fetchRpc'
  ? BlockSummary
  : T extends 'run'
    ? RunPayload
    : T extends 'references'
      ? References
      : T extends 'txDetail'
        ? TxDetailReply
        : T extends 'parallelBlock'
          ? BlockDesc | null
          : T extends 'savedReexecution'
            ? string | null
            : T extends 'measureSequential'
              ? SequentialMeasure
              : T extends 'whatIf'
                ? WhatIfSummary
                : SweepSeries[];

/** A timed sequential run of the block on one worker. */
export interface SequentialMeasure {
  wallMs: number;
  /** The untimed warm-up pass. */
  warmupMs: number;
  /** Hash of the final write set (engine/stm/parallel/hash.ts), as real runs report it. */
  stateHash: string;
}

/** A transaction's VM detail, or why there is none. */
export type TxDetailReply = { detail: TxDetail } | { none: string };
