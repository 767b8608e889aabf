/**
 * Page side of the range worker: one module worker, created on first use. A transport can
 * replace it (unit tests run lib/range/handler.ts in-process).
 */
import type { RangeReply, RangeRequest } from './protocol';

type Listener = (r: RangeReply) => void;
let worker: Worker | null = null;
let listener: Listener = () => {};
let transport: ((req: RangeRequest) => void) | null = null;

export function setRangeTransport(t: ((req: RangeRequest) => void) | null): void {
  transport = t;
}

/** Every reply goes to this one listener (the range store). */
export function onRangeReply(l: Listener): void {
  listener = l;
}

export function deliverRangeReply(r: RangeReply): void {
  listener(r);
}

export function sendRange(req: RangeRequest): void {
  if (transport) return transport(req);
  if (!worker) {
    worker = new Worker(new URL('./range.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<RangeReply>) => deliverRangeReply(e.data);
    worker.onerror = (e) => {
      deliverRangeReply({
        type: 'error',
        id: -1,
        code: 'INTERNAL',
        message: `range worker failed: ${e.message}`,
      });
      worker?.terminate();
      worker = null;
    };
  }
  worker.postMessage(req);
}
