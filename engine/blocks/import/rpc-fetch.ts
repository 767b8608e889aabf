/**
 * fetchBlockFromRpc: URL + block id → raw bundle + ImportedBlock, plus on-demand pre-block state
 * and compiled classes, through the cached/batched/limited RpcClient.
 */
import { type CellKey, hex, parseCell } from '../../types';
import { type Bundle, BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle';
import { importBlock } from './import-block';
import type { CallNode, ImportedBlock } from './model';
import { RpcClient, type RpcClientOptions, RpcError, isRpcRefusal } from './rpc-client';
import { checkSpecVersion } from './rpc-formats';
import { isObj } from './validate';

export type BlockId =
  | number
  | 'latest'
  | 'pre_confirmed'
  | 'l1_accepted'
  | `0x${string}`
  | { block_number: number }
  | { block_hash: string };

export function toRpcBlockId(id: BlockId): unknown {
  if (typeof id === 'number') return { block_number: id };
  if (typeof id === 'string' && id.startsWith('0x')) return { block_hash: id };
  return id;
}

/** A block id as the JSON-RPC params carry it ("latest", { block_number }, { block_hash }). */
type RpcBlockId = unknown;

function isConcrete(id: unknown): boolean {
  return isObj(id) && ('block_number' in id || 'block_hash' in id);
}

export interface FetchBlockOptions extends RpcClientOptions {
  /** Reuse a client (shares cache, budget and stats). */
  client?: RpcClient;
  /** Fetch starknet_traceBlockTransactions (default true). */
  traces?: boolean;
  /** Ask for 0.10.1+ initial_reads (falls back without them if the node refuses). Default true. */
  initialReads?: boolean;
  /** Fetch starknet_getStateUpdate (default true). */
  stateUpdate?: boolean;
  /** Fetch starknet_getCompiledCasm for every class in the call trees (default false). */
  compiledClasses?: boolean;
  /** The chain id (hex or a short string such as SN_MAIN), when known: the node is not asked. */
  chainId?: string;
  /** false: import without the transaction-hash check (ImportOptions.verifyTxHashes). */
  verifyTxHashes?: boolean;
}

/** Pre-block state (at the parent block), fetched on demand and cached. */
export interface PreStateReader {
  readonly blockId: unknown;
  getStorageAt(contract: string, key: string): Promise<string>;
  getNonce(contract: string): Promise<string>;
  getClassHashAt(contract: string): Promise<string>;
  /** Value of any cell (`s:`, `n:`, `c:`); undeployed contracts read as 0x0. */
  read(cell: CellKey): Promise<string>;
  /** Fetch many cells at once (batched, concurrency-limited). */
  prefetch(cells: CellKey[]): Promise<Map<CellKey, string>>;
}

export interface FetchedBlock {
  block: ImportedBlock;
  bundle: Bundle;
  /** class hash → CASM (only with `compiledClasses`). */
  compiledClasses: Map<string, unknown>;
  preState: PreStateReader;
  client: RpcClient;
  warnings: string[];
}

const CONTRACT_NOT_FOUND = 20;
const CLASS_HASH_NOT_FOUND = 28;

function canon(v: unknown): string {
  return typeof v === 'string' ? hex(BigInt(v)) : String(v);
}

export function makePreStateReader(client: RpcClient, parent: unknown | undefined): PreStateReader {
  const genesis = parent === undefined;
  const orZero = async (p: Promise<unknown>) => {
    try {
      return canon(await p);
    } catch (e) {
      if (e instanceof RpcError && e.rpcCode === CONTRACT_NOT_FOUND) return '0x0';
      throw e;
    }
  };
  // a declared cell (engine/types.ts) is 1 when the class exists before the block
  const declaredBefore = async (classHash: string): Promise<string> => {
    if (genesis) return '0x0';
    try {
      await client.call('starknet_getClass', [parent, classHash], true);
      return '0x1';
    } catch (e) {
      if (e instanceof RpcError && e.rpcCode === CLASS_HASH_NOT_FOUND) return '0x0';
      throw e;
    }
  };
  const r: PreStateReader = {
    blockId: parent,
    getStorageAt: (contract, key) =>
      genesis
        ? Promise.resolve('0x0')
        : // by name: RPC 0.10 nodes (starknet-devnet 0.10.1) refuse 3 positional params here
          orZero(
            client.call(
              'starknet_getStorageAt',
              { contract_address: contract, key, block_id: parent },
              true,
            ),
          ),
    getNonce: (contract) =>
      genesis
        ? Promise.resolve('0x0')
        : orZero(client.call('starknet_getNonce', [parent, contract], true)),
    getClassHashAt: (contract) =>
      genesis
        ? Promise.resolve('0x0')
        : orZero(client.call('starknet_getClassHashAt', [parent, contract], true)),
    read(cell) {
      const c = parseCell(cell);
      const addr = hex(c.contract);
      if (c.kind === 'storage') return r.getStorageAt(addr, hex(c.key!));
      if (c.kind === 'nonce') return r.getNonce(addr);
      if (c.kind === 'declared') return declaredBefore(addr);
      return r.getClassHashAt(addr);
    },
    async prefetch(cells) {
      const values = await Promise.all(cells.map((c) => r.read(c)));
      return new Map(cells.map((c, i) => [c, values[i]]));
    },
  };
  return r;
}

function classHashes(calls: CallNode[], out: Set<string>): Set<string> {
  for (const c of calls) {
    if (c.classHash) out.add(c.classHash);
    classHashes(c.calls, out);
  }
  return out;
}

/**
 * The node's chain id (felt hex): RpcClient.chainId, asked once per client and never from the
 * response cache (whose keys it scopes). A node that refuses leaves the import to detect it.
 */
async function chainIdOf(client: RpcClient, warnings: string[]): Promise<string | undefined> {
  try {
    return await client.chainId();
  } catch (e) {
    if (!isRpcRefusal(e)) throw e;
    warnings.push(
      `starknet_chainId failed (${e.message}); the chain id is detected from the transactions`,
    );
    return undefined;
  }
}

/** The node's spec version, or a warning when it does not answer (an unsupported one throws). */
async function specVersionOf(client: RpcClient, warnings: string[]): Promise<string | undefined> {
  try {
    return checkSpecVersion(
      String(await client.call('starknet_specVersion', [])),
      'starknet_specVersion',
    );
  } catch (e) {
    if (!isRpcRefusal(e)) throw e; // unsupported version: ImportError
    warnings.push(`starknet_specVersion failed (${e.message}); assuming a supported spec`);
    return undefined;
  }
}

async function blockWithReceipts(client: RpcClient, requested: RpcBlockId) {
  // by name: RPC 0.10 added an optional second parameter (response_flags) and some nodes
  // (starknet-devnet 0.10.1) then refuse a one-element positional array
  const block = await client.call<Record<string, unknown>>(
    'starknet_getBlockWithReceipts',
    { block_id: requested },
    isConcrete(requested),
  );
  if (!isObj(block))
    throw new RpcError(
      'BAD_RESPONSE',
      'starknet_getBlockWithReceipts returned no block',
      'starknet_getBlockWithReceipts',
    );
  return block;
}

/** The block's traces, with initial_reads when the node gives them (RPC 0.10.1+). */
async function blockTraces(
  client: RpcClient,
  pinned: RpcBlockId,
  opts: FetchBlockOptions,
  warnings: string[],
): Promise<unknown> {
  const cacheable = isConcrete(pinned);
  if (opts.initialReads !== false) {
    try {
      return await client.call(
        'starknet_traceBlockTransactions',
        { block_id: pinned, trace_flags: ['RETURN_INITIAL_READS'] },
        cacheable,
      );
    } catch (e) {
      if (!isRpcRefusal(e)) throw e;
      warnings.push(
        'node did not return initial_reads (needs RPC 0.10.1+); traces fetched without them',
      );
    }
  }
  return client.call('starknet_traceBlockTransactions', [pinned], cacheable);
}

/**
 * The block-level diff only cross-checks the traces' per-transaction diffs: a node that refuses
 * it (an RPC error, not a transport failure) costs a remark, not the block.
 */
function blockStateUpdate(client: RpcClient, pinned: RpcBlockId, warnings: string[]) {
  return client
    .call('starknet_getStateUpdate', [pinned], isConcrete(pinned))
    .catch((e: unknown) => {
      if (!isRpcRefusal(e)) throw e;
      warnings.push(
        `node did not serve starknet_getStateUpdate (${e.message}); block-level state diff unavailable`,
      );
      return undefined;
    });
}

/** The node's CASM of every class the block's calls ran (a class it refuses is a warning). */
async function compiledClassesOf(
  client: RpcClient,
  imported: ImportedBlock,
  warnings: string[],
): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const hashes = new Set<string>();
  for (const t of imported.transactions) classHashes(t.calls, hashes);
  await Promise.all(
    [...hashes].map(async (h) => {
      try {
        out.set(h, await client.call('starknet_getCompiledCasm', [h], true));
      } catch (e) {
        if (!isRpcRefusal(e)) throw e;
        warnings.push(`no compiled class for ${h}: ${e.message}`);
        imported.warnings.push(`no compiled class for ${h}`);
      }
    }),
  );
  return out;
}

