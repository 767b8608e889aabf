import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRangeStore } from '../../../engine/blocks/range';
import { RangePanel } from '@/components/RangePanel';
import { createRangeHandler } from '@/lib/range/handler';
import { deliverRangeReply, setRangeTransport } from '@/lib/range/client';
import { useRange } from '@/lib/stores/range';
import { mockChain } from './mock-node';

/** The panel's markup (server-rendered: no DOM needed) before and after a range has run. */
let pending: Promise<void>[] = [];
beforeEach(() => {
  vi.stubGlobal('fetch', mockChain(20).fetch);
  const store = Object.assign(new MemoryRangeStore(), { clear: async () => {} });
  const handle = createRangeHandler(deliverRangeReply, store);
  pending = [];
  setRangeTransport((req) => void pending.push(handle(req)));
  useRange.setState({ phase: 'idle', report: null, error: null, svg: null, progress: null });
});
afterEach(() => {
  setRangeTransport(null);
  vi.unstubAllGlobals();
});

describe('RangePanel', () => {
  it('offers the form, prefilled with the block source’s RPC URL', () => {
    const html = renderToStaticMarkup(<RangePanel defaultUrl="http://node:9545/rpc" />);
    expect(html).toContain('Analyse a block range');
    expect(html).toContain('value="http://node:9545/rpc"');
    expect(html).toContain('aria-label="Range from block"');
    expect(html).not.toContain('range-result');
  });

  it('shows the counters, the plot and a row per block once a range is done', async () => {
    useRange.getState().setForm({ url: 'http://mock.invalid/rpc', from: '2', to: '6', cores: '8' });
    useRange.getState().start();
    while (pending.length) await pending.shift();
    // zustand serves its initial state to a server render (getServerSnapshot): make it this one
    Object.assign(useRange.getInitialState(), useRange.getState());
    const html = renderToStaticMarkup(<RangePanel />);
    expect(html).toContain('5 blocks: 0 from the cache, 5 fetched');
    expect(html).toMatch(/<img alt="Parallelism of blocks 2–6[^"]*" src="data:image\/svg\+xml/);
    expect(html.match(/<tr>/g)).toHaveLength(1 + 5);
  });
});
