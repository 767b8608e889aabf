/**
 * reexecuteBlock: fetch a block over JSON-RPC and re-execute every transaction with
 * engine/starknet against pre-block state read on demand, recording the real read and write
 * sets (accessMode 'exact'), and check every transaction against its own trace state diff.
 */
import { isDeprecatedClassJson } from '../../starknet/deprecated/class';
import { type CellKey, classCell, hex, nonceCell, storageCell } from '../../types';
import { fetchBlockFromRpc, type BlockId } from '../import/rpc-fetch';
import { RpcClient, RpcError, type RpcClientOptions, isRpcRefusal } from '../import/rpc-client';
import type { PersistentCache } from '../import/cache';
import type { CallNode, ImportedTx } from '../import/model';
import { ETH_TOKEN, STRK_TOKEN } from '../import/common';
import { sequencerFeeCredit } from '../import/fee-credit';
import { type TxExecution, executeTransaction } from '../../starknet/transactions';
import { importedTxLabel } from '../replay';
import { EXECUTABLE_FORMAT, type ExecutableTx, executorConfig } from './executable';
import { ReexecutionSource } from './source';
import type { RpcTx } from './rpc-tx';
import { runnableTx, versionFallback } from './tx-kinds';
import { declarationDifferences, traceDeclarations } from './declarations';
import { checkTxHash, describeTxHashCheck } from './tx-hash-check';
import {
  blockGasPrices,
  computeFee,
  executeSucceeded,
  declaredCodeSize,
  deprecatedCodeSize,
  feeDifferences,
  postExecutionCheck,
  sierraVersion,
  tracksSteps,
} from './fee-check';
import {
  type ExecutorConfig,
  type StarknetTx,
  balanceKey,
  collectEvents,
  collectMessages,
} from '../../starknet/transactions';
import { feeConstantsFor } from '../../starknet/fee';
import {
  LATEST_STARKNET_VERSION,
  gasConstantsFor,
  knownStarknetVersion,
} from '../../starknet/versioned-constants';
import type {
  ExactAccess,
  ExactAccessSets,
  Finding,
  ReexecuteProgress,
  ReexecuteResult,
  ReexecuteStats,
  ReexecutedTx,
  TxReexecution,
} from './model';

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
  /** Chain id (felt hex) for transaction hashes. Default: `starknet_chainId`. */
  chainId?: string;
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

type Diff = Map<CellKey, string>;

const canon = (v: unknown): string => hex(BigInt(v as string));
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

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

function callHints(calls: CallNode[], cells: Set<CellKey>, classes: Set<string>): void {
  for (const c of calls) {
    try {
      cells.add(classCell(BigInt(c.contract)));
    } catch {
      /* not a felt: ignore the hint */
    }
    if (c.classHash) classes.add(canon(c.classHash));
    callHints(c.calls, cells, classes);
  }
}

const exactSets = (
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

const fallbackSets = (t: ImportedTx): ExactAccessSets => ({
  reads: t.accessSets.reads.map((a) => ({ ...a })),
  writes: t.accessSets.writes.map((a) => ({ ...a })),
  deferredWrites: t.accessSets.deferredWrites.map((a) => ({ ...a })),
  inferred: true,
});

function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The trace's values for a `recorded` replay whose credit the engine adds itself: the sequencer's
 * balance is the transaction's own write there (trace value less the credit), or not written.
 */
function traceWritesLessCredit(
  expected: Map<CellKey, string>,
  ex: TxExecution,
  credit: { cell: CellKey; value: bigint } | undefined,
): [CellKey, string][] {
  const out: [CellKey, string][] = [];
  for (const [c, v] of expected) {
    if (c !== credit?.cell) out.push([c, v]);
    else if (ex.writes.has(c) && ex.feeCredit) out.push([c, hex(BigInt(v) - ex.feeCredit.amount)]);
  }
  return out;
}

/** An executable-block entry replayed from values, not run (executable.ts, `recorded`). */
function recordedTx(
  itx: ImportedTx,
  reason: string,
  sets: Pick<
    Extract<ExecutableTx, { kind: 'recorded' }>,
    'reads' | 'writes' | 'cost' | 'reverted' | 'fee'
  >,
): ExecutableTx {
  return { kind: 'recorded', hash: itx.hash, label: importedTxLabel(itx), reason, ...sets };
}

/** One line on what re-execution achieved (the explorer's remarks and the CLI's table say the same). */
export function reexecutionLine(stats: ReexecuteStats): string {
  const s = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 'es'}`;
  return `Re-executed on the Cairo VM: ${stats.exact} of ${stats.transactions} transactions exact, ${stats.fallback} fell back to trace-inferred sets, ${s(stats.mismatches, 'state mismatch')} with the block's own diffs (re-execution took ${stats.rpc.calls} RPC calls).`;
}

