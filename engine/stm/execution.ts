/**
 * Running one incarnation of one transaction against MVMemory, with memoization.
 *
 * Executions are deterministic functions of the values they read, in order. For every
 * transaction we keep its last few traces (cells read, values read, result). A new incarnation
 * first replays a trace: it re-reads the same cells through MVMemory; if every value matches, the
 * result is reused without running the VM (a memo hit). The replay is exact: up to the first
 * mismatch the real execution would have made exactly the same reads, so an ESTIMATE met during
 * the replay is also where the real execution would have stopped. Memo hits save simulator
 * (wall-clock) time only; the simulated machine is still charged the full cost.
 *
 * Nothing is allocated per attempt: reads are appended to MVMemory's arena (AccessArena) as
 * they happen, writes too, and the result is left in the runner's fields (`ok`, `readStart`,
 * `readLen`, `writeStart`, `writeLen`, `cost`, …) until the next `run`. A trace is a few numbers
 * pointing into the arena (the VM run's read and write ranges), stored in typed arrays.
 */
import type { CellKey } from '../types';
import { CellTable } from './cells';
import { grow } from './events';
import { MVMemory, READ_ESTIMATE, READ_OK } from './mvmemory';
import {
  EstimateHit,
  type BlockExecutor,
  type ExecWeights,
  type StateView,
  type TxResult,
} from './types';

/** Interns a value for the event log (LogBuilder.valueId, LogBuilder.valueOf). */
export interface ValueInterner {
  valueId(v: bigint): number;
  /** The interned object of id `id` (kept instead of an equal fresh bigint). */
  valueOf(id: number): bigint;
}

const MAX_TRACES = 3;

export class TxRunner {
  vmRuns = 0;
  memoHits = 0;
  /** Wall time inside `execute` (profile mode), not counting the engine's own read callbacks. */
  private execMs = 0;

  // ---- result of the last run (valid until the next run) ----
  /** false: an ESTIMATE was hit (blockedCell, blocker) at offset `blockedAt`. */
  ok = true;
  blockedCell = -1;
  blocker = -1;
  blockedAt = 0;
  /** True when the executor placed its accesses in time (StateView.at / TxResult.writeOffsets). */
  timed = false;
  /** Reads of the attempt (a range of mv.arena; on a blocked attempt, the reads done before). */
  readStart = 0;
  readLen = 0;
  /** Writes of the attempt (a range of mv.arena), including an inline fee credit. */
  writeStart = 0;
  writeLen = 0;
  cost = 0;
  reverted = false;
  memo = false;
  /** The result being recorded: its cost and write offsets (read by pushWrite). */
  private wCost = 0;
  private wOffsets: ReadonlyMap<CellKey, number> | undefined = undefined;

  /** Append one write of the result being recorded (a Map.forEach callback: value, key). */
  private pushWrite(v: bigint, k: CellKey): void {
    const cost = this.wCost;
    const at = this.wOffsets?.get(k);
    this.mv.arena.pushWrite(this.cellId(k), -1, v, at === undefined ? cost : Math.min(cost, at));
  }

  /** Deferred fee credit (only when inlineFee is false): cell id or -1. */
  feeCell = -1;
  feeAmount = 0n;
  /**
   * Per transaction, 1 when its last execution's final read is the engine's own read of the
   * sequencer balance for the inline fee credit (not a read the transaction's code made). The
   * dependency graph leaves it out: fee credits commute, Starknet applies them at commit.
   */
  readonly inlineFeeRead: Uint8Array;
  /**
   * Per transaction, the cell its last execution credits a fee to as a commutative credit (the
   * transaction's own code did not write that cell), or -1: no fee, or a fee merged into the
   * code's own write of the cell (a plain write). engine/graph treats the two differently.
   */
  readonly creditCell: Int32Array;
  /** Per transaction, 1 when its last completed execution reverted (the oracle's log uses it). */
  readonly revertedTx: Uint8Array;
  /**
   * Per transaction, of its last completed run (the recorded incarnation, since a transaction
   * runs one incarnation at a time): the bouncer weights its executor reported, and its fee
   * credit (cell id or -1, amount), inline or deferred. The bouncer (block-bouncer.ts) reads them.
   */
  readonly execWeights: (ExecWeights | undefined)[];
  readonly feeCellOf: Int32Array;
  readonly feeAmountOf: bigint[];

