import type { CellKey } from '../types';

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

  constructor(
    private readonly preState: (cell: CellKey) => bigint,
    private readonly timed = false,
  ) {}

  id(cell: CellKey): number {
    let id = this.ids.get(cell);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(cell);
      this.ids.set(cell, id);
    }
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
