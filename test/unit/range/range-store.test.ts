import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRangeStore } from '../../../engine/blocks/range';
import { createRangeHandler } from '@/lib/range/handler';
import { deliverRangeReply, setRangeTransport } from '@/lib/range/client';
import { parseRangeForm, useRange, type RangeForm } from '@/lib/stores/range';
import { mockChain, type MockChain } from './mock-node';

/** The range panel's store with the worker's handler run in-process on a mock node. */
class ClearableMemoryStore extends MemoryRangeStore {
  async clear() {
    this.rows.clear();
  }
}

let chain: MockChain;
let store: ClearableMemoryStore;
let pending: Promise<void>[];
beforeEach(() => {
  chain = mockChain(40);
  vi.stubGlobal('fetch', chain.fetch);
  store = new ClearableMemoryStore();
  const handle = createRangeHandler(deliverRangeReply, store);
  pending = [];
  setRangeTransport((req) => void pending.push(handle(req)));
  useRange.setState({ phase: 'idle', report: null, error: null, svg: null, progress: null });
  useRange
    .getState()
    .setForm({ url: 'http://mock.invalid/rpc', from: '5', to: '14', cores: '4,8' });
});
afterEach(() => {
  setRangeTransport(null);
  vi.unstubAllGlobals();
});

const settle = async () => {
  while (pending.length) await pending.shift();
};

describe('range store and worker handler', () => {
  it('runs a range in the handler and keeps the report, the plot and progress', async () => {
    const seen: number[] = [];
    const unsub = useRange.subscribe((s) => s.progress && seen.push(s.progress.done));
    expect(useRange.getState().start()).toBe(true);
    expect(useRange.getState().phase).toBe('running');
    await settle();
    unsub();
    const s = useRange.getState();
    expect(s.phase).toBe('done');
    expect(s.report!.blocks.map((b) => b.number)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(s.report!.counters.blockFetches).toBe(10);
    expect(s.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*block-stm × 8/);
    expect(new Set(seen)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(s.csv().trim().split('\n')).toHaveLength(11);
  });

  it('a second run comes from the store; clearing the cache fetches again', async () => {
    useRange.getState().start();
    await settle();
    useRange.getState().start();
    await settle();
    expect(useRange.getState().report!.counters).toMatchObject({ cacheHits: 10, blockFetches: 0 });
    useRange.getState().clearCache();
    await settle();
    useRange.getState().start();
    await settle();
    expect(useRange.getState().report!.counters).toMatchObject({ cacheHits: 0, blockFetches: 10 });
  });

  it('shows the node’s error, e.g. blocks beyond its latest', async () => {
    useRange.getState().setForm({ to: '45' });
    useRange.getState().start();
    await settle();
    expect(useRange.getState().phase).toBe('error');
    expect(useRange.getState().error).toContain('(its latest block is 40)');
  });

  it('cancels a running range', async () => {
    useRange.getState().start();
    const unsub = useRange.subscribe((s) => s.progress?.done === 3 && s.cancel());
    await settle();
    unsub();
    expect(useRange.getState().phase).toBe('error');
    expect(useRange.getState().error).toMatch(
      /^cancelled at block \d+ \(the blocks done so far are cached: analyse again to resume\)$/,
    );
    expect(store.rows.size).toBe(3);
    useRange.getState().start();
    await settle();
    expect(useRange.getState().report!.counters).toMatchObject({ cacheHits: 3, blockFetches: 7 });
  });

  it('checks the form before starting', () => {
    const f: RangeForm = {
      url: 'http://n/rpc',
      from: '3',
      to: '2',
      cores: '8',
      variants: ['block-stm'],
    };
    expect(parseRangeForm(f)).toBe('from 3 is after to 2');
    expect(parseRangeForm({ ...f, url: 'node' })).toMatch(/JSON-RPC URL/);
    expect(parseRangeForm({ ...f, to: 'x' })).toMatch(/block numbers/);
    expect(parseRangeForm({ ...f, to: '9', cores: '0' })).toMatch(/cores/);
    expect(parseRangeForm({ ...f, to: '9', variants: [] })).toMatch(/variant/);
    expect(parseRangeForm({ ...f, to: '9' })).toEqual({
      url: 'http://n/rpc',
      from: 3,
      to: 9,
      cores: [8],
      variants: ['block-stm'],
      seed: 1,
    });
    useRange.getState().setForm({ from: '9', to: '1' });
    expect(useRange.getState().start()).toBe(false);
    expect(useRange.getState().error).toBe('from 9 is after to 1');
  });
});