  // ---- traces: per trace id, ranges of the arena and the executor's result ----
  private ntr = 0;
  private tReadStart: Int32Array;
  private tReadLen: Int32Array;
  private tWriteStart: Int32Array;
  private tWriteLen: Int32Array;
  private tCost: Float64Array;
  private tReverted: Uint8Array;
  private tFeeCell: Int32Array;
  private tFeeAmount: bigint[] = [];
  private tWeights: (ExecWeights | undefined)[] = [];
  private tTimed: Uint8Array;
  /** Per transaction, its trace ids (oldest first) in slots tx*MAX_TRACES…, and how many. */
  private readonly txTraces: Int32Array;
  private readonly txTraceCount: Uint8Array;

  /** Writes reported through StateView.writeId during the current VM run (see run). */
  private readonly numCell: number[] = [];
  private readonly numVal: bigint[] = [];
  /** Offset of each, or -1: at `cost`. */
  private readonly numAt: number[] = [];
  private nNum = 0;
  /** Key strings looked up during the current VM run and their ids (see cellId). */
  private readonly runKeys: CellKey[] = [];
  private readonly runKeyIds: number[] = [];
  private nKeys = 0;
  /** Log value id of each cell's pre-block value, once looked up. */
  private readonly preValIds: number[] = [];
  /** The attempt's first read in the arena (read-your-reads scan starts here). */
  private curStart = 0;
  /** Offset the executor last gave through `StateView.at` (the next reads happen there). */
  private curAt = 0;
  /**
   * Reads [pinStart, pinStart + pinLen) of an earlier attempt of the same execution, already
   * made at their real time: the attempt's first pinLen reads return them as they are (see run).
   */
  private pinStart = 0;
  private pinLen = 0;
  /** Profile mode: wall time spent in viewRead during the current executor call. */
  private readMs = 0;
  private readonly profile: boolean;
  private readonly memoOn: boolean;
  private readonly inlineFee: boolean;
  private readonly interner: ValueInterner;

  /** One reusable view object (no closure per execution); numbered if the executor is. */
  private readonly view: RunnerView;

  /**
   * Wall time spent in the executor's own code (profile mode): `execute` minus the engine's read
   * callbacks made from inside it, plus `preState` (the executor's storage).
   */
  get vmTimeMs(): number {
    return this.execMs + this.cells.preStateMs;
  }

  constructor(
    private readonly executor: BlockExecutor,
    private readonly cells: CellTable,
    private readonly mv: MVMemory,
    opts: { inlineFee: boolean; memo: boolean; profile: boolean; log: ValueInterner },
  ) {
    const n = executor.size;
    this.inlineFeeRead = new Uint8Array(n);
    this.creditCell = new Int32Array(n).fill(-1);
    this.revertedTx = new Uint8Array(n);
    this.execWeights = new Array<ExecWeights | undefined>(n);
    this.feeCellOf = new Int32Array(n).fill(-1);
    this.feeAmountOf = new Array<bigint>(n).fill(0n);
    this.txTraces = new Int32Array(n * MAX_TRACES);
    this.txTraceCount = new Uint8Array(n);
    // About one VM run per transaction (plus re-executions): sized so a large block rarely grows.
    const tc = Math.max(1024, n + (n >> 2));
    this.tReadStart = new Int32Array(tc);
    this.tReadLen = new Int32Array(tc);
    this.tWriteStart = new Int32Array(tc);
    this.tWriteLen = new Int32Array(tc);
    this.tCost = new Float64Array(tc);
    this.tReverted = new Uint8Array(tc);
    this.tFeeCell = new Int32Array(tc);
    this.tTimed = new Uint8Array(tc);
    this.view =
      executor.cellKey === undefined ? new RunnerView(this) : new NumberedRunnerView(this);
    this.interner = opts.log;
    this.profile = opts.profile;
    this.memoOn = opts.memo;
    this.inlineFee = opts.inlineFee;
  }

