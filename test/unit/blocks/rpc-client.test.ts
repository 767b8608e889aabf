import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MemoryCache,
  RpcClient,
  RpcError,
  createDefaultCache,
  fetchBlockFromRpc,
  hasIndexedDb,
  importBlock,
  serializeBundle,
} from '../../../engine/blocks/import';
import { buildPresetBundle } from '../../../engine/blocks/import/presets';

/** A real JSON-RPC server on 127.0.0.1 serving a preset block, with scriptable misbehaviour. */
interface Mock {
  url: string;
  server: Server;
  log: { method: string; params: unknown }[];
  httpRequests: number;
  maxInFlight: number;
  /** Answer the next N HTTP requests with 429. */
  fail429: number;
  /** Always 429 on this path. */
  delayMs: number;
  supportsInitialReads: boolean;
  /** Answer starknet_chainId (else refuse it, as a node without the method would). */
  supportsChainId: boolean;
}

const bundle = buildPresetBundle('counter-and-transfers');
const block = bundle.block as { block_hash: string; block_number: number; parent_hash: string };

function answer(m: Mock, req: { id: unknown; method: string; params: unknown }): unknown {
  m.log.push({ method: req.method, params: req.params });
  const ok = (result: unknown) => ({ jsonrpc: '2.0', id: req.id, result });
  const err = (code: number, message: string) => ({
    jsonrpc: '2.0',
    id: req.id,
    error: { code, message },
  });
  const p = req.params as unknown[] & Record<string, unknown>;
  switch (req.method) {
    case 'starknet_specVersion':
      return ok('0.8.1');
    case 'starknet_chainId':
      if (!m.supportsChainId) return err(-32601, 'Method not found: starknet_chainId');
      return ok(bundle.chainId);
    case 'starknet_getBlockWithReceipts': {
      // re-execution sends it by name (RPC 0.10 nodes refuse a one-element array)
      const id = (Array.isArray(p) ? p[0] : (req.params as Record<string, unknown>).block_id) as
        string | Record<string, unknown>;
      if (
        id === 'latest' ||
        (typeof id === 'object' &&
          (id.block_number === block.block_number || id.block_hash === block.block_hash))
      )
        return ok(bundle.block);
      return err(24, 'Block not found');
    }
    case 'starknet_traceBlockTransactions':
      if (!Array.isArray(p)) {
        if (!m.supportsInitialReads) return err(-32602, 'Invalid params');
        return ok({
          traces: bundle.traces,
          initial_reads: {
            storage: [{ contract_address: '0xc0', key: '0x10', value: '0x0' }],
            nonces: [],
            class_hashes: [],
          },
        });
      }
      return ok(bundle.traces);
    case 'starknet_getStateUpdate':
      return ok(bundle.stateUpdate);
    case 'starknet_getStorageAt':
      return ok(
        (Array.isArray(p) ? p[0] : (req.params as Record<string, unknown>).contract_address) ===
          '0xc0'
          ? '0x2a'
          : '0x0',
      );
    case 'starknet_getNonce':
      return ok('0x5');
    case 'starknet_getClassHashAt':
      return p[1] === '0xdead' ? err(20, 'Contract not found') : ok('0xacc');
    case 'starknet_getCompiledCasm':
      return ok({
        prime: '0x800000000000011000000000000000000000000000000000000000000000001',
        bytecode: [],
        hints: [],
      });
    default:
      return err(-32601, `Method not found: ${req.method}`);
  }
}

function startMock(): Promise<Mock> {
  const m: Mock = {
    url: '',
    server: undefined as unknown as Server,
    log: [],
    httpRequests: 0,
    maxInFlight: 0,
    fail429: 0,
    delayMs: 0,
    supportsInitialReads: false,
    supportsChainId: true,
  };
  let inFlight = 0;
  m.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      m.httpRequests++;
      inFlight++;
      m.maxInFlight = Math.max(m.maxInFlight, inFlight);
      if (m.delayMs) await new Promise((r) => setTimeout(r, m.delayMs));
      inFlight--;
      if (m.fail429 > 0) {
        m.fail429--;
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'text/plain' });
        res.end('slow down');
        return;
      }
      const parsed = JSON.parse(body);
      const out = Array.isArray(parsed) ? parsed.map((r) => answer(m, r)) : answer(m, parsed);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  return new Promise((resolve) =>
    m.server.listen(0, '127.0.0.1', () => {
      m.url = `http://127.0.0.1:${(m.server.address() as AddressInfo).port}/rpc`;
      resolve(m);
    }),
  );
}

