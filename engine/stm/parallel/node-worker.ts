/**
 * worker_threads entry (Node). Loaded with `--import tsx` (see node.ts). Forwards host messages
 * to the environment-agnostic worker core.
 */
import { parentPort } from 'node:worker_threads';
import { handleMessage, type HostMessage } from './worker-core';
import { buildErc20Block } from './starknet-blocks';

const port = parentPort!;
port.on('message', (msg: HostMessage) => {
  handleMessage(msg, (m, transfer) => port.postMessage(m, transfer ?? []), {
    exit: () => process.exit(3),
    erc20: buildErc20Block,
  });
});
