/**
 * Real parallel runs of `BlockDesc` blocks on Node worker_threads (tests, bench, CLI).
 */
import { runOnNodeWorkersWith } from '../../stm/parallel/node';
import type { ParallelOptions, ParallelProgress, ParallelRunResult } from '../../stm/parallel/host';
import { blockSize, type BlockDesc } from './blocks';

const ENTRY = new URL('./node-worker.ts', import.meta.url);

/** Run a block with Block-STM on `opts.workers` worker_threads (rejects with ParallelRunError). */
export function runOnNodeWorkers(
  desc: BlockDesc,
  opts: ParallelOptions,
  onProgress?: (p: ParallelProgress) => void,
): Promise<ParallelRunResult> {
  return runOnNodeWorkersWith(
    ENTRY,
    desc,
    { ...opts, size: opts.size ?? blockSize(desc) },
    onProgress,
  );
}
