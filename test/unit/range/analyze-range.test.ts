import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeBlock } from '../../../engine/analyze';
import { importBlock } from '../../../engine/blocks/import';
import { ReplayExecutor } from '../../../engine/blocks/replay';
import {
  analyzeRange,
  MemoryRangeStore,
  RangeAnalysisError,
  type AnalyzeRangeOptions,
} from '../../../engine/blocks/range';
import { calls, hashOf, mockChain, type MockChain } from './mock-node';

const URL_ = 'http://mock.invalid/rpc';
let chain: MockChain;
beforeEach(() => {
  chain = mockChain(30);
  vi.stubGlobal('fetch', chain.fetch);
});
afterEach(() => vi.unstubAllGlobals());

function opts(over: Partial<AnalyzeRangeOptions> = {}): AnalyzeRangeOptions {
  return {
    url: URL_,
    from: 10,
    to: 17,
    cores: [8, 32],
    variants: ['block-stm', 'sequential'],
    seed: 1,
    store: new MemoryRangeStore(),
    rpc: { retries: 0, backoffMs: 1 },
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<RangeAnalysisError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RangeAnalysisError) return e;
    throw e;
  }
  throw new Error('expected the range to fail');
}

describe('analyzeRange', () => {
  it('analyses every block like analyze --rpc --block does, in ascending order', async () => {
    const r = await analyzeRange(opts());
    expect(r.blocks.map((b) => b.number)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(r.counters).toMatchObject({ cacheHits: 0, cacheMisses: 8, blockFetches: 8 });
    for (const b of r.blocks) {
      expect(b.hash).toBe(hashOf(b.number));
      const single = analyzeBlock(new ReplayExecutor(importBlock(chain.bundle(b.number))), {
        cores: [8, 32],
        variants: ['block-stm', 'sequential'],
        seed: 1,
      });
      expect(b.transactions).toBe(1 + (b.number % 4));
      expect(b.edges).toBe(single.edges);
      expect(b.columns).toBe(single.columns);
      expect(b.criticalPath).toBe(single.criticalPath);
      expect(b.runs).toEqual(single.runs);
      expect(b.bound8).toBeCloseTo(Math.min(8, single.totalCost / single.criticalPath), 9);
    }
  });

  it('a second run over the same store fetches no block', async () => {
    const store = new MemoryRangeStore();
    const first = await analyzeRange(opts({ store }));
    const fetchedBefore = calls(chain, 'starknet_getBlockWithReceipts');
    const second = await analyzeRange(opts({ store }));
    expect(second.counters).toMatchObject({ cacheHits: 8, cacheMisses: 0, blockFetches: 0 });
    // the chain id and the top block's header: nothing per block
    expect(second.counters.rpcCalls).toBe(2);
    expect(calls(chain, 'starknet_getBlockWithReceipts')).toBe(fetchedBefore);
    expect(second.blocks).toEqual(first.blocks);
  });

  it('resumes after an interruption: the blocks done before it come from the cache', async () => {
    const store = new MemoryRangeStore();
    chain.unreachableBlocks.add(13); // the walk goes 17 → 10: 17..14 succeed first
    const e = await failure(analyzeRange(opts({ store })));
    expect(e.code).toBe('BLOCK_FAILED');
    expect(e.block).toBe(13);
    expect(e.message).toMatch(/block 13 .*cannot reach/);
    expect(store.rows.size).toBe(4);
    chain.unreachableBlocks.clear();
    const r = await analyzeRange(opts({ store }));
    expect(r.counters).toMatchObject({ cacheHits: 4, cacheMisses: 4, blockFetches: 4 });
    expect(r.blocks).toHaveLength(8);
  });

  it('other analysis options are other cache entries', async () => {
    const store = new MemoryRangeStore();
    await analyzeRange(opts({ store }));
    const r = await analyzeRange(opts({ store, cores: [4] }));
    expect(r.counters.cacheHits).toBe(0);
    expect(r.blocks[0].runs.map((x) => x.cores)).toEqual([4, 1]);
  });

  it('refuses from > to before any call', async () => {
    const e = await failure(analyzeRange(opts({ from: 20, to: 19 })));
    expect(e.code).toBe('BAD_RANGE');
    expect(e.message).toContain('--from 20 is after --to 19');
    expect(chain.log).toEqual([]);
  });

  it('refuses negative bounds and unknown variants', async () => {
    expect((await failure(analyzeRange(opts({ from: -1 })))).code).toBe('BAD_RANGE');
    const e = await failure(analyzeRange(opts({ variants: ['nope' as never] })));
    expect(e.message).toContain("unknown variant 'nope'");
  });

  it('names blocks the node does not have, and its latest block', async () => {
    const e = await failure(analyzeRange(opts({ from: 28, to: 40 })));
    expect(e.code).toBe('MISSING_BLOCK');
    expect(e.message).toBe('blocks 31–40 of 28–40 are not on the node (its latest block is 30)');
    expect(calls(chain, 'starknet_getBlockWithReceipts')).toBe(0);
  });

  it('says the node is unreachable when fetch fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const e = await failure(analyzeRange(opts()));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toMatch(
      /cannot use http:\/\/mock.invalid\/rpc as a Starknet JSON-RPC node: cannot reach/,
    );
  });

  it('says the URL is not a JSON-RPC node when it answers something else', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>not found</html>', { status: 404 }));
    const e = await failure(analyzeRange(opts()));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('HTTP 404');
  });

  it('detects a node whose headers do not match its blocks', async () => {
    chain.forgeTopHash = hashOf(12);
    const e = await failure(analyzeRange(opts()));
    expect(e.code).toBe('CHAIN_MISMATCH');
    expect(e.message).toContain('expected block 17 with hash 0xb10c1000c');
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    const e = await failure(
      analyzeRange(opts({ signal: ctrl.signal, onProgress: (p) => p.done === 2 && ctrl.abort() })),
    );
    expect(e.code).toBe('CANCELLED');
    expect(e.block).toBe(15);
  });

  it('reports progress once per block, from the top down', async () => {
    const seen: [number, number, string][] = [];
    await analyzeRange(opts({ onProgress: (p) => seen.push([p.done, p.block, p.source]) }));
    expect(seen.map((s) => s[1])).toEqual([17, 16, 15, 14, 13, 12, 11, 10]);
    expect(seen.at(-1)![0]).toBe(8);
  });
});
