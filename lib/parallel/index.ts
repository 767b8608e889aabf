/**
 * Browser entry of real parallel runs: Block-STM on k Web Workers sharing SharedArrayBuffers.
 * Needs a cross-origin isolated page (`crossOriginIsolated`); otherwise `parallelSupport()` says
 * why and the UI falls back to the simulator. The page's main thread never blocks: it only
 * exchanges messages with the workers and stores/notifies the shared start flag.
 *
 *   const r = await runOnWorkers({ kind: 'preset', id: 'p2p', params: { n: 500 } }, { workers: 4 }, onProgress);
 *   r.ok  // final state hash equals the sequential run's
 *
 * See engine/stm/parallel/README.md (the runner) and engine/blocks/parallel/README.md (the blocks).
 */
import { blockSize, type BlockDesc } from '../../engine/blocks/parallel/blocks';
import {
  runParallel,
  type ParallelOptions,
  type ParallelProgress,
  type ParallelRunResult,
  type WorkerPort,
} from '../../engine/stm/parallel/host';

export type { BlockDesc } from '../../engine/blocks/parallel/blocks';
export {
  ParallelRunError,
  type ParallelOptions,
  type ParallelProgress,
  type ParallelRunResult,
} from '../../engine/stm/parallel/host';

export interface ParallelSupport {
  supported: boolean;
  /** Why not, in plain words (undefined when supported). */
  reason?: string;
  /** navigator.hardwareConcurrency (the default worker count). */
  defaultWorkers: number;
}

export function parallelSupport(): ParallelSupport {
  const defaultWorkers = Math.max(
    1,
    Math.min(128, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1),
  );
  if (typeof Worker === 'undefined')
    return { supported: false, reason: 'This browser has no Web Workers.', defaultWorkers };
  if (
    typeof SharedArrayBuffer === 'undefined' ||
    typeof crossOriginIsolated === 'undefined' ||
    !crossOriginIsolated
  ) {
    return {
      supported: false,
      reason:
        'This page is not cross-origin isolated (the host did not send the COOP/COEP headers), so SharedArrayBuffer is unavailable: real parallel runs are off, the simulator is used instead.',
      defaultWorkers,
    };
  }
  return { supported: true, defaultWorkers };
}

function spawnWebWorker(): WorkerPort {
  const w = new Worker(new URL('./stm.worker.ts', import.meta.url), {
    type: 'module',
    name: 'stm-parallel',
  });
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (cb) => {
      w.onmessage = (e) => cb(e.data);
    },
    onCrash: (cb) => {
      w.onerror = (e) => {
        e.preventDefault();
        cb(e.message || 'the worker script failed');
      };
      w.onmessageerror = () => cb('a message from the worker could not be decoded');
    },
    terminate: () => w.terminate(),
  };
}

/**
 * Run a block with Block-STM (or `opts.variant` blockifier) on `workers` Web Workers (default
 * navigator.hardwareConcurrency).
 * Rejects with ParallelRunError (which worker, which transaction) if a worker fails; every
 * worker is stopped either way.
 */
export function runOnWorkers(
  block: BlockDesc,
  opts: Partial<ParallelOptions> = {},
  onProgress?: (p: ParallelProgress) => void,
): Promise<ParallelRunResult> {
  const support = parallelSupport();
  if (!support.supported) return Promise.reject(new Error(support.reason));
  let size: number;
  try {
    size = opts.size ?? blockSize(block);
  } catch (e) {
    return Promise.reject(e);
  }
  return runParallel(
    block,
    { workers: support.defaultWorkers, ...opts, size },
    spawnWebWorker,
    onProgress,
  );
}
