/// <reference lib="webworker" />
/**
 * The engine worker: runs the Block-STM simulator, the dependency graph and block imports off the
 * main thread. Event logs travel back as transferred typed arrays. See handler.ts.
 */
import { createEngine } from './handler';
import type { Request } from './protocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEngine((r, transfer = []) => ctx.postMessage(r, transfer));

ctx.onmessage = (e: MessageEvent<{ id: number; req: Request }>) => {
  void handle(e.data.id, e.data.req);
};