  /** StateView.read for the current execution of `tx`. */
  viewRead(key: CellKey, tx: number): bigint {
    if (this.profile) {
      const t0 = performance.now();
      try {
        return this.viewReadInner(key, tx);
      } finally {
        this.readMs += performance.now() - t0;
      }
    }
    return this.viewReadInner(key, tx);
  }

  private viewReadInner(key: CellKey, tx: number): bigint {
    const c = this.cells.id(key);
    // Remember the key object: executors usually write through the very string they read.
    const nk = this.nKeys;
    this.runKeys[nk] = key;
    this.runKeyIds[nk] = c;
    this.nKeys = nk + 1;
    return this.readCell(c, tx);
  }

  /** StateView.readId (numbered cells) for the current execution of `tx`. */
  viewReadNumber(num: number, tx: number): bigint {
    if (this.profile) {
      const t0 = performance.now();
      try {
        return this.readCell(this.cells.idOfNumber(num), tx);
      } finally {
        this.readMs += performance.now() - t0;
      }
    }
    return this.readCell(this.cells.idOfNumber(num), tx);
  }

  /**
   * StateView.writeId: only kept until `execute` returns (then recorded like `writes`), so the
   * executor's side of the call is three array stores, as building its own result would be.
   */
  viewWriteNumber(num: number, value: bigint, offset: number): void {
    const i = this.nNum++;
    this.numCell[i] = num;
    this.numVal[i] = value;
    this.numAt[i] = offset;
  }

  /** A read of engine cell `c` by the current execution of `tx` (read-your-reads first). */
  private readCell(c: number, tx: number): bigint {
    const a = this.mv.arena;
    const rc = a.rCell;
    for (let i = this.curStart; i < a.rTop; i++) if (rc[i] === c) return a.rVal[i];
    const v = this.mvRead(c, tx, this.curAt);
    if (v === undefined) throw new EstimateHit(c, this.mv.outTx);
    return v;
  }

  /** StateView.at: the executor's current offset (cost units since the start of the execution). */
  viewAt(offset: number): void {
    this.curAt = offset;
    this.timed = true;
  }

  /** Read through MVMemory as `tx`; appends to the arena; returns undefined on ESTIMATE. */
  private mvRead(cell: number, tx: number, at: number): bigint | undefined {
    const mv = this.mv;
    const a = mv.arena;
    const k = a.rTop - this.readStart;
    if (k < this.pinLen) return this.pinnedRead(cell, k, at);
    const r = mv.read(cell, tx);
    if (r === READ_ESTIMATE) return undefined;
    const v = r === READ_OK ? mv.outValue : this.cells.preValue(cell);
    a.pushRead(cell, mv.outTx, mv.outInc, r === READ_OK ? mv.outValId : -1, v, at);
    return v;
  }

  /** The k-th read of a re-run: the value the earlier attempt read at that point, as it was. */
  private pinnedRead(cell: number, k: number, at: number): bigint {
    const a = this.mv.arena;
    const p = this.pinStart + k;
    if (a.rCell[p] !== cell)
      throw new Error(
        'TxRunner: a re-run read another cell than the same attempt did (execute is not deterministic)',
      );
    const v = a.rVal[p];
    a.pushRead(cell, a.rTx[p], a.rInc[p], a.rValId[p], v, at);
    return v;
  }

  private blocked(cell: number, at: number): void {
    this.ok = false;
    this.blockedCell = cell;
    this.blocker = this.mv.outTx;
    this.blockedAt = at;
    this.readLen = this.mv.arena.rTop - this.readStart;
  }

