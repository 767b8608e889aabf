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
import type { Reply, Request, TxDetailReply } from './protocol';

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

/** One engine instance (one current block). The worker wraps it; tests call it in-process. */
export function createEngine(post: Post) {
  let executor: BlockExecutor | null = null;
  let graph: GraphCache | null = null;
  let imported: ImportedBlock | null = null;
  /**
   * The imported block's re-execution, when it has one (over RPC, or a saved file): what
   * 'savedReexecution' answers, and its executable block is what real workers run.
   */
  let saved: SavedReexecution | null = null;

  function loadImported(
    id: number,
    block: ImportedBlock,
    source: 'json' | 'rpc',
    title: string,
    reexecution: SavedReexecution | null = null,
  ) {
    executor = new ReplayExecutor(block, { unknownWrites: 'reads' });
    imported = block;
    saved = reexecution;
    const runnable = reexecution?.executable;
    const replayed = runnable ? replayedCount(runnable) : 0;
    graph = null;
    const access = block.transactions.map((t) => ({
      reads: t.accessSets.reads.map((r) => r.cell),
      writes: t.accessSets.writes.map((w) => w.cell),
    }));
    post({
      id,
      type: 'block',
      summary: summarize(
        executor,
        {
          source,
          title,
          teaching: false,
          accessMode: block.accessMode,
          warnings: block.warnings,
          ...(runnable ? { executable: { vm: runnable.txs.length - replayed, replayed } } : {}),
        },
        access,
        block.transactions.map((t) => ({ hash: t.hash, sender: t.sender })),
      ),
    });
  }

  /** A re-execution: its block with the summary in the remarks, runnable on real workers. */
  function loadReexecuted(id: number, file: SavedReexecution, from: 'json' | 'rpc', title: string) {
    const block = {
      ...file.block,
      warnings: [...reexecutionSummary(file.stats, file.findings), ...file.block.warnings],
    };
    loadImported(id, block, from, title, file);
  }

  /** What real workers run for the imported block (null for presets). */
  function parallelDesc(): BlockDesc | null {
    if (saved) return { kind: 'executable', block: saved.executable };
    return imported ? { kind: 'replay', block: imported } : null;
  }

  return async function handle(id: number, req: Request): Promise<void> {
    try {
      switch (req.type) {
        case 'loadPreset': {
          const info = presetInfo(req.id);
          if (!info) throw new Error(`unknown preset ${req.id}`);
          executor = buildPreset(req.id, req.params);
          imported = null;
          saved = null;
          graph = null;
          // Access sets come from one quick sequential run.
          const first = runPayload(
            executor,
            { variant: 'sequential', cores: 1, costModel: {}, seed: 1 },
            null,
          );
          graph = first.graph;
          const log = first.payload.log;
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
          post({
            id,
            type: 'block',
            summary: summarize(
              executor,
              { source: 'preset', title: info.title, presetId: info.id, teaching: info.teaching },
              access,
            ),
          });
          break;
        }
        case 'importJson': {
          // a re-execution saved from here or by the CLI (--save): exact sets, runnable Cairo;
          // kept as read, so saving it again gives the same file (its date and source included)
          const file = savedReexecutionIn(req.text);
          if (file) {
            const n = file.block.number;
            const title =
              req.name ??
              (n !== undefined ? `Block ${n} (re-executed, saved)` : 'Saved re-execution');
            loadReexecuted(id, file, 'json', title);
            break;
          }
          const block = importBlock(req.text, {
            onProgress: (p) =>
              post({ id, type: 'progress', done: p.done, total: p.total, message: p.phase }),
          });
          const title =
            req.name ?? (block.number !== undefined ? `Block ${block.number}` : 'Imported block');
          loadImported(id, block, 'json', title);
          break;
        }
        case 'fetchRpc': {
          post({ id, type: 'progress', done: 0, total: 1, message: 'fetching' });
          const onProgress = (p: {
            done: number;
            total: number;
            message?: string;
            phase?: string;
          }) =>
            post({
              id,
              type: 'progress',
              done: p.done,
              total: p.total,
              message: p.message ?? p.phase,
            });
          // Responses persist (IndexedDB in the browser): reopening a block costs no requests.
          rpcCache ??= createDefaultCache();
          const opts = { cache: rpcCache, maxRequests: req.maxRequests, onProgress };
          if (req.exact) {
            const r = await reexecuteBlock(req.url, req.blockId, opts);
            const title = `Block ${r.block.number ?? req.blockId} via RPC (re-executed)`;
            const file = saveReexecution(r, { rpcUrl: req.url, blockId: req.blockId });
            loadReexecuted(id, file, 'rpc', title);
          } else {
            const block = (await fetchBlockFromRpc(req.url, req.blockId, opts)).block;
            loadImported(id, block, 'rpc', `Block ${block.number ?? req.blockId} via RPC`);
          }
          break;
        }
        case 'run': {
          if (!executor) throw new Error('no block loaded');
          const r = runPayload(executor, req.params, graph);
          graph = r.graph;
          post({ id, type: 'run', payload: r.payload }, transferList(r.payload.log));
          break;
        }
        case 'references': {
          if (!executor) throw new Error('no block loaded');
          post({ id, type: 'references', refs: references(executor, req.params) });
          break;
        }
        case 'sweep': {
          if (!executor) throw new Error('no block loaded');
          const series = sweep(executor, req.variants, req.maxCores, req.base, (done, total) =>
            post({ id, type: 'progress', done, total }),
          );
          post({ id, type: 'sweep', series });
          break;
        }
        case 'measureSequential': {
          if (!executor) throw new Error('no block loaded');
          // The executor a real run builds for an imported block (an executable block runs on the
          // Cairo VM; a replay marks unknown writes with their writer), so the hash compares with
          // a parallel run elsewhere; the explorer's own replay gives them read-dependent values.
          const desc = parallelDesc();
          const ex = desc ? resolveBlock(desc, { worker: -1 }) : executor;
          const warmupMs = timeSequential(ex).wallMs;
          const { wallMs, final } = timeSequential(ex);
          post({
            id,
            type: 'measured',
            measured: { wallMs, warmupMs, stateHash: hashState(final) },
          });
          break;
        }
        case 'whatIf': {
          if (!executor) throw new Error('no block loaded');
          graph ??= graphCache(executor);
          post({ id, type: 'whatIf', result: whatIfPayload(executor, graph, req) });
          break;
        }
        case 'savedReexecution':
          post({ id, type: 'savedReexecution', json: saved && JSON.stringify(saved) });
          break;
        case 'parallelBlock':
          post({ id, type: 'parallelBlock', desc: parallelDesc() });
          break;
        case 'txDetail': {
          if (!executor) throw new Error('no block loaded');
          if (!Number.isInteger(req.tx) || req.tx < 0 || req.tx >= executor.size)
            throw new Error(`no transaction ${req.tx} in this block of ${executor.size}`);
          let detail: TxDetailReply;
          if (executor instanceof StarknetBlockExecutor) {
            const d = describeTx(executor, req.tx);
            detail = d
              ? { detail: d }
              : { none: 'This transaction has not been executed yet: run the block first.' };
          } else if (executor instanceof ReplayExecutor) {
            detail = {
              none: 'Imported block: replayed from its recorded read/write sets, not executed on the Cairo VM here (the CLI’s analyze --rpc --exact re-executes it).',
            };
          } else {
            detail = {
              none: 'This preset runs on the synthetic executor (reads and writes with costs, no Cairo code). Pick an “executed on the Cairo VM” preset to see calls, steps and CASM.',
            };
          }
          post({ id, type: 'txDetail', detail });
          break;
        }
      }
    } catch (err) {
      post({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
}
