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
 *     causeCell[e]   index into `cells` of the cell that caused a failed validation / abort, else -1
 *     causeTx[e]     the transaction whose write (or ESTIMATE) of that cell caused it; -1 = pre-block
 *                    state or none; for a cascade abort: the aborted transaction that triggered it
 *     ref[e]         validate/commit/abort: the execute event of the incarnation concerned, else -1
 *     reads of e     r in [readOffset[e], readOffset[e+1]):  readCell[r] (cells index),
 *                    readTx[r]/readInc[r] = version read (-1 = pre-block state),
 *                    readValue[r] (index into `values`, -1 = ESTIMATE hit)
 *                    (execute and dependency-abort events only; a validation re-reads the read set
 *                    of its `ref` event)
 *     writes of e    w in [writeOffset[e], writeOffset[e+1]): writeCell[w], writeValue[w]
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
export const ABORT_REASON_NAMES: Record<number, string> = {
  [ABORT_DEPENDENCY]: 'dependency',
  [ABORT_VALIDATION]: 'validation',
  [ABORT_CASCADE]: 'cascade',
  [ABORT_COMMIT]: 'commit-validation',
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
  writeOffset: Int32Array;
  writeCell: Int32Array;
  writeValue: Int32Array;
  cells: string[];
  values: string[];
}

/** The ArrayBuffers of a log, for `postMessage(log, transferList(log))`. */
export function transferList(log: EventLog): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(log)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/** Appends events during a run; `finish` produces the EventLog. */
export class LogBuilder {
  private kind: number[] = [];
  private core: number[] = [];
  private flags: number[] = [];
  private start: number[] = [];
  private end: number[] = [];
  private tx: number[] = [];
  private inc: number[] = [];
  private causeCell: number[] = [];
  private causeTx: number[] = [];
  private ref: number[] = [];
  private readOffset: number[] = [0];
  private readCell: number[] = [];
  private readTx: number[] = [];
  private readInc: number[] = [];
  private readValue: number[] = [];
  private writeOffset: number[] = [0];
  private writeCell: number[] = [];
  private writeValue: number[] = [];
  private values: string[] = [];
  private valueIds = new Map<bigint, number>();

  valueId(v: bigint): number {
    let id = this.valueIds.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push('0x' + v.toString(16));
      this.valueIds.set(v, id);
    }
    return id;
  }

  get count(): number {
    return this.kind.length;
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
    const e = this.kind.length;
    if (e > 0) this.seal();
    this.kind.push(kind);
    this.core.push(core);
    this.start.push(start);
    this.end.push(end);
    this.tx.push(tx);
    this.inc.push(inc);
    this.flags.push(flags);
    this.causeCell.push(causeCell);
    this.causeTx.push(causeTx);
    this.ref.push(ref);
    return e;
  }

  private seal(): void {
    this.readOffset.push(this.readCell.length);
    this.writeOffset.push(this.writeCell.length);
  }

  read(cell: number, vtx: number, vinc: number, value: bigint | undefined): void {
    this.readCell.push(cell);
    this.readTx.push(vtx);
    this.readInc.push(vinc);
    this.readValue.push(value === undefined ? -1 : this.valueId(value));
  }

  write(cell: number, value: bigint): void {
    this.writeCell.push(cell);
    this.writeValue.push(this.valueId(value));
  }

  finish(meta: { variant: string; cores: number; txCount: number }, cells: readonly string[]): EventLog {
    if (this.kind.length > 0) this.seal();
    return {
      format: 'stm-log/1',
      variant: meta.variant,
      cores: meta.cores,
      txCount: meta.txCount,
      count: this.kind.length,
      kind: Uint8Array.from(this.kind),
      core: Uint8Array.from(this.core),
      flags: Uint8Array.from(this.flags),
      start: Float64Array.from(this.start),
      end: Float64Array.from(this.end),
      tx: Int32Array.from(this.tx),
      incarnation: Int32Array.from(this.inc),
      causeCell: Int32Array.from(this.causeCell),
      causeTx: Int32Array.from(this.causeTx),
      ref: Int32Array.from(this.ref),
      readOffset: Int32Array.from(this.readOffset),
      readCell: Int32Array.from(this.readCell),
      readTx: Int32Array.from(this.readTx),
      readInc: Int32Array.from(this.readInc),
      readValue: Int32Array.from(this.readValue),
      writeOffset: Int32Array.from(this.writeOffset),
      writeCell: Int32Array.from(this.writeCell),
      writeValue: Int32Array.from(this.writeValue),
      cells: cells.slice(),
      values: this.values.slice(),
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
  reads: { cell: string; versionTx: number; versionInc: number; value: bigint | 'ESTIMATE' }[];
  writes: { cell: string; value: bigint }[];
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
    });
  }
  const writes: StmEvent['writes'] = [];
  for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++) {
    writes.push({ cell: log.cells[log.writeCell[w]], value: BigInt(log.values[log.writeValue[w]]) });
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