  /**
   * Replay trace `t` as `tx`, appending its reads (with the current versions) to the arena:
   * 1 = every value matches, 0 = a value differs (the reads appended are dropped), -1 = ESTIMATE
   * at the next read (the reads before it stay appended).
   */
  private replay(t: number, tx: number): number {
    const a = this.mv.arena;
    const s = this.tReadStart[t];
    const len = this.tReadLen[t];
    const top0 = a.rTop;
    a.reserveReads(len);
    // A re-run's first pinLen reads were made at their real time: they keep their versions.
    const pinned = len < this.pinLen ? len : this.pinLen;
    if (!this.replayPinned(s, pinned, top0)) {
      a.rTop = top0;
      return 0;
    }
    const res = this.replayLive(s + pinned, s + len, top0 + pinned, tx);
    if (res === 0) a.rTop = top0;
    return res;
  }

  /**
   * Replay the trace's reads [s, s + count), all within the pinned reads of a re-run: append them
   * at `top` with the pinned versions. False at the first cell or value that differs.
   */
  private replayPinned(s: number, count: number, top: number): boolean {
    const { rCell, rTx, rInc, rValId, rVal, rAt } = this.mv.arena;
    for (let k = 0, p = this.pinStart, i = s; k < count; k++, p++, i++, top++) {
      const c = rCell[i];
      const v = rVal[p];
      if (rCell[p] !== c || v !== rVal[i]) return false;
      rCell[top] = c;
      rTx[top] = rTx[p];
      rInc[top] = rInc[p];
      rValId[top] = rValId[i];
      rVal[top] = v;
      rAt[top] = rAt[i];
    }
    return true;
  }

  /**
   * Replay the trace's reads [from, to) through MVMemory now, appending them from `top`:
   * 1 = every value matches (rTop set past them), 0 = a value differs (rTop left to the caller),
   * -1 = ESTIMATE (rTop set past the reads before it).
   */
  private replayLive(from: number, to: number, top: number, tx: number): number {
    const mv = this.mv;
    const a = mv.arena;
    const { rCell, rTx, rInc, rValId, rVal, rAt } = a;
    for (let i = from; i < to; i++, top++) {
      const c = rCell[i];
      const r = mv.read(c, tx);
      if (r === READ_ESTIMATE) {
        a.rTop = top;
        return -1;
      }
      const vtx = mv.outTx;
      const vinc = mv.outInc;
      const v = r === READ_OK ? mv.outValue : this.cells.preValue(c);
      if (v !== rVal[i]) return 0;
      rCell[top] = c;
      rTx[top] = vtx;
      rInc[top] = vinc;
      rValId[top] = rValId[i];
      rVal[top] = v;
      rAt[top] = rAt[i];
    }
    a.rTop = top;
    return 1;
  }

  private newTrace(): number {
    const t = this.ntr++;
    if (t === this.tReadStart.length) {
      const need = t + 1;
      this.tReadStart = grow(this.tReadStart, need);
      this.tReadLen = grow(this.tReadLen, need);
      this.tWriteStart = grow(this.tWriteStart, need);
      this.tWriteLen = grow(this.tWriteLen, need);
      this.tFeeCell = grow(this.tFeeCell, need);
      this.tCost = grow(this.tCost, need);
      this.tReverted = grow(this.tReverted, need);
      this.tTimed = grow(this.tTimed, need);
    }
    return t;
  }

  /**
   * Execute `tx` (reads happen now, against the current MVMemory). The result is in the fields.
   * `pinStart`/`pinLen`: a re-run of an attempt whose first `pinLen` reads (arena range from
   * `pinStart`) were already made at their real time: they return the same versions and values
   * (the executor is deterministic, so it makes the same reads up to there), later reads go to
   * MVMemory now.
   */
  run(tx: number, pinStart = 0, pinLen = 0): void {
    this.reset(tx, pinStart, pinLen);
    let t = this.memoOn ? this.replayTraces(tx) : -1;
    if (t === -2) return; // a replay met an ESTIMATE: the attempt is blocked there
    if (t < 0) {
      t = this.runVm(tx);
      if (t < 0) return; // the VM met an ESTIMATE
    }
    this.adopt(t, tx);
  }

