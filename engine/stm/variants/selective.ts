/**
 * `selective`: on a failed validation of tx i, abort exactly the EXECUTED transactions that read
 * a value written by i, transitively (their readers too).
 */
import { EXECUTED } from '../scheduler';
import type { PolicyFactory } from '../simulator';
import { cascadeAbort } from './cascade';

export const selective: PolicyFactory = (sim) => {
  /** readersOf[x]: transactions whose recorded executions read a value written by x. */
  const readersOf: number[][] = Array.from({ length: sim.n }, () => []);
  const { arena, mv, sched } = sim;
  /** Did tx r's last recorded execution read a value written by x? */
  const readsFrom = (r: number, x: number): boolean => {
    const s = mv.lastReadStart[r];
    for (let i = s; i < s + mv.lastReadLen[r]; i++) if (arena.rTx[i] === x) return true;
    return false;
  };
  return {
    inlineFee: true,
    recorded(w) {
      for (let i = w.readStart; i < w.readStart + w.readLen; i++)
        if (arena.rTx[i] >= 0) readersOf[arena.rTx[i]].push(w.tx);
    },
    cascade(c, t, tx) {
      let count = 0;
      let min = sim.n;
      const stack = [tx];
      while (stack.length > 0) {
        const x = stack.pop()!;
        const readers = readersOf[x];
        readersOf[x] = [];
        for (const r of readers) {
          if (sched.status[r] !== EXECUTED || !readsFrom(r, x)) continue;
          if (!cascadeAbort(sim, c, t, r, tx)) continue;
          count++;
          if (r < min) min = r;
          stack.push(r);
        }
      }
      if (count > 0) sched.decreaseExecutionIdx(min);
      return count;
    },
  };
};
