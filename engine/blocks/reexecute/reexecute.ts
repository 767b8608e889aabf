/**
 * reexecuteBlock: fetch a block over JSON-RPC and re-execute every transaction with
 * engine/starknet against pre-block state read on demand, recording the real read and write
 * sets (accessMode 'exact'), and check every transaction against its own trace state diff.
 * The block's steps are here; each transaction's are in reexecute-tx.ts.
 */
import { classCell, hex, nonceCell, storageCell } from '../../types';
import type { TxExecution } from '../../starknet/transactions';
import { LATEST_STARKNET_VERSION, knownStarknetVersion } from '../../starknet/versioned-constants';
import { fetchBlockFromRpc, type BlockId } from '../import/rpc-fetch';
import { RpcClient, type RpcClientOptions, isRpcRefusal } from '../import/rpc-client';
import { chainIdHex } from '../import/hash-check';
import type { PersistentCache } from '../import/cache';
import type { ImportedBlock } from '../import/model';
import { EXECUTABLE_FORMAT } from './executable';
import { ReexecutionSource } from './source';
import { versionFallback } from './tx-kinds';
import { traceDeclarations } from './declarations';
import { blockGasPrices } from './fee-check';
import { reexecuteTx } from './reexecute-tx';
import {
  type BlockRun,
  type Diff,
  type Progress,
  type RawTx,
  type ReexecBlockInfo,
  arr,
  canon,
  isObj,
} from './block-run';
import type { ReexecuteProgress, ReexecuteResult, ReexecuteStats } from './model';

export interface ReexecuteOptions {
  onProgress?: (p: ReexecuteProgress) => void;
  /** Request budget in RPC calls (cache hits are free). Default 5000. */
  maxRequests?: number;
  /** HTTP requests in flight. Default 4. */
  concurrency?: number;
  /** Response cache (e.g. `createDefaultCache()` for IndexedDB). Default: in-memory. */
  cache?: PersistentCache;
  /** Other RpcClient options (batchSize, retries, backoffMs, timeoutMs, headers). */
  rpc?: Omit<RpcClientOptions, 'cache' | 'maxRequests' | 'concurrency' | 'onProgress'>;
  /** Reuse a client (shares cache, budget and stats); the options above are then ignored. */
  client?: RpcClient;
  /**
   * Chain id for transaction hashes and tx_info: felt hex or a name such as "SN_MAIN" (anything
   * else is a WRONG_TYPE error before any request). Default: the node's (`starknet_chainId`).
   */
  chainId?: string;
  /** false: import the block without its transaction-hash check (ImportOptions.verifyTxHashes). */
  verifyTxHashes?: boolean;
  /** Fee token for every tx. Default: the trace's fee transfer, else STRK for v3 / ETH for v1. */
  feeToken?: string;
  /** Executions per transaction before giving up (each one after fetching what the last one missed). Default 64. */
  maxAttempts?: number;
  /** Prefetch the cells and classes the trace suggests before the first execution (fewer round trips). Default true. */
  prefetchHints?: boolean;
  /**
   * What later transactions see after a mismatch: 'own' (default) our own writes, so a mismatch
   * shows once; 'trace' the trace's values, so later transactions start from the real state.
   */
  continueWith?: 'own' | 'trace';
  /** Also fetch starknet_getStateUpdate (block-level diff for import). Default false. */
  stateUpdate?: boolean;
  /**
   * Called with each transaction's final execution (its call trees), before it is checked: for
   * comparisons per call (test/truth/calls.ts). The execution must not be changed.
   */
  onExecution?: (txIndex: number, ex: TxExecution) => void;
}

/** Per-transaction state diffs of raw `starknet_traceBlockTransactions` results, by tx hash. */
export function traceStateDiffs(traces: unknown): Map<string, Diff> {
  const out = new Map<string, Diff>();
  const list = isObj(traces) && Array.isArray(traces.traces) ? traces.traces : arr(traces);
  for (const t of list) {
    if (!isObj(t) || typeof t.transaction_hash !== 'string' || !isObj(t.trace_root)) continue;
    const sd = t.trace_root.state_diff;
    if (!isObj(sd)) continue;
    const d: Diff = new Map();
    for (const s of arr(sd.storage_diffs))
      if (isObj(s))
        for (const e of arr(s.storage_entries))
          if (isObj(e))
            d.set(
              storageCell(BigInt(s.address as string), BigInt(e.key as string)),
              canon(e.value),
            );
    for (const n of arr(sd.nonces))
      if (isObj(n)) d.set(nonceCell(BigInt(n.contract_address as string)), canon(n.nonce));
    for (const c of arr(sd.deployed_contracts))
      if (isObj(c)) d.set(classCell(BigInt(c.address as string)), canon(c.class_hash));
    for (const c of arr(sd.replaced_classes))
      if (isObj(c)) d.set(classCell(BigInt(c.contract_address as string)), canon(c.class_hash));
    out.set(canon(t.transaction_hash), d);
  }
  return out;
}

