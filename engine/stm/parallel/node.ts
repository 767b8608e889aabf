/**
 * Node adapter: Block-STM on real worker_threads. The workers run TypeScript through tsx
 * (node-bootstrap.mjs registers it in the thread), so no build step is needed.
 *
 * This folder does not know any block format: the caller names the worker entry module, which
 * forwards messages to worker-core's `handleMessage` with its own `resolveBlock` (for the
 * engine's block descriptions: engine/blocks/parallel/node-worker.ts, used by
 * engine/blocks/parallel/node.ts's `runOnNodeWorkers`).
 */
import { Worker } from 'node:worker_threads';
import type { ResolveBlock } from './block-source';
import {
  runParallel,
  type ParallelOptions,
  type ParallelProgress,
  type ParallelRunResult,
  type SpawnWorker,
  type WorkerPort,
} from './host';

/** A SpawnWorker starting worker_threads that load the TypeScript module `entry` (a file: URL). */
export function nodeSpawner(entry: URL): SpawnWorker {
  return (): WorkerPort => {
    const w = new Worker(new URL('./node-bootstrap.mjs', import.meta.url), {
      workerData: { entry: entry.href },
    });
    let stopping = false;
    return {
      post: (msg) => w.postMessage(msg),
      onMessage: (cb) => w.on('message', cb),
      onCrash: (cb) => {
        w.on('error', (e) => cb(e instanceof Error ? e.message : String(e)));
        w.on('exit', (code) => {
          if (!stopping) cb(`thread exited with code ${code}`);
        });
      },
      terminate: () => {
        stopping = true;
        void w.terminate();
      },
    };
  };
}

/**
 * Run a block with Block-STM on `opts.workers` worker_threads whose entry module is `entry`.
 * `resolveBlock` (on the host) only gives the transaction count when `opts.size` is absent.
 */
export function runOnNodeWorkersWith<D>(
  entry: URL,
  desc: D,
  opts: ParallelOptions,
  onProgress?: (p: ParallelProgress) => void,
  resolveBlock?: ResolveBlock<D>,
): Promise<ParallelRunResult> {
  return runParallel(desc, opts, nodeSpawner(entry), onProgress, resolveBlock);
}
