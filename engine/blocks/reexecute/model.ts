/**
 * Result types of re-execution. They wrap engine/blocks/import's model: a re-executed block is an
 * `ImportedBlock` whose accesses may carry the extra evidence `'reexecution'` (not in import's
 * `Evidence` union yet; see README "Needed elsewhere") plus per-transaction re-execution details.
 * Plain data (felts as canonical lowercase hex), so it can cross a Worker boundary.
 */
import type { CellKey } from '../../types';
import type { Evidence, ImportedBlock, ImportedTx } from '../import/model';
import type { ExecutableBlock } from './executable';
import type { FeeField } from './fee-check';

/** Import's evidence plus `'reexecution'`: read/write observed by running the transaction. */
/** Kept as a name for readers of this folder; 'reexecution' is part of `Evidence` itself. */
export type ExactEvidence = Evidence;

export interface ExactAccess {
  cell: CellKey;
  /** Value read (pre-tx value seen by the execution) or written (final value). */
  value?: string;
  evidence: ExactEvidence;
}

export interface ExactAccessSets {
  reads: ExactAccess[];
  writes: ExactAccess[];
  /** Sequencer fee credit (deferred to commit in production; no edges). */
  deferredWrites: ExactAccess[];
  /** True when this transaction fell back to import's trace-inferred sets. */
  inferred: boolean;
}

export interface TxReexecution {
  /** True when the access sets come from our execution; false = fallback to trace-inferred sets. */
  exact: boolean;
  /** Why we fell back (unsupported tx type, missing class, execution error, budget…). */
  fallback?: string;
  /** Our execution's outcome. */
  outcome?: 'succeeded' | 'reverted' | 'rejected';
  revertReason?: string;
  /** The revert reason as blockifier writes it in receipts (engine/starknet error-stack.ts). */
  revertTrace?: string;
  /** Cairo steps and syscall gas of our execution. */
  steps?: number;
  syscallGas?: string;
  /** Executions run for this tx (each extra one follows fetching the state it turned out to need). */
  attempts: number;
  /** Transaction hash computed with starknet.js from the RPC fields (what the account signs); absent when it cannot be recomputed. */
  computedHash?: string;
  /** Number of mismatches against the trace state diff for this tx (see findings). */
  mismatches: number;
  /** Our gas vector and fee (engine/starknet/fee.ts), felts as hex; absent when not computed. */
  fee?: { l1Gas: string; l1DataGas: string; l2Gas: string; amount: string };
  /** Why our fee was not computed (version, tx type…). */
  feeUnsupported?: string;
  /** Events and L2→L1 messages of our execution (fee transfer included, as receipts list them). */
  events?: { from: string; keys: string[]; data: string[] }[];
  messages?: { from: string; to: string; payload: string[] }[];
}

export interface ReexecutedTx extends Omit<ImportedTx, 'accessSets'> {
  accessSets: ExactAccessSets;
  reexecution: TxReexecution;
}

export interface ReexecutedBlock extends Omit<ImportedBlock, 'transactions'> {
  /** 'exact' when every transaction was re-executed; otherwise import's mode (some sets fell back). */
  transactions: ReexecutedTx[];
}

export type FindingKind =
  /** A cell's value after the tx differs from the trace's state diff (or a write the diff lacks). */
  | 'state-mismatch'
  /** Our outcome (succeeded/reverted/rejected) differs from the receipt's execution_status. */
  | 'status-mismatch'
  /** starknet.js's hash of the RPC fields differs from the RPC transaction_hash (any kind, tx-hash.ts). */
  | 'tx-hash-mismatch'
  /** The hash could not be recomputed: a field it needs is missing, or no definition for the kind/version. */
  | 'tx-hash-unchecked'
  /** A class the execution needed could not be fetched or loaded. */
  | 'missing-class'
  /** Tx type/version/calldata layout we do not execute (DEPLOY, blocks before Starknet 0.13.0, unknown calldata). */
  | 'unsupported-tx'
  /** Execution threw (VM/internal error) or did not converge. */
  | 'execution-failed'
  /** No per-tx state diff in the traces: nothing to check against. */
  | 'no-state-diff'
  /** The request budget ran out: this and later txs fell back. */
  | 'budget-exceeded'
  /** Other RPC failure while fetching state or classes for this tx. */
  | 'rpc-error'
  /** Our gas vector or fee differs from the receipt's (`detail` names the field). */
  | 'fee-mismatch';

export interface Finding {
  kind: FindingKind;
  txIndex?: number;
  txHash?: string;
  cell?: CellKey;
  /** For 'state-mismatch': the trace's value (or the unchanged pre-tx value for 'not-in-diff'). */
  expected?: string;
  /** For 'state-mismatch': our value after the tx. */
  got?: string;
  /**
   * 'value': both wrote, values differ; 'not-written': the diff has it, we did not write it;
   * 'not-in-diff': we changed it, the diff does not list it; 'declared-class': the class a
   * DECLARE declared (or its compiled class hash) differs from the diff's (declarations.ts).
   */
  detail?: 'value' | 'not-written' | 'not-in-diff' | 'declared-class' | FeeField;
  message: string;
}

export interface ReexecuteStats {
  transactions: number;
  exact: number;
  fallback: number;
  mismatches: number;
  /** Executions run in total (≥ transactions: re-runs after fetching missing state). */
  executions: number;
  /** Pre-block cells fetched / classes fetched. */
  cellsFetched: number;
  classesFetched: number;
  /** RpcClient counters (network calls, HTTP requests, cache hits, retries). */
  rpc: { calls: number; httpRequests: number; cacheHits: number; retries: number };
  ms: number;
}

export interface ReexecuteProgress {
  phase: 'fetch' | 'execute' | 'done';
  done: number;
  total: number;
  /** RPC calls sent so far. */
  requests: number;
  message?: string;
}

export interface ReexecuteResult {
  block: ReexecutedBlock;
  /** Everything needed to run the block's transactions again without RPC (executable.ts). */
  executable: ExecutableBlock;
  findings: Finding[];
  stats: ReexecuteStats;
}
