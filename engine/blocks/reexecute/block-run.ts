/**
 * The state one `reexecuteBlock` call shares between its steps (reexecute.ts for the block,
 * reexecute-tx.ts per transaction): the block's inputs, the outputs that grow transaction by
 * transaction, and the three ways a transaction's record ends: a finding, a fallback to the
 * trace-inferred sets, or an RPC failure turned into one of those.
 */
import { type CellKey, hex } from '../../types';
import type { BlockInfo } from '../../starknet/execution';
import type { TxExecution } from '../../starknet/transactions';
import { RpcError, type RpcClient } from '../import/rpc-client';
import type { ImportedBlock, ImportedTx } from '../import/model';
import { sequencerFeeCredit } from '../import/fee-credit';
import { importedTxLabel } from '../replay';
import type { ExecutableTx } from './executable';
import type { ReexecutionSource } from './source';
import type { RpcTx } from './rpc-tx';
import type { Declaration } from './declarations';
import type {
  ExactAccess,
  ExactAccessSets,
  Finding,
  ReexecuteProgress,
  ReexecutedTx,
  TxReexecution,
} from './model';
import type { ReexecuteOptions } from './reexecute';

/** A transaction's state diff from the trace: cell → value (canonical hex). */
export type Diff = Map<CellKey, string>;

/** A transaction as `starknet_getBlockWithReceipts` returns it. */
export type RawTx = {
  transaction: RpcTx;
  receipt?: Record<string, unknown>;
};

/** The block context of every execution; the L1 gas price is always known (0 if absent). */
export type ReexecBlockInfo = BlockInfo & { l1GasPriceWei: bigint };

export type Progress = (
  phase: ReexecuteProgress['phase'],
  done: number,
  total: number,
  message?: string,
) => void;

/** One block's re-execution: fixed inputs first, then what the transactions add. */
export interface BlockRun {
  opts: ReexecuteOptions;
  client: RpcClient;
  progress: Progress;
  imported: ImportedBlock;
  rawBlock: Record<string, unknown>;
  rawTxs: RawTx[];
  /** Raw transactions by canonical hash (the import keeps block order, but do not rely on it). */
  rawByHash: Map<string, RawTx>;
  /** Per-transaction state diffs and declarations of the trace, by canonical hash. */
  diffs: Map<string, Diff>;
  declarations: Map<string, Declaration[]>;
  chainId: string | undefined;
  source: ReexecutionSource;
  block: ReexecBlockInfo;
  /** Set when the block predates what we execute: every transaction falls back for this reason. */
  tooOld: string | undefined;
  maxAttempts: number;
  findings: Finding[];
  warnings: string[];
  out: ReexecutedTx[];
  /** The executable block's transactions, one per transaction, in block order. */
  runnable: ExecutableTx[];
  /** The RPC budget ran out: this and every later transaction falls back. */
  budgetGone: boolean;
  executions: number;
}

/** One transaction of the block while it is being re-executed. */
export interface TxRun {
  i: number;
  itx: ImportedTx;
  raw: RawTx | undefined;
  /** The trace's state diff of this transaction, when it has one. */
  expected: Diff | undefined;
  info: TxReexecution;
}

export const canon = (v: unknown): string => hex(BigInt(v as string));
export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function txFinding(run: BlockRun, t: TxRun, f: Omit<Finding, 'txIndex' | 'txHash'>): void {
  run.findings.push({ txIndex: t.i, txHash: t.itx.hash, ...f });
}

/**
 * An RPC failure while re-executing `t` becomes a finding (`budget-exceeded` also stops exact
 * re-execution for the rest of the block); the returned text is the fallback reason. Anything
 * that is not an RPC error is a bug: it is thrown on.
 */
export function rpcFailure(run: BlockRun, t: TxRun, e: unknown, what: string): string {
  if (e instanceof RpcError && e.code === 'BUDGET_EXCEEDED') {
    run.budgetGone = true;
    txFinding(run, t, {
      kind: 'budget-exceeded',
      message: `${what}: ${e.message}; this and later transactions use trace-inferred access sets`,
    });
    return 'request budget exhausted';
  }
  if (e instanceof RpcError) {
    txFinding(run, t, { kind: 'rpc-error', message: `${what}: ${e.code}: ${e.message}` });
    return `RPC error: ${e.message}`;
  }
  throw e;
}

const fallbackSets = (t: ImportedTx): ExactAccessSets => ({
  reads: t.accessSets.reads.map((a) => ({ ...a })),
  writes: t.accessSets.writes.map((a) => ({ ...a })),
  deferredWrites: t.accessSets.deferredWrites.map((a) => ({ ...a })),
  inferred: true,
});

/** Our own access sets of an exact transaction, with the deferred sequencer credit. */
export const exactSets = (
  ex: TxExecution,
  credit?: { cell: CellKey; value: bigint },
): ExactAccessSets => ({
  reads: ex.reads.map((r) => ({ cell: r.cell, value: hex(r.value), evidence: 'reexecution' })),
  writes: [...ex.writes].map(
    ([cell, v]) => ({ cell, value: hex(v), evidence: 'reexecution' }) as ExactAccess,
  ),
  deferredWrites: credit
    ? [{ cell: credit.cell, value: hex(credit.value), evidence: 'reexecution' }]
    : [],
  inferred: false,
});

/** An executable-block entry replayed from values, not run (executable.ts, `recorded`). */
export function recordedTx(
  itx: ImportedTx,
  reason: string,
  sets: Pick<
    Extract<ExecutableTx, { kind: 'recorded' }>,
    'reads' | 'writes' | 'cost' | 'reverted' | 'fee'
  >,
): ExecutableTx {
  return { kind: 'recorded', hash: itx.hash, label: importedTxLabel(itx), reason, ...sets };
}

/**
 * `t` keeps the import's trace-inferred sets (marked with `reason`), and its executable-block entry
 * replays the trace's values. Those values go to the overlay too, so later transactions still
 * start from the real state: the trace's diff, else the import's known write values.
 */
export function fallBack(run: BlockRun, t: TxRun, reason: string): void {
  const { itx, info, expected } = t;
  info.exact = false;
  info.fallback = reason;
  run.out.push({ ...itx, accessSets: fallbackSets(itx), reexecution: info });
  const applied: [CellKey, string][] = [];
  const credit = sequencerFeeCredit(run.imported, itx);
  const apply = (c: CellKey, v: string) => {
    run.source.overlay.set(c, BigInt(v));
    // the sequencer's balance comes from the credit, which the engine applies (executable.ts)
    if (c !== credit?.cell) applied.push([c, v]);
  };
  run.runnable.push(
    recordedTx(itx, reason, {
      reads: [...new Set(itx.accessSets.reads.map((r) => r.cell))],
      writes: applied, // filled below
      cost: itx.steps !== undefined && itx.steps > 0 ? itx.steps : 1000,
      reverted: itx.status === 'reverted',
      ...(credit ? { fee: { cell: credit.cell, amount: hex(credit.amount) } } : {}),
    }),
  );
  if (expected) for (const [c, v] of expected) apply(c, v);
  else {
    let unknown = 0;
    for (const w of [...itx.accessSets.writes, ...itx.accessSets.deferredWrites])
      if (w.value !== undefined) apply(w.cell, w.value);
      else unknown++;
    if (unknown > 0)
      run.warnings.push(
        `transaction #${t.i} fell back without a state diff: ${unknown} written values unknown, later transactions may read stale values`,
      );
  }
}
