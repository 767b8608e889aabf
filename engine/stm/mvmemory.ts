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

/** Result codes of `read`. The version/value are left in `outTx`/`outInc`/`outValue`. */
export const READ_STORAGE = 0;
export const READ_OK = 1;
export const READ_ESTIMATE = 2;

/**
 * The versions of one cell, sorted by transaction index, as one flat array of 4-slot entries
 * (one allocation per cell): [tx, incarnation, value (undefined = ESTIMATE), log value id
 * (-1 = not interned; carried so that reads need not hash the value again)].
 */
type Versions = (number | bigint | undefined)[];
const V_TX = 0;
const V_INC = 1;
const V_VAL = 2;
const V_ID = 3;
const V_STRIDE = 4;

/** A read set as plain arrays (tests, and callers outside the hot path). Version tx -1 = storage. */
export interface ReadSet {
  cells: ArrayLike<number>;
  txs: ArrayLike<number>;
  incs: ArrayLike<number>;
  values: readonly bigint[];
}

export const EMPTY_READ_SET: ReadSet = { cells: [], txs: [], incs: [], values: [] };

function grownI32(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

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
  rTop = 0;
  wCell: Int32Array;
  wValId: Int32Array;
  wVal: bigint[];
  wTop = 0;

  /** `capacity`: expected number of reads (and of writes); the arena grows past it as needed. */
  constructor(capacity = 4096) {
    const cap = Math.max(64, capacity);
    this.rCell = new Int32Array(cap);
    this.rTx = new Int32Array(cap);
    this.rInc = new Int32Array(cap);
    this.rValId = new Int32Array(cap);
    this.wCell = new Int32Array(cap);
    this.wValId = new Int32Array(cap);
    // Preallocated (holey) arrays: no growth copies while the block runs.
    this.rVal = new Array<bigint>(cap);
    this.wVal = new Array<bigint>(cap);
  }

  /** Make room for `more` reads past rTop. */
  reserveReads(more: number): void {
    const need = this.rTop + more;
    if (need <= this.rCell.length) return;
    this.rCell = grownI32(this.rCell, need);
    this.rTx = grownI32(this.rTx, need);
    this.rInc = grownI32(this.rInc, need);
    this.rValId = grownI32(this.rValId, need);
  }

  reserveWrites(more: number): void {
    const need = this.wTop + more;
    if (need <= this.wCell.length) return;
    this.wCell = grownI32(this.wCell, need);
    this.wValId = grownI32(this.wValId, need);
  }

  pushRead(cell: number, vtx: number, vinc: number, valId: number, value: bigint): void {
    const r = this.rTop;
    if (r === this.rCell.length) this.reserveReads(1);
    this.rCell[r] = cell;
    this.rTx[r] = vtx;
    this.rInc[r] = vinc;
    this.rValId[r] = valId;
    this.rVal[r] = value;
    this.rTop = r + 1;
  }

  pushWrite(cell: number, valId: number, value: bigint): void {
    const w = this.wTop;
    if (w === this.wCell.length) this.reserveWrites(1);
    this.wCell[w] = cell;
    this.wValId[w] = valId;
    this.wVal[w] = value;
    this.wTop = w + 1;
  }
}

export class MVMemory {
  private readonly data: (Versions | undefined)[] = [];
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

  constructor(readonly n: number) {
    // A few reads and writes per execution, a few executions per transaction.
    this.arena = new AccessArena(8 * n);
    this.lastReadStart = new Int32Array(n);
    this.lastReadLen = new Int32Array(n);
    this.lastWriteStart = new Int32Array(n);
    this.lastWriteLen = new Int32Array(n);
  }

