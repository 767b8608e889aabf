/**
 * The range worker's logic, apart from the worker global so unit tests run it in-process:
 * one range at a time, cancellable, rows cached in the given store (IndexedDB in the worker).
 */
import { analyzeRange, RangeAnalysisError, type RangeStore } from '@/engine/blocks/range';
import type { RangeReply, RangeRequest } from './protocol';

export interface ClearableStore extends RangeStore {
  clear(): Promise<void>;
}

export function createRangeHandler(post: (r: RangeReply) => void, store: ClearableStore) {
  const running = new Map<number, AbortController>();
  return async function handle(req: RangeRequest): Promise<void> {
    if (req.type === 'cancel') {
      running.get(req.id)?.abort();
      return;
    }
    if (req.type === 'clear-cache') {
      await store.clear();
      post({ type: 'cleared', id: req.id });
      return;
    }
    const ctrl = new AbortController();
    running.set(req.id, ctrl);
    try {
      const { url, from, to, cores, variants, seed } = req;
      const report = await analyzeRange({
        ...{ url, from, to, cores, variants, seed, store },
        signal: ctrl.signal,
        onProgress: (p) => post({ type: 'progress', id: req.id, ...p }),
      });
      post({ type: 'done', id: req.id, report });
    } catch (e) {
      const code = e instanceof RangeAnalysisError ? e.code : 'INTERNAL';
      post({
        type: 'error',
        id: req.id,
        code,
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      running.delete(req.id);
    }
  };
}