const hexEvents = (ex: TxExecution) =>
  [ex.validate, ex.execute, ex.feeTransfer].flatMap((c) =>
    collectEvents(c).map((e) => ({
      from: hex(e.from),
      keys: e.keys.map(hex),
      data: e.data.map(hex),
    })),
  );

/**
 * What the fee needs of the classes (Sierra, over RPC): whether the transaction's entry class
 * (the account; an L1 handler's contract) runs in Cairo steps, and a declared class's code size.
 */
async function feeClassInfo(
  client: RpcClient,
  tx: StarknetTx,
  source: ReexecutionSource,
  starknetVersion: string | undefined,
): Promise<{ codeSize?: number; trackedBySteps: boolean }> {
  // a class never changes once declared: 'latest' has it whatever block declared it
  const sierraOf = async (classHash: bigint) => {
    try {
      return await client.call('starknet_getClass', ['latest', hex(classHash)], true);
    } catch (e) {
      if (e instanceof RpcError) return undefined;
      throw e;
    }
  };
  const entry =
    tx.kind === 'deploy-account'
      ? tx.classHash
      : await source.value(
          classCell(
            tx.kind === 'l1-handler' ? tx.contract : tx.kind === 'call' ? tx.call.to : tx.sender,
          ),
        );
  const entryClass = await sierraOf(entry);
  // the block's version says from which Sierra version classes run in Sierra gas
  const minSierra = gasConstantsFor(starknetVersion).minSierraVersionForSierraGas;
  const out: { codeSize?: number; trackedBySteps: boolean } = {
    // a Cairo 0 (deprecated) class always runs in Cairo steps
    trackedBySteps:
      isDeprecatedClassJson(entryClass) || tracksSteps(sierraVersion(entryClass), minSierra),
  };
  if (tx.kind === 'declare') {
    const declared = source.classJson.get(hex(tx.classHash));
    out.codeSize = isDeprecatedClassJson(declared)
      ? deprecatedCodeSize(declared)
      : declaredCodeSize(declared, await sierraOf(tx.classHash));
  }
  return out;
}

/**
 * The sequencer's post-execution fee check (fee-check.ts `postExecutionCheck`) of a transaction
 * whose execute succeeded; when it fails, the transaction runs again with execute discarded
 * (`postExecutionRevert`), as blockifier aborts it. Undefined when the check passes or cannot run.
 */
async function rerunAfterPostExecutionCheck(
  ex: TxExecution,
  tx: StarknetTx,
  raw: { transaction: RpcTx },
  env: {
    rawBlock: Record<string, unknown>;
    feeToken: bigint;
    source: ReexecutionSource;
    client: RpcClient;
    cfg: ExecutorConfig;
  },
): Promise<{ ex: TxExecution; tx: StarknetTx; fee: bigint } | undefined> {
  if (!executeSucceeded(ex) || (tx.kind !== 'invoke' && tx.kind !== 'l1-handler')) return undefined;
  if (!feeConstantsFor(String(env.rawBlock.starknet_version ?? ''))) return undefined;
  const pre = new Map<CellKey, bigint>();
  for (const c of ex.writes.keys()) pre.set(c, await env.source.value(c));
  const { trackedBySteps } = await feeClassInfo(
    env.client,
    tx,
    env.source,
    env.cfg.block.starknetVersion,
  );
  const check = postExecutionCheck(
    ex,
    raw.transaction,
    env.rawBlock,
    env.feeToken,
    pre,
    trackedBySteps,
    tx.kind === 'invoke' ? await balanceAfter(ex, tx.sender, env) : undefined,
  );
  if (!check) return undefined;
  const again: StarknetTx = { ...tx, postExecutionRevert: check.revert };
  env.source.startRun();
  return { ex: executeTransaction(again, env.source, env.cfg), tx: again, fee: check.fee };
}

/** `sender`'s fee-token balance (u256 low, high) after `ex`'s writes. */
async function balanceAfter(
  ex: TxExecution,
  sender: bigint,
  env: { feeToken: bigint; source: ReexecutionSource },
): Promise<{ low: bigint; high: bigint }> {
  const at = async (key: bigint) => {
    const cell = storageCell(env.feeToken, key);
    return ex.writes.get(cell) ?? (await env.source.value(cell));
  };
  const key = balanceKey(sender);
  return { low: await at(key), high: await at(key + 1n) };
}