/** One line on what re-execution achieved (the explorer's remarks and the CLI's table say the same). */
export function reexecutionLine(stats: ReexecuteStats): string {
  const s = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 'es'}`;
  return `Re-executed on the Cairo VM: ${stats.exact} of ${stats.transactions} transactions exact, ${stats.fallback} fell back to trace-inferred sets, ${s(stats.mismatches, 'state mismatch')} with the block's own diffs (re-execution took ${stats.rpc.calls} RPC calls).`;
}

/** Re-execute a block fetched from `url`. See README.md. */
export async function reexecuteBlock(
  url: string,
  blockId: BlockId,
  opts: ReexecuteOptions = {},
): Promise<ReexecuteResult> {
  const t0 = Date.now();
  const run = await openBlock(url, blockId, opts);
  for (let i = 0; i < run.imported.transactions.length; i++) await reexecuteTx(run, i);
  return blockResult(run, t0);
}

/**
 * Progress events carry the RPC calls so far, so the reporter needs the client, which itself
 * reports through it: `holder` breaks the cycle.
 */
function progressReporter(opts: ReexecuteOptions, holder: { client?: RpcClient }): Progress {
  return (phase, done, total, message) =>
    opts.onProgress?.({ phase, done, total, requests: holder.client?.stats.calls ?? 0, message });
}

/** The caller's client, or one with the options' cache, budget and concurrency. */
function rpcClientFor(url: string, opts: ReexecuteOptions, progress: Progress): RpcClient {
  return (
    opts.client ??
    new RpcClient(url, {
      ...opts.rpc,
      ...(opts.cache ? { cache: opts.cache } : {}),
      ...(opts.maxRequests !== undefined ? { maxRequests: opts.maxRequests } : {}),
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      onProgress: (p) => progress('fetch', p.done, p.total, p.message),
    })
  );
}

/**
 * Everything the transactions need before the first one runs: the block with receipts and
 * traces (engine/blocks/import), the trace's per-transaction diffs and declarations, the chain
 * id, the block context, and the reader of pre-block state.
 */
async function openBlock(url: string, blockId: BlockId, opts: ReexecuteOptions): Promise<BlockRun> {
  // as felt hex (the accounts see it in tx_info; "SN_MAIN" is encoded), and a chain id option
  // that is none fails before any request
  const given =
    opts.chainId === undefined ? undefined : chainIdHex(opts.chainId, '(chainId option)');
  const holder: { client?: RpcClient } = {};
  const progress = progressReporter(opts, holder);
  const client = rpcClientFor(url, opts, progress);
  holder.client = client;
  progress('fetch', 0, 1, 'fetching block, receipts and traces');
  const fetched = await fetchBlockFromRpc(url, blockId, {
    client,
    ...(given !== undefined ? { chainId: given } : {}),
    ...(opts.verifyTxHashes === false ? { verifyTxHashes: false } : {}),
    initialReads: false,
    stateUpdate: opts.stateUpdate ?? false,
    compiledClasses: false,
  });
  const imported = fetched.block;
  const rawBlock = fetched.bundle.block as Record<string, unknown>;
  const rawTxs = rawTransactions(rawBlock);
  const diffs = traceStateDiffs(fetched.bundle.traces);
  const declarations = traceDeclarations(fetched.bundle.traces);
  const warnings: string[] = [];
  const chainId = await chainIdOf(client, given, imported, warnings);
  const block = blockInfo(imported, rawBlock);
  const tooOld = versionFallback(imported.starknetVersion);
  warnings.push(...versionWarnings(imported, block, tooOld));
  return {
    opts,
    client,
    progress,
    imported,
    rawBlock,
    rawTxs,
    rawByHash: byHash(rawTxs),
    diffs,
    declarations,
    chainId,
    source: new ReexecutionSource(fetched.preState, client),
    block,
    tooOld,
    maxAttempts: opts.maxAttempts ?? 64,
    findings: [],
    warnings,
    out: [],
    runnable: [],
    budgetGone: false,
    executions: 0,
  };
}

/** `getBlockWithReceipts`' transactions as {transaction, receipt} (a bare one has no receipt). */
function rawTransactions(rawBlock: Record<string, unknown>): RawTx[] {
  return arr(rawBlock.transactions).map((x) =>
    isObj(x) && isObj(x.transaction) ? x : { transaction: x, receipt: undefined },
  ) as RawTx[];
}

