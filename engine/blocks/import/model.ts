/**
 * The normalized model every import format is turned into. Plain data (JSON-serializable apart
 * from nothing: all felts are canonical hex strings), so it can cross a Worker boundary.
 */
import type { CellKey } from '../../types';

/** What a cell access rests on. */
export type Evidence =
  | 'state_diff' // the transaction's own state diff (RPC traces, feeder pre-confirmed blocks)
  | 'initial_reads' // RPC 0.10.1+ `initial_reads`: a real read from pre-block state
  | 'transfer_event' // an ERC20 Transfer event in the receipt revealed a balance cell
  | 'inferred_rule' // the documented inference rule (see README)
  | 'reexecution'; // observed by re-executing the transaction (engine/blocks/reexecute)

export interface ReadAccess {
  cell: CellKey;
  /** Value read, when known (pre-block value from initial_reads). */
  value?: string;
  evidence: Evidence;
}

export interface WriteAccess {
  cell: CellKey;
  /** Value written, when known (state diffs carry it; Transfer events do not). */
  value?: string;
  evidence: Evidence;
}

export interface AccessSets {
  reads: ReadAccess[];
  writes: WriteAccess[];
  /**
   * Writes that production defers to commit time and which therefore create no edges:
   * the sequencer's own fee-token balance. Kept for display, excluded from `writes`.
   */
  deferredWrites: WriteAccess[];
  /** True when any part of these sets comes from inference rather than observation. */
  inferred: boolean;
}

export interface CallNode {
  contract: string;
  selector?: string;
  classHash?: string;
  callType?: string;
  entryPointType?: string;
  caller?: string;
  reverted?: boolean;
  /** True when decoded from the account's multicall calldata (no trace available): no nesting below. */
  fromCalldata?: boolean;
  calls: CallNode[];
}

export interface ImportedEvent {
  from: string;
  keys: string[];
  data: string[];
  order?: number;
}

export type TxType = 'INVOKE' | 'DECLARE' | 'DEPLOY' | 'DEPLOY_ACCOUNT' | 'L1_HANDLER';

export interface ImportedTx {
  index: number;
  hash: string;
  type: TxType;
  version?: string;
  /** Account (INVOKE v1+/DECLARE/DEPLOY_ACCOUNT) or target contract (INVOKE v0, L1_HANDLER, DEPLOY). */
  sender?: string;
  nonce?: string;
  /** Call tree roots in execution order: validate, execute / constructor / l1 handler, fee transfer. */
  calls: CallNode[];
  status: 'succeeded' | 'reverted' | 'unknown';
  revertReason?: string;
  fee?: { amount: string; unit: 'WEI' | 'FRI' };
  /** Fee token this transaction pays with (v3 → STRK, older → ETH, or the trace's fee transfer). */
  feeToken?: string;
  /** Cost used by the simulator: Cairo steps when known, else L2 gas. */
  steps?: number;
  stepsUnit?: 'n_steps' | 'l2_gas';
  events: ImportedEvent[];
  /** Classes declared by this transaction (not cells; kept as metadata). */
  declaredClasses: string[];
  accessSets: AccessSets;
}

export type SourceFormat =
  | 'rpc:getBlockWithTxs'
  | 'rpc:getBlockWithReceipts'
  | 'rpc:traceBlockTransactions'
  | 'rpc:getStateUpdate'
  | 'feeder:block'
  | 'feeder:state_update'
  | 'feeder:state_update_with_block'
  | 'feeder:traces'
  | 'stm-explorer-bundle';

/** Block-level state diff (from a state update); values are post-block. */
export interface BlockStateDiff {
  storage: { contract: string; key: string; value: string }[];
  nonces: { contract: string; nonce: string }[];
  deployed: { contract: string; classHash: string }[];
  replaced: { contract: string; classHash: string }[];
  declared: string[];
}

/**
 * Whether the transactions are the chain's: each one's hash recomputed from its fields (README
 * "Transaction hashes"). A transaction whose hash differs never gets here: the import throws
 * TX_HASH_MISMATCH. Plain data, like the rest of the block.
 */
export interface TxHashCheck {
  /** Chain id the hashes were computed on (felt hex, e.g. 0x534e5f4d41494e = SN_MAIN). */
  chainId?: string;
  /**
   * Where it came from: 'given' (ImportOptions.chainId, a bundle's chainId, the RPC node's
   * starknet_chainId) or 'detected' (the known chain under which a transaction's hash matched).
   * Absent when no transaction could be checked and none was given.
   */
  chainIdSource?: 'given' | 'detected';
  /** Transactions whose recomputed hash equals their transaction_hash. */
  checked: number;
  /** The others, each with why it was not checked (traces only, a field missing, …). */
  notChecked: { index: number; reason: string }[];
  /** How many transactions each hash rule matched ("INVOKE v3": 201, "DEPLOY, legacy": 5). */
  rules: Record<string, number>;
  /** The caller turned the check off (ImportOptions.verifyTxHashes: false): nothing was checked. */
  turnedOff?: true;
}

export interface ImportedBlock {
  number?: number;
  hash?: string;
  parentHash?: string;
  timestamp?: number;
  sequencerAddress?: string;
  starknetVersion?: string;
  /** Fee token if every transaction pays with the same one. */
  feeToken?: string;
  /** Formats the data came from (several for bundles). */
  sourceFormats: SourceFormat[];
  /** RPC spec version detected or declared (e.g. '0.8'), when the source is JSON-RPC. */
  rpcSpecVersion?: string;
  /**
   * How trustworthy the access sets are:
   *  - 'exact': observed by re-execution (not produced by this importer yet);
   *  - 'inferred': every transaction has its own state diff; reads follow the inference rule;
   *  - 'partial': some transactions only have event evidence (or nothing) — sets are incomplete.
   */
  accessMode: 'inferred' | 'partial' | 'exact';
  transactions: ImportedTx[];
  stateDiff?: BlockStateDiff;
  /**
   * The transaction-hash check (always there on a block from importBlock; absent on a block
   * made another way, e.g. a re-execution saved before the check existed).
   */
  hashCheck?: TxHashCheck;
  /** Non-fatal remarks (e.g. "traces present for 3 of 5 transactions"). */
  warnings: string[];
}

export interface ImportProgress {
  phase: 'parse' | 'detect' | 'normalize' | 'tx-hashes' | 'access-sets' | 'fetch' | 'done';
  done: number;
  total: number;
  message?: string;
}

export type ProgressFn = (p: ImportProgress) => void;
