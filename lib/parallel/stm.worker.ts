/// <reference lib="webworker" />
/**
 * Web Worker entry of a real parallel Block-STM run: forwards host messages to the engine's
 * environment-agnostic worker core (engine/stm/parallel/worker-core.ts), which resolves the
 * block description with engine/blocks/parallel's `resolveBlock`.
 */
import { handleMessage, type HostMessage } from '../../engine/stm/parallel/worker-core';
import { resolveBlock } from '../../engine/blocks/parallel/blocks';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = (e: MessageEvent<HostMessage>) => {
  handleMessage(e.data, (m, transfer) => ctx.postMessage(m, transfer ?? []), {
    resolveBlock,
    exit: () => {
      ctx.close();
      throw new Error('worker closed itself (injected crash)');
    },
  });
};
