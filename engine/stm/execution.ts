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
 */
import type { CellKey } from '../types';
import { CellTable } from './cells';
import { MVMemory, READ_ESTIMATE, READ_OK, type ReadSet } from './mvmemory';
import { EstimateHit, type BlockExecutor, type StateView } from './types';

interface Trace {
  cells: number[];
  values: bigint[];
  /** Log value ids of `values` / `writeVals` (interned once, when the trace is made). */
  valueIds: number[];
  writeCells: Int32Array;
  writeVals: bigint[];
  writeIds: number[];
  cost: number;
  reverted: boolean;
  feeCell: number;
  feeAmount: bigint;
}

/** Result of one attempt; reused object (copy what you keep). */
export interface Attempt {
  /** false: an ESTIMATE was hit (blockedCell, blocker). */
  ok: boolean;
  blockedCell: number;
  blocker: number;
  reads: ReadSet;
  writeCells: Int32Array;
  writeVals: bigint[];
  /** Log value ids of `reads.values` / `writeVals` when already interned (else null: intern them). */
  readIds: readonly number[] | null;
  writeIds: readonly number[] | null;
  cost: number;
  reverted: boolean;
  memo: boolean;
  /** Deferred fee credit (only when inlineFee is false): cell id or -1. */
  feeCell: number;
  feeAmount: bigint;
}

/** Interns a value for the event log (LogBuilder.valueId). */
export interface ValueInterner {
  valueId(v: bigint): number;
}

const MAX_TRACES = 3;
const NO_INTERNER: ValueInterner = { valueId: () => -1 };

export class TxRunner {
  vmRuns = 0;
  memoHits = 0;
  vmTimeMs = 0;
  private readonly traces: Trace[][];
  // read buffer of the current attempt: cells/values as JS arrays (they become a trace's),
  // versions in growable Int32Arrays.
  private rc: number[] = [];
  private rv: bigint[] = [];
  private rt = new Int32Array(16);
  private ri = new Int32Array(16);
  private nr = 0;
  private readonly interner: ValueInterner;

  /** One reusable view object (no closure per execution). */
  private readonly view: RunnerView;

  constructor(
    private readonly executor: BlockExecutor,
    private readonly cells: CellTable,
    private readonly mv: MVMemory,
    private readonly opts: { inlineFee: boolean; memo: boolean; profile: boolean; log?: ValueInterner },
  ) {
    this.traces = Array.from({ length: executor.size }, () => []);
    this.view = new RunnerView(this);
    this.interner = opts.log ?? NO_INTERNER;
  }

  /** StateView.read for the current execution of `tx`. */
  viewRead(key: CellKey, tx: number): bigint {
    const c = this.cells.id(key);
    const rc = this.rc;
    for (let i = 0; i < rc.length; i++) if (rc[i] === c) return this.rv[i];
    const v = this.mvRead(c, tx);
    if (v === undefined) throw new EstimateHit(c, this.mv.outTx);
    return v;
  }

  private resetReads(): void {
    this.rc.length = 0;
    this.rv.length = 0;
    this.nr = 0;
  }

  private pushVersion(t: number, inc: number): void {
    const r = this.nr;
    if (r === this.rt.length) {
      const t2 = new Int32Array(r * 2);
      t2.set(this.rt);
      this.rt = t2;
      const i2 = new Int32Array(r * 2);
      i2.set(this.ri);
      this.ri = i2;
    }
    this.rt[r] = t;
    this.ri[r] = inc;
    this.nr = r + 1;
  }

  /** Read through MVMemory as `tx`; pushes to the read buffer; returns undefined on ESTIMATE. */
  private mvRead(cell: number, tx: number): bigint | undefined {
    const mv = this.mv;
    const r = mv.read(cell, tx);
    if (r === READ_ESTIMATE) return undefined;
    const v = r === READ_OK ? mv.outValue : this.cells.preValue(cell);
    this.rc.push(cell);
    this.rv.push(v);
    this.pushVersion(mv.outTx, mv.outInc);
    return v;
  }

  private blocked(out: Attempt, cell: number): Attempt {
    out.ok = false;
    out.blockedCell = cell;
    out.blocker = this.mv.outTx;
    out.reads = this.takeReads();
    return out;
  }

  private takeReads(): ReadSet {
    return { cells: this.rc.slice(), txs: this.versions(this.rt), incs: this.versions(this.ri), values: this.rv.slice() };
  }

  /** Copy of the first `nr` entries as a plain array (cheaper to allocate than a small typed array). */
  private versions(a: Int32Array): number[] {
    const n = this.nr;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = a[i];
    return out;
  }

  /** The read set of an attempt whose reads are exactly `tr`'s (cells and values shared, never mutated). */
  private traceReads(tr: Trace): ReadSet {
    return { cells: tr.cells, txs: this.versions(this.rt), incs: this.versions(this.ri), values: tr.values };
  }

