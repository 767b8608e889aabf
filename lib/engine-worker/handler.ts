/**
 * The engine's request handler: holds the current block, runs the Block-STM simulator and the dependency
 * graph off the main thread, and answers typed messages (see protocol.ts). Event logs travel
 * back as transferred typed arrays.
 */
import { transferList } from '../../engine/stm/events';
import type { BlockExecutor } from '../../engine/stm/types';
import {
  importBlock,
  fetchBlockFromRpc,
  createDefaultCache,
  ImportError,
  summarizeHashCheck,
  type ImportedBlock,
  type PersistentCache,
} from '../../engine/blocks/import';
import {
  reexecuteBlock,
  reexecutionLine,
  replayedCount,
  saveReexecution,
  savedReexecutionIn,
  type SavedReexecution,
  type Finding,
  type ReexecuteStats,
} from '../../engine/blocks/reexecute';
import { resolveBlock, type BlockDesc } from '../../engine/blocks/parallel/blocks';
import { buildPreset, presetInfo } from '../presets';
import { ReplayExecutor } from '../../engine/blocks/replay';
import { StarknetBlockExecutor } from '../../engine/starknet/transactions';
import { describeTx } from '../../engine/starknet/describe';
import { timeSequential } from '../../engine/stm/parallel/worker-core';
import { hashState } from '../../engine/stm/parallel/hash';
import {
  graphCache,
  references,
  runPayload,
  summarize,
  sweep,
  whatIfPayload,
  type GraphCache,
} from './compute';
import type { Reply, Request, RunPayload, TxDetailReply } from './protocol';

export type Post = (r: Reply, transfer?: Transferable[]) => void;

let rpcCache: PersistentCache | undefined;

/** Re-execution's counters and findings as lines of the block summary's remarks (mismatches first). */
function reexecutionSummary(stats: ReexecuteStats, findings: Finding[]): string[] {
  const lines = [reexecutionLine(stats)];
  const order = (f: Finding) =>
    f.kind === 'state-mismatch' ? 0 : f.kind === 'status-mismatch' ? 1 : 2;
  const shown = [...findings].sort((a, b) => order(a) - order(b)).slice(0, 20);
  for (const f of shown) {
    const at = f.txIndex !== undefined ? `tx ${f.txIndex}` : 'block';
    const cell = f.cell ? ` ${f.cell}: expected ${f.expected ?? '—'}, got ${f.got ?? '—'}` : '';
    lines.push(`${f.kind} (${at})${cell} — ${f.message}`);
  }
  if (findings.length > shown.length)
    lines.push(
      `… and ${findings.length - shown.length} more findings (the CLI's analyze --exact lists all).`,
    );
  return lines;
}

/**
 * What one engine holds between requests: the current block and what was derived from it. Every
 * request handler below reads and replaces these fields; `post` answers the page.
 */
interface Session {
  readonly post: Post;
  executor: BlockExecutor | null;
  graph: GraphCache | null;
  imported: ImportedBlock | null;
  /**
   * The imported block's re-execution, when it has one (over RPC, or a saved file): what
   * 'savedReexecution' answers, and its executable block is what real workers run.
   */
  saved: SavedReexecution | null;
}

type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** The loaded block's executor; every request about "the block" needs one. */
function loadedExecutor(s: Session): BlockExecutor {
  if (!s.executor) throw new Error('no block loaded');
  return s.executor;
}

/** A progress reply for request `id`; imports and fetches report phases or messages. */
function progressPoster(post: Post, id: number) {
  return (p: { done: number; total: number; message?: string; phase?: string }) =>
    post({ id, type: 'progress', done: p.done, total: p.total, message: p.message ?? p.phase });
}

/** An imported block's recorded access sets, per transaction, as the summary shows them. */
function importedAccess(block: ImportedBlock) {
  return block.transactions.map((t) => ({
    reads: t.accessSets.reads.map((r) => r.cell),
    writes: t.accessSets.writes.map((w) => w.cell),
  }));
}

