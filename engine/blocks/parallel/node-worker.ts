/**
 * worker_threads entry (Node) of real parallel runs of `BlockDesc` blocks: forwards host
 * messages to engine/stm/parallel's environment-agnostic worker core, with this folder's
 * resolver. Loaded by engine/stm/parallel/node-bootstrap.mjs (tsx registered in the thread).
 */
import { parentPort } from 'node:worker_threads';
import { handleMessage, type HostMessage } from '../../stm/parallel/worker-core';
import { resolveBlock } from './blocks';

const port = parentPort!;
port.on('message', (msg: HostMessage) => {
  handleMessage(msg, (m, transfer) => port.postMessage(m, transfer ?? []), {
    resolveBlock,
    exit: () => process.exit(3),
  });
});
