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
 *
 * Read and write sets live in an append-only arena (`AccessArena`: parallel typed arrays, no
 * object per read or per execution). An execution's read set or write set is a range
 * [start, start + len) of it; the last recorded incarnation of each transaction is remembered as
 * such ranges (`lastReadStart`/`lastReadLen`, `lastWriteStart`/`lastWriteLen`). Ranges are never
 * modified once written, so several executions may share one (a memoized incarnation reuses the
 * write set of the trace it replays).
 */
import { grow } from './events';

/** Result codes of `read`. The version/value are left in `outTx`/`outInc`/`outValue`. */
export const READ_STORAGE = 0;
export const READ_OK = 1;
export const READ_ESTIMATE = 2;

/** A read set as plain arrays (tests, and callers outside the hot path). Version tx -1 = storage. */
export interface ReadSet {
  cells: ArrayLike<number>;
  txs: ArrayLike<number>;
  incs: ArrayLike<number>;
  values: readonly bigint[];
}

export const EMPTY_READ_SET: ReadSet = { cells: [], txs: [], incs: [], values: [] };

/**
 * Append-only storage of every read and write set: reads are (cell, version tx, version
 * incarnation, log value id, value), writes are (cell, log value id, value). The typed arrays are
 * replaced when they grow: reload them after any push.
 */
export class AccessArena {
  rCell: Int32Array;
  rTx: Int32Array;
  rInc: Int32Array;
  /** Event-log value id of the value read (-1 when not interned). */
  rValId: Int32Array;
  rVal: bigint[];
  /** Offset of the read in its execution (executor cost units; 0 when the executor gives none). */
  rAt: Float64Array;
  rTop = 0;
  wCell: Int32Array;
  wValId: Int32Array;
  wVal: bigint[];
  /** Offset of the write in its execution (the executor's cost when it gives none). */
  wAt: Float64Array;
  wTop = 0;

  /** `capacity`: expected number of reads (and of writes); the arena grows past it as needed. */
  constructor(capacity = 4096) {
    const cap = Math.max(64, capacity);
    this.rCell = new Int32Array(cap);
    this.rTx = new Int32Array(cap);
    this.rInc = new Int32Array(cap);
    this.rValId = new Int32Array(cap);
    this.rAt = new Float64Array(cap);
    this.wCell = new Int32Array(cap);
    this.wValId = new Int32Array(cap);
    this.wAt = new Float64Array(cap);
    // Plain arrays that grow by appending (a large preallocated holey Array can be in V8's slow
    // dictionary mode).
    this.rVal = [];
    this.wVal = [];
  }

  /** Make room for `more` reads past rTop. */
  reserveReads(more: number): void {
    const need = this.rTop + more;
    if (need <= this.rCell.length) return;
    this.rCell = grow(this.rCell, need);
    this.rTx = grow(this.rTx, need);
    this.rInc = grow(this.rInc, need);
    this.rValId = grow(this.rValId, need);
    this.rAt = grow(this.rAt, need);
  }

  reserveWrites(more: number): void {
    const need = this.wTop + more;
    if (need <= this.wCell.length) return;
    this.wCell = grow(this.wCell, need);
    this.wValId = grow(this.wValId, need);
    this.wAt = grow(this.wAt, need);
  }

  pushRead(cell: number, vtx: number, vinc: number, valId: number, value: bigint, at = 0): void {
    const r = this.rTop;
    if (r === this.rCell.length) this.reserveReads(1);
    this.rCell[r] = cell;
    this.rTx[r] = vtx;
    this.rInc[r] = vinc;
    this.rValId[r] = valId;
    this.rVal[r] = value;
    this.rAt[r] = at;
    this.rTop = r + 1;
  }

  pushWrite(cell: number, valId: number, value: bigint, at = 0): void {
    const w = this.wTop;
    if (w === this.wCell.length) this.reserveWrites(1);
    this.wCell[w] = cell;
    this.wValId[w] = valId;
    this.wVal[w] = value;
    this.wAt[w] = at;
    this.wTop = w + 1;
  }
}

/**
 * The versions of every cell, in one pool (typed arrays, no object per cell): cell c
 * owns the slots [vOff[c], vOff[c] + vLen[c]) — capacity vCap[c] — holding its entries sorted by
 * transaction index: its index, incarnation, log value id (-1 = not interned; carried so that
 * reads need not hash the value again) and slot, the entry's index in `vals`
 * (its value; undefined = ESTIMATE). Values stay put in `vals` (append-only), so inserting or
 * removing an entry only moves typed arrays. A full cell moves to a chunk twice as big at the end
 * of the pool (the old one is abandoned).
 */