  /**
   * Replay a trace's reads as `tx`: 1 = every value matches, 0 = a value differs, -1 = ESTIMATE
   * at read `this.nr` (the read buffer then holds the reads before it).
   */
  private replay(tr: Trace, tx: number): number {
    const mv = this.mv;
    const cells = tr.cells;
    const values = tr.values;
    this.nr = 0;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      const r = mv.read(c, tx);
      if (r === READ_ESTIMATE) return -1;
      const v = r === READ_OK ? mv.outValue : this.cells.preValue(c);
      if (v !== values[i]) return 0;
      this.pushVersion(mv.outTx, mv.outInc);
    }
    return 1;
  }

  /** Execute `tx` (reads happen now, against the current MVMemory). */
  run(tx: number): Attempt {
    const out: Attempt = {
      ok: true,
      blockedCell: -1,
      blocker: -1,
      reads: undefined as unknown as ReadSet,
      writeCells: undefined as unknown as Int32Array,
      writeVals: [],
      readIds: null,
      writeIds: null,
      cost: 0,
      reverted: false,
      memo: false,
      feeCell: -1,
      feeAmount: 0n,
    };
    let trace: Trace | undefined;
    if (this.opts.memo) {
      const list = this.traces[tx];
      for (let t = list.length - 1; t >= 0; t--) {
        const tr = list[t];
        const res = this.replay(tr, tx);
        if (res === 0) continue;
        if (res < 0) {
          // ESTIMATE: the real execution would have stopped at the same read.
          const m = this.nr;
          this.rc = tr.cells.slice(0, m);
          this.rv = tr.values.slice(0, m);
          this.mv.read(tr.cells[m], tx); // restore outTx = blocker
          return this.blocked(out, tr.cells[m]);
        }
        trace = tr;
        this.memoHits++;
        out.memo = true;
        break;
      }
    }
    if (trace === undefined) {
      this.resetReads();
      const cells = this.cells;
      this.view.tx = tx;
      const view = this.view;
      this.vmRuns++;
      const t0 = this.opts.profile ? performance.now() : 0;
      let res;
      try {
        res = this.executor.execute(tx, view);
      } catch (e) {
        if (e instanceof EstimateHit) {
          if (this.opts.profile) this.vmTimeMs += performance.now() - t0;
          this.mv.read(e.cell, tx); // restore outTx = blocker
          return this.blocked(out, e.cell);
        }
        throw e;
      }
      if (this.opts.profile) this.vmTimeMs += performance.now() - t0;
      const wc: number[] = [];
      const wv: bigint[] = [];
      const writes = res.writes;
      if (writes instanceof Map) {
        // forEach: no [key, value] array per entry.
        (writes as Map<CellKey, bigint>).forEach((v, k) => {
          wc.push(cells.id(k));
          wv.push(v);
        });
      } else {
        for (const [k, v] of writes) {
          wc.push(cells.id(k));
          wv.push(v);
        }
      }
      const interner = this.interner;
      const rvals = this.rv;
      const valueIds: number[] = [];
      for (let i = 0; i < rvals.length; i++) valueIds.push(interner.valueId(rvals[i]));
      const writeIds: number[] = [];
      for (let i = 0; i < wv.length; i++) writeIds.push(interner.valueId(wv[i]));
      trace = {
        cells: this.rc,
        values: rvals,
        valueIds,
        writeCells: Int32Array.from(wc),
        writeVals: wv,
        writeIds,
        cost: res.cost,
        reverted: res.reverted === true,
        feeCell: res.fee ? cells.id(res.fee.cell) : -1,
        feeAmount: res.fee ? res.fee.amount : 0n,
      };
      // The buffers now belong to the trace; start fresh ones.
      this.rc = [];
      this.rv = [];
      if (this.opts.memo) {
        const list = this.traces[tx];
        if (list.length >= MAX_TRACES) list.shift();
        list.push(trace);
      }
    }
    out.cost = trace.cost;
    out.reverted = trace.reverted;
    out.writeCells = trace.writeCells;
    out.writeVals = trace.writeVals;
    out.writeIds = this.opts.log ? trace.writeIds : null;
    if (trace.feeCell >= 0) {
      if (this.opts.inlineFee) {
        out.writeIds = null;
        // The engine's read-modify-write of the sequencer balance, part of this transaction.
        const fc = trace.feeCell;
        let pos = -1;
        for (let i = 0; i < trace.writeCells.length; i++) if (trace.writeCells[i] === fc) pos = i;
        const wc = Int32Array.from(trace.writeCells);
        const wv = trace.writeVals.slice();
        if (pos >= 0) {
          wv[pos] = wv[pos] + trace.feeAmount;
        } else {
          let base: bigint | undefined;
          for (let i = 0; i < trace.cells.length; i++) if (trace.cells[i] === fc) base = trace.values[i];
          if (base === undefined) {
            // An extra read: the read set is no longer the trace's.
            this.rc = trace.cells.slice();
            this.rv = trace.values.slice();
            base = this.mvRead(fc, tx);
            if (base === undefined) return this.blocked(out, fc);
            out.reads = this.takeReads();
          } else {
            out.reads = this.traceReads(trace);
            out.readIds = this.opts.log ? trace.valueIds : null;
          }
          const wc2 = new Int32Array(wc.length + 1);
          wc2.set(wc);
          wc2[wc.length] = fc;
          wv.push(base + trace.feeAmount);
          out.writeCells = wc2;
          out.writeVals = wv;
          return out;
        }
        out.writeCells = wc;
        out.writeVals = wv;
      } else {
        out.feeCell = trace.feeCell;
        out.feeAmount = trace.feeAmount;
      }
    }
    out.reads = this.traceReads(trace);
    out.readIds = this.opts.log ? trace.valueIds : null;
    return out;
  }
}

class RunnerView implements StateView {
  tx = 0;
  constructor(private readonly runner: TxRunner) {}
  read(cell: CellKey): bigint {
    return this.runner.viewRead(cell, this.tx);
  }
}
