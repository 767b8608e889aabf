/**
 * worker_threads entry (Node) of real parallel runs of `BlockDesc` blocks: forwards host
 * messages to engine/stm/parallel's environment-agnostic worker core, with this folder's
 * resolver. Loaded by engine/stm/parallel/node-bootstrap.mjs (tsx registered in the thread).
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { handleMessage, type HostMessage, type ThreadTimes } from '../../stm/parallel/worker-core';
import { resolveBlock } from './blocks';

/** Linux: this thread's CPU time and run-queue wait (schedstat: "run_ns wait_ns slices"). */
function threadTimes(): ThreadTimes | undefined {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return Number.isFinite(run) && Number.isFinite(wait)
      ? { cpuMs: run / 1e6, waitMs: wait / 1e6 }
      : undefined;
  } catch {
    return undefined;
  }
}

const port = parentPort!;
port.on('message', (msg: HostMessage) => {
  handleMessage(msg, (m, transfer) => port.postMessage(m, transfer ?? []), {
    resolveBlock,
    exit: () => process.exit(3),
    threadTimes,
  });
});