  /** Clear the result fields for a new attempt of `tx` (see run). */
  private reset(tx: number, pinStart: number, pinLen: number): void {
    const a = this.mv.arena;
    this.pinStart = pinStart;
    this.pinLen = pinLen;
    this.ok = true;
    this.blockedCell = -1;
    this.blocker = -1;
    this.blockedAt = 0;
    this.timed = false;
    this.curAt = 0;
    this.memo = false;
    this.feeCell = -1;
    this.feeAmount = 0n;
    this.inlineFeeRead[tx] = 0;
    this.creditCell[tx] = -1;
    this.readStart = a.rTop;
    this.curStart = a.rTop;
  }

  /**
   * Replay tx's traces, newest first: the trace whose every value still matches (a memo hit),
   * or -1 (none: run the VM), or -2 (a replay met an ESTIMATE: blocked there, as the real
   * execution would have been).
   */
  private replayTraces(tx: number): number {
    const a = this.mv.arena;
    const base = tx * MAX_TRACES;
    for (let j = this.txTraceCount[tx] - 1; j >= 0; j--) {
      const tr = this.txTraces[base + j];
      const res = this.replay(tr, tx);
      if (res === 0) continue;
      if (res < 0) {
        const m = a.rTop - this.readStart;
        const cell = a.rCell[this.tReadStart[tr] + m];
        this.mv.read(cell, tx); // outTx = blocker
        this.timed = this.tTimed[tr] === 1;
        this.blocked(cell, a.rAt[this.tReadStart[tr] + m]);
        return -2;
      }
      this.memoHits++;
      this.memo = true;
      return tr;
    }
    return -1;
  }

  /** Run the executor on `tx` and keep the result as a new trace (its id), or -1 on ESTIMATE. */
  private runVm(tx: number): number {
    this.vmRuns++;
    this.view.tx = tx;
    this.nKeys = 0;
    this.nNum = 0;
    const res = this.profile ? this.executeTimed(tx) : this.executeOrBlock(tx);
    if (res === undefined) return -1;
    const a = this.mv.arena;
    const readEnd = a.rTop;
    this.internReads(readEnd);
    const ws = a.wTop;
    this.pushResultWrites(res);
    const t = this.newTrace();
    this.tReadStart[t] = this.readStart;
    this.tReadLen[t] = readEnd - this.readStart;
    this.tWriteStart[t] = ws;
    this.tWriteLen[t] = a.wTop - ws;
    this.tCost[t] = res.cost;
    this.tReverted[t] = res.reverted === true ? 1 : 0;
    this.tTimed[t] = this.timed ? 1 : 0;
    this.tFeeCell[t] = res.fee ? this.cells.id(res.fee.cell) : -1;
    this.tFeeAmount[t] = res.fee ? res.fee.amount : 0n;
    this.tWeights[t] = res.weights;
    if (this.memoOn) this.keepTrace(tx, t);
    return t;
  }

  /** `execute`, or undefined when it met an ESTIMATE (the attempt is then blocked). */
  private executeOrBlock(tx: number): TxResult | undefined {
    try {
      return this.executor.execute(tx, this.view);
    } catch (e) {
      this.vmThrew(e, tx);
      return undefined;
    }
  }

  /** executeOrBlock in profile mode: the executor's own time, read callbacks left out. */
  private executeTimed(tx: number): TxResult | undefined {
    this.readMs = 0;
    const t0 = performance.now();
    const res = this.executeOrBlock(tx);
    this.execMs += performance.now() - t0 - this.readMs;
    return res;
  }