/** Our fee, events and messages on `info`; a `fee-mismatch` finding per field the receipt disagrees on. */
function recordFee(
  info: TxReexecution,
  ex: TxExecution,
  raw: { transaction: RpcTx; receipt?: Record<string, unknown> },
  rawBlock: Record<string, unknown>,
  feeToken: bigint,
  before: Map<CellKey, bigint>,
  txFinding: (f: Omit<Finding, 'txIndex' | 'txHash'>) => void,
  classInfo: { codeSize?: number; trackedBySteps: boolean },
  chargedFee?: bigint,
): void {
  info.events = hexEvents(ex);
  info.messages = collectMessages(ex.execute).map((m) => ({
    from: hex(m.from),
    to: hex(m.to),
    payload: m.payload.map(hex),
  }));
  const fee = computeFee(
    ex,
    raw.transaction,
    rawBlock,
    feeToken,
    before,
    classInfo.codeSize,
    classInfo.trackedBySteps,
    chargedFee,
  );
  if ('unsupported' in fee) {
    info.feeUnsupported = fee.unsupported;
    return;
  }
  info.fee = fee;
  for (const d of feeDifferences(fee, raw.receipt))
    txFinding({
      kind: 'fee-mismatch',
      detail: d.field,
      expected: d.expected,
      got: d.got,
      message: `${d.field}: receipt ${BigInt(d.expected)}, ours ${BigInt(d.got)}`,
    });
}