const expectedFailure = (): never => {
  throw new Error('expected the call to fail');
};

let mock: Mock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => new Promise<void>((r) => mock.server.close(() => r())));

function reset() {
  mock.log = [];
  mock.httpRequests = 0;
  mock.maxInFlight = 0;
  mock.fail429 = 0;
  mock.delayMs = 0;
  mock.supportsInitialReads = false;
  mock.supportsChainId = true;
}

describe('RPC fetch layer against a local JSON-RPC server', () => {
  it('fetches block + traces + state update, retries a 429, batches and reports progress', async () => {
    reset();
    mock.fail429 = 1;
    const progress: number[] = [];
    const r = await fetchBlockFromRpc(mock.url, block.block_number, {
      backoffMs: 1,
      compiledClasses: true,
      onProgress: (p) => p.phase === 'fetch' && progress.push(p.done),
    });
    expect(r.client.stats.retries).toBe(1);
    expect(r.block.transactions).toHaveLength(4);
    expect(r.block.accessMode).toBe('inferred');
    expect(r.block.sourceFormats).toEqual([
      'stm-explorer-bundle',
      'rpc:getBlockWithReceipts',
      'rpc:traceBlockTransactions',
      'rpc:getStateUpdate',
    ]);
    expect(r.bundle.source).toEqual({ rpcUrl: mock.url, blockId: { block_number: 100 } });
    expect(r.bundle.specVersion).toBe('0.8.1');
    // the node's chain id goes into the bundle, and every hash is checked on it
    expect(r.bundle.chainId).toBe(bundle.chainId);
    expect(r.block.hashCheck).toEqual({
      chainId: bundle.chainId,
      chainIdSource: 'given',
      checked: 4,
      notChecked: [],
      rules: { 'INVOKE v3': 4 },
    });
    expect(r.warnings.join()).toMatch(/initial_reads/); // mock refuses trace_flags → fallback
    expect(r.compiledClasses.size).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(3);
    // the raw bundle re-imports to the same block (what the app exports)
    const again = importBlock(serializeBundle(r.bundle));
    expect(again.transactions).toEqual(r.block.transactions);
    // later calls are pinned to the block hash
    const tr = mock.log.filter((l) => l.method === 'starknet_traceBlockTransactions').at(-1)!;
    expect(tr.params).toEqual([{ block_hash: block.block_hash }]);
  });

  it('a node without starknet_chainId: the chain is detected, and a block of no known chain fails', async () => {
    reset();
    mock.supportsChainId = false;
    const e = await fetchBlockFromRpc(mock.url, block.block_number, { backoffMs: 1 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    // the presets are hashed on their own made-up chain id: only the node (or an option) names it
    expect(e).toMatchObject({ code: 'TX_HASH_MISMATCH', txIndex: 0 });
    expect((e as Error).message).toMatch(/none of the first 4 checkable transactions verifies/);
    const r = await fetchBlockFromRpc(mock.url, block.block_number, {
      backoffMs: 1,
      chainId: bundle.chainId,
    });
    expect(r.block.hashCheck).toMatchObject({ chainIdSource: 'given', checked: 4 });
    // the first client asked once (its refusal is kept); the second, given the chain id for the
    // hashes, still asks the node once: the cache's keys name the node's chain, not an option's
    expect(mock.log.filter((l) => l.method === 'starknet_chainId')).toHaveLength(2);
  });

  it('uses initial_reads when the node supports them (0.10.1+)', async () => {
    reset();
    mock.supportsInitialReads = true;
    const r = await fetchBlockFromRpc(mock.url, block.block_number, { backoffMs: 1 });
    expect(r.block.rpcSpecVersion).toBe('0.8.1'); // declared by the node
    expect(r.block.transactions[0].accessSets.reads.find((x) => x.cell === 's:0xc0:0x10')).toEqual({
      cell: 's:0xc0:0x10',
      value: '0x0',
      evidence: 'initial_reads',
    });
  });

  it('pre-block state on demand: batched, concurrency-limited, cached, parent block, not-found → 0x0', async () => {
    reset();
    mock.delayMs = 20;
    const cache = new MemoryCache();
    const r = await fetchBlockFromRpc(mock.url, block.block_number, {
      cache,
      concurrency: 2,
      batchSize: 3,
      backoffMs: 1,
    });
    const before = mock.httpRequests;
    const cells = [
      's:0xc0:0x10',
      'n:0xa1',
      'c:0xa1',
      'c:0xdead',
      ...Array.from({ length: 12 }, (_, i) => `s:0xc1:${'0x' + (i + 1).toString(16)}`),
    ];
    const values = await r.preState.prefetch(cells);
    expect(values.get('s:0xc0:0x10')).toBe('0x2a');
    expect(values.get('n:0xa1')).toBe('0x5');
    expect(values.get('c:0xa1')).toBe('0xacc');
    expect(values.get('c:0xdead')).toBe('0x0');
    expect(mock.httpRequests - before).toBe(Math.ceil(cells.length / 3)); // batches of 3
    expect(mock.maxInFlight).toBeLessThanOrEqual(2);
    const storageCall = mock.log.find((l) => l.method === 'starknet_getStorageAt')!;
    // by name: RPC 0.10 nodes (starknet-devnet 0.10.1) refuse the 3-element positional form
    expect(storageCall.params).toEqual({
      contract_address: '0xc0',
      key: '0x10',
      block_id: { block_hash: block.parent_hash },
    });
    // everything is cached now: a second client sharing the cache makes no block/state requests
    const logStart = mock.log.length;
    const r2 = await fetchBlockFromRpc(mock.url, block.block_number, { cache, backoffMs: 1 });
    await r2.preState.prefetch(cells);
    expect(r2.client.stats.cacheHits).toBeGreaterThan(cells.length);
    const methods = new Set(mock.log.slice(logStart).map((l) => l.method));
    expect(methods.has('starknet_getBlockWithReceipts')).toBe(false);
    expect(methods.has('starknet_getStateUpdate')).toBe(false);
    expect(methods.has('starknet_getStorageAt')).toBe(false);
  });

  it('persistent rate limiting gives a clear RATE_LIMITED error', async () => {
    reset();
    mock.fail429 = 100;
    const client = new RpcClient(mock.url, { retries: 2, backoffMs: 1 });
    const e = await client
      .call('starknet_specVersion', [])
      .then(expectedFailure, (x: RpcError) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.status).toBe(429);
    expect(e.message).toMatch(
      /rate limited by 127\.0\.0\.1:\d+ \(HTTP 429 Too Many Requests\) after 3 attempts/,
    );
    expect(mock.httpRequests).toBe(3);
  });

  it('request budget and JSON-RPC errors', async () => {
    reset();
    const client = new RpcClient(mock.url, { maxRequests: 2 });
    await client.call('starknet_getNonce', ['latest', '0x1']);
    const e1 = await client
      .call('starknet_getBlockWithReceipts', [{ block_number: 999 }])
      .then(expectedFailure, (x: RpcError) => x);
    expect(e1).toMatchObject({ code: 'RPC', rpcCode: 24 });
    expect(e1.message).toMatch(/Block not found/);
    const e2 = await client
      .call('starknet_getNonce', ['latest', '0x2'])
      .then(expectedFailure, (x: RpcError) => x);
    expect(e2).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    const e3 = await fetchBlockFromRpc(mock.url, 12345, { backoffMs: 1 }).then(
      expectedFailure,
      (x: RpcError) => x,
    );
    expect(e3).toMatchObject({ code: 'RPC', rpcCode: 24 });
  });

  it('network errors are reported', async () => {
    const client = new RpcClient('http://127.0.0.1:1/', { retries: 1, backoffMs: 1 });
    const e = await client
      .call('starknet_specVersion', [])
      .then(expectedFailure, (x: RpcError) => x);
    expect(e).toMatchObject({ code: 'NETWORK' });
  });

  it('the default cache is in-memory under Node (IndexedDB is feature-detected)', async () => {
    expect(hasIndexedDb()).toBe(false);
    const c = createDefaultCache();
    expect(c).toBeInstanceOf(MemoryCache);
    await c.set('k', { a: 1 });
    expect(await c.get('k')).toEqual({ a: 1 });
  });
});
