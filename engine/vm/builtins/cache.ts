/**
 * Bounded memo for pure builtin functions (pedersen hashes, decoded ECDSA keys). A Map used as an
 * LRU: a hit moves the entry to the end, an insertion beyond `capacity` evicts the oldest entry.
 * Module-level caches are shared by every VM in the process (or Web Worker); their results are
 * pure functions of the key, so sharing is safe.
 */
export class LruCache<K, V> {
  private map = new Map<K, V>();
  hits = 0;
  misses = 0;
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // refresh recency (cheap: delete + set keeps insertion order = recency order)
    this.map.delete(k);
    this.map.set(k, v);
    return v;
  }

  set(k: K, v: V): void {
    if (this.map.has(k)) this.map.delete(k);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(k, v);
  }

  clear(): void {
    this.map.clear();
    this.hits = this.misses = 0;
  }
}
