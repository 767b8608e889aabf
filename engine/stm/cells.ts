import type { CellKey } from '../types';
import type { BlockExecutor } from './types';

/**
 * Interns cell keys to small integers so MVMemory, the scheduler's bookkeeping and the event log
 * work on integers. Also caches each cell's pre-block value.
 */
export class CellTable {
  readonly keys: CellKey[] = [];
  private readonly ids = new Map<CellKey, number>();
  private readonly pre: (bigint | undefined)[] = [];
  /** With `timed`: wall time spent in `preState` (the executor's own storage lookups). */
  preStateMs = 0;

  /** Engine id of each executor cell number seen so far (-1: not yet). */
  private byNumber = new Int32Array(0);

  constructor(
    private readonly preState: (cell: CellKey) => bigint,
    private readonly timed = false,
    /** The executor's names of its numbered cells (BlockExecutor.cellKey), if it numbers them. */
    private readonly cellKey?: (num: number) => CellKey,
  ) {}

  /** The table of one run of `executor` (its cell numbering too, if it has one). */
  static of(executor: BlockExecutor, timed: boolean): CellTable {
    const named = executor.cellKey;
    return new CellTable(
      (c) => executor.preState(c),
      timed,
      named === undefined ? undefined : (num) => named.call(executor, num),
    );
  }

  id(cell: CellKey): number {
    let id = this.ids.get(cell);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(cell);
      this.ids.set(cell, id);
    }
    return id;
  }

  /**
   * Id of the executor's cell number `num` (BlockExecutor.cellKey): an array index once the
   * number has been seen, else its key string interned once. Ids are still given in first-seen
   * order whichever path a cell arrives by, so the log does not depend on the path.
   */
  idOfNumber(num: number): number {
    const id = num < this.byNumber.length ? this.byNumber[num] : -1;
    return id >= 0 ? id : this.internNumber(num);
  }

  private internNumber(num: number): number {
    if (this.cellKey === undefined)
      throw new Error('CellTable: a numbered cell from an executor without cellKey');
    const id = this.id(this.cellKey(num));
    if (num >= this.byNumber.length) {
      let len = Math.max(1024, this.byNumber.length * 2);
      while (len <= num) len *= 2;
      const next = new Int32Array(len).fill(-1);
      next.set(this.byNumber);
      this.byNumber = next;
    }
    this.byNumber[num] = id;
    return id;
  }

  /** Existing id or -1. */
  find(cell: CellKey): number {
    return this.ids.get(cell) ?? -1;
  }

  key(id: number): CellKey {
    return this.keys[id];
  }

  preValue(id: number): bigint {
    let v = this.pre[id];
    if (v === undefined) {
      if (this.timed) {
        const t0 = performance.now();
        v = this.preState(this.keys[id]);
        this.preStateMs += performance.now() - t0;
      } else v = this.preState(this.keys[id]);
      this.pre[id] = v;
    }
    return v;
  }

  get size(): number {
    return this.keys.length;
  }
}
