/**
 * A chain of small blocks served as JSON-RPC through a stubbed global `fetch` (no socket): block i
 * holds the first 1 + i % 4 transactions of engine/blocks/import's 'counter-and-transfers'
 * sample, so consecutive blocks differ. Failures are scriptable per test.
 */
import { buildPresetBundle } from '../../../engine/blocks/import/presets';

const sample = buildPresetBundle('counter-and-transfers');
/** The sample's transactions are hashed on the presets' made-up chain: the node says so. */
export const CHAIN_ID = sample.chainId!;

type Json = Record<string, unknown>;
export interface MockChain {
  /** Highest block number on the node. */
  latest: number;
  /** Every JSON-RPC call received, in order. */
  log: { method: string; params: unknown }[];
  /** Block numbers whose getBlockWithReceipts fails with a network error. */
  unreachableBlocks: Set<number>;
  /** When set, getBlockWithTxHashes answers this hash for every block (a lying node). */
  forgeTopHash?: string;
  bundle(n: number): Json;
  fetch: typeof fetch;
}

export const hashOf = (n: number) => '0xb10c' + (0x10000 + n).toString(16);

function blockBundle(n: number): Json {
  const keep = 1 + (n % 4);
  const block = sample.block as Json;
  const txs = (block.transactions as Json[]).slice(0, keep);
  return {
    ...sample,
    block: {
      ...block,
      block_number: n,
      block_hash: hashOf(n),
      parent_hash: n === 0 ? '0x0' : hashOf(n - 1),
      timestamp: 1_700_000_000 + n,
      transactions: txs,
    },
    traces: (sample.traces as Json[]).slice(0, keep),
    stateUpdate: undefined,
  };
}

function blockFrom(c: MockChain, params: unknown): number | undefined {
  const id = (Array.isArray(params) ? params[0] : (params as Json).block_id) as Json;
  if (typeof id?.block_number === 'number')
    return id.block_number <= c.latest ? id.block_number : undefined;
  if (typeof id?.block_hash === 'string') {
    const n = parseInt(id.block_hash.slice(6), 16) - 0x10000;
    return id.block_hash.startsWith('0xb10c') && n >= 0 && n <= c.latest ? n : undefined;
  }
  return undefined;
}

function answer(c: MockChain, req: { id: number; method: string; params: unknown }): Json {
  c.log.push({ method: req.method, params: req.params });
  const ok = (result: unknown) => ({ jsonrpc: '2.0', id: req.id, result });
  const err = (code: number, message: string) => ({
    jsonrpc: '2.0',
    id: req.id,
    error: { code, message },
  });
  const n = blockFrom(c, req.params);
  switch (req.method) {
    case 'starknet_chainId':
      return ok(CHAIN_ID);
    case 'starknet_specVersion':
      return ok('0.8.1');
    case 'starknet_blockNumber':
      return ok(c.latest);
    case 'starknet_getBlockWithTxHashes':
      if (n === undefined) return err(24, 'Block not found');
      return ok({ block_hash: c.forgeTopHash ?? hashOf(n), block_number: n });
    case 'starknet_getBlockWithReceipts':
      if (n === undefined) return err(24, 'Block not found');
      if (c.unreachableBlocks.has(n)) throw new TypeError('fetch failed');
      return ok(c.bundle(n).block);
    case 'starknet_traceBlockTransactions':
      if (!Array.isArray(req.params)) return err(-32602, 'Invalid params');
      return n === undefined ? err(24, 'Block not found') : ok(c.bundle(n).traces);
    case 'starknet_getStateUpdate':
      return err(-32601, 'Method not found');
    default:
      return err(-32601, `Method not found: ${req.method}`);
  }
}

export function mockChain(latest: number): MockChain {
  const c: MockChain = {
    latest,
    log: [],
    unreachableBlocks: new Set(),
    bundle: blockBundle,
    fetch: (async (_url: unknown, init?: { body?: unknown }) => {
      const body = JSON.parse(String(init?.body));
      const out = Array.isArray(body) ? body.map((r) => answer(c, r)) : answer(c, body);
      return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  };
  return c;
}

export const calls = (c: MockChain, method: string) =>
  c.log.filter((l) => l.method === method).length;
