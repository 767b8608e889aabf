/**
 * The app's IndexedDB response cache (engine/blocks/import/cache.ts) on fake-indexeddb: values
 * round-trip, a database left by an older key format is emptied on open, and an upgrade blocked
 * by a connection to the older version degrades to misses instead of hanging.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CACHE_KEY_VERSION, IndexedDbCache } from '../../../engine/blocks/import/cache';

let dbs = 0;
const freshName = () => `stm-explorer-test-${++dbs}`;

/** The database at `version` with its store holding (at least) `entries`, as another app opens it. */
function olderDatabase(name: string, version: number, entries: Record<string, unknown>) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => {
      const db = req.result;
      const store = db.objectStoreNames.contains('responses')
        ? req.transaction!.objectStore('responses')
        : db.createObjectStore('responses');
      for (const [k, v] of Object.entries(entries)) store.put(v, k);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('IndexedDbCache', () => {
  it('stores and returns values; an unknown key is a miss', async () => {
    const c = new IndexedDbCache(freshName());
    await c.set('v2|chain:0x1|m:[]', { a: [1, 'x'] });
    expect(await c.get('v2|chain:0x1|m:[]')).toEqual({ a: [1, 'x'] });
    expect(await c.get('v2|chain:0x1|other:[]')).toBeUndefined();
  });

  it('a database of an older key format is emptied when opened, then used', async () => {
    expect(CACHE_KEY_VERSION).toBeGreaterThan(1);
    const name = freshName();
    const old = await olderDatabase(name, 1, { 'starknet_getBlockWithReceipts:[5]': 'old' });
    old.close();
    const c = new IndexedDbCache(name);
    expect(await c.get('starknet_getBlockWithReceipts:[5]')).toBeUndefined();
    await c.set('v2|chain:0x1|m:[]', 7);
    expect(await c.get('v2|chain:0x1|m:[]')).toBe(7);
    const reopened = await olderDatabase(name, CACHE_KEY_VERSION, {});
    expect(reopened.version).toBe(CACHE_KEY_VERSION);
    const count = await new Promise<number>((resolve) => {
      const r = reopened.transaction('responses').objectStore('responses').count();
      r.onsuccess = () => resolve(r.result);
    });
    reopened.close();
    expect(count).toBe(1);
  });

  it('an upgrade blocked by a tab holding the older version open gives misses, not a hang', async () => {
    const name = freshName();
    const old = await olderDatabase(name, 1, { k: 'old' });
    old.onversionchange = null; // the older app never closed on a version change
    const c = new IndexedDbCache(name);
    expect(await c.get('k')).toBeUndefined();
    await c.set('k', 1); // no store to write to: dropped, no error
    old.close();
  });
});

describe('IndexedDbCache when a later version is opened elsewhere', () => {
  it('lets it go, and misses from then on instead of throwing', async () => {
    const name = freshName();
    const c = new IndexedDbCache(name);
    await c.set('k', 1);
    expect(await c.get('k')).toBe(1);
    const newer = await olderDatabase(name, CACHE_KEY_VERSION + 1, {});
    expect(newer.version).toBe(CACHE_KEY_VERSION + 1);
    await expect(c.get('k')).resolves.toBeUndefined();
    await expect(c.set('k', 2)).resolves.toBeUndefined();
    newer.close();
  });
});
