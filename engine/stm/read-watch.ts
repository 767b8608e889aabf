/**
 * Which running executions read which cell, for the simulator's provisional reads.
 *
 * The simulator runs the executor when an execution starts, so every read is first made at the
 * start ("provisional"), but it belongs at its own time later in the execution. The provisional
 * value is still the right one unless the cell's entry changes in MVMemory before that time. So
 * instead of waking the execution at every read, the simulator watches the cells: a change of a
 * watched cell marks the read `dirty` (if its time has not come yet), and only dirty reads are
 * made again at their time. A read that is not dirty when its time comes keeps its value and
 * version, exactly what a read made at that time would have returned.
 *
 * Reads are named by their position in MVMemory's arena (each read of an attempt has its own,
 * never reused once the attempt is made). Per cell, a singly linked list of the positions that
 * watch it, newest first; stale entries (their execution ended, or read past them) are unlinked
 * by whoever walks the list, so each registration is walked past a bounded number of times.
 */
import { grow } from './events';

export class ReadWatch {
  /** Per cell: the newest watching position, or -1. */
  head = new Int32Array(1024).fill(-1);
  /** Per arena position: the next position watching the same cell, or -1. */
  next = new Int32Array(4096);
  /** Per arena position: the core whose execution made the read. */
  core = new Int32Array(4096);
  /** Per arena position: the cell changed after the provisional read, before the read's time. */
  dirty = new Uint8Array(4096);

  /** Position `p` (a read of `cell` by core `c`'s execution) watches `cell` from now on. */
  watch(p: number, cell: number, c: number): void {
    if (p >= this.next.length) {
      this.next = grow(this.next, p + 1);
      this.core = grow(this.core, p + 1);
      this.dirty = grow(this.dirty, p + 1);
    }
    if (cell >= this.head.length) {
      const old = this.head.length;
      this.head = grow(this.head, cell + 1);
      this.head.fill(-1, old);
    }
    this.core[p] = c;
    this.dirty[p] = 0;
    this.next[p] = this.head[cell];
    this.head[cell] = p;
  }
}