/** The parent block's id (pre-block state), or undefined for the genesis block. */
function parentOf(block: Record<string, unknown>, number: number | undefined) {
  if (number === 0) return undefined;
  if (typeof block.parent_hash === 'string') return { block_hash: block.parent_hash };
  return number !== undefined ? { block_number: number - 1 } : undefined;
}

export async function fetchBlockFromRpc(
  url: string,
  blockId: BlockId,
  opts: FetchBlockOptions = {},
): Promise<FetchedBlock> {
  const client = opts.client ?? new RpcClient(url, opts);
  const warnings: string[] = [];
  const [specVersion, chainId] = await Promise.all([
    specVersionOf(client, warnings),
    opts.chainId ?? chainIdOf(client, warnings),
  ]);
  const requested = toRpcBlockId(blockId);
  const block = await blockWithReceipts(client, requested);
  const hash = typeof block.block_hash === 'string' ? block.block_hash : undefined;
  const number = typeof block.block_number === 'number' ? block.block_number : undefined;
  // Pin the rest to the block we got (so `latest` stays consistent and responses are cacheable).
  const pinned = hash ? { block_hash: hash } : requested;
  const [traces, stateUpdate] = await Promise.all([
    opts.traces === false ? undefined : blockTraces(client, pinned, opts, warnings),
    opts.stateUpdate === false ? undefined : blockStateUpdate(client, pinned, warnings),
  ]);
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    ...(specVersion ? { specVersion } : {}),
    ...(chainId ? { chainId } : {}),
    source: { rpcUrl: url, blockId: requested },
    createdAt: new Date().toISOString(),
    block,
    ...(traces !== undefined ? { traces } : {}),
    ...(stateUpdate !== undefined ? { stateUpdate } : {}),
  };
  const imported = importBlock(bundle, {
    onProgress: opts.onProgress,
    allowEmpty: true,
    ...(opts.verifyTxHashes === false ? { verifyTxHashes: false } : {}),
  });
  imported.warnings.push(...warnings);
  const compiledClasses = opts.compiledClasses
    ? await compiledClassesOf(client, imported, warnings)
    : new Map<string, unknown>();
  return {
    block: imported,
    bundle,
    compiledClasses,
    preState: makePreStateReader(client, parentOf(block, number)),
    client,
    warnings,
  };
}
