/**
 * What one worker thread does, independent of the environment (worker_threads or Web Worker):
 * the environment's entry file forwards messages to `handleMessage` with a `post` function.
 *
 * 'init'  → rebuild the executor from the block description, warm up (untimed, on a private
 *           state), answer 'ready', then block on the shared start flag (Atomics.wait), run the
 *           Block-STM loop (the paper's Algorithm 1) against the shared state, and answer 'done'
 *           with this worker's events (real timestamps, ms since the shared start).
 * 'sequential' → run the block in index order on a plain Map (the reference), answer its
 *           write-set hash and wall time.
 * Any exception: the shared error flag is raised (every worker stops at its next step) and an
 * 'error' message names the transaction and the worker.
 */
import type { CellKey } from '../../types';
import { EstimateHit, type BlockExecutor, type StateView } from '../types';
import type { BlockContext, ResolveBlock } from './block-source';
import { hashState } from './hash';
import {
  C_EPOCH,
  C_GO,
  C_READY,
  NO_TASK,
  READ_ESTIMATE,
  READ_OK,
  SharedState,
  isValidation,
  taskTx,
  type SharedHandles,
} from './shared';

export const EV_EXECUTE = 0;
export const EV_VALIDATE = 1;
export const EV_ABORT = 2;

export interface InitMessage {
  type: 'init';
  worker: number;
  shared: SharedHandles;
  /** Opaque block description, resolved by the entry's `WorkerEnv.resolveBlock`. */
  block: unknown;
  /** Transactions executed (untimed, private state) before the start, to warm up the JIT. */
  warmup: number;
}
export interface SequentialMessage {
  type: 'sequential';
}
export type HostMessage = InitMessage | SequentialMessage;

/** One worker's events, as parallel arrays (merged by the host into an EventLog). */
export interface WorkerEvents {
  kind: Uint8Array;
  flags: Uint8Array;
  start: Float64Array;
  end: Float64Array;
  tx: Int32Array;
  inc: Int32Array;
  causeCell: Int32Array;
  causeTx: Int32Array;
  cost: Float64Array;
  readOffset: Int32Array;
  readCell: Int32Array;
  readTx: Int32Array;
  readInc: Int32Array;
  readValue: Int32Array;
  writeOffset: Int32Array;
  writeCell: Int32Array;
  writeValue: Int32Array;
  values: string[];
}

export type WorkerMessage =
  | { type: 'ready'; worker: number; buildMs: number }
  | { type: 'done'; worker: number; events: WorkerEvents; startMs: number; endMs: number; tasks: number; vmRuns: number }
  | { type: 'sequential'; worker: number; stateHash: string; wallMs: number; writtenCells: number }
  | { type: 'error'; worker: number; tx: number; message: string; stack?: string };

export type Post = (msg: WorkerMessage, transfer?: ArrayBuffer[]) => void;

const now = (): number => performance.timeOrigin + performance.now();

class EventBuffer {
  kind: number[] = [];
  flags: number[] = [];
  start: number[] = [];
  end: number[] = [];
  tx: number[] = [];
  inc: number[] = [];
  causeCell: number[] = [];
  causeTx: number[] = [];
  cost: number[] = [];
  readOffset: number[] = [0];
  readCell: number[] = [];
  readTx: number[] = [];
  readInc: number[] = [];
  readValue: number[] = [];
  writeOffset: number[] = [0];
  writeCell: number[] = [];
  writeValue: number[] = [];
  values: string[] = [];
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
  add(kind: number, start: number, end: number, tx: number, inc: number, flags: number, causeCell: number, causeTx: number, cost = 0): void {
    this.kind.push(kind);
    this.start.push(start);
    this.end.push(end);
    this.tx.push(tx);
    this.inc.push(inc);
    this.flags.push(flags);
    this.causeCell.push(causeCell);
    this.causeTx.push(causeTx);
    this.cost.push(cost);
  }
  /** Close the current event's read/write ranges. */
  seal(): void {
    this.readOffset.push(this.readCell.length);
    this.writeOffset.push(this.writeCell.length);
  }
  finish(): WorkerEvents {
    return {
      kind: Uint8Array.from(this.kind),
      flags: Uint8Array.from(this.flags),
      start: Float64Array.from(this.start),
      end: Float64Array.from(this.end),
      tx: Int32Array.from(this.tx),
      inc: Int32Array.from(this.inc),
      causeCell: Int32Array.from(this.causeCell),
      causeTx: Int32Array.from(this.causeTx),
      cost: Float64Array.from(this.cost),
      readOffset: Int32Array.from(this.readOffset),
      readCell: Int32Array.from(this.readCell),
      readTx: Int32Array.from(this.readTx),
      readInc: Int32Array.from(this.readInc),
      readValue: Int32Array.from(this.readValue),
      writeOffset: Int32Array.from(this.writeOffset),
      writeCell: Int32Array.from(this.writeCell),
      writeValue: Int32Array.from(this.writeValue),
      values: this.values,
    };
  }
}

