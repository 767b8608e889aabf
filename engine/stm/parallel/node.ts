/**
 * Node adapter: Block-STM on real worker_threads. The workers run TypeScript through tsx
 * (`execArgv: ['--import', 'tsx']`), so no build step is needed.
 */
import { Worker } from 'node:worker_threads';
import type { BlockDesc } from './blocks';
import { runParallel, type ParallelOptions, type ParallelProgress, type ParallelRunResult, type SpawnWorker, type WorkerPort } from './host';

export const nodeSpawn: SpawnWorker = (): WorkerPort => {
  const w = new Worker(new URL('./node-bootstrap.mjs', import.meta.url));
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

/** Run a block with Block-STM on `opts.workers` worker_threads. */
export function runOnNodeWorkers(
  desc: BlockDesc,
  opts: ParallelOptions,
  onProgress?: (p: ParallelProgress) => void,
): Promise<ParallelRunResult> {
  return runParallel(desc, opts, nodeSpawn, onProgress);
}