class VersionPool {
  vOff = new Int32Array(1024);
  vLen = new Int32Array(1024);
  vCap = new Int32Array(1024);
  /**
   * Entry p's fields side by side at 4p…4p + 3 (index, incarnation, value id, slot): a read
   * touches one cache line, not one per column.
   */
  e: Int32Array;
  top = 0;
  vals: (bigint | undefined)[] = [];

  constructor(capacity: number) {
    const cap = Math.max(64, capacity);
    this.e = new Int32Array(4 * cap);
  }

  /** Make sure cell c has room for one more entry; returns its (possibly new) offset. */
  reserve(c: number): number {
    if (c >= this.vOff.length) {
      this.vOff = grow(this.vOff, c + 1);
      this.vLen = grow(this.vLen, c + 1);
      this.vCap = grow(this.vCap, c + 1);
    }
    const len = this.vLen[c];
    const off = this.vOff[c];
    if (len < this.vCap[c]) return off;
    const cap = this.vCap[c] === 0 ? 4 : this.vCap[c] * 2;
    const at = this.top;
    if (4 * (at + cap) > this.e.length) this.e = grow(this.e, 4 * (at + cap));
    this.move(at, off, off + len);
    this.top = at + cap;
    this.vOff[c] = at;
    this.vCap[c] = cap;
    return at;
  }

  /** Copy entries [from, end) of every column to `to` (ranges may overlap). */
  private move(to: number, from: number, end: number): void {
    this.e.copyWithin(4 * to, 4 * from, 4 * end);
  }

  /** Move entries [at, end) of a cell up one slot (to insert at `at`). */
  shiftUp(at: number, end: number): void {
    this.move(at + 1, at, end);
  }

  /** Move entries [at + 1, end) of a cell down one slot (to remove the entry at `at`). */
  shiftDown(at: number, end: number): void {
    this.move(at, at + 1, end);
  }
}

export class MVMemory {
  private readonly pool: VersionPool;
  /** Every read and write set (see AccessArena). */
  readonly arena: AccessArena;
  /** Read set of the last recorded incarnation of each transaction: a range of the arena. */
  readonly lastReadStart: Int32Array;
  readonly lastReadLen: Int32Array;
  /** Write set (cells written) of the last recorded incarnation of each transaction. */
  readonly lastWriteStart: Int32Array;
  readonly lastWriteLen: Int32Array;

  /** Output registers of the last `read` (avoid allocating a tuple per read). */
  outTx = -1;
  outInc = -1;
  outValue = 0n;
  /** Log value id of outValue as given to `write` (-1: unknown). */
  outValId = -1;
  /**
   * Told of every change to the entry of transaction `tx` at `cell` (a write, a removal, an
   * ESTIMATE), after it is made: what a transaction above `tx` reads there may have changed.
   * The simulator uses it to check a running execution's provisional reads only when needed.
   */
  onChange: ((cell: number, tx: number) => void) | undefined = undefined;

  constructor(readonly n: number) {
    // A few reads and writes per execution, a few executions per transaction.
    this.arena = new AccessArena(8 * n);
    this.pool = new VersionPool(8 * n);
    this.lastReadStart = new Int32Array(n);
    this.lastReadLen = new Int32Array(n);
    this.lastWriteStart = new Int32Array(n);
    this.lastWriteLen = new Int32Array(n);
  }

