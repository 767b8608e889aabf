/// <reference lib="webworker" />
/**
 * Isolation probe: proves that a Worker script was allowed to load under
 * `Cross-Origin-Embedder-Policy: require-corp` and that it shares memory with the page.
 * The page sends a SharedArrayBuffer; the worker adds 41 to cell 0 with Atomics and reports
 * its own `crossOriginIsolated`. The page then reads 42 from the same buffer.
 */
const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = (e: MessageEvent<{ sab: SharedArrayBuffer }>) => {
  const cells = new Int32Array(e.data.sab);
  Atomics.add(cells, 0, 41);
  Atomics.notify(cells, 0);
  ctx.postMessage({ crossOriginIsolated: ctx.crossOriginIsolated === true });
};