/** An imported block becomes the current one: replayed from its recorded sets, summarized. */
function loadImported(
  s: Session,
  id: number,
  block: ImportedBlock,
  source: 'json' | 'rpc',
  title: string,
  reexecution: SavedReexecution | null = null,
) {
  const executor = new ReplayExecutor(block, { unknownWrites: 'reads' });
  s.executor = executor;
  s.imported = block;
  s.saved = reexecution;
  const runnable = reexecution?.executable;
  const replayed = runnable ? replayedCount(runnable) : 0;
  s.graph = null;
  const origin = {
    source,
    title,
    teaching: false,
    accessMode: block.accessMode,
    warnings: block.warnings,
    ...(block.hashCheck ? { hashCheck: summarizeHashCheck(block.hashCheck) } : {}),
    ...(runnable ? { executable: { vm: runnable.txs.length - replayed, replayed } } : {}),
  };
  const txs = block.transactions.map((t) => ({ hash: t.hash, sender: t.sender }));
  s.post({
    id,
    type: 'block',
    summary: summarize(executor, origin, importedAccess(block), txs),
  });
}

/** A re-execution: its block with the summary in the remarks, runnable on real workers. */
function loadReexecuted(
  s: Session,
  id: number,
  file: SavedReexecution,
  from: 'json' | 'rpc',
  title: string,
) {
  const block = {
    ...file.block,
    warnings: [...reexecutionSummary(file.stats, file.findings), ...file.block.warnings],
  };
  loadImported(s, id, block, from, title, file);
}

/** What real workers run for the imported block (null for presets). */
function parallelDesc(s: Session): BlockDesc | null {
  if (s.saved) return { kind: 'executable', block: s.saved.executable };
  return s.imported ? { kind: 'replay', block: s.imported } : null;
}

/** Each transaction's cells read and written, from the execute events of a sequential run's log. */
function accessFromLog(log: RunPayload['log']) {
  const access: { reads: string[]; writes: string[] }[] = [];
  for (let ev = 0; ev < log.count; ev++) {
    if (log.kind[ev] !== 0) continue;
    const reads: string[] = [];
    const writes: string[] = [];
    for (let r = log.readOffset[ev]; r < log.readOffset[ev + 1]; r++)
      reads.push(log.cells[log.readCell[r]]);
    for (let w = log.writeOffset[ev]; w < log.writeOffset[ev + 1]; w++)
      writes.push(log.cells[log.writeCell[w]]);
    access[log.tx[ev]] = { reads, writes };
  }
  return access;
}

function loadPreset(s: Session, id: number, req: RequestOf<'loadPreset'>) {
  const info = presetInfo(req.id);
  if (!info) throw new Error(`unknown preset ${req.id}`);
  const executor = buildPreset(req.id, req.params);
  s.executor = executor;
  s.imported = null;
  s.saved = null;
  s.graph = null;
  // A preset records no access sets: they come from one quick sequential run.
  const first = runPayload(
    executor,
    { variant: 'sequential', cores: 1, costModel: {}, seed: 1 },
    null,
  );
  s.graph = first.graph;
  const origin = {
    source: 'preset' as const,
    title: info.title,
    presetId: info.id,
    teaching: info.teaching,
  };
  s.post({
    id,
    type: 'block',
    summary: summarize(executor, origin, accessFromLog(first.payload.log)),
  });
}

function importJson(s: Session, id: number, req: RequestOf<'importJson'>) {
  // a re-execution saved from here or by the CLI (--save): exact sets, runnable Cairo;
  // kept as read, so saving it again gives the same file (its date and source included)
  const file = savedReexecutionIn(req.text);
  if (file) {
    const n = file.block.number;
    const title =
      req.name ?? (n !== undefined ? `Block ${n} (re-executed, saved)` : 'Saved re-execution');
    loadReexecuted(s, id, file, 'json', title);
    return;
  }
  const block = importBlock(req.text, {
    ...(req.verifyTxHashes === false ? { verifyTxHashes: false } : {}),
    onProgress: (p) =>
      s.post({ id, type: 'progress', done: p.done, total: p.total, message: p.phase }),
  });
  const title =
    req.name ?? (block.number !== undefined ? `Block ${block.number}` : 'Imported block');
  loadImported(s, id, block, 'json', title);
}

async function fetchRpc(s: Session, id: number, req: RequestOf<'fetchRpc'>) {
  s.post({ id, type: 'progress', done: 0, total: 1, message: 'fetching' });
  // Responses persist (IndexedDB in the browser): reopening a block costs no requests.
  rpcCache ??= createDefaultCache();
  const opts = {
    cache: rpcCache,
    maxRequests: req.maxRequests,
    ...(req.verifyTxHashes === false ? { verifyTxHashes: false } : {}),
    onProgress: progressPoster(s.post, id),
  };
  if (req.exact) {
    const r = await reexecuteBlock(req.url, req.blockId, opts);
    const title = `Block ${r.block.number ?? req.blockId} via RPC (re-executed)`;
    const file = saveReexecution(r, { rpcUrl: req.url, blockId: req.blockId });
    loadReexecuted(s, id, file, 'rpc', title);
  } else {
    const block = (await fetchBlockFromRpc(req.url, req.blockId, opts)).block;
    loadImported(s, id, block, 'rpc', `Block ${block.number ?? req.blockId} via RPC`);
  }
}