  /** Pool slot of the highest entry of `cell` with index < tx, or -1. */
  private below(cell: number, tx: number): number {
    const pool = this.pool;
    if (cell >= pool.vLen.length) return -1;
    const len = pool.vLen[cell];
    if (len === 0) return -1;
    const off = pool.vOff[cell];
    const e = pool.e;
    // Most lookups are near the end (recent transactions): check the last entry first.
    if (e[4 * (off + len - 1)] < tx) return off + len - 1;
    let lo = off;
    let hi = off + len; // first slot with index >= tx
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e[4 * mid] < tx) lo = mid + 1;
      else hi = mid;
    }
    return lo > off ? lo - 1 : -1;
  }

  /** Read `cell` as transaction `tx` sees it. */
  read(cell: number, tx: number): number {
    const p = this.below(cell, tx);
    if (p >= 0) {
      const pool = this.pool;
      const e = pool.e;
      const q = 4 * p;
      this.outTx = e[q];
      this.outInc = e[q + 1];
      const val = pool.vals[e[q + 3]];
      if (val === undefined) return READ_ESTIMATE;
      this.outValue = val;
      this.outValId = e[q + 2];
      return READ_OK;
    }
    this.outTx = -1;
    this.outInc = -1;
    this.outValId = -1;
    return READ_STORAGE;
  }

  /** Insert or overwrite the entry of `tx` at `cell` (`valId`: the value's log id, if known). */
  write(cell: number, tx: number, inc: number, value: bigint, valId = -1): void {
    const pool = this.pool;
    let p = this.below(cell, tx + 1);
    if (p >= 0 && pool.e[4 * p] === tx) {
      const q = 4 * p;
      pool.e[q + 1] = inc;
      pool.vals[pool.e[q + 3]] = value;
      pool.e[q + 2] = valId;
      this.onChange?.(cell, tx);
      return;
    }
    const oldOff = cell < pool.vOff.length ? pool.vOff[cell] : 0;
    const off = pool.reserve(cell);
    if (p >= 0) p += off - oldOff; // the cell may have moved
    const len = pool.vLen[cell];
    const at = p >= 0 ? p + 1 : off; // insertion slot
    const end = off + len;
    // Inserting below later transactions' entries: shift them up one slot.
    if (at < end) pool.shiftUp(at, end);
    const e = pool.e;
    const q = 4 * at;
    e[q] = tx;
    e[q + 1] = inc;
    e[q + 2] = valId;
    e[q + 3] = pool.vals.length;
    pool.vals.push(value);
    pool.vLen[cell] = len + 1;
    this.onChange?.(cell, tx);
  }

  private remove(cell: number, tx: number): void {
    const pool = this.pool;
    const p = this.below(cell, tx + 1);
    if (p < 0 || pool.e[4 * p] !== tx) return;
    const end = pool.vOff[cell] + pool.vLen[cell];
    pool.vals[pool.e[4 * p + 3]] = undefined; // release the value
    pool.shiftDown(p, end);
    pool.vLen[cell]--;
    this.onChange?.(cell, tx);
  }

  /**
   * Record a finished incarnation whose read and write sets are arena ranges: apply its writes,
   * drop the writes of its previous incarnation that it no longer makes, remember its read set.
   * Returns true iff it wrote a cell the previous incarnation did not ("wrote a new path": higher
   * transactions must all be revalidated).
   */
  recordRanges(
    tx: number,
    inc: number,
    readStart: number,
    readLen: number,
    writeStart: number,
    writeLen: number,
  ): boolean {
    const a = this.arena;
    const wc = a.wCell;
    const wv = a.wVal;
    const wid = a.wValId;
    const ps = this.lastWriteStart[tx];
    const pl = this.lastWriteLen[tx];
    const we = writeStart + writeLen;
    for (let i = writeStart; i < we; i++) this.write(wc[i], tx, inc, wv[i], wid[i]);
    let wroteNew = false;
    // Small sets: quadratic membership is faster than building Sets.
    for (let i = writeStart; i < we && !wroteNew; i++)
      if (!inRange(wc, ps, pl, wc[i])) wroteNew = true;
    for (let i = ps; i < ps + pl; i++)
      if (!inRange(wc, writeStart, writeLen, wc[i])) this.remove(wc[i], tx);
    this.lastWriteStart[tx] = writeStart;
    this.lastWriteLen[tx] = writeLen;
    this.lastReadStart[tx] = readStart;
    this.lastReadLen[tx] = readLen;
    return wroteNew;
  }

  /** `recordRanges` for sets given as arrays (copied into the arena; tests and simple callers). */
  record(
    tx: number,
    inc: number,
    reads: ReadSet,
    writeCells: ArrayLike<number>,
    writeVals: readonly bigint[],
  ): boolean {
    const a = this.arena;
    const rs = a.rTop;
    for (let i = 0; i < reads.cells.length; i++)
      a.pushRead(reads.cells[i], reads.txs[i], reads.incs[i], -1, reads.values[i]);
    const ws = a.wTop;
    for (let i = 0; i < writeCells.length; i++) a.pushWrite(writeCells[i], -1, writeVals[i]);
    return this.recordRanges(tx, inc, rs, reads.cells.length, ws, writeCells.length);
  }

  /**
   * Add one write to an already recorded incarnation (the deferred sequencer-fee credit). When the
   * incarnation already wrote `cell`, the entry is overwritten in place under the same version:
   * validateReadSet also compares values so that a reader of the pre-credit value fails.
   */
  appendWrite(tx: number, inc: number, cell: number, value: bigint, valId = -1): void {
    this.write(cell, tx, inc, value, valId);
    const a = this.arena;
    const ps = this.lastWriteStart[tx];
    const pl = this.lastWriteLen[tx];
    if (inRange(a.wCell, ps, pl, cell)) return;
    // Ranges are immutable (they may be shared): copy the set to the end, plus the new cell.
    const start = a.wTop;
    a.reserveWrites(pl + 1);
    for (let i = ps; i < ps + pl; i++) a.pushWrite(a.wCell[i], a.wValId[i], a.wVal[i], a.wAt[i]);
    a.pushWrite(cell, valId, value);
    this.lastWriteStart[tx] = start;
    this.lastWriteLen[tx] = pl + 1;
  }

  /** Cells written by the last recorded incarnation of `tx` (a copy). */
  lastWritten(tx: number): Int32Array {
    const s = this.lastWriteStart[tx];
    return this.arena.wCell.slice(s, s + this.lastWriteLen[tx]);
  }

  /** Read set of the last recorded incarnation of `tx`, as arrays (a copy). */
  lastReads(tx: number): ReadSet {
    const a = this.arena;
    const s = this.lastReadStart[tx];
    const e = s + this.lastReadLen[tx];
    return {
      cells: a.rCell.slice(s, e),
      txs: a.rTx.slice(s, e),
      incs: a.rInc.slice(s, e),
      values: a.rVal.slice(s, e),
    };
  }

  /** Replace every write of `tx`'s last incarnation by an ESTIMATE marker. */
  convertWritesToEstimates(tx: number): void {
    const wc = this.arena.wCell;
    const s = this.lastWriteStart[tx];
    const e = s + this.lastWriteLen[tx];
    for (let i = s; i < e; i++) {
      const p = this.below(wc[i], tx + 1);
      this.pool.vals[this.pool.e[4 * p + 3]] = undefined;
      this.onChange?.(wc[i], tx);
    }
  }

  /**
   * Delete every write of `tx`'s last incarnation (readers then see the writes below it): the
   * blockifier variant's abort, which uses no ESTIMATE markers.
   */
  deleteWrites(tx: number): void {
    const wc = this.arena.wCell;
    const s = this.lastWriteStart[tx];
    for (let i = s; i < s + this.lastWriteLen[tx]; i++) this.remove(wc[i], tx);
  }

  /**
   * Value-based validation (blockifier): -1 if every read of `tx`'s last read set would return the
   * same value now (whoever wrote it), else the position of the first that changed. `preValue`:
   * a cell's pre-block value (what a read with no write below returns).
   */
  validateValues(tx: number, preValue: (cell: number) => bigint): number {
    const a = this.arena;
    const s = this.lastReadStart[tx];
    for (let i = 0; i < this.lastReadLen[tx]; i++) {
      const j = s + i;
      const c = a.rCell[j];
      const r = this.read(c, tx);
      if (r === READ_ESTIMATE) return i;
      const v = r === READ_OK ? this.outValue : preValue(c);
      if (v !== a.rVal[j]) return i;
    }
    return -1;
  }

  /**
   * Read-set validation: re-read every cell of `tx`'s last read set and compare versions (and,
   * for one version, values: see appendWrite). Returns -1 if every read would return the same version, else the position of the first read
   * that changed (an ESTIMATE counts as changed). `outTx` then names the current writer.
   */
  validateReadSet(tx: number): number {
    return this.validateReads(tx, this.lastReadStart[tx], this.lastReadLen[tx]);
  }

  /** `validateReadSet` for any range of reads made by `tx` (e.g. those of a running execution). */
  validateReads(tx: number, s: number, len: number): number {
    const a = this.arena;
    for (let i = 0; i < len; i++) {
      const j = s + i;
      const r = this.read(a.rCell[j], tx);
      if (r === READ_ESTIMATE) return i;
      if (r === READ_STORAGE) {
        if (a.rTx[j] !== -1) return i;
      } else if (a.rTx[j] !== this.outTx || a.rInc[j] !== this.outInc) return i;
      // Same version, other value: only the deferred fee credit (appendWrite) rewrites an entry
      // in place; a reader of the value before the credit must fail.
      else if (a.rVal[j] !== this.outValue) return i;
    }
    return -1;
  }

  /** Final value of every written cell: the entry of the highest index (none may be ESTIMATE). */
  snapshot(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    const pool = this.pool;
    for (let c = 0; c < pool.vLen.length; c++) {
      const len = pool.vLen[c];
      if (len === 0) continue;
      const val = pool.vals[pool.e[4 * (pool.vOff[c] + len - 1) + 3]];
      if (val === undefined) throw new Error(`MVMemory: ESTIMATE left at cell ${c}`);
      out.set(c, val);
    }
    return out;
  }
}

function inRange(a: Int32Array, start: number, len: number, x: number): boolean {
  for (let i = start; i < start + len; i++) if (a[i] === x) return true;
  return false;
}
