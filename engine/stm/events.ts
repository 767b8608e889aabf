/**
 * The compact event log: what the UI animates and the tests inspect.
 *
 * Format (all plain typed arrays + string tables; transferable from a Web Worker with
 * `postMessage(log, transferList(log))`, readable without any class):
 *
 *   event e (0 ≤ e < count):
 *     kind[e]        0 execute, 1 validate, 2 abort, 3 commit           (EV_*)
 *     core[e]        virtual core 0…cores-1
 *     start[e], end[e]  simulated time (cost units)
 *     tx[e], incarnation[e]
 *     flags[e]       execute: FLAG_MEMO (result reused from an identical earlier incarnation),
 *                             FLAG_REVERTED; validate: FLAG_FAILED;
 *                    abort: reason ABORT_DEPENDENCY | ABORT_VALIDATION | ABORT_CASCADE | ABORT_COMMIT
 *                           | ABORT_RUNNING
 *     causeCell[e]   index into `cells` of the cell that caused a failed validation / abort, else -1
 *     causeTx[e]     the transaction whose write (or ESTIMATE) of that cell caused it; -1 = pre-block
 *                    state or none; for a cascade abort: the aborted transaction that triggered it
 *     ref[e]         validate/commit/abort: the execute event of the incarnation concerned, else -1
 *     reads of e     r in [readOffset[e], readOffset[e+1]):  readCell[r] (cells index),
 *                    readTx[r]/readInc[r] = version read (-1 = pre-block state),
 *                    readValue[r] (index into `values`, -1 = ESTIMATE hit),
 *                    readAt[r] = when in the bar the read happened (simulated time since start[e];
 *                    NaN = unknown, e.g. real-worker logs)
 *                    (execute and dependency-abort events only; a validation re-reads the read set
 *                    of its `ref` event)
 *     writes of e    w in [writeOffset[e], writeOffset[e+1]): writeCell[w], writeValue[w],
 *                    writeAt[w] = when in the bar the executor made the write (as readAt; in
 *                    Block-STM it becomes visible to others only at end[e])
 *   cells[i]  the CellKey strings; values[i]  lowercase 0x-hex values.
 */

export const EV_EXECUTE = 0;
export const EV_VALIDATE = 1;
export const EV_ABORT = 2;
export const EV_COMMIT = 3;
export const EVENT_KIND_NAMES = ['execute', 'validate', 'abort', 'commit'] as const;
export type EventKindName = (typeof EVENT_KIND_NAMES)[number];

export const FLAG_MEMO = 1;
export const FLAG_REVERTED = 2;
export const FLAG_FAILED = 1;
export const ABORT_DEPENDENCY = 1;
export const ABORT_VALIDATION = 2;
export const ABORT_CASCADE = 3;
export const ABORT_COMMIT = 4;
/** abort-on-dependency: a running execution stopped because a lower transaction rewrote a read. */
export const ABORT_RUNNING = 5;
export const ABORT_REASON_NAMES: Record<number, string> = {
  [ABORT_DEPENDENCY]: 'dependency',
  [ABORT_VALIDATION]: 'validation',
  [ABORT_CASCADE]: 'cascade',
  [ABORT_COMMIT]: 'commit-validation',
  [ABORT_RUNNING]: 'running',
};

export interface EventLog {
  format: 'stm-log/1';
  variant: string;
  cores: number;
  txCount: number;
  count: number;
  kind: Uint8Array;
  core: Uint8Array;
  flags: Uint8Array;
  start: Float64Array;
  end: Float64Array;
  tx: Int32Array;
  incarnation: Int32Array;
  causeCell: Int32Array;
  causeTx: Int32Array;
  ref: Int32Array;
  readOffset: Int32Array;
  readCell: Int32Array;
  readTx: Int32Array;
  readInc: Int32Array;
  readValue: Int32Array;
  readAt: Float64Array;
  writeOffset: Int32Array;
  writeCell: Int32Array;
  writeValue: Int32Array;
  writeAt: Float64Array;
  cells: string[];
  values: string[];
}

/** The ArrayBuffers of a log, for `postMessage(log, transferList(log))`. */
export function transferList(log: EventLog): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(log)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/**
 * `a`, or a copy of it with room for at least `need` entries (capacity doubles): the one growth
 * rule of every typed-array column in engine/stm (event logs, MVMemory, runners).
 */
export function grow<T extends Uint8Array | Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(1, a.length * 2);
  while (cap < need) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * Appends events during a run; `finish` produces the EventLog. Columns are typed arrays grown
 * geometrically (no per-event boxing, no copy of JS arrays at the end); values are interned once
 * in a bigint → id table (`valueId`), and callers that already know a value's id (the memoized
 * traces in execution.ts) log it with `readId`/`writeId` without hashing the bigint again.
 */
