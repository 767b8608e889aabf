/**
 * Page side of the engine worker: one module worker, promise-based typed requests with progress.
 * Requests are answered in order (the worker handles one message at a time).
 */
import type { Reply, ReplyOf, Request } from './protocol';

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (done: number, total: number, message?: string) => void;
};

/** A request the engine refused; `code` is the import's error code when it has one. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Replaces the worker (unit tests run the same engine handler in-process). */
let transport: ((id: number, req: Request) => void) | null = null;

export function setTransport(t: ((id: number, req: Request) => void) | null): void {
  transport = t;
}

type ValueReply = Exclude<Reply, { type: 'progress' } | { type: 'error' }>;

/** The value a final reply carries (what `request` resolves with). */
function replyValue(r: ValueReply): unknown {
  switch (r.type) {
    case 'block':
      return r.summary;
    case 'run':
      return r.payload;
    case 'references':
      return r.refs;
    case 'sweep':
      return r.series;
    case 'txDetail':
      return r.detail;
    case 'parallelBlock':
      return r.desc;
    case 'savedReexecution':
      return r.json;
    case 'measured':
      return r.measured;
    case 'whatIf':
      return r.result;
  }
}

export function dispatchReply(r: Reply): void {
  const p = pending.get(r.id);
  if (!p) return;
  switch (r.type) {
    case 'progress':
      p.onProgress?.(r.done, r.total, r.message);
      return;
    case 'error':
      pending.delete(r.id);
      p.reject(new EngineError(r.message, r.code));
      return;
    default:
      pending.delete(r.id);
      p.resolve(replyValue(r));
      return;
  }
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<Reply>) => dispatchReply(e.data);
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`engine worker failed: ${e.message}`));
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

export function request<R extends Request>(
  req: R,
  onProgress?: Pending['onProgress'],
): Promise<ReplyOf<R['type']>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    if (transport) transport(id, req);
    else getWorker().postMessage({ id, req });
  });
}
