/**
 * worker_threads entry (Node) of real parallel runs of `BlockDesc` blocks: forwards host
 * messages to engine/stm/parallel's environment-agnostic worker core, with this folder's
 * resolver. Loaded by engine/stm/parallel/node-bootstrap.mjs (tsx registered in the thread).
 */
import { openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { handleMessage, type HostMessage, type ThreadTimes } from '../../stm/parallel/worker-core';
import { resolveBlock } from './blocks';

/**
 * Linux: this thread's CPU time and run-queue wait (schedstat: "run_ns wait_ns slices"). The file
 * stays open and is re-read at offset 0 (procfs regenerates it): about 5 µs a call instead of
 * 20–60 µs for open/read/close, and the call right after the start is inside the timed run.
 */
let schedstat: number | undefined;
const schedBuf = Buffer.alloc(128);
function threadTimes(): ThreadTimes | undefined {
  try {
    schedstat ??= openSync('/proc/thread-self/schedstat', 'r');
    const len = readSync(schedstat, schedBuf, 0, schedBuf.length, 0);
    const [run, wait] = schedBuf.toString('latin1', 0, len).trim().split(/\s+/).map(Number);
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
