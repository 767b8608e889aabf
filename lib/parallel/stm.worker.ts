/// <reference lib="webworker" />
/**
 * Web Worker entry of a real parallel Block-STM run: forwards host messages to the engine's
 * environment-agnostic worker core (engine/stm/parallel/worker-core.ts).
 */
import { handleMessage, type HostMessage } from '../../engine/stm/parallel/worker-core';
import { buildErc20Block } from '../../engine/stm/parallel/starknet-blocks';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = (e: MessageEvent<HostMessage>) => {
  handleMessage(e.data, (m, transfer) => ctx.postMessage(m, transfer ?? []), {
    exit: () => {
      ctx.close();
      throw new Error('worker closed itself (injected crash)');
    },
    erc20: buildErc20Block,
  });
};