/** Re-execute a block fetched from `url`. See README.md. */
export async function reexecuteBlock(
  url: string,
  blockId: BlockId,
  opts: ReexecuteOptions = {},
): Promise<ReexecuteResult> {
  const t0 = Date.now();
  const holder: { client?: RpcClient } = {};
  const progress = (
    phase: ReexecuteProgress['phase'],
    done: number,
    total: number,
    message?: string,
  ) =>
    opts.onProgress?.({ phase, done, total, requests: holder.client?.stats.calls ?? 0, message });
  const client =
    opts.client ??
    new RpcClient(url, {
      ...opts.rpc,
      ...(opts.cache ? { cache: opts.cache } : {}),
      ...(opts.maxRequests !== undefined ? { maxRequests: opts.maxRequests } : {}),
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      onProgress: (p) => progress('fetch', p.done, p.total, p.message),
    });
  holder.client = client;
  progress('fetch', 0, 1, 'fetching block, receipts and traces');
  const fetched = await fetchBlockFromRpc(url, blockId, {
    client,
    initialReads: false,
    stateUpdate: opts.stateUpdate ?? false,
    compiledClasses: false,
  });
  const imported = fetched.block;
  const rawBlock = fetched.bundle.block as Record<string, unknown>;
  const rawTxs = arr(rawBlock.transactions).map((x) =>
    isObj(x) && isObj(x.transaction) ? x : { transaction: x, receipt: undefined },
  ) as {
    transaction: RpcTx;
    receipt?: Record<string, unknown>;
  }[];
  // raw transactions by hash (the import keeps block order, but do not rely on it)
  const rawByHash = new Map<string, (typeof rawTxs)[number]>();
  for (const r of rawTxs) {
    const h = r.transaction.transaction_hash ?? r.receipt?.transaction_hash;
    if (typeof h === 'string') rawByHash.set(canon(h), r);
  }
  const diffs = traceStateDiffs(fetched.bundle.traces);
  const declarations = traceDeclarations(fetched.bundle.traces);
  const findings: Finding[] = [];
  const warnings: string[] = [];

  let chainId = opts.chainId;
  if (chainId === undefined) {
    try {
      chainId = canon(await client.call('starknet_chainId', [], true));
    } catch (e) {
      if (!isRpcRefusal(e)) throw e;
      warnings.push(
        `starknet_chainId failed (${e.message}): transaction hashes are not recomputed`,
      );
    }
  }

  const source = new ReexecutionSource(fetched.preState, client);
  const block = {
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
  const tooOld = versionFallback(imported.starknetVersion);
  if (tooOld !== undefined)
    warnings.push(`${tooOld}: every transaction uses trace-inferred access sets`);
  else if (imported.starknetVersion !== undefined && block.starknetVersion === undefined)
    warnings.push(
      `Starknet ${imported.starknetVersion} has no versioned constants here: gas and syscall ` +
        `costs are Starknet ${LATEST_STARKNET_VERSION}'s`,
    );
  const maxAttempts = opts.maxAttempts ?? 64;
  const total = imported.transactions.length;
  const out: ReexecutedTx[] = [];
  const runnable: ExecutableTx[] = [];
  let budgetGone = false;
  let executions = 0;

  for (let i = 0; i < total; i++) {
    progress('execute', i, total, `transaction ${i + 1} of ${total}`);
    const itx = imported.transactions[i];
    const raw = rawByHash.get(canon(itx.hash)) ?? rawTxs[i];
    const expected = diffs.get(canon(itx.hash));
    const txFinding = (f: Omit<Finding, 'txIndex' | 'txHash'>) =>
      findings.push({ txIndex: i, txHash: itx.hash, ...f });
    const info: TxReexecution = { exact: false, attempts: 0, mismatches: 0 };
    if (!expected)
      txFinding({
        kind: 'no-state-diff',
        message: `no per-transaction state diff in the traces: transaction #${i} is not checked`,
      });

    const fallback = async (reason: string) => {
      info.exact = false;
      info.fallback = reason;
      out.push({ ...itx, accessSets: fallbackSets(itx), reexecution: info });
      // keep later transactions consistent: apply the trace's values (or the import's known write values)
      const applied: [CellKey, string][] = [];
      const credit = sequencerFeeCredit(imported, itx);
      const apply = (c: CellKey, v: string) => {
        source.overlay.set(c, BigInt(v));
        // the sequencer's balance comes from the credit, which the engine applies (executable.ts)
        if (c !== credit?.cell) applied.push([c, v]);
      };
      runnable.push(
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
          warnings.push(
            `transaction #${i} fell back without a state diff: ${unknown} written values unknown, later transactions may read stale values`,
          );
      }
    };
    const onRpcError = (e: unknown, what: string): string => {
      if (e instanceof RpcError && e.code === 'BUDGET_EXCEEDED') {
        budgetGone = true;
        txFinding({
          kind: 'budget-exceeded',
          message: `${what}: ${e.message}; this and later transactions use trace-inferred access sets`,
        });
        return 'request budget exhausted';
      }
      if (e instanceof RpcError) {
        txFinding({ kind: 'rpc-error', message: `${what}: ${e.code}: ${e.message}` });
        return `RPC error: ${e.message}`;
      }
      throw e;
    };

    if (budgetGone) {
      await fallback('request budget exhausted earlier');
      continue;
    }
    if (!raw || !isObj(raw.transaction)) {
      txFinding({
        kind: 'unsupported-tx',
        message: `raw transaction #${i} missing from getBlockWithReceipts`,
      });
      await fallback('raw transaction missing');
      continue;
    }
    if (chainId !== undefined) {
      // every kind, also those that fall back below: the hash is what the account signed
      const h = hashCheckOf(raw.transaction, itx.hash, i, chainId);
      info.computedHash = h.computedHash;
      if (h.finding) txFinding(h.finding);
    }
    if (tooOld !== undefined) {
      txFinding({ kind: 'unsupported-tx', message: tooOld });
      await fallback(tooOld);
      continue;
    }
    const feeAmount = itx.fee ? BigInt(itx.fee.amount) : 0n;
    const conv = runnableTx(raw, itx.hash, feeAmount);
    if ('unsupported' in conv) {
      txFinding({ kind: 'unsupported-tx', message: conv.unsupported });
      await fallback(conv.unsupported);
      continue;
    }
    const feeToken = BigInt(
      opts.feeToken ??
        itx.feeToken ??
        (BigInt(String(raw.transaction.version)) === 3n ? STRK_TOKEN : ETH_TOKEN),
    );
    let tx = conv.tx;
    // the fee check charges memory holes (Cairo-steps accounts), so count them here
    const cfg = { ...executorConfig(block, source, feeToken, chainId), countMemoryHoles: true };

    try {
      if (opts.prefetchHints !== false) {
        const cells = new Set<CellKey>([nonceCell(conv.principal), classCell(conv.principal)]);
        const classes = new Set<string>(conv.classes.map(hex));
        for (const a of [
          ...itx.accessSets.reads,
          ...itx.accessSets.writes,
          ...itx.accessSets.deferredWrites,
        ])
          cells.add(a.cell);
        callHints(itx.calls, cells, classes);
        await Promise.all([source.fetchCells(cells), source.fetchClasses(classes)]);
      }
    } catch (e) {
      await fallback(onRpcError(e, 'prefetching state'));
      continue;
    }

    let ex: TxExecution | undefined;
    let failure: string | undefined;
    let rpcFailure: string | undefined;
    for (;;) {
      source.startRun();
      info.attempts++;
      executions++;
      try {
        ex = executeTransaction(tx, source, cfg);
      } catch (e) {
        failure = `execution threw: ${errMsg(e)}`;
        break;
      }
      if (!source.hasMisses) break;
      if (info.attempts >= maxAttempts) {
        failure = `did not converge after ${maxAttempts} executions (each one needed more pre-block state)`;
        break;
      }
      try {
        await source.fetchMisses();
      } catch (e) {
        rpcFailure = onRpcError(e, 'fetching pre-block state/classes');
        break;
      }
    }
    if (rpcFailure) {
      await fallback(rpcFailure);
      continue;
    }
    if (failure || !ex) {
      txFinding({ kind: 'execution-failed', message: failure ?? 'no execution' });
      await fallback(failure ?? 'no execution');
      continue;
    }
    let chargedFee: bigint | undefined;
    try {
      const post = await rerunAfterPostExecutionCheck(ex, tx, raw, {
        rawBlock,
        feeToken,
        source,
        client,
        cfg,
      });
      if (post) ({ ex, tx, fee: chargedFee } = post);
    } catch (e) {
      await fallback(onRpcError(e, 'the post-execution fee check'));
      continue;
    }
    opts.onExecution?.(i, ex);
    info.steps = ex.steps;
    info.syscallGas = hex(ex.syscallGas);
    info.outcome = ex.rejected ? 'rejected' : ex.reverted ? 'reverted' : 'succeeded';
    info.revertReason = ex.rejected ?? ex.revertReason;
    if (ex.revertTrace !== undefined) info.revertTrace = ex.revertTrace;
    if (source.usedUnavailable.size > 0) {
      const reasons = [...source.usedUnavailable.values()].join('; ');
      txFinding({
        kind: 'missing-class',
        message: `execution needed unavailable classes: ${reasons}`,
      });
      await fallback(`missing class: ${reasons}`);
      continue;
    }
    const want =
      itx.status === 'reverted' ? 'reverted' : itx.status === 'succeeded' ? 'succeeded' : undefined;
    if (want !== undefined && info.outcome !== want) {
      txFinding({
        kind: 'status-mismatch',
        expected: want,
        got: info.outcome,
        message: `receipt says ${want}, our execution ${info.outcome}${info.revertReason ? ` (${info.revertReason})` : ''}`,
      });
      await fallback(
        `status mismatch: ${info.outcome}${info.revertReason ? ` (${info.revertReason})` : ''}`,
      );
      continue;
    }

    // Exact: apply our writes and the deferred fee credit, then check against the trace's diff.
    let credit: { cell: CellKey; value: bigint } | undefined;
    const before = new Map<CellKey, bigint>();
    try {
      for (const c of ex.writes.keys()) before.set(c, await source.value(c));
      if (ex.feeCredit) {
        const prev = await source.value(ex.feeCredit.cell);
        before.set(ex.feeCredit.cell, prev);
        // on top of what the transaction itself wrote there (a transfer to the sequencer)
        const own = ex.writes.get(ex.feeCredit.cell);
        credit = { cell: ex.feeCredit.cell, value: (own ?? prev) + ex.feeCredit.amount };
      }
    } catch (e) {
      await fallback(onRpcError(e, 'fetching values of blind writes'));
      continue;
    }
    // only blocks whose fee we can compute need the classes' Sierra (more RPC calls)
    const classInfo = feeConstantsFor(String(rawBlock.starknet_version ?? ''))
      ? await feeClassInfo(client, tx, source, block.starknetVersion)
      : { trackedBySteps: false };
    recordFee(info, ex, raw, rawBlock, feeToken, before, txFinding, classInfo, chargedFee);
    for (const [c, v] of ex.writes) source.overlay.set(c, v);
    if (credit) source.overlay.set(credit.cell, credit.value);
    info.exact = true;
    out.push({ ...itx, accessSets: exactSets(ex, credit), reexecution: info });
    const replayed = (reason: string, writes: Iterable<readonly [CellKey, bigint | string]>) =>
      runnable.push(
        recordedTx(itx, reason, {
          reads: ex.reads.map((r) => r.cell),
          writes: [...writes].map(([c, v]) => [c, typeof v === 'string' ? v : hex(v)]),
          cost: ex.cost,
          reverted: info.outcome !== 'succeeded',
          ...(ex.feeCredit
            ? { fee: { cell: ex.feeCredit.cell, amount: hex(ex.feeCredit.amount) } }
            : {}),
        }),
      );
    let entry: 'invoke' | 'trace' = 'invoke';

    if (expected) {
      const ours = new Map(ex.writes);
      if (credit) ours.set(credit.cell, credit.value);
      const mismatch = (cell: CellKey, exp: string, got: bigint, detail: Finding['detail']) => {
        info.mismatches++;
        txFinding({
          kind: 'state-mismatch',
          cell,
          expected: exp,
          got: hex(got),
          detail,
          message: `${cell}: trace ${detail === 'not-in-diff' ? 'leaves it at' : 'has'} ${exp}, re-execution ${detail === 'not-written' ? 'did not write it (value ' + hex(got) + ')' : 'wrote ' + hex(got)}`,
        });
      };
      try {
        for (const [cell, exp] of expected) {
          const got = ours.get(cell) ?? (await source.value(cell));
          if (got !== BigInt(exp))
            mismatch(cell, exp, got, ours.has(cell) ? 'value' : 'not-written');
        }
      } catch (e) {
        onRpcError(e, 'fetching values to compare');
      }
      for (const [cell, v] of ours)
        // a declaration cell is no state-diff entry: declarationDifferences compares it below
        if (!expected.has(cell) && v !== before.get(cell) && !cell.startsWith('d:'))
          mismatch(cell, hex(before.get(cell) ?? 0n), v, 'not-in-diff');
      for (const d of declarationDifferences(
        ex.declared,
        declarations.get(canon(itx.hash)) ?? [],
      )) {
        info.mismatches++;
        txFinding({ kind: 'state-mismatch', detail: 'declared-class', message: d });
      }
      if (opts.continueWith === 'trace') {
        for (const [c, v] of expected) source.overlay.set(c, BigInt(v));
        if (info.mismatches > 0) entry = 'trace';
      }
    }
    if (entry === 'trace')
      replayed(
        "continueWith 'trace': later transactions start from the trace's values",
        traceWritesLessCredit(expected!, ex, credit),
      );
    else if (tx.kind !== 'invoke')
      replayed(
        'L1 handlers and DEPLOY_ACCOUNT run in re-execution only; the executable block replays them',
        ex.writes,
      );
    else
      runnable.push({
        kind: 'invoke',
        hash: itx.hash,
        label: importedTxLabel(itx),
        rpc: raw.transaction,
        fee: hex(feeAmount),
        feeToken: hex(feeToken),
        ...(tx.postExecutionRevert !== undefined
          ? { postExecutionRevert: tx.postExecutionRevert }
          : {}),
      });
  }

  const exact = out.filter((t) => t.reexecution.exact).length;
  if (exact < total)
    warnings.push(
      `re-execution: ${total - exact} of ${total} transactions use trace-inferred access sets (see findings)`,
    );
  progress('done', total, total);
  return {
    block: {
      ...imported,
      accessMode: exact === total ? 'exact' : imported.accessMode,
      transactions: out,
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
      ...(chainId !== undefined ? { chainId } : {}),
      preState: [...source.pre].map(([c, v]) => [c, hex(v)]),
      classes: [...source.classJson],
      sierraVersions: [...source.sierraVersions],
      txs: runnable,
    },
    findings,
    stats: {
      transactions: total,
      exact,
      fallback: total - exact,
      mismatches: findings.filter((f) => f.kind === 'state-mismatch').length,
      executions,
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

/**
 * The transaction-hash check of one transaction: the hash we computed (when we could), and a
 * finding when it differs from the node's or cannot be recomputed. Execution goes on with the
 * node's hash either way.
 */
function hashCheckOf(
  tx: RpcTx,
  nodeHash: string,
  index: number,
  chainId: string,
): { computedHash?: string; finding?: Omit<Finding, 'txIndex' | 'txHash'> } {
  const c = checkTxHash(tx, nodeHash, chainId);
  const message = describeTxHashCheck(c, index, nodeHash);
  if (c.status === 'match') return { computedHash: c.hash };
  if (c.status === 'unrecomputable') return { finding: { kind: 'tx-hash-unchecked', message } };
  return {
    computedHash: c.computed,
    finding: {
      kind: 'tx-hash-mismatch',
      expected: c.expected,
      got: c.computed,
      message: `${message}; executing with the node's hash`,
    },
  };
}
