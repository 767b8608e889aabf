/** The simulator's pending events: a min-heap of (time, seq) → id, in flat arrays. */
/** Min-heap of (time, seq) → core, in flat arrays (no allocation per push/pop). */
export class EventHeap {
  private time: number[] = [];
  private seq: number[] = [];
  private core: number[] = [];
  private n = 0;
  private counter = 0;
  get size(): number {
    return this.n;
  }
  push(time: number, core: number): void {
    const T = this.time;
    const S = this.seq;
    const C = this.core;
    const seq = this.counter++;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && S[p] < seq)) break;
      T[i] = tp;
      S[i] = S[p];
      C[i] = C[p];
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    C[i] = core;
  }
  peekTime(): number {
    return this.time[0];
  }
  pop(): number {
    const T = this.time;
    const S = this.seq;
    const C = this.core;
    const top = C[0];
    const n = --this.n;
    if (n === 0) return top;
    const time = T[n];
    const seq = S[n];
    const core = C[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && (T[r] < T[l] || (T[r] === T[l] && S[r] < S[l]))) m = r;
      if (time < T[m] || (time === T[m] && seq < S[m])) break;
      T[i] = T[m];
      S[i] = S[m];
      C[i] = C[m];
      i = m;
    }
    T[i] = time;
    S[i] = seq;
    C[i] = core;
    return top;
  }
}
