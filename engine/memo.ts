/**
 * Bounded memo for pure functions (pedersen hashes and decoded ECDSA keys in engine/vm, cell keys
 * in types.ts), approximately least-recently-used with two generations: new entries and hits go
 * to the young map; when it holds capacity / 2 entries it becomes the old map and the previous
 * old map is dropped whole.
 * An entry used at least once per generation stays; at most `capacity` entries are held.
 *
 * Why not an exact LRU (a Map where a hit deletes and re-inserts the entry): that costs two hash
 * updates per hit and, every few thousand hits, a rehash of the whole table. Hits are the common
 * case (contracts hash the same storage keys over and over), and with two generations a hit in
 * the young map is a single lookup.
 *
 * Module-level memos are shared by everything in the process (or Web Worker); their results are
 * pure functions of the key, so sharing is safe.
 */
export class MemoCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {
    this.generation = Math.max(1, capacity >> 1);
  }

  /** Entries held (a key promoted from the old generation is counted in both). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  get(k: K): V | undefined {
    let v = this.young.get(k);
    if (v === undefined) {
      v = this.old.get(k);
      if (v === undefined) {
        this.misses++;
        return undefined;
      }
      this.set(k, v); // used in this generation: keep it in the next one
    }
    this.hits++;
    return v;
  }

  set(k: K, v: V): void {
    this.young.set(k, v);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.hits = this.misses = 0;
  }
}

const LOW_BITS = 252n;
const LOW_LIMIT = 1n << LOW_BITS;

/**
 * One bigint memo key for a pair of felts, a·2^252 + b (unique while b < 2^252: felts are below
 * P < 2^252); undefined when either value is negative or b is too large (not felts: no memo).
 */
export function packPair(a: bigint, b: bigint): bigint | undefined {
  if (a < 0n || b < 0n || b >= LOW_LIMIT) return undefined;
  return (a << LOW_BITS) | b;
}
