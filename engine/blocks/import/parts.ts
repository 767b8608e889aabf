/**
 * Intermediate, format-independent pieces produced by the per-format normalizers and merged by
 * `assemble` into one ImportedBlock. Internal to the importer.
 */
import type { BlockStateDiff, CallNode, ImportedEvent, SourceFormat, TxType } from './model';

export interface HeaderPart {
  number?: number;
  hash?: string;
  parentHash?: string;
  timestamp?: number;
  sequencerAddress?: string;
  starknetVersion?: string;
}

export interface TxPart {
  hash: string;
  type: TxType;
  version?: string;
  sender?: string;
  nonce?: string;
  /** DEPLOY / DEPLOY_ACCOUNT: class of the deployed contract. */
  classHash?: string;
  /** Account calldata, used to decode a multicall when there is no trace. */
  calldata?: string[];
  /** INVOKE v0 / L1_HANDLER entry point. */
  entryPointSelector?: string;
  /** Where this tx was found, for error messages. */
  path: string;
  /** The transaction as the source gives it: the fields its hash is computed from. */
  raw?: Record<string, unknown>;
}

export interface ReceiptPart {
  hash: string;
  status: 'succeeded' | 'reverted' | 'unknown';
  revertReason?: string;
  fee?: { amount: string; unit: 'WEI' | 'FRI' };
  events: ImportedEvent[];
  steps?: number;
  stepsUnit?: 'n_steps' | 'l2_gas';
  contractAddress?: string;
  path: string;
}

export interface TracePart {
  hash?: string;
  type?: TxType;
  calls: CallNode[];
  /** Events emitted inside the call tree, in trace order (with the emitting contract). */
  events: ImportedEvent[];
  stateDiff?: BlockStateDiff;
  reverted?: boolean;
  revertReason?: string;
  feeToken?: string;
  /** Recipient of the fee transfer (= the sequencer), from the fee transfer calldata. */
  feeRecipient?: string;
  steps?: number;
  stepsUnit?: 'n_steps' | 'l2_gas';
  path: string;
}

export interface InitialReadsPart {
  storage: { contract: string; key: string; value: string }[];
  nonces: { contract: string; nonce: string }[];
  classHashes: { contract: string; classHash: string }[];
}

export interface Parts {
  formats: SourceFormat[];
  rpcSpecVersion?: string;
  /** A bundle's chain id (the RPC node's, when the fetch layer made it). */
  chainId?: string;
  header?: HeaderPart;
  txs?: TxPart[];
  receipts?: ReceiptPart[];
  traces?: TracePart[];
  initialReads?: InitialReadsPart;
  stateDiff?: BlockStateDiff;
  /** Feeder pre-confirmed blocks carry one state diff per transaction (aligned with txs). */
  txStateDiffs?: BlockStateDiff[];
  warnings: string[];
}

export function emptyParts(): Parts {
  return { formats: [], warnings: [] };
}

export function emptyDiff(): BlockStateDiff {
  return { storage: [], nonces: [], deployed: [], replaced: [], declared: [] };
}
