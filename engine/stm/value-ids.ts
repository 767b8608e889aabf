/**
 * Interning of the values a run reads and writes (LogBuilder.valueId): a bigint → small id
 * table. A run looks up tens of thousands of values, nearly all seen before (balances, nonces),
 * and a Map keyed by bigints hashes each one's digits on every lookup. Values that fit in a
 * double exactly (|v| ≤ 2^53 − 1: every synthetic workload, and small felts of real blocks) are
 * looked up as numbers in an open-addressing table of typed arrays instead; larger values (most
 * felts of real blocks) go to a Map. Ids are given in first-seen order either way.
 */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = -MAX_EXACT;

export class ValueIds {
  /** Open addressing, linear probing; `ids[s] = -1`: slot s is free. Load kept ≤ 1/2. */
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024).fill(-1);
  private used = 0;
  private readonly wide = new Map<bigint, number>();
  private n = 0;

  /** Number of distinct values interned so far. */
  get size(): number {
    return this.n;
  }

  /** The id of `v`, a new one (the next integer) the first time `v` is seen. */
  idOf(v: bigint): number {
    if (v > MAX_EXACT || v < MIN_EXACT) {
      let id = this.wide.get(v);
      if (id === undefined) this.wide.set(v, (id = this.n++));
      return id;
    }
    const x = Number(v);
    const s = this.slot(x);
    const id = this.ids[s];
    if (id >= 0) return id;
    this.keys[s] = x;
    this.ids[s] = this.n;
    if (++this.used * 2 > this.ids.length) this.rehash();
    return this.n++;
  }

  /** The slot holding x, or the free slot where it belongs. */
  private slot(x: number): number {
    const mask = this.ids.length - 1;
    // x is an integer below 2^53: mix its low and high 32-bit halves.
    let s = (Math.imul(x | 0, 0x9e3779b1) ^ Math.imul((x / 4294967296) | 0, 0x85ebca77)) & mask;
    while (this.ids[s] >= 0 && this.keys[s] !== x) s = (s + 1) & mask;
    return s;
  }

  private rehash(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < 0) continue;
      const s = this.slot(keys[i]);
      this.keys[s] = keys[i];
      this.ids[s] = ids[i];
    }
  }
}