function measureSequential(s: Session, id: number) {
  const executor = loadedExecutor(s);
  // The executor a real run builds for an imported block (an executable block runs on the
  // Cairo VM; a replay marks unknown writes with their writer), so the hash compares with
  // a parallel run elsewhere; the explorer's own replay gives them read-dependent values.
  const desc = parallelDesc(s);
  const ex = desc ? resolveBlock(desc, { worker: -1 }) : executor;
  const warmupMs = timeSequential(ex).wallMs;
  const { wallMs, final } = timeSequential(ex);
  s.post({ id, type: 'measured', measured: { wallMs, warmupMs, stateHash: hashState(final) } });
}

/** What the page can show of one transaction: its VM execution, or why there is none. */
function txDetail(executor: BlockExecutor, tx: number): TxDetailReply {
  if (!Number.isInteger(tx) || tx < 0 || tx >= executor.size)
    throw new Error(`no transaction ${tx} in this block of ${executor.size}`);
  if (executor instanceof StarknetBlockExecutor) {
    const d = describeTx(executor, tx);
    return d
      ? { detail: d }
      : { none: 'This transaction has not been executed yet: run the block first.' };
  }
  if (executor instanceof ReplayExecutor)
    return {
      none: 'Imported block: replayed from its recorded read/write sets, not executed on the Cairo VM here (the CLI’s analyze --rpc --exact re-executes it).',
    };
  return {
    none: 'This preset runs on the synthetic executor (reads and writes with costs, no Cairo code). Pick an “executed on the Cairo VM” preset to see calls, steps and CASM.',
  };
}

/** Runs the loaded block once with the page's parameters, keeping the graph for the next run. */
function runLoaded(s: Session, id: number, req: RequestOf<'run'>) {
  const r = runPayload(loadedExecutor(s), req.params, s.graph);
  s.graph = r.graph;
  s.post({ id, type: 'run', payload: r.payload }, transferList(r.payload.log));
}

function sweepCores(s: Session, id: number, req: RequestOf<'sweep'>) {
  const series = sweep(loadedExecutor(s), req.variants, req.maxCores, req.base, (done, total) =>
    s.post({ id, type: 'progress', done, total }),
  );
  s.post({ id, type: 'sweep', series });
}

function whatIf(s: Session, id: number, req: RequestOf<'whatIf'>) {
  const executor = loadedExecutor(s);
  s.graph ??= graphCache(executor);
  s.post({ id, type: 'whatIf', result: whatIfPayload(executor, s.graph, req) });
}

/**
 * Answers one request. Not async: a request that fails before any await throws right here, so its
 * 'error' reply goes out synchronously, as the replies of the requests that succeed do.
 */
function answer(s: Session, id: number, req: Request): void | Promise<void> {
  const post = s.post;
  switch (req.type) {
    case 'loadPreset':
      return loadPreset(s, id, req);
    case 'importJson':
      return importJson(s, id, req);
    case 'fetchRpc':
      return fetchRpc(s, id, req);
    case 'run':
      return runLoaded(s, id, req);
    case 'references':
      return post({ id, type: 'references', refs: references(loadedExecutor(s), req.params) });
    case 'sweep':
      return sweepCores(s, id, req);
    case 'measureSequential':
      return measureSequential(s, id);
    case 'whatIf':
      return whatIf(s, id, req);
    case 'savedReexecution':
      return post({ id, type: 'savedReexecution', json: s.saved && JSON.stringify(s.saved) });
    case 'parallelBlock':
      return post({ id, type: 'parallelBlock', desc: parallelDesc(s) });
    case 'txDetail':
      return post({ id, type: 'txDetail', detail: txDetail(loadedExecutor(s), req.tx) });
  }
}

/** One engine instance (one current block). The worker wraps it; tests call it in-process. */
export function createEngine(post: Post) {
  const session: Session = { post, executor: null, graph: null, imported: null, saved: null };
  return async function handle(id: number, req: Request): Promise<void> {
    try {
      await answer(session, id, req);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      post({
        id,
        type: 'error',
        message,
        ...(err instanceof ImportError ? { code: err.code } : {}),
      });
    }
  };
}
