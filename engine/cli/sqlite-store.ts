/**
 * The range cache on disk: one SQLite table through better-sqlite3 (synchronous, so a row is on
 * disk before the next block starts; an interrupted run loses at most the block in flight).
 * Node only, hence here and not in engine/blocks/range.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { BlockRow, RangeStore } from '../blocks/range';
import { InputError } from './errors';

const SCHEMA = `CREATE TABLE IF NOT EXISTS range_rows (
  key TEXT PRIMARY KEY,
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  row TEXT NOT NULL,
  stored_at TEXT NOT NULL
)`;

export class SqliteRangeStore implements RangeStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { row: string }>;
  private readonly insert: Database.Statement<[string, number, string, string, string]>;

  constructor(readonly file: string) {
    try {
      mkdirSync(dirname(resolve(file)), { recursive: true });
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.exec(SCHEMA);
    } catch (e) {
      throw new InputError(
        `cannot open the cache ${file}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    this.select = this.db.prepare('SELECT row FROM range_rows WHERE key = ?');
    this.insert = this.db.prepare(
      'INSERT OR REPLACE INTO range_rows (key, block_number, block_hash, row, stored_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  async get(key: string): Promise<BlockRow | undefined> {
    const hit = this.select.get(key);
    return hit ? (JSON.parse(hit.row) as BlockRow) : undefined;
  }

  async put(key: string, row: BlockRow): Promise<void> {
    this.insert.run(key, row.number, row.hash, JSON.stringify(row), new Date().toISOString());
  }

  /** Rows stored, all chains and options together. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM range_rows').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
