/**
 * Multi-version memory (Block-STM §3, "MVMemory").
 *
 * For every cell, the writes of each transaction index as (incarnation, value), sorted by index.
 * A read by transaction j returns the write of the highest index below j (or "storage": the
 * pre-block state), together with its version (index, incarnation). When an incarnation is
 * aborted its writes are replaced by ESTIMATE markers, which make readers wait for the
 * re-execution instead of reading a value that is probably about to change.
 *
 * Cells are integer ids (see CellTable). Pure data structure: no time, no scheduling.
 */

/** Result codes of `read`. The version/value are left in `outTx`/`outInc`/`outValue`. */
export const READ_STORAGE = 0;
export const READ_OK = 1;
export const READ_ESTIMATE = 2;

class Versions {
  txs: number[] = [];
  incs: number[] = [];
  /** undefined = ESTIMATE */
  vals: (bigint | undefined)[] = [];
}

/** A transaction's read set: cell ids and the version each read returned (tx -1 = storage). */
export interface ReadSet {
  cells: ArrayLike<number>;
  txs: ArrayLike<number>;
  incs: ArrayLike<number>;
  values: readonly bigint[];
}

export const EMPTY_READ_SET: ReadSet = { cells: [], txs: [], incs: [], values: [] };

export class MVMemory {
  private readonly data: (Versions | undefined)[] = [];
  /** Cells written by the last recorded incarnation of each transaction. */
  readonly lastWritten: Int32Array[];
  /** Read set of the last recorded incarnation of each transaction. */
  readonly lastReads: ReadSet[];

  /** Output registers of the last `read` (avoid allocating a tuple per read). */
  outTx = -1;
  outInc = -1;
  outValue = 0n;

  constructor(readonly n: number) {
    this.lastWritten = new Array<Int32Array>(n).fill(new Int32Array(0));
    this.lastReads = new Array<ReadSet>(n).fill(EMPTY_READ_SET);
  }

  /** Position of the highest entry with index < tx, or -1. */
  private static below(v: Versions, tx: number): number {
    const txs = v.txs;
    let lo = 0;
    let hi = txs.length; // first index with txs[i] >= tx
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (txs[mid] < tx) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Read `cell` as transaction `tx` sees it. */
  read(cell: number, tx: number): number {
    const v = this.data[cell];
    if (v !== undefined) {
      const p = MVMemory.below(v, tx);
      if (p >= 0) {
        this.outTx = v.txs[p];
        this.outInc = v.incs[p];
        const val = v.vals[p];
        if (val === undefined) return READ_ESTIMATE;
        this.outValue = val;
        return READ_OK;
      }
    }
    this.outTx = -1;
    this.outInc = -1;
    return READ_STORAGE;
  }

  /** Insert or overwrite the entry of `tx` at `cell`. */
  write(cell: number, tx: number, inc: number, value: bigint): void {
    let v = this.data[cell];
    if (v === undefined) {
      v = new Versions();
      this.data[cell] = v;
    }
    const p = MVMemory.below(v, tx + 1);
    if (p >= 0 && v.txs[p] === tx) {
      v.incs[p] = inc;
      v.vals[p] = value;
    } else if (p === v.txs.length - 1) {
      v.txs.push(tx);
      v.incs.push(inc);
      v.vals.push(value);
    } else {
      v.txs.splice(p + 1, 0, tx);
      v.incs.splice(p + 1, 0, inc);
      v.vals.splice(p + 1, 0, value);
    }
  }

  private remove(cell: number, tx: number): void {
    const v = this.data[cell];
    if (v === undefined) return;
    const p = MVMemory.below(v, tx + 1);
    if (p >= 0 && v.txs[p] === tx) {
      v.txs.splice(p, 1);
      v.incs.splice(p, 1);
      v.vals.splice(p, 1);
    }
  }

  /**
   * Record a finished incarnation: apply its writes, drop the writes of its previous incarnation
   * that it no longer makes, remember its read set. Returns true iff it wrote a cell the previous
   * incarnation did not ("wrote a new path": higher transactions must all be revalidated).
   */
  record(tx: number, inc: number, reads: ReadSet, writeCells: Int32Array, writeVals: readonly bigint[]): boolean {
    const prev = this.lastWritten[tx];
    for (let i = 0; i < writeCells.length; i++) this.write(writeCells[i], tx, inc, writeVals[i]);
    let wroteNew = false;
    // Small sets: quadratic membership is faster than building Sets.
    for (let i = 0; i < writeCells.length; i++) {
      if (!contains(prev, writeCells[i])) {
        wroteNew = true;
        break;
      }
    }
    for (let i = 0; i < prev.length; i++) if (!contains(writeCells, prev[i])) this.remove(prev[i], tx);
    this.lastWritten[tx] = writeCells;
    this.lastReads[tx] = reads;
    return wroteNew;
  }

  /** Add one write to an already recorded incarnation (the deferred sequencer-fee credit). */
  appendWrite(tx: number, inc: number, cell: number, value: bigint): void {
    this.write(cell, tx, inc, value);
    const prev = this.lastWritten[tx];
    if (!contains(prev, cell)) {
      const next = new Int32Array(prev.length + 1);
      next.set(prev);
      next[prev.length] = cell;
      this.lastWritten[tx] = next;
    }
  }

  /** Replace every write of `tx`'s last incarnation by an ESTIMATE marker. */
  convertWritesToEstimates(tx: number): void {
    const cells = this.lastWritten[tx];
    for (let i = 0; i < cells.length; i++) {
      const v = this.data[cells[i]]!;
      const p = MVMemory.below(v, tx + 1);
      v.vals[p] = undefined;
    }
  }

  /**
   * Read-set validation: re-read every cell of `tx`'s last read set and compare versions.
   * Returns -1 if every read would return the same version, else the position of the first read
   * that changed (an ESTIMATE counts as changed). `outTx` then names the current writer.
   */
  validateReadSet(tx: number): number {
    const rs = this.lastReads[tx];
    for (let i = 0; i < rs.cells.length; i++) {
      const r = this.read(rs.cells[i], tx);
      if (r === READ_ESTIMATE) return i;
      if (r === READ_STORAGE) {
        if (rs.txs[i] !== -1) return i;
      } else if (rs.txs[i] !== this.outTx || rs.incs[i] !== this.outInc) return i;
    }
    return -1;
  }

  /** Final value of every written cell: the entry of the highest index (none may be ESTIMATE). */
  snapshot(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (let c = 0; c < this.data.length; c++) {
      const v = this.data[c];
      if (v === undefined || v.txs.length === 0) continue;
      const val = v.vals[v.txs.length - 1];
      if (val === undefined) throw new Error(`MVMemory: ESTIMATE left at cell ${c}`);
      out.set(c, val);
    }
    return out;
  }
}

function contains(a: Int32Array, x: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === x) return true;
  return false;
}
