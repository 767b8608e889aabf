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
  writeCells: Int32Array;
  writeVals: bigint[];
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
  cost: number;
  reverted: boolean;
  memo: boolean;
  /** Deferred fee credit (only when inlineFee is false): cell id or -1. */
  feeCell: number;
  feeAmount: bigint;
}

const MAX_TRACES = 3;

export class TxRunner {
  vmRuns = 0;
  memoHits = 0;
  vmTimeMs = 0;
  private readonly traces: Trace[][];
  // read buffer of the current attempt
  private rc: number[] = [];
  private rt: number[] = [];
  private ri: number[] = [];
  private rv: bigint[] = [];

  /** One reusable view object (no closure per execution). */
  private readonly view: RunnerView;

  constructor(
    private readonly executor: BlockExecutor,
    private readonly cells: CellTable,
    private readonly mv: MVMemory,
    private readonly opts: { inlineFee: boolean; memo: boolean; profile: boolean },
  ) {
    this.traces = Array.from({ length: executor.size }, () => []);
    this.view = new RunnerView(this);
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
    this.rt.length = 0;
    this.ri.length = 0;
    this.rv.length = 0;
  }

  /** Read through MVMemory as `tx`; pushes to the read buffer; returns undefined on ESTIMATE. */
  private mvRead(cell: number, tx: number): bigint | undefined {
    const r = this.mv.read(cell, tx);
    if (r === READ_ESTIMATE) return undefined;
    const v = r === READ_OK ? this.mv.outValue : this.cells.preValue(cell);
    this.rc.push(cell);
    this.rt.push(this.mv.outTx);
    this.ri.push(this.mv.outInc);
    this.rv.push(v);
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
    return { cells: this.rc.slice(), txs: this.rt.slice(), incs: this.ri.slice(), values: this.rv.slice() };
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
      cost: 0,
      reverted: false,
      memo: false,
      feeCell: -1,
      feeAmount: 0n,
    };
    let trace: Trace | undefined;
    if (this.opts.memo) {
      const list = this.traces[tx];
      outer: for (let t = list.length - 1; t >= 0; t--) {
        const tr = list[t];
        this.resetReads();
        for (let i = 0; i < tr.cells.length; i++) {
          const v = this.mvRead(tr.cells[i], tx);
          if (v === undefined) return this.blocked(out, tr.cells[i]);
          if (v !== tr.values[i]) continue outer;
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
      for (const [k, v] of res.writes) {
        wc.push(cells.id(k));
        wv.push(v);
      }
      trace = {
        cells: this.rc.slice(),
        values: this.rv.slice(),
        writeCells: Int32Array.from(wc),
        writeVals: wv,
        cost: res.cost,
        reverted: res.reverted === true,
        feeCell: res.fee ? cells.id(res.fee.cell) : -1,
        feeAmount: res.fee ? res.fee.amount : 0n,
      };
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
    if (trace.feeCell >= 0) {
      if (this.opts.inlineFee) {
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
          for (let i = 0; i < this.rc.length; i++) if (this.rc[i] === fc) base = this.rv[i];
          if (base === undefined) base = this.mvRead(fc, tx);
          if (base === undefined) return this.blocked(out, fc);
          const wc2 = new Int32Array(wc.length + 1);
          wc2.set(wc);
          wc2[wc.length] = fc;
          wv.push(base + trace.feeAmount);
          out.writeCells = wc2;
          out.writeVals = wv;
          out.reads = this.takeReads();
          return out;
        }
        out.writeCells = wc;
        out.writeVals = wv;
      } else {
        out.feeCell = trace.feeCell;
        out.feeAmount = trace.feeAmount;
      }
    }
    out.reads = this.takeReads();
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