  /**
   * Give the run's reads [readStart, readEnd) their log value ids. Values read from MVMemory
   * usually carry theirs already (given when they were written); pre-block values get one id per
   * cell, cached after its first lookup.
   */
  private internReads(readEnd: number): void {
    const a = this.mv.arena;
    const interner = this.interner;
    for (let i = this.readStart; i < readEnd; i++) {
      if (a.rValId[i] >= 0) continue;
      if (a.rTx[i] < 0) {
        const c = a.rCell[i];
        let id = this.preValIds[c];
        if (id === undefined) {
          id = interner.valueId(a.rVal[i]);
          this.preValIds[c] = id;
        }
        a.rValId[i] = id;
      } else {
        const id = interner.valueId(a.rVal[i]);
        a.rValId[i] = id;
        a.rVal[i] = interner.valueOf(id);
      }
    }
  }

  /** Append the result's writes (TxResult.writes, then StateView.writeId's) with value ids. */
  private pushResultWrites(res: TxResult): void {
    const a = this.mv.arena;
    const ws = a.wTop;
    const writes = res.writes;
    const offs = res.writeOffsets;
    const cost = res.cost;
    if (offs !== undefined) this.timed = true;
    this.wCost = cost;
    this.wOffsets = offs;
    // forEach with a method and thisArg: no [key, value] array per entry and no closure per run
    // (under tsx every closure creation also runs esbuild's keepNames helper)
    if (writes instanceof Map) (writes as Map<CellKey, bigint>).forEach(this.pushWrite, this);
    else if (!Array.isArray(writes) || writes.length > 0)
      for (const [k, v] of writes) this.pushWrite(v, k);
    if (this.nNum > 0) this.pushNumberedWrites(cost);
    // The interned object replaces the executor's fresh one, which then dies young (valueOf).
    const interner = this.interner;
    for (let i = ws; i < a.wTop; i++) {
      const id = interner.valueId(a.wVal[i]);
      a.wValId[i] = id;
      a.wVal[i] = interner.valueOf(id);
    }
  }

  /** Remember trace t as tx's newest (at most MAX_TRACES, the oldest dropped). */
  private keepTrace(tx: number, t: number): void {
    const base = tx * MAX_TRACES;
    let cnt = this.txTraceCount[tx];
    if (cnt >= MAX_TRACES) {
      this.txTraces.copyWithin(base, base + 1, base + MAX_TRACES);
      cnt--;
    }
    this.txTraces[base + cnt] = t;
    this.txTraceCount[tx] = cnt + 1;
  }

  /** Make trace t the attempt's result: cost, writes, reads made, and the fee credit. */
  private adopt(t: number, tx: number): void {
    const a = this.mv.arena;
    this.cost = this.tCost[t];
    this.reverted = this.tReverted[t] === 1;
    this.revertedTx[tx] = this.tReverted[t];
    this.timed = this.tTimed[t] === 1;
    this.writeStart = this.tWriteStart[t];
    this.writeLen = this.tWriteLen[t];
    this.readLen = a.rTop - this.readStart;
    const fc = this.tFeeCell[t];
    this.execWeights[tx] = this.tWeights[t];
    this.feeCellOf[tx] = fc;
    this.feeAmountOf[tx] = this.tFeeAmount[t];
    if (fc >= 0) {
      if (!this.traceWrites(t, fc)) this.creditCell[tx] = fc;
      if (this.inlineFee) this.applyInlineFee(t, tx, fc);
      else {
        this.feeCell = fc;
        this.feeAmount = this.tFeeAmount[t];
      }
    }
  }

  /** Append the writes reported through StateView.writeId (their offsets capped at `cost`). */
  private pushNumberedWrites(cost: number): void {
    const a = this.mv.arena;
    const cells = this.cells;
    const n = this.nNum;
    a.reserveWrites(n);
    for (let i = 0; i < n; i++) {
      const at = this.numAt[i];
      if (at >= 0) this.timed = true; // as a TxResult.writeOffsets would
      const end = at < 0 ? cost : Math.min(cost, at);
      a.pushWrite(cells.idOfNumber(this.numCell[i]), -1, this.numVal[i], end);
    }
    this.nNum = 0;
  }

