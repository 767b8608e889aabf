/**
 * analyzeRange: every block of [from, to] on a JSON-RPC node, analysed as `analyze --rpc --block`
 * does, each row cached in a RangeStore so an interrupted run resumes and a repeated run fetches
 * no block.
 *
 * The walk goes down from `to` by parent hash: one header call names the top block's hash, and
 * each row (cached or fetched) names its parent's. So the cache is keyed by block hash (safe
 * across reorgs and across devnets that share a chain id) yet needs no per-block call to find it.
 */
import { validateRunRequest } from '../../analyze';
import { fetchBlockFromRpc, RpcClient, RpcError, type RpcClientOptions } from '../import';
import { RangeAnalysisError } from './errors';
import { blockRow, canonHash, rowKey } from './row';
import {
  ANALYSIS_VERSION,
  type BlockRow,
  type RangeAnalysisOptions,
  type RangeCounters,
  type RangeProgress,
  type RangeReport,
  type RangeStore,
} from './types';

export interface AnalyzeRangeOptions extends RangeAnalysisOptions {
  url: string;
  from: number;
  to: number;
  store: RangeStore;
  onProgress?: (p: RangeProgress) => void;
  signal?: AbortSignal;
  /** Passed to the RPC client (retries, concurrency, budget…). */
  rpc?: RpcClientOptions;
}

const BLOCK_NOT_FOUND = 24;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function checkRange(from: number, to: number, o: RangeAnalysisOptions): void {
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeAnalysisError('BAD_RANGE', `--${name} must be a block number ≥ 0, got ${v}`);
  if (from > to)
    throw new RangeAnalysisError('BAD_RANGE', `--from ${from} is after --to ${to}: nothing to do`);
  try {
    validateRunRequest(o.cores, o.variants);
  } catch (e) {
    throw new RangeAnalysisError('BAD_RANGE', message(e));
  }
}

/** The node's chain id; a node that does not answer is UNREACHABLE, whatever the cause. */
async function chainIdOf(url: string, rpc: RpcClientOptions): Promise<string> {
  // few retries: a wrong URL should fail in seconds, not after the block client's backoff
  const probe = new RpcClient(url, { ...rpc, retries: Math.min(rpc.retries ?? 1, 1) });
  try {
    const id = await probe.call<string>('starknet_chainId', []);
    if (typeof id !== 'string' || !/^0x[0-9a-fA-F]+$/.test(id))
      throw new Error(`starknet_chainId returned ${JSON.stringify(id)}, not a felt`);
    return id;
  } catch (e) {
    throw new RangeAnalysisError(
      'UNREACHABLE',
      `cannot use ${url} as a Starknet JSON-RPC node: ${message(e)}`,
    );
  }
}

/** The hash of block `to`, or MISSING_BLOCK naming the node's latest block. */
async function topHash(client: RpcClient, from: number, to: number): Promise<string> {
  try {
    const h = await client.call<{ block_hash?: string }>('starknet_getBlockWithTxHashes', {
      block_id: { block_number: to },
    });
    if (typeof h?.block_hash !== 'string')
      throw new Error(`block ${to} has no block_hash (pre-confirmed?)`);
    return canonHash(h.block_hash);
  } catch (e) {
    if (!(e instanceof RpcError && e.rpcCode === BLOCK_NOT_FOUND))
      throw new RangeAnalysisError('UNREACHABLE', `cannot read block ${to}: ${message(e)}`, to);
    const latest = await client.call<number>('starknet_blockNumber', []).catch(() => undefined);
    const missing = latest === undefined ? `${to}` : `${Math.max(from, latest + 1)}–${to}`;
    throw new RangeAnalysisError(
      'MISSING_BLOCK',
      `blocks ${missing} of ${from}–${to} are not on the node` +
        (latest === undefined ? '' : ` (its latest block is ${latest})`),
      to,
    );
  }
}

async function fetchRow(
  client: RpcClient,
  url: string,
  n: number,
  hash: string,
  o: RangeAnalysisOptions,
): Promise<BlockRow> {
  try {
    const fetched = await fetchBlockFromRpc(url, hash as `0x${string}`, { client });
    return blockRow(fetched.block, o);
  } catch (e) {
    throw new RangeAnalysisError('BLOCK_FAILED', `block ${n} (${hash}): ${message(e)}`, n);
  }
}

function checkLink(row: BlockRow, n: number, hash: string): void {
  if (row.number !== n || row.hash !== hash)
    throw new RangeAnalysisError(
      'CHAIN_MISMATCH',
      `expected block ${n} with hash ${hash}, got block ${row.number} with hash ${row.hash}`,
      n,
    );
}

interface Walk {
  chainId: string;
  client: RpcClient;
  o: RangeAnalysisOptions;
  counters: RangeCounters;
}

/** Block n's row, whose hash its child named: from the store, else fetched, checked and stored. */
async function rowOf(w: Walk, opts: AnalyzeRangeOptions, n: number, hash: string) {
  const key = rowKey(w.chainId, hash, w.o);
  const cached = await opts.store.get(key);
  if (cached) {
    w.counters.cacheHits++;
    checkLink(cached, n, hash);
    return { row: cached, source: 'cache' as const };
  }
  w.counters.cacheMisses++;
  w.counters.blockFetches++;
  const row = await fetchRow(w.client, opts.url, n, hash, w.o);
  checkLink(row, n, hash); // before storing: a wrong row must not be served again
  await opts.store.put(key, row);
  return { row, source: 'fetched' as const };
}

export async function analyzeRange(opts: AnalyzeRangeOptions): Promise<RangeReport> {
  const { url, from, to } = opts;
  const o: RangeAnalysisOptions = { cores: opts.cores, variants: opts.variants, seed: opts.seed };
  checkRange(from, to, o);
  const rpc = opts.rpc ?? {};
  const chainId = await chainIdOf(url, rpc);
  const w: Walk = {
    chainId,
    client: new RpcClient(url, rpc),
    o,
    counters: { cacheHits: 0, cacheMisses: 0, blockFetches: 0, rpcCalls: 0 },
  };
  const rows: BlockRow[] = [];
  let hash = await topHash(w.client, from, to);
  for (let n = to; n >= from; n--) {
    if (opts.signal?.aborted)
      throw new RangeAnalysisError('CANCELLED', `cancelled at block ${n}`, n);
    const { row, source } = await rowOf(w, opts, n, hash);
    rows.push(row);
    opts.onProgress?.({ done: rows.length, total: to - from + 1, block: n, source });
    hash = row.parentHash;
  }
  // + 1: the chain id probe's own client
  w.counters.rpcCalls = w.client.stats.calls + 1;
  rows.reverse();
  return {
    chainId,
    from,
    to,
    options: o,
    analysisVersion: ANALYSIS_VERSION,
    blocks: rows,
    counters: w.counters,
  };
}