function byHash(rawTxs: RawTx[]): Map<string, RawTx> {
  const out = new Map<string, RawTx>();
  for (const r of rawTxs) {
    const h = r.transaction.transaction_hash ?? r.receipt?.transaction_hash;
    if (typeof h === 'string') out.set(canon(h), r);
  }
  return out;
}

/**
 * The option's chain id, else the one the import checked the hashes on (the node's, or the known
 * chain they verify on), else the node's; a node that refuses leaves hashes unchecked.
 */
async function chainIdOf(
  client: RpcClient,
  given: string | undefined,
  imported: ImportedBlock,
  warnings: string[],
): Promise<string | undefined> {
  if (given !== undefined) return given;
  if (imported.hashCheck?.chainId !== undefined) return imported.hashCheck.chainId;
  try {
    return await client.chainId(); // asked once per client, never from the shared cache
  } catch (e) {
    if (!isRpcRefusal(e)) throw e;
    warnings.push(`starknet_chainId failed (${e.message}): transaction hashes are not recomputed`);
    return undefined;
  }
}

/** The block context every transaction runs in (engine/starknet `BlockInfo`). */
function blockInfo(imported: ImportedBlock, rawBlock: Record<string, unknown>): ReexecBlockInfo {
  return {
    blockNumber: BigInt(imported.number ?? 0),
    blockTimestamp: BigInt(imported.timestamp ?? 0),
    sequencerAddress: BigInt(imported.sequencerAddress ?? 0),
    // the block's version picks the gas constants (engine/starknet/versioned-constants.ts)
    starknetVersion: knownStarknetVersion(imported.starknetVersion),
    // v0/v1/v2 transactions' step limits come from max_fee at this price (tx-gas.ts)
    l1GasPriceWei: blockGasPrices(rawBlock, 'WEI').l1Gas,
    // and their minimal fee from both prices (KZG blocks only: engine/starknet prices blobs)
    ...(rawBlock.l1_da_mode === 'BLOB'
      ? { l1DataGasPriceWei: blockGasPrices(rawBlock, 'WEI').l1DataGas }
      : {}),
  };
}

/** A block too old to execute, or of a version whose constants we lack, says so once. */
function versionWarnings(
  imported: ImportedBlock,
  block: ReexecBlockInfo,
  tooOld: string | undefined,
): string[] {
  if (tooOld !== undefined) return [`${tooOld}: every transaction uses trace-inferred access sets`];
  if (imported.starknetVersion !== undefined && block.starknetVersion === undefined)
    return [
      `Starknet ${imported.starknetVersion} has no versioned constants here: gas and syscall ` +
        `costs are Starknet ${LATEST_STARKNET_VERSION}'s`,
    ];
  return [];
}

/** The re-executed block, its executable block (what workers run), findings and stats. */
function blockResult(run: BlockRun, t0: number): ReexecuteResult {
  const { imported, block, source, client, findings, warnings } = run;
  const total = imported.transactions.length;
  const exact = run.out.filter((t) => t.reexecution.exact).length;
  if (exact < total)
    warnings.push(
      `re-execution: ${total - exact} of ${total} transactions use trace-inferred access sets (see findings)`,
    );
  run.progress('done', total, total);
  return {
    block: {
      ...imported,
      accessMode: exact === total ? 'exact' : imported.accessMode,
      transactions: run.out,
      warnings: [...imported.warnings, ...warnings],
    },
    executable: {
      format: EXECUTABLE_FORMAT,
      ...(imported.number !== undefined ? { number: imported.number } : {}),
      timestamp: hex(block.blockTimestamp),
      sequencer: hex(block.sequencerAddress),
      starknetVersion: block.starknetVersion,
      l1GasPriceWei: hex(block.l1GasPriceWei),
      ...(block.l1DataGasPriceWei !== undefined
        ? { l1DataGasPriceWei: hex(block.l1DataGasPriceWei) }
        : {}),
      ...(run.chainId !== undefined ? { chainId: run.chainId } : {}),
      preState: [...source.pre].map(([c, v]) => [c, hex(v)]),
      classes: [...source.classJson],
      sierraVersions: [...source.sierraVersions],
      txs: run.runnable,
    },
    findings,
    stats: {
      transactions: total,
      exact,
      fallback: total - exact,
      mismatches: findings.filter((f) => f.kind === 'state-mismatch').length,
      executions: run.executions,
      cellsFetched: source.cellsFetched,
      classesFetched: source.classesFetched,
      rpc: {
        calls: client.stats.calls,
        httpRequests: client.stats.httpRequests,
        cacheHits: client.stats.cacheHits,
        retries: client.stats.retries,
      },
      ms: Date.now() - t0,
    },
  };
}