export class LogBuilder {
  private n = 0;
  private kind: Uint8Array;
  private core: Uint8Array;
  private flags: Uint8Array;
  private start: Float64Array;
  private end: Float64Array;
  private tx: Int32Array;
  private inc: Int32Array;
  private causeCell: Int32Array;
  private causeTx: Int32Array;
  private ref: Int32Array;
  private readOffset: Int32Array;
  private writeOffset: Int32Array;
  private nr = 0;
  private readCell: Int32Array;
  private readTx: Int32Array;
  private readInc: Int32Array;
  private readValue: Int32Array;
  private readAt: Float64Array;
  private nw = 0;
  private writeCell: Int32Array;
  private writeValue: Int32Array;
  private writeAt: Float64Array;
  /** Interned values; turned into 0x-hex strings only in `finish`. */
  private values: bigint[] = [];
  private valueIds = new Map<bigint, number>();

  /**
   * `txCount`: the block's size, when known. The columns then start at a size that fits a
   * typical run (~2.5 events, ~3 reads and ~3 writes per transaction), so that a large block
   * does not grow them five or six times over: each growth is a copy, and garbage whose external
   * memory makes V8 run full collections.
   */
  constructor(txCount = 0) {
    const ev = Math.max(1024, 3 * txCount);
    const acc = Math.max(4096, 4 * txCount);
    this.kind = new Uint8Array(ev);
    this.core = new Uint8Array(ev);
    this.flags = new Uint8Array(ev);
    this.start = new Float64Array(ev);
    this.end = new Float64Array(ev);
    this.tx = new Int32Array(ev);
    this.inc = new Int32Array(ev);
    this.causeCell = new Int32Array(ev);
    this.causeTx = new Int32Array(ev);
    this.ref = new Int32Array(ev);
    this.readOffset = new Int32Array(ev + 1);
    this.writeOffset = new Int32Array(ev + 1);
    this.readCell = new Int32Array(acc);
    this.readTx = new Int32Array(acc);
    this.readInc = new Int32Array(acc);
    this.readValue = new Int32Array(acc);
    this.readAt = new Float64Array(acc);
    this.writeCell = new Int32Array(acc);
    this.writeValue = new Int32Array(acc);
    this.writeAt = new Float64Array(acc);
  }

  valueId(v: bigint): number {
    let id = this.valueIds.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.valueIds.set(v, id);
    }
    return id;
  }

  /**
   * The value of id `id`: the first bigint interned with that value. Engine structures keep this
   * one object for every equal value, so the fresh bigint each execution returns dies young
   * instead of being copied by every scavenge of the run (values are compared with ===, so which
   * object holds a value is never observable).
   */
  valueOf(id: number): bigint {
    return this.values[id];
  }

  get count(): number {
    return this.n;
  }

  /** Start an event; add its reads/writes with `read`/`write` before the next `add`. */
  add(
    kind: number,
    core: number,
    start: number,
    end: number,
    tx: number,
    inc: number,
    flags = 0,
    causeCell = -1,
    causeTx = -1,
    ref = -1,
  ): number {
    const e = this.n;
    if (e === this.kind.length) this.growEvents(e + 1);
    this.readOffset[e] = this.nr;
    this.writeOffset[e] = this.nw;
    this.kind[e] = kind;
    this.core[e] = core;
    this.start[e] = start;
    this.end[e] = end;
    this.tx[e] = tx;
    this.inc[e] = inc;
    this.flags[e] = flags;
    this.causeCell[e] = causeCell;
    this.causeTx[e] = causeTx;
    this.ref[e] = ref;
    this.n = e + 1;
    return e;
  }

  private growEvents(need: number): void {
    this.kind = grow(this.kind, need);
    this.core = grow(this.core, need);
    this.flags = grow(this.flags, need);
    this.start = grow(this.start, need);
    this.end = grow(this.end, need);
    this.tx = grow(this.tx, need);
    this.inc = grow(this.inc, need);
    this.causeCell = grow(this.causeCell, need);
    this.causeTx = grow(this.causeTx, need);
    this.ref = grow(this.ref, need);
    // Offsets have one more entry than events (the end of the last event).
    this.readOffset = grow(this.readOffset, this.kind.length + 1);
    this.writeOffset = grow(this.writeOffset, this.kind.length + 1);
  }

  /** A read of the current event; `at`: simulated time since the event's start (NaN: unknown). */
  read(cell: number, vtx: number, vinc: number, value: bigint | undefined, at = NaN): void {
    this.readId(cell, vtx, vinc, value === undefined ? -1 : this.valueId(value), at);
  }

  /** `read` with an already interned value id (-1 = ESTIMATE). */
  readId(cell: number, vtx: number, vinc: number, valueId: number, at = NaN): void {
    const r = this.nr;
    if (r === this.readCell.length) {
      this.readCell = grow(this.readCell, r + 1);
      this.readTx = grow(this.readTx, r + 1);
      this.readInc = grow(this.readInc, r + 1);
      this.readValue = grow(this.readValue, r + 1);
      this.readAt = grow(this.readAt, r + 1);
    }
    this.readCell[r] = cell;
    this.readTx[r] = vtx;
    this.readInc[r] = vinc;
    this.readValue[r] = valueId;
    this.readAt[r] = at;
    this.nr = r + 1;
  }

  /** A write of the current event; `at` as in `read`. */
  write(cell: number, value: bigint, at = NaN): void {
    this.writeId(cell, this.valueId(value), at);
  }

  /** `write` with an already interned value id. */
  writeId(cell: number, valueId: number, at = NaN): void {
    const w = this.nw;
    if (w === this.writeCell.length) {
      this.writeCell = grow(this.writeCell, w + 1);
      this.writeValue = grow(this.writeValue, w + 1);
      this.writeAt = grow(this.writeAt, w + 1);
    }
    this.writeCell[w] = cell;
    this.writeValue[w] = valueId;
    this.writeAt[w] = at;
    this.nw = w + 1;
  }

  finish(
    meta: { variant: string; cores: number; txCount: number },
    cells: readonly string[],
  ): EventLog {
    const n = this.n;
    const readOffset = this.readOffset.slice(0, n + 1);
    const writeOffset = this.writeOffset.slice(0, n + 1);
    readOffset[n] = this.nr;
    writeOffset[n] = this.nw;
    return {
      format: 'stm-log/1',
      variant: meta.variant,
      cores: meta.cores,
      txCount: meta.txCount,
      count: n,
      kind: this.kind.slice(0, n),
      core: this.core.slice(0, n),
      flags: this.flags.slice(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      tx: this.tx.slice(0, n),
      incarnation: this.inc.slice(0, n),
      causeCell: this.causeCell.slice(0, n),
      causeTx: this.causeTx.slice(0, n),
      ref: this.ref.slice(0, n),
      readOffset,
      readCell: this.readCell.slice(0, this.nr),
      readTx: this.readTx.slice(0, this.nr),
      readInc: this.readInc.slice(0, this.nr),
      readValue: this.readValue.slice(0, this.nr),
      readAt: this.readAt.slice(0, this.nr),
      writeOffset,
      writeCell: this.writeCell.slice(0, this.nw),
      writeValue: this.writeValue.slice(0, this.nw),
      writeAt: this.writeAt.slice(0, this.nw),
      cells: cells.slice(),
      values: this.values.map((v) => '0x' + v.toString(16)),
    };
  }
}

