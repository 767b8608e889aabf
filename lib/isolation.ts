/**
 * Checks, in the browser, whether real parallel runs are possible: the page must be
 * cross-origin isolated, a Worker script must load, and a SharedArrayBuffer written by the
 * worker must be visible to the page.
 */
export interface IsolationStatus {
  pageIsolated: boolean;
  workerIsolated: boolean;
  sharedMemory: boolean;
  hardwareConcurrency: number;
  error?: string;
}

export async function probeIsolation(timeoutMs = 10_000): Promise<IsolationStatus> {
  const pageIsolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated === true;
  const hardwareConcurrency = navigator.hardwareConcurrency || 1;
  const base = { pageIsolated, workerIsolated: false, sharedMemory: false, hardwareConcurrency };
  if (!pageIsolated || typeof SharedArrayBuffer === 'undefined') {
    return {
      ...base,
      error: 'This page is not cross-origin isolated, so SharedArrayBuffer is unavailable.',
    };
  }
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL('./workers/probe.worker.ts', import.meta.url), { type: 'module' });
    const sab = new SharedArrayBuffer(4);
    const cells = new Int32Array(sab);
    Atomics.store(cells, 0, 1);
    const reply = await new Promise<{ crossOriginIsolated: boolean }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the worker did not answer (was its script blocked?)')),
        timeoutMs,
      );
      worker!.onmessage = (e) => {
        clearTimeout(timer);
        resolve(e.data);
      };
      worker!.onerror = (e) => {
        clearTimeout(timer);
        reject(
          new Error(
            `the worker failed to start: ${e.message || 'script blocked or failed to load'}`,
          ),
        );
      };
      worker!.postMessage({ sab });
    });
    return {
      ...base,
      workerIsolated: reply.crossOriginIsolated,
      sharedMemory: Atomics.load(cells, 0) === 42,
    };
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message : String(e) };
  } finally {
    worker?.terminate();
  }
}