  /** Does trace `t`'s own write set (the executor's writes) contain `cell`? */
  private traceWrites(t: number, cell: number): boolean {
    const a = this.mv.arena;
    const ws = this.tWriteStart[t];
    for (let i = ws; i < ws + this.tWriteLen[t]; i++) if (a.wCell[i] === cell) return true;
    return false;
  }

  /**
   * Id of a key the executor returns: the same string object it read through the view is
   * recognised by identity (no hashing of a long key string again), else CellTable.id.
   */
  private cellId(key: CellKey): number {
    const keys = this.runKeys;
    for (let i = 0; i < this.nKeys; i++) if (keys[i] === key) return this.runKeyIds[i];
    return this.cells.id(key);
  }

  private vmThrew(e: unknown, tx: number): void {
    if (e instanceof EstimateHit) {
      this.mv.read(e.cell, tx); // outTx = blocker
      // The reads keep value id -1: they are interned if and when the attempt is logged.
      this.blocked(e.cell, this.curAt);
      return;
    }
    throw e;
  }

  /**
   * The engine's read-modify-write of the sequencer balance, part of this transaction: the fee
   * credit is added to the transaction's own write of the cell, or to the value it read, or to a
   * value read now (one more read).
   */
  private applyInlineFee(t: number, tx: number, fc: number): void {
    const a = this.mv.arena;
    const amount = this.tFeeAmount[t];
    const ws = this.tWriteStart[t];
    const wl = this.tWriteLen[t];
    let pos = -1;
    for (let i = ws; i < ws + wl; i++) if (a.wCell[i] === fc) pos = i;
    let base: bigint | undefined;
    if (pos < 0) {
      const rs = this.tReadStart[t];
      const rl = this.tReadLen[t];
      for (let i = rs; i < rs + rl; i++) if (a.rCell[i] === fc) base = a.rVal[i];
      if (base === undefined) {
        const end = this.tCost[t];
        base = this.mvRead(fc, tx, end);
        if (base === undefined) {
          this.blocked(fc, end);
          return;
        }
        const r = a.rTop - 1;
        if (a.rValId[r] < 0) a.rValId[r] = this.interner.valueId(base);
        this.readLen++;
        this.inlineFeeRead[tx] = 1;
      }
    }
    // A new write range: the trace's writes with the credit applied (or appended).
    const start = a.wTop;
    a.reserveWrites(wl + 1);
    const end = this.tCost[t];
    const interner = this.interner;
    for (let i = ws; i < ws + wl; i++) {
      if (i === pos) {
        const id = interner.valueId(a.wVal[i] + amount);
        a.pushWrite(fc, id, interner.valueOf(id), end);
      } else a.pushWrite(a.wCell[i], a.wValId[i], a.wVal[i], a.wAt[i]);
    }
    if (pos < 0) {
      const id = interner.valueId((base as bigint) + amount);
      a.pushWrite(fc, id, interner.valueOf(id), end);
    }
    this.writeStart = start;
    this.writeLen = a.wTop - start;
  }
}

class RunnerView implements StateView {
  tx = 0;
  constructor(protected readonly runner: TxRunner) {}
  read(cell: CellKey): bigint {
    return this.runner.viewRead(cell, this.tx);
  }
  at(offset: number): void {
    this.runner.viewAt(offset);
  }
}

/** The view of an executor that numbers its cells (BlockExecutor.cellKey): the fast path too. */
class NumberedRunnerView extends RunnerView {
  readId(id: number): bigint {
    return this.runner.viewReadNumber(id, this.tx);
  }
  writeId(id: number, value: bigint, offset = -1): void {
    this.runner.viewWriteNumber(id, value, offset);
  }
}
