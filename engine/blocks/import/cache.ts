/**
 * Pluggable persistent cache for RPC responses. Keys are strings made by RpcClient.cacheKey (key
 * version, the node's chain id, method + params), values are JSON-compatible.
 * `createDefaultCache()` picks IndexedDB when the environment has it (browser, Web Worker) and
 * falls back to memory (Node, tests).
 */
export interface PersistentCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export class MemoryCache implements PersistentCache {
  private readonly map = new Map<string, unknown>();
  async get(key: string): Promise<unknown | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
  }
  get size(): number {
    return this.map.size;
  }
}

/**
 * The version of the response cache's keys (RpcClient.cacheKey). 2: `v2|chain:<id>|method:params`
 * (or `node:<url>` for a node that refuses starknet_chainId). Version 1 keys were `method:params`
 * alone, so a cache shared by clients of different networks (the app's one IndexedDB store)
 * served one network's block N for another's; they are never read again. The IndexedDB database
 * carries this number as its version, so opening it after a change of key format empties it.
 */
export const CACHE_KEY_VERSION = 2;

/**
 * IndexedDB-backed cache (one object store, key → value). Errors degrade to cache misses, and so
 * does an upgrade that another tab blocks by keeping the older version open.
 */
export class IndexedDbCache implements PersistentCache {
  private db?: Promise<IDBDatabase | undefined>;
  constructor(
    private readonly dbName = 'stm-explorer-rpc-cache',
    private readonly storeName = 'responses',
  ) {}

  private open(): Promise<IDBDatabase | undefined> {
    if (!this.db) {
      this.db = new Promise((resolve) => {
        try {
          const req = indexedDB.open(this.dbName, CACHE_KEY_VERSION);
          req.onupgradeneeded = () => this.upgrade(req);
          req.onsuccess = () => {
            // a later version opened elsewhere waits for this connection: let it go, and open
            // again on next use (at our older version that fails: misses from then on)
            req.result.onversionchange = () => {
              req.result.close();
              this.db = undefined;
            };
            resolve(req.result);
          };
          req.onerror = () => resolve(undefined);
          req.onblocked = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
      });
    }
    return this.db;
  }

  /** A new database gets its store; an older one keeps it, emptied (its keys are unreadable). */
  private upgrade(req: IDBOpenDBRequest): void {
    const db = req.result;
    if (!db.objectStoreNames.contains(this.storeName)) db.createObjectStore(this.storeName);
    else req.transaction!.objectStore(this.storeName).clear();
  }

  /** The store in a new transaction, or undefined (no database, or it was closed meanwhile). */
  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore | undefined> {
    const db = await this.open();
    try {
      return db?.transaction(this.storeName, mode).objectStore(this.storeName);
    } catch {
      return undefined;
    }
  }

  async get(key: string): Promise<unknown | undefined> {
    const store = await this.store('readonly');
    if (!store) return undefined;
    return new Promise((resolve) => {
      const req = store.get(key);
      req.onsuccess = () => resolve(req.result === undefined ? undefined : req.result);
      req.onerror = () => resolve(undefined);
    });
  }

  async set(key: string, value: unknown): Promise<void> {
    const store = await this.store('readwrite');
    if (!store) return;
    await new Promise<void>((resolve) => {
      const tx = store.transaction;
      store.put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    });
  }
}

export function hasIndexedDb(): boolean {
  return (
    typeof globalThis !== 'undefined' &&
    typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object' &&
    (globalThis as { indexedDB?: unknown }).indexedDB !== null
  );
}

/** IndexedDB in browsers/workers, memory elsewhere. */
export function createDefaultCache(): PersistentCache {
  return hasIndexedDb() ? new IndexedDbCache() : new MemoryCache();
}