/** One event decoded into a plain object (for tests, debugging and simple UIs). */
export interface StmEvent {
  index: number;
  kind: EventKindName;
  core: number;
  start: number;
  end: number;
  tx: number;
  incarnation: number;
  memo: boolean;
  reverted: boolean;
  failed: boolean;
  abortReason?: string;
  causeCell?: string;
  causeTx?: number;
  ref: number;
  /** `at`: simulated time of the access since the event's start (NaN: unknown). */
  reads: {
    cell: string;
    versionTx: number;
    versionInc: number;
    value: bigint | 'ESTIMATE';
    at: number;
  }[];
  writes: { cell: string; value: bigint; at: number }[];
}

export function decodeEvent(log: EventLog, e: number): StmEvent {
  const kind = log.kind[e];
  const f = log.flags[e];
  const reads: StmEvent['reads'] = [];
  for (let r = log.readOffset[e]; r < log.readOffset[e + 1]; r++) {
    const vi = log.readValue[r];
    reads.push({
      cell: log.cells[log.readCell[r]],
      versionTx: log.readTx[r],
      versionInc: log.readInc[r],
      value: vi < 0 ? 'ESTIMATE' : BigInt(log.values[vi]),
      at: log.readAt[r],
    });
  }
  const writes: StmEvent['writes'] = [];
  for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++) {
    writes.push({
      cell: log.cells[log.writeCell[w]],
      value: BigInt(log.values[log.writeValue[w]]),
      at: log.writeAt[w],
    });
  }
  const ev: StmEvent = {
    index: e,
    kind: EVENT_KIND_NAMES[kind],
    core: log.core[e],
    start: log.start[e],
    end: log.end[e],
    tx: log.tx[e],
    incarnation: log.incarnation[e],
    memo: kind === EV_EXECUTE && (f & FLAG_MEMO) !== 0,
    reverted: kind === EV_EXECUTE && (f & FLAG_REVERTED) !== 0,
    failed: kind === EV_VALIDATE && (f & FLAG_FAILED) !== 0,
    ref: log.ref[e],
    reads,
    writes,
  };
  if (kind === EV_ABORT) ev.abortReason = ABORT_REASON_NAMES[f];
  if (log.causeCell[e] >= 0) ev.causeCell = log.cells[log.causeCell[e]];
  if (log.causeCell[e] >= 0 || kind === EV_ABORT) ev.causeTx = log.causeTx[e];
  return ev;
}

export function decodeEvents(log: EventLog): StmEvent[] {
  const out: StmEvent[] = [];
  for (let e = 0; e < log.count; e++) out.push(decodeEvent(log, e));
  return out;
}