  /** Offset (in slots) of the highest entry with index < tx, or -1. */
  private static below(v: Versions, tx: number): number {
    // Entries are V_STRIDE = 4 slots: entry e starts at e << 2.
    let lo = 0;
    let hi = v.length >> 2; // first entry with index >= tx
    // Most lookups are near the end (recent transactions): check the last entry first.
    if (hi > 0 && (v[(hi - 1) << 2] as number) < tx) return (hi - 1) << 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((v[mid << 2] as number) < tx) lo = mid + 1;
      else hi = mid;
    }
    return (lo - 1) << 2;
  }

  /** Read `cell` as transaction `tx` sees it. */
  read(cell: number, tx: number): number {
    const v = this.data[cell];
    if (v !== undefined) {
      const p = MVMemory.below(v, tx);
      if (p >= 0) {
        this.outTx = v[p + V_TX] as number;
        this.outInc = v[p + V_INC] as number;
        const val = v[p + V_VAL] as bigint | undefined;
        if (val === undefined) return READ_ESTIMATE;
        this.outValue = val;
        this.outValId = v[p + V_ID] as number;
        return READ_OK;
      }
    }
    this.outTx = -1;
    this.outInc = -1;
    this.outValId = -1;
    return READ_STORAGE;
  }

  /** Insert or overwrite the entry of `tx` at `cell` (`valId`: the value's log id, if known). */
  write(cell: number, tx: number, inc: number, value: bigint, valId = -1): void {
    const v = this.data[cell];
    if (v === undefined) {
      this.data[cell] = [tx, inc, value, valId];
      return;
    }
    const p = MVMemory.below(v, tx + 1);
    if (p >= 0 && v[p + V_TX] === tx) {
      v[p + V_INC] = inc;
      v[p + V_VAL] = value;
      v[p + V_ID] = valId;
    } else if (p === v.length - V_STRIDE) {
      v.push(tx, inc, value, valId);
    } else {
      v.splice(p + V_STRIDE, 0, tx, inc, value, valId);
    }
  }

  private remove(cell: number, tx: number): void {
    const v = this.data[cell];
    if (v === undefined) return;
    const p = MVMemory.below(v, tx + 1);
    if (p >= 0 && v[p + V_TX] === tx) {
      v.splice(p, V_STRIDE);
    }
  }

  /**
   * Record a finished incarnation whose read and write sets are arena ranges: apply its writes,
   * drop the writes of its previous incarnation that it no longer makes, remember its read set.
   * Returns true iff it wrote a cell the previous incarnation did not ("wrote a new path": higher
   * transactions must all be revalidated).
   */
  recordRanges(tx: number, inc: number, readStart: number, readLen: number, writeStart: number, writeLen: number): boolean {
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
    for (let i = writeStart; i < we && !wroteNew; i++) if (!inRange(wc, ps, pl, wc[i])) wroteNew = true;
    for (let i = ps; i < ps + pl; i++) if (!inRange(wc, writeStart, writeLen, wc[i])) this.remove(wc[i], tx);
    this.lastWriteStart[tx] = writeStart;
    this.lastWriteLen[tx] = writeLen;
    this.lastReadStart[tx] = readStart;
    this.lastReadLen[tx] = readLen;
    return wroteNew;
  }

  /** `recordRanges` for sets given as arrays (copied into the arena; tests and simple callers). */
  record(tx: number, inc: number, reads: ReadSet, writeCells: ArrayLike<number>, writeVals: readonly bigint[]): boolean {
    const a = this.arena;
    const rs = a.rTop;
    for (let i = 0; i < reads.cells.length; i++) a.pushRead(reads.cells[i], reads.txs[i], reads.incs[i], -1, reads.values[i]);
    const ws = a.wTop;
    for (let i = 0; i < writeCells.length; i++) a.pushWrite(writeCells[i], -1, writeVals[i]);
    return this.recordRanges(tx, inc, rs, reads.cells.length, ws, writeCells.length);
  }

  /** Add one write to an already recorded incarnation (the deferred sequencer-fee credit). */
  appendWrite(tx: number, inc: number, cell: number, value: bigint, valId = -1): void {
    this.write(cell, tx, inc, value, valId);
    const a = this.arena;
    const ps = this.lastWriteStart[tx];
    const pl = this.lastWriteLen[tx];
    if (inRange(a.wCell, ps, pl, cell)) return;
    // Ranges are immutable (they may be shared): copy the set to the end, plus the new cell.
    const start = a.wTop;
    a.reserveWrites(pl + 1);
    for (let i = ps; i < ps + pl; i++) a.pushWrite(a.wCell[i], a.wValId[i], a.wVal[i]);
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
    return { cells: a.rCell.slice(s, e), txs: a.rTx.slice(s, e), incs: a.rInc.slice(s, e), values: a.rVal.slice(s, e) };
  }

  /** Replace every write of `tx`'s last incarnation by an ESTIMATE marker. */
  convertWritesToEstimates(tx: number): void {
    const wc = this.arena.wCell;
    const s = this.lastWriteStart[tx];
    const e = s + this.lastWriteLen[tx];
    for (let i = s; i < e; i++) {
      const v = this.data[wc[i]]!;
      const p = MVMemory.below(v, tx + 1);
      v[p + V_VAL] = undefined;
    }
  }

  /**
   * Read-set validation: re-read every cell of `tx`'s last read set and compare versions.
   * Returns -1 if every read would return the same version, else the position of the first read
   * that changed (an ESTIMATE counts as changed). `outTx` then names the current writer.
   */
  validateReadSet(tx: number): number {
    const a = this.arena;
    const s = this.lastReadStart[tx];
    const len = this.lastReadLen[tx];
    for (let i = 0; i < len; i++) {
      const j = s + i;
      const r = this.read(a.rCell[j], tx);
      if (r === READ_ESTIMATE) return i;
      if (r === READ_STORAGE) {
        if (a.rTx[j] !== -1) return i;
      } else if (a.rTx[j] !== this.outTx || a.rInc[j] !== this.outInc) return i;
    }
    return -1;
  }

  /** Final value of every written cell: the entry of the highest index (none may be ESTIMATE). */
  snapshot(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (let c = 0; c < this.data.length; c++) {
      const v = this.data[c];
      if (v === undefined || v.length === 0) continue;
      const val = v[v.length - V_STRIDE + V_VAL] as bigint | undefined;
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
