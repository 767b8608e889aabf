/** Two-level bitset with fast "next set bit at or after i" (simulator speed only). */
export class FastBitset {
  private readonly words: Uint32Array;
  private readonly summary: Uint32Array;

  constructor(readonly n: number) {
    this.words = new Uint32Array((n + 31) >>> 5);
    this.summary = new Uint32Array((this.words.length + 31) >>> 5);
  }

  set(i: number): void {
    const w = i >>> 5;
    this.words[w] |= 1 << (i & 31);
    this.summary[w >>> 5] |= 1 << (w & 31);
  }

  clear(i: number): void {
    const w = i >>> 5;
    this.words[w] &= ~(1 << (i & 31));
    if (this.words[w] === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** Smallest set index ≥ i, or n if none. */
  next(i: number): number {
    if (i >= this.n) return this.n;
    let w = i >>> 5;
    let bits = this.words[w] & (~0 << (i & 31));
    if (bits !== 0) return Math.min(this.n, (w << 5) + ctz(bits));
    // scan the summary for the next non-empty word after w
    let s = (w + 1) >>> 5;
    let sbits = (w + 1) & 31 ? this.summary[s] & (~0 << ((w + 1) & 31)) : this.summary[s];
    if ((w + 1) >>> 5 >= this.summary.length) return this.n;
    for (;;) {
      if (sbits !== 0) {
        w = (s << 5) + ctz(sbits);
        bits = this.words[w];
        return Math.min(this.n, (w << 5) + ctz(bits));
      }
      s++;
      if (s >= this.summary.length) return this.n;
      sbits = this.summary[s];
    }
  }
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}