export function eventTransferList(e: WorkerEvents): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(e)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/** Executes one incarnation through the shared MVMemory (read-your-writes is the executor's job). */
class Runner implements StateView {
  tx = 0;
  rc: number[] = [];
  rt: number[] = [];
  ri: number[] = [];
  rv: bigint[] = [];
  wc: number[] = [];
  wv: bigint[] = [];
  cost = 0;
  reverted = false;
  blockedCell = -1;
  blocker = -1;
  vmRuns = 0;
  private readonly pre = new Map<number, bigint>();

  constructor(
    private readonly s: SharedState,
    private readonly ex: BlockExecutor,
  ) {}

  private preValue(cell: number, key: CellKey): bigint {
    let v = this.pre.get(cell);
    if (v === undefined) {
      v = this.ex.preState(key);
      this.pre.set(cell, v);
    }
    return v;
  }

  /** Read through MVMemory as this.tx; undefined on ESTIMATE (blockedCell/blocker set). */
  private mvRead(cell: number, key: CellKey): bigint | undefined {
    const rc = this.rc;
    for (let i = 0; i < rc.length; i++) if (rc[i] === cell) return this.rv[i];
    const s = this.s;
    const r = s.read(cell, this.tx);
    if (r === READ_ESTIMATE) {
      this.blockedCell = cell;
      this.blocker = s.outTx;
      return undefined;
    }
    const v = r === READ_OK ? s.outValue : this.preValue(cell, key);
    rc.push(cell);
    this.rt.push(s.outTx);
    this.ri.push(s.outInc);
    this.rv.push(v);
    return v;
  }

  read(key: CellKey): bigint {
    const cell = this.s.cellId(key);
    const v = this.mvRead(cell, key);
    if (v === undefined) throw new EstimateHit(cell, this.blocker);
    return v;
  }

  /** false: an ESTIMATE was hit. Same fee semantics as the simulator (inline read-modify-write). */
  run(tx: number): boolean {
    this.tx = tx;
    this.rc.length = 0;
    this.rt.length = 0;
    this.ri.length = 0;
    this.rv.length = 0;
    this.wc.length = 0;
    this.wv.length = 0;
    this.vmRuns++;
    let res;
    try {
      res = this.ex.execute(tx, this);
    } catch (e) {
      if (e instanceof EstimateHit) return false;
      throw e;
    }
    for (const [k, v] of res.writes) {
      this.wc.push(this.s.cellId(k));
      this.wv.push(v);
    }
    this.cost = res.cost;
    this.reverted = res.reverted === true;
    if (res.fee) {
      const fc = this.s.cellId(res.fee.cell);
      const pos = this.wc.indexOf(fc);
      if (pos >= 0) this.wv[pos] += res.fee.amount;
      else {
        const base = this.mvRead(fc, res.fee.cell);
        if (base === undefined) return false;
        this.wc.push(fc);
        this.wv.push(base + res.fee.amount);
      }
    }
    return true;
  }
}

/** The reference: every transaction in index order on a plain map (same fee semantics). */
export function runSequential(ex: BlockExecutor, count = ex.size): Map<CellKey, bigint> {
  const state = new Map<CellKey, bigint>();
  const view: StateView = {
    read: (c) => {
      const v = state.get(c);
      return v !== undefined ? v : ex.preState(c);
    },
  };
  for (let tx = 0; tx < count; tx++) {
    const res = ex.execute(tx, view);
    const w = new Map<CellKey, bigint>();
    for (const [k, v] of res.writes) w.set(k, v);
    if (res.fee) w.set(res.fee.cell, (w.get(res.fee.cell) ?? view.read(res.fee.cell)) + res.fee.amount);
    for (const [k, v] of w) state.set(k, v);
  }
  return state;
}

interface WorkerCtx {
  worker: number;
  executor?: BlockExecutor;
}

const state: WorkerCtx = { worker: -1 };

/** What a worker entry file injects: how to build a block, how to die (test hook). */
export interface WorkerEnv {
  /** Any description type: the host posted it, the entry knows its shape. */
  resolveBlock: ResolveBlock<never>;
  exit?: BlockContext['exit'];
}

