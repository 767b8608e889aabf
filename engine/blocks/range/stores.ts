/**
 * RangeStore implementations that run anywhere the engine runs: in memory (tests, one-off runs)
 * and IndexedDB through `idb` (browser pages and Web Workers). The SQLite store is Node-only and
 * lives in engine/cli/sqlite-store.ts.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { BlockRow, RangeStore } from './types';

export class MemoryRangeStore implements RangeStore {
  readonly rows = new Map<string, BlockRow>();
  async get(key: string): Promise<BlockRow | undefined> {
    return this.rows.get(key);
  }
  async put(key: string, row: BlockRow): Promise<void> {
    this.rows.set(key, row);
  }
}

export const RANGE_DB = 'stm-explorer-range';
const ROWS = 'rows';

/** Rows in an IndexedDB object store (key → row). */
export class IdbRangeStore implements RangeStore {
  private db?: Promise<IDBPDatabase>;
  constructor(private readonly name = RANGE_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(this.name, 1, {
      upgrade(db) {
        db.createObjectStore(ROWS);
      },
    });
    return this.db;
  }
  async get(key: string): Promise<BlockRow | undefined> {
    return (await (await this.open()).get(ROWS, key)) as BlockRow | undefined;
  }
  async put(key: string, row: BlockRow): Promise<void> {
    await (await this.open()).put(ROWS, row, key);
  }
  /** Forget every cached row (the UI's "clear cache"). */
  async clear(): Promise<void> {
    await (await this.open()).clear(ROWS);
  }
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = undefined;
  }
}
