/**
 * The RPC response cache is keyed by the node's chain (cache.ts CACHE_KEY_VERSION): one cache
 * shared by clients of two networks (the app's one IndexedDB store) serves each its own block N;
 * keys of the old scheme (method + params alone) are never read; starknet_chainId is not cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryCache, RpcClient, fetchBlockFromRpc } from '../../../engine/blocks/import';

/** A node of one chain: its chain id (or none: it refuses the method) and its block 5's hash. */
interface Node {
  url: string;
  server: Server;
  calls: string[];
}

function startNode(chainId: string | undefined, blockHash: string): Promise<Node> {
  const node: Node = { url: '', server: undefined as unknown as Server, calls: [] };
  const answer = (r: { id: number; method: string }) => {
    node.calls.push(r.method);
    if (r.method === 'starknet_chainId' && chainId)
      return { jsonrpc: '2.0', id: r.id, result: chainId };
    if (r.method === 'starknet_getBlockWithReceipts')
      return {
        jsonrpc: '2.0',
        id: r.id,
        result: { block_hash: blockHash, block_number: 5, parent_hash: '0x4', transactions: [] },
      };
    return { jsonrpc: '2.0', id: r.id, error: { code: -32601, message: 'Method not found' } };
  };
  node.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  return new Promise((resolve) =>
    node.server.listen(0, '127.0.0.1', () => {
      node.url = `http://127.0.0.1:${(node.server.address() as AddressInfo).port}/rpc`;
      resolve(node);
    }),
  );
}

const MAIN = '0x534e5f4d41494e';
const SEPOLIA = '0x534e5f5345504f4c4941';
const PARAMS = [{ block_number: 5 }];
let main: Node, sepolia: Node, noChain: Node;
beforeAll(async () => {
  [main, sepolia, noChain] = await Promise.all([
    startNode(MAIN, '0xaaa'),
    startNode(SEPOLIA, '0xbbb'),
    startNode(undefined, '0xccc'),
  ]);
});
afterAll(async () => {
  for (const n of [main, sepolia, noChain]) await new Promise((r) => n.server.close(r));
});

const block5 = (c: RpcClient) =>
  c.call<{ block_hash: string }>('starknet_getBlockWithReceipts', PARAMS, true);

describe('one response cache shared by nodes of different chains', () => {
  it('serves each chain its own block of the same number', async () => {
    const cache = new MemoryCache();
    expect((await block5(new RpcClient(main.url, { cache }))).block_hash).toBe('0xaaa');
    const b = new RpcClient(sepolia.url, { cache });
    expect((await block5(b)).block_hash).toBe('0xbbb'); // not mainnet's, cached under the same params
    expect(b.stats.cacheHits).toBe(0);
    // a second client of each chain is served from the cache, its own block
    const a2 = new RpcClient(main.url, { cache });
    const b2 = new RpcClient(sepolia.url, { cache });
    expect([(await block5(a2)).block_hash, (await block5(b2)).block_hash]).toEqual([
      '0xaaa',
      '0xbbb',
    ]);
    expect([a2.stats.cacheHits, b2.stats.cacheHits]).toEqual([1, 1]);
    // each client asked its node for the chain id once, and that answer is not in the cache
    expect(main.calls.filter((m) => m === 'starknet_chainId')).toHaveLength(2);
    expect(main.calls.filter((m) => m === 'starknet_getBlockWithReceipts')).toHaveLength(1);
    expect(cache.size).toBe(2);
    expect(
      await cache.get(await a2.cacheKey('starknet_getBlockWithReceipts', PARAMS)),
    ).toMatchObject({ block_hash: '0xaaa' });
    expect(await a2.cacheKey('starknet_getBlockWithReceipts', PARAMS)).toBe(
      `v2|chain:${MAIN}|starknet_getBlockWithReceipts:[{"block_number":5}]`,
    );
  });

  it('an entry of the old scheme (method + params alone) is not served', async () => {
    const cache = new MemoryCache();
    await cache.set('starknet_getBlockWithReceipts:[{"block_number":5}]', { block_hash: '0xold' });
    const c = new RpcClient(sepolia.url, { cache });
    expect((await block5(c)).block_hash).toBe('0xbbb');
    expect(c.stats.cacheHits).toBe(0);
  });

  it('a node that refuses starknet_chainId: keys name its URL, and it is asked once', async () => {
    const cache = new MemoryCache();
    await block5(new RpcClient(main.url, { cache }));
    noChain.calls = [];
    const c = new RpcClient(noChain.url, { cache });
    expect((await block5(c)).block_hash).toBe('0xccc');
    expect((await block5(c)).block_hash).toBe('0xccc');
    expect(await c.cacheKey('m', [])).toBe(`v2|node:${noChain.url}|m:[]`);
    expect(noChain.calls).toEqual(['starknet_chainId', 'starknet_getBlockWithReceipts']);
  });

  it('fetchBlockFromRpc through one cache: each node its own block', async () => {
    const cache = new MemoryCache();
    const opts = { cache, traces: false, stateUpdate: false };
    const a = await fetchBlockFromRpc(main.url, 5, opts);
    const b = await fetchBlockFromRpc(sepolia.url, 5, opts);
    expect([a.bundle.chainId, b.bundle.chainId]).toEqual([MAIN, SEPOLIA]);
    expect([a.block.hash, b.block.hash]).toEqual(['0xaaa', '0xbbb']);
  });
});