/** Entry point of every worker: forward each host message here. */
export function handleMessage(msg: HostMessage, post: Post, env: WorkerEnv): void {
  if (msg.type === 'init') runInit(msg, post, env);
  else if (msg.type === 'sequential') {
    try {
      const ex = state.executor!;
      const t0 = now();
      const final = runSequential(ex);
      const wallMs = now() - t0;
      post({ type: 'sequential', worker: state.worker, stateHash: hashState(final), wallMs, writtenCells: final.size });
    } catch (e) {
      post({ type: 'error', worker: state.worker, tx: -1, message: `sequential reference run failed: ${errText(e)}` });
    }
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function runInit(msg: InitMessage, post: Post, env: WorkerEnv): void {
  const w = msg.worker;
  state.worker = w;
  const s = new SharedState(msg.shared);
  let ex: BlockExecutor;
  try {
    const t0 = now();
    ex = env.resolveBlock(msg.block as never, { worker: w, exit: env.exit });
    state.executor = ex;
    if (ex.size !== s.n) throw new Error(`block size mismatch: worker built ${ex.size} transactions, host expected ${s.n}`);
    if (msg.warmup > 0) runSequential(env.resolveBlock(msg.block as never, { worker: -1, exit: env.exit }), Math.min(msg.warmup, ex.size));
    post({ type: 'ready', worker: w, buildMs: now() - t0 });
  } catch (e) {
    s.fail(1, -1, w);
    post({ type: 'error', worker: w, tx: -1, message: `could not build the block: ${errText(e)}`, stack: (e as Error)?.stack });
    return;
  }
  Atomics.add(s.ctrl, C_READY, 1);
  while (Atomics.load(s.ctrl, C_GO) === 0) Atomics.wait(s.ctrl, C_GO, 0, 50);
  const t0 = s.clock[0];
  const log = new EventBuffer();
  const runner = new Runner(s, ex);
  let tasks = 0;
  const startMs = now() - t0;
  try {
    let task = NO_TASK;
    let idle = 0;
    for (;;) {
      if (s.failed) break;
      if (task === NO_TASK) {
        if (s.done) break;
        task = s.nextTask();
        if (task === NO_TASK) {
          if (++idle > 16) {
            const seen = Atomics.load(s.ctrl, C_EPOCH);
            task = s.nextTask();
            if (task === NO_TASK && !s.done && !s.failed) s.sleep(seen, 2);
          }
          if (task === NO_TASK) continue;
        }
        idle = 0;
      }
      tasks++;
      const tx = taskTx(task);
      const inc = s.taskInc;
      s.setCurrentTx(w, tx);
      task = isValidation(task) ? validate(s, log, tx, inc, t0) : execute(s, runner, log, tx, inc, t0);
      s.setCurrentTx(w, -1);
    }
  } catch (e) {
    const tx = s.currentTx(w);
    s.fail(1, tx, w);
    post({
      type: 'error',
      worker: w,
      tx,
      message: errText(e),
      stack: e instanceof Error ? e.stack : undefined,
    });
    return;
  }
  const endMs = now() - t0;
  const events = log.finish();
  post({ type: 'done', worker: w, events, startMs, endMs, tasks, vmRuns: runner.vmRuns }, eventTransferList(events));
}

function execute(s: SharedState, r: Runner, log: EventBuffer, tx: number, inc: number, t0: number): number {
  const start = now() - t0;
  for (;;) {
    if (!r.run(tx)) {
      if (!s.addDependency(tx, r.blocker)) continue; // the blocker finished meanwhile: re-read
      log.add(EV_ABORT, start, now() - t0, tx, inc, 1 /* ABORT_DEPENDENCY */, r.blockedCell, r.blocker);
      pushReads(log, r);
      log.readCell.push(r.blockedCell);
      log.readTx.push(r.blocker);
      log.readInc.push(-1);
      log.readValue.push(-1);
      log.seal();
      return NO_TASK;
    }
    const wroteNew = s.record(tx, inc, r.rc, r.rt, r.ri, r.wc, r.wv);
    log.add(EV_EXECUTE, start, now() - t0, tx, inc, r.reverted ? 2 /* FLAG_REVERTED */ : 0, -1, -1, r.cost);
    pushReads(log, r);
    for (let i = 0; i < r.wc.length; i++) {
      log.writeCell.push(r.wc[i]);
      log.writeValue.push(log.valueId(r.wv[i]));
    }
    log.seal();
    return s.finishExecution(tx, wroteNew);
  }
}

function pushReads(log: EventBuffer, r: Runner): void {
  for (let i = 0; i < r.rc.length; i++) {
    log.readCell.push(r.rc[i]);
    log.readTx.push(r.rt[i]);
    log.readInc.push(r.ri[i]);
    log.readValue.push(log.valueId(r.rv[i]));
  }
}

function validate(s: SharedState, log: EventBuffer, tx: number, inc: number, t0: number): number {
  const start = now() - t0;
  const fail = s.validateReadSet(tx);
  if (fail < 0) {
    log.add(EV_VALIDATE, start, now() - t0, tx, inc, 0, -1, -1);
    log.seal();
    return s.finishValidation(tx, false);
  }
  const causeCell = s.lastFailCell;
  const causeTx = s.outTx;
  const t1 = now() - t0;
  log.add(EV_VALIDATE, start, t1, tx, inc, 1 /* FLAG_FAILED */, causeCell, causeTx);
  log.seal();
  const aborted = s.tryValidationAbort(tx, inc);
  if (aborted) {
    s.convertWritesToEstimates(tx);
    log.add(EV_ABORT, t1, now() - t0, tx, inc, 2 /* ABORT_VALIDATION */, causeCell, causeTx);
    log.seal();
  }
  return s.finishValidation(tx, aborted);
}
