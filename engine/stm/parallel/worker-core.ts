/**
 * What one worker thread does, independent of the environment (worker_threads or Web Worker):
 * the environment's entry file forwards messages to `handleMessage` with a `post` function.
 *
 * 'init'  → rebuild the executor from the block description, warm up (untimed, on a private
 *           state), answer 'ready', then wait at the start barrier (`awaitStart`), run the
 *           Block-STM loop (the paper's Algorithm 1) against the shared state, and answer 'done'
 *           with this worker's events (real timestamps, ms since the shared start).
 * 'sequential' → run the block in index order on a plain Map (the reference), answer its
 *           write-set hash and wall time.
 * Any exception: the shared error flag is raised (every worker stops at its next step) and an
 * 'error' message names the transaction and the worker.
 */
import type { CellKey } from '../../types';
import { EstimateHit, type BlockExecutor, type ExecWeights, type StateView } from '../types';
import {
  ABORT_COMMIT,
  ABORT_DEPENDENCY,
  ABORT_VALIDATION,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_REVERTED,
  grow,
} from '../events';
import type { BlockContext, ResolveBlock } from './block-source';
import { hashState } from './hash';
import { WorkerBouncer } from './bouncer-worker';
import { SequentialBouncer } from './bouncer-sequential';
import type { BlockCapacity } from '../bouncer';
import type { BouncerOutcome } from '../block-bouncer';
import {
  C_GO,
  C_READY,
  C_WARM_READY,
  C_WARM_SKIP,
  NO_TASK,
  READ_ESTIMATE,
  READ_OK,
  SharedState,
  isValidation,
  resetShared,
  taskTx,
  type MemoryUsage,
  type PreValues,
  type SharedHandles,
} from './shared';

export interface InitMessage {
  type: 'init';
  worker: number;
  /** blockifier: the block capacity (the bouncer; bouncer-worker.ts). Absent: none. */
  blockCapacity?: BlockCapacity;
  /** How many workers share the run (each pre-faults its slice of the shared buffers). */
  workers: number;
  shared: SharedHandles;
  /** Opaque block description, resolved by the entry's `WorkerEnv.resolveBlock`. */
  block: unknown;
  /**
   * Warm-up passes, run untimed before the start by all workers together, through the same
   * Block-STM code as the run, on throw-away shared states with a private copy of the executor:
   * warms up the JIT on every path the run takes (conflicts, ESTIMATEs, dependency waits, aborts
   * included) and measures the memory a transaction uses (to pre-fault the real buffers).
   */
  warmup: WarmupPlan;
  /** Worker 0 skips the remaining passes once this many ms of warm-up have passed. */
  warmupMs: number;
}
/** The warm-up passes of a run (host.ts's planWarmup). */
export interface WarmupPlan {
  /** Throw-away shared states, used in turn: pass p runs on sets[p % sets.length]. */
  sets: SharedHandles[];
  /** Transactions of each pass: the block's first passes[p]. */
  passes: number[];
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
  /** Values read or written, indexed by readValue / writeValue (bigints cross postMessage as is). */
  values: bigint[];
}

export type WorkerMessage =
  | { type: 'ready'; worker: number; buildMs: number; warmupPasses: number }
  | {
      type: 'done';
      worker: number;
      events: WorkerEvents;
      startMs: number;
      endMs: number;
      tasks: number;
      vmRuns: number;
      /** This thread's CPU time / time runnable but waiting for a CPU, during the run (if the entry can tell). */
      cpuMs?: number;
      waitMs?: number;
      /** Time blocked in Atomics.wait during the run (idle, dependency lock, cell being interned). */
      blockedMs: number;
      /** With a block capacity: what this worker's bouncer replica saw. */
      bouncer?: BouncerOutcome;
    }
  | {
      type: 'sequential';
      worker: number;
      stateHash: string;
      /** With a block capacity: transactions in the sequential reference's block. */
      included?: number;
      wallMs: number;
      writtenCells: number;
      cpuMs?: number;
      waitMs?: number;
    }
  | { type: 'error'; worker: number; tx: number; message: string; stack?: string };

export type Post = (msg: WorkerMessage, transfer?: ArrayBuffer[]) => void;

const ORIGIN = performance.timeOrigin;
/** ms since the epoch (the host's start time is on the same clock). */
const now = (): number => ORIGIN + performance.now();

/**
 * An empty array already in V8's "any object" elements kind. A plain `[]` starts as small-integer
 * elements and changes kind at the first bigint pushed: code optimized on the warm-up's buffer
 * (already changed) would deoptimize on the run's fresh one ("not a Smi") — and with it every
 * function inlined into the task loop, which V8 then recompiles during the timed run.
 */
function objectElements<T>(): T[] {
  const a: unknown[] = [null];
  a.pop();
  return a as T[];
}

/**
 * One worker's events in growable typed arrays (no per-event objects, no elements-kind
 * transitions: a fresh buffer has the same shape as the warm-up's, so optimized code stays valid).
 */
class EventBuffer {
  n = 0;
  /** End time of the last event added (where a directly following task starts). */
  lastEnd = 0;
  kind = new Uint8Array(256);
  flags = new Uint8Array(256);
  start = new Float64Array(256);
  end = new Float64Array(256);
  tx = new Int32Array(256);
  inc = new Int32Array(256);
  causeCell = new Int32Array(256);
  causeTx = new Int32Array(256);
  cost = new Float64Array(256);
  /** Read / write ranges: event e owns [offset[e], offset[e + 1]). */
  readOffset = new Int32Array(257);
  writeOffset = new Int32Array(257);
  nr = 0;
  readCell = new Int32Array(1024);
  readTx = new Int32Array(1024);
  readInc = new Int32Array(1024);
  readValue = new Int32Array(1024);
  nw = 0;
  writeCell = new Int32Array(1024);
  writeValue = new Int32Array(1024);
  /** Not deduplicated: interning bigints costs more than it saves (the host's LogBuilder interns). */
  values: bigint[] = objectElements();

  /**
   * `size`: room to reserve now. The run's buffer is sized from the warm-up (`scaleCounts`), so
   * that it does not grow (allocate and copy every column) mid-run.
   */
  constructor(size?: EventCounts) {
    if (!size) return;
    this.growEvents(size.events);
    this.growReads(size.reads);
    this.growWrites(size.writes);
  }

  private growEvents(m: number): void {
    this.kind = grow(this.kind, m);
    this.flags = grow(this.flags, m);
    this.start = grow(this.start, m);
    this.end = grow(this.end, m);
    this.tx = grow(this.tx, m);
    this.inc = grow(this.inc, m);
    this.causeCell = grow(this.causeCell, m);
    this.causeTx = grow(this.causeTx, m);
    this.cost = grow(this.cost, m);
    // one more offset than events (the end of the last one), whatever capacity `grow` gave kind
    this.readOffset = grow(this.readOffset, this.kind.length + 1);
    this.writeOffset = grow(this.writeOffset, this.kind.length + 1);
  }
  private growReads(m: number): void {
    this.readCell = grow(this.readCell, m);
    this.readTx = grow(this.readTx, m);
    this.readInc = grow(this.readInc, m);
    this.readValue = grow(this.readValue, m);
  }
  private growWrites(m: number): void {
    this.writeCell = grow(this.writeCell, m);
    this.writeValue = grow(this.writeValue, m);
  }

  counts(): EventCounts {
    return { events: this.n, reads: this.nr, writes: this.nw };
  }

  valueId(v: bigint): number {
    this.values.push(v);
    return this.values.length - 1;
  }
  add(
    kind: number,
    start: number,
    end: number,
    tx: number,
    inc: number,
    flags: number,
    causeCell: number,
    causeTx: number,
    cost = 0,
  ): void {
    const e = this.n;
    if (e === this.kind.length) this.growEvents(e + 1);
    this.kind[e] = kind;
    this.start[e] = start;
    this.end[e] = end;
    this.lastEnd = end;
    this.tx[e] = tx;
    this.inc[e] = inc;
    this.flags[e] = flags;
    this.causeCell[e] = causeCell;
    this.causeTx[e] = causeTx;
    this.cost[e] = cost;
  }
  /** A read of the current event (value -1: ESTIMATE, no value). */
  read(cell: number, vtx: number, vinc: number, valueId: number): void {
    const r = this.nr;
    if (r === this.readCell.length) this.growReads(r + 1);
    this.readCell[r] = cell;
    this.readTx[r] = vtx;
    this.readInc[r] = vinc;
    this.readValue[r] = valueId;
    this.nr = r + 1;
  }
  write(cell: number, v: bigint): void {
    const w = this.nw;
    if (w === this.writeCell.length) this.growWrites(w + 1);
    this.writeCell[w] = cell;
    this.writeValue[w] = this.valueId(v);
    this.nw = w + 1;
  }
  /** Close the current event's read/write ranges. */
  seal(): void {
    this.n++;
    this.readOffset[this.n] = this.nr;
    this.writeOffset[this.n] = this.nw;
  }
  finish(): WorkerEvents {
    const n = this.n;
    return {
      kind: this.kind.slice(0, n),
      flags: this.flags.slice(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      tx: this.tx.slice(0, n),
      inc: this.inc.slice(0, n),
      causeCell: this.causeCell.slice(0, n),
      causeTx: this.causeTx.slice(0, n),
      cost: this.cost.slice(0, n),
      readOffset: this.readOffset.slice(0, n + 1),
      readCell: this.readCell.slice(0, this.nr),
      readTx: this.readTx.slice(0, this.nr),
      readInc: this.readInc.slice(0, this.nr),
      readValue: this.readValue.slice(0, this.nr),
      writeOffset: this.writeOffset.slice(0, n + 1),
      writeCell: this.writeCell.slice(0, this.nw),
      writeValue: this.writeValue.slice(0, this.nw),
      values: this.values,
    };
  }
}

/** How many events, reads and writes one worker logged (sizes the next buffer). */
interface EventCounts {
  events: number;
  reads: number;
  writes: number;
}

export function eventTransferList(e: WorkerEvents): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(e)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/**
 * Executes one incarnation through the shared MVMemory (read-your-writes is the executor's job).
 * The read and write sets live in reused arrays with counts (`nr`, `nw`): no per-incarnation
 * allocation.
 */
class Runner implements StateView, PreValues {
  tx = 0;
  /** Read set: cell, version tx, version incarnation, value (first `nr` entries). */
  rc = new Int32Array(64);
  rt = new Int32Array(64);
  ri = new Int32Array(64);
  rv: bigint[] = [];
  nr = 0;
  /** Write set: cell, value (first `nw` entries). */
  wc = new Int32Array(64);
  wv: bigint[] = [];
  nw = 0;
  cost = 0;
  reverted = false;
  blockedCell = -1;
  blocker = -1;
  vmRuns = 0;
  /**
   * blockifier: the fee credit is deferred to the commit (fee_utils.rs), not a read-modify-write
   * of the sequencer balance in the transaction: its cell (-1: none) and amount.
   */
  private readonly deferFee: boolean;
  feeCell = -1;
  feeAmount = 0n;
  /** The bouncer weights the executor reported for the last run. */
  weights: ExecWeights | undefined = undefined;
  /** blockifier with a block capacity: this worker's replica of the bouncer. */
  bouncer: WorkerBouncer | undefined = undefined;
  /** Pre-state values by cell id (worker-local cache of ex.preState). */
  private readonly pre: (bigint | undefined)[] = [];

  constructor(
    private readonly s: SharedState,
    private readonly ex: BlockExecutor,
  ) {
    this.deferFee = s.valueBased;
  }

  /** A cell's pre-block value (value-based validation and the commit's fee credit). */
  preOf(cell: number): bigint {
    const v = this.pre[cell];
    // the key only when not cached (decoding it from the shared arena builds a string)
    return v !== undefined ? v : this.preValue(cell, this.s.cellKey(cell));
  }

  private preValue(cell: number, key: CellKey): bigint {
    let v = this.pre[cell];
    if (v === undefined) {
      v = this.ex.preState(key);
      this.pre[cell] = v;
    }
    return v;
  }

  /** Read through MVMemory as this.tx; undefined on ESTIMATE (blockedCell/blocker set). */
  private mvRead(cell: number, key: CellKey): bigint | undefined {
    const rc = this.rc;
    const nr = this.nr;
    for (let i = 0; i < nr; i++) if (rc[i] === cell) return this.rv[i];
    const s = this.s;
    const r = s.read(cell, this.tx);
    if (r === READ_ESTIMATE) {
      this.blockedCell = cell;
      this.blocker = s.outTx;
      return undefined;
    }
    const v = r === READ_OK ? s.outValue : this.preValue(cell, key);
    if (nr === rc.length) {
      this.rc = grow(rc, 2 * nr);
      this.rt = grow(this.rt, 2 * nr);
      this.ri = grow(this.ri, 2 * nr);
    }
    this.rc[nr] = cell;
    this.rt[nr] = s.outTx;
    this.ri[nr] = s.outInc;
    this.rv[nr] = v;
    this.nr = nr + 1;
    return v;
  }

  read(key: CellKey): bigint {
    const cell = this.s.cellId(key);
    const v = this.mvRead(cell, key);
    if (v === undefined) throw new EstimateHit(cell, this.blocker);
    return v;
  }

  private addWrite(cell: number, v: bigint): void {
    const nw = this.nw;
    if (nw === this.wc.length) this.wc = grow(this.wc, 2 * nw);
    this.wc[nw] = cell;
    this.wv[nw] = v;
    this.nw = nw + 1;
  }

  /** false: an ESTIMATE was hit. Same fee semantics as the simulator (inline read-modify-write). */
  run(tx: number): boolean {
    this.tx = tx;
    this.nr = 0;
    this.nw = 0;
    this.vmRuns++;
    let res;
    try {
      res = this.ex.execute(tx, this);
    } catch (e) {
      if (e instanceof EstimateHit) return false;
      throw e;
    }
    for (const [k, v] of res.writes) this.addWrite(this.s.cellId(k), v);
    this.cost = res.cost;
    this.reverted = res.reverted === true;
    this.weights = res.weights;
    this.feeCell = -1;
    if (res.fee && this.deferFee) {
      this.feeCell = this.s.cellId(res.fee.cell);
      this.feeAmount = res.fee.amount;
    } else if (res.fee) {
      const fc = this.s.cellId(res.fee.cell);
      let pos = -1;
      for (let i = 0; i < this.nw; i++) if (this.wc[i] === fc) pos = i;
      if (pos >= 0) this.wv[pos] += res.fee.amount;
      else {
        const base = this.mvRead(fc, res.fee.cell);
        if (base === undefined) return false;
        this.addWrite(fc, base + res.fee.amount);
      }
    }
    return true;
  }
}

/**
 * The reference: every transaction in index order on a plain map (same fee semantics). With a
 * block capacity it stops before the first transaction that does not fit (`included`, else the
 * block's size), as blockifier's sequential executor (bouncer-sequential.ts).
 */
export function runSequentialBlock(
  ex: BlockExecutor,
  count = ex.size,
  capacity?: BlockCapacity,
): { final: Map<CellKey, bigint>; included: number } {
  const state = new Map<CellKey, bigint>();
  const view: StateView = {
    read: (c) => {
      const v = state.get(c);
      return v !== undefined ? v : ex.preState(c);
    },
  };
  const bouncer = capacity && new SequentialBouncer(capacity);
  for (let tx = 0; tx < count; tx++) {
    const res = ex.execute(tx, view);
    const w = new Map<CellKey, bigint>();
    for (const [k, v] of res.writes) w.set(k, v);
    if (res.fee)
      w.set(res.fee.cell, (w.get(res.fee.cell) ?? view.read(res.fee.cell)) + res.fee.amount);
    if (bouncer && !bouncer.fits(res, w, view)) return { final: state, included: tx };
    for (const [k, v] of w) state.set(k, v);
  }
  return { final: state, included: count };
}

export function runSequential(ex: BlockExecutor, count = ex.size): Map<CellKey, bigint> {
  return runSequentialBlock(ex, count).final;
}

/** `runSequential`, timed (wall-clock ms): the reference run of the state check and of the UI's
 * single-worker fallback. */
export function timeSequential(
  ex: BlockExecutor,
  capacity?: BlockCapacity,
): { wallMs: number; final: Map<CellKey, bigint>; included: number } {
  const t0 = now();
  const { final, included } = runSequentialBlock(ex, ex.size, capacity);
  return { wallMs: now() - t0, final, included };
}

interface WorkerCtx {
  worker: number;
  executor?: BlockExecutor;
  capacity?: BlockCapacity;
}

const state: WorkerCtx = { worker: -1 };

/** What a worker entry file injects: how to build a block, how to die (test hook). */
export interface WorkerEnv {
  /** Any description type: the host posted it, the entry knows its shape. */
  resolveBlock: ResolveBlock<never>;
  exit?: BlockContext['exit'];
  /**
   * This thread's cumulative CPU time and run-queue wait (ms), if the environment can tell
   * (Linux worker_threads: /proc/thread-self/schedstat). Diagnostics for shared machines.
   */
  threadTimes?: () => ThreadTimes | undefined;
}

export interface ThreadTimes {
  cpuMs: number;
  waitMs: number;
}

function timesSince(env: WorkerEnv, before: ThreadTimes | undefined): Partial<ThreadTimes> {
  const after = before && env.threadTimes?.();
  if (!before || !after) return {};
  return { cpuMs: after.cpuMs - before.cpuMs, waitMs: after.waitMs - before.waitMs };
}

/** Entry point of every worker: forward each host message here. */
export function handleMessage(msg: HostMessage, post: Post, env: WorkerEnv): void {
  if (msg.type === 'init') runInit(msg, post, env);
  else if (msg.type === 'sequential') {
    try {
      const ex = state.executor!;
      const times = env.threadTimes?.();
      const { wallMs, final, included } = timeSequential(ex, state.capacity);
      const spent = timesSince(env, times);
      post({
        type: 'sequential',
        worker: state.worker,
        stateHash: hashState(final),
        ...(state.capacity ? { included } : {}),
        wallMs,
        writtenCells: final.size,
        ...spent,
      });
    } catch (e) {
      post({
        type: 'error',
        worker: state.worker,
        tx: -1,
        message: `sequential reference run failed: ${errText(e)}`,
      });
    }
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * 'init': build and warm up (untimed), answer 'ready', then run Block-STM from the start barrier
 * and answer 'done'. A failure in either phase is answered with 'error' and ends the message.
 */
function runInit(msg: InitMessage, post: Post, env: WorkerEnv): void {
  state.worker = msg.worker;
  const built = prepareRun(msg, post, env);
  if (built) runTimed(msg, post, env, built);
}

/** What the untimed phase hands to the run: its executor and the expected size of its log. */
interface Prepared {
  ex: BlockExecutor;
  /** From the warm-up, scaled to the block; undefined without a warm-up (the log grows). */
  expected: EventCounts | undefined;
}

/**
 * The untimed phase: warm-up passes, the run's executor, pre-faulted shared buffers, 'ready'.
 * On failure it raises the shared error flag (the other workers stop too), answers 'error' and
 * returns undefined.
 */
function prepareRun(msg: InitMessage, post: Post, env: WorkerEnv): Prepared | undefined {
  const w = msg.worker;
  const setup = new SharedState(msg.shared);
  try {
    const t0 = now();
    // The warm-up copy is built and run first and the run's executor only afterwards: objects
    // built after the warm-up get the field representations it settled on (an executor built
    // before would keep a deprecated map and deoptimize the warm code at the first transaction).
    const { usage, passes } = warmUpPasses(msg, env, setup);
    const ex = buildExecutor(msg, env, setup.n);
    setup.prefault(
      w,
      msg.workers,
      usage ? scaleUsage(usage.memory, setup.n) : defaultUsage(setup.n),
    );
    const expected = usage ? scaleCounts(usage.events, usage.memory.txs, setup.n) : undefined;
    env.threadTimes?.(); // its first call in a thread is slow (≈ 0.25 ms): not inside the run
    post({ type: 'ready', worker: w, buildMs: now() - t0, warmupPasses: passes });
    return { ex, expected };
  } catch (e) {
    setup.fail(1, -1, w);
    post({
      type: 'error',
      worker: w,
      tx: -1,
      message: `could not build the block: ${errText(e)}`,
      stack: (e as Error)?.stack,
    });
    return undefined;
  }
}

/**
 * The planned warm-up passes on a private copy of the executor (see `warmUp`). Worker 0 cancels
 * the remaining passes once `msg.warmupMs` have passed. Returns the usage of the last pass run.
 */
function warmUpPasses(
  msg: InitMessage,
  env: WorkerEnv,
  setup: SharedState,
): { usage: WarmupUsage | undefined; passes: number } {
  const w = msg.worker;
  const plan = msg.warmup;
  let usage: WarmupUsage | undefined;
  let passes = 0;
  if (plan.passes.length === 0) return { usage, passes };
  // Two private copies, used in turn: optimized code that only ever saw one executor's objects
  // may rely on their fields never changing (V8's constant-field tracking), and the run's own
  // executor, built afterwards, then deoptimized it: `--trace-deopt` showed executeTransaction
  // "marked for deoptimization, reason: code dependencies" while that executor was built, and
  // 10–17 ms of TurboFan per worker recompiling it (and its callees) inside the timed run.
  const copies: BlockExecutor[] = [];
  const copy = (p: number) =>
    (copies[p % 2] ??= env.resolveBlock(msg.block as never, { worker: -1, exit: env.exit }));
  const since = now();
  for (let p = 0; p < plan.passes.length; p++) {
    const over = w === 0 && p > 0 && now() - since > msg.warmupMs;
    const u = warmUp(copy(p), plan, p, w, msg.workers, setup, over);
    if (u === undefined) break;
    usage = u;
    passes++;
  }
  plan.sets.length = 0; // the passes are over: `msg` lives as long as the run, their buffers need not
  return { usage, passes };
}

/** The run's executor, kept for a later 'sequential' message; its size must be the host's. */
function buildExecutor(msg: InitMessage, env: WorkerEnv, hostSize: number): BlockExecutor {
  const ex = env.resolveBlock(msg.block as never, { worker: msg.worker, exit: env.exit });
  state.executor = ex;
  if (ex.size !== hostSize)
    throw new Error(
      `block size mismatch: worker built ${ex.size} transactions, host expected ${hostSize}`,
    );
  return ex;
}

/** The timed phase: wait at the start barrier, run the Block-STM loop, answer 'done' or 'error'. */
function runTimed(msg: InitMessage, post: Post, env: WorkerEnv, { ex, expected }: Prepared): void {
  const w = msg.worker;
  // A fresh view for the run: its hidden class is the one the warm-up's optimized code expects
  // (fields that changed representation during the warm-up would deoptimize an older object).
  const s = new SharedState(msg.shared, w, msg.workers);
  const log = new EventBuffer(expected);
  awaitStart(s, msg.workers);
  const times = env.threadTimes?.();
  const t0 = s.clock[0];
  const runner = new Runner(s, ex);
  if (msg.blockCapacity && s.valueBased) runner.bouncer = new WorkerBouncer(msg.blockCapacity);
  state.capacity = msg.blockCapacity;
  const startMs = now() - t0;
  let tasks: number;
  try {
    tasks = runLoop(s, runner, log, w, t0);
  } catch (e) {
    failRun(s, post, w, e);
    return;
  }
  const endMs = now() - t0;
  const spent = timesSince(env, times);
  const events = log.finish();
  const done = {
    type: 'done' as const,
    worker: w,
    events,
    startMs,
    endMs,
    tasks,
    vmRuns: runner.vmRuns,
    blockedMs: s.blockedMs,
    ...(runner.bouncer ? { bouncer: runner.bouncer.report(s.n) } : {}),
    ...spent,
  };
  post(done, eventTransferList(events));
}

/** The run threw: stop every worker (shared error flag) and name the transaction it was on. */
function failRun(s: SharedState, post: Post, w: number, e: unknown): void {
  const tx = s.currentTx(w);
  s.fail(1, tx, w);
  post({
    type: 'error',
    worker: w,
    tx,
    message: errText(e),
    stack: e instanceof Error ? e.stack : undefined,
  });
}

/** How long a worker that reached the start barrier spins before it sleeps (ms). */
const START_SPIN_MS = 20;

/**
 * The start barrier of the run. The last worker to arrive starts it: it stamps the shared clock
 * (time 0 of every event) and raises C_GO, with no round trip through the host's event loop.
 * The others spin on C_GO for up to START_SPIN_MS, then sleep in Atomics.wait: a thread woken
 * from Atomics.wait starts a few hundred µs late on some VMs, and that delay would be inside the
 * timed run (about 1.5 % of a 20 ms run). Workers finish their warm-up passes together (each pass
 * ends at a barrier), so the spin is short; a worker that is much later costs a bounded spin.
 * The host raises C_GO too when the run fails before the start, which releases the waiters.
 */
function awaitStart(s: SharedState, workers: number): void {
  if (Atomics.add(s.ctrl, C_READY, 1) + 1 === workers) {
    s.clock[0] = now(); // published by the Atomics.store below
    Atomics.store(s.ctrl, C_GO, 1);
    Atomics.notify(s.ctrl, C_GO);
    return;
  }
  const spinUntil = performance.now() + START_SPIN_MS;
  while (Atomics.load(s.ctrl, C_GO) === 0) {
    if (performance.now() > spinUntil) Atomics.wait(s.ctrl, C_GO, 0, 50);
  }
}

/** The Block-STM loop (the paper's Algorithm 1) until done or failed; returns the tasks run. */
function runLoop(s: SharedState, runner: Runner, log: EventBuffer, w: number, t0: number): number {
  let tasks = 0;
  let task = NO_TASK;
  let idle = 0;
  // A task that follows the previous one directly (handed over, or the first nextTask found it)
  // starts where that one ended: one clock read per task instead of two (performance.now costs
  // about 0.1 µs in Node, 4 reads a transaction were ~3 % of a 15 µs transfer); the scheduler's
  // few hundred ns between them count in the next bar. After idling, the clock is read afresh.
  let fresh = true;
  const commits = s.valueBased;
  for (;;) {
    if (s.failed) break;
    // blockifier: the block is over (all committed, or halted by the bouncer): drop the task
    if (commits && s.done) break;
    // blockifier: before each task, commit what can be committed (worker_logic.rs `run`)
    if (commits && s.tryEnterCommit()) fresh = commitWhilePossible(s, runner, log, t0, fresh);
    if (task === NO_TASK) {
      if (s.done) break;
      task = s.nextTask();
      if (task === NO_TASK) {
        fresh = true;
        if (++idle > 16) task = s.idle(2);
        if (task === NO_TASK) continue;
      }
      idle = 0;
    }
    tasks++;
    const tx = taskTx(task);
    const inc = s.taskInc;
    const start = fresh ? now() - t0 : log.lastEnd;
    fresh = false;
    s.setCurrentTx(w, tx);
    task = isValidation(task)
      ? validate(s, runner, log, tx, inc, t0, start)
      : execute(s, runner, log, tx, inc, t0, start);
    s.setCurrentTx(w, -1);
  }
  return tasks;
}

/**
 * Warm-up pass p: the first `plan.passes[p]` transactions of a private copy of the executor, run
 * by all `workers` together (a barrier first, so that they overlap) through the very same code as
 * the real run on a throw-away shared state. Returns what the pass used of each buffer, to size
 * the pre-faulting of the real buffers. Stops waiting if the real run already failed.
 *
 * The barrier and the skip flag live in the real run's ctrl (`C_WARM_READY`, `C_WARM_SKIP`).
 * Passing barrier p means every worker has finished pass p − 1 and read its usage, so its set is
 * free: worker 0 clears it for pass p + 1 before it joins pass p, and nobody passes barrier p + 1
 * before worker 0 reaches it, after the clearing.
 */
function warmUp(
  ex: BlockExecutor,
  plan: WarmupPlan,
  p: number,
  w: number,
  workers: number,
  real: SharedState,
  cancel: boolean,
): WarmupUsage | undefined {
  const ctrl = real.ctrl;
  // set before arriving: whoever passes the barrier sees it (the barrier waits for worker 0 too).
  // It names the first pass to skip: a worker still on its way into pass p − 1 may read it after
  // worker 0 stored it, and must not take it for its own pass.
  if (cancel) Atomics.store(ctrl, C_WARM_SKIP, p + 1);
  Atomics.add(ctrl, C_WARM_READY, 1);
  Atomics.notify(ctrl, C_WARM_READY);
  const all = (p + 1) * workers;
  for (;;) {
    const ready = Atomics.load(ctrl, C_WARM_READY);
    if (ready >= all) break;
    if (real.failed) throw new Error('another worker failed before the start');
    Atomics.wait(ctrl, C_WARM_READY, ready, 20);
  }
  const skipFrom = Atomics.load(ctrl, C_WARM_SKIP) - 1;
  if (skipFrom >= 0 && p >= skipFrom) return undefined;
  const sets = plan.sets;
  if (w === 0 && p >= 1 && p + 1 < plan.passes.length) resetShared(sets[(p + 1) % sets.length]);
  const s = new SharedState({ ...sets[p % sets.length], n: plan.passes[p] }, w, workers);
  const log = new EventBuffer();
  try {
    runLoop(s, new Runner(s, ex), log, w, now());
  } catch (e) {
    s.fail(1, -1, w); // the other workers leave the pass too
    throw e;
  }
  if (s.failed) throw new Error('warm-up run failed');
  return { memory: { txs: s.n, ...s.usage() }, events: log.counts() };
}

/** What a warm-up pass used: of the shared buffers (all workers), of this worker's event log. */
interface WarmupUsage {
  memory: MemoryUsage;
  events: EventCounts;
}

/** This worker's event counts of a warm-up pass over `txs` transactions, extrapolated to n (+25 %). */
function scaleCounts(c: EventCounts, txs: number, n: number): EventCounts {
  const f = (n / Math.max(1, txs)) * 1.25;
  return {
    events: Math.ceil(c.events * f) + 64,
    reads: Math.ceil(c.reads * f) + 256,
    writes: Math.ceil(c.writes * f) + 256,
  };
}

/** Extrapolate a warm-up's usage to n transactions (+25 %, re-executions in the pool: +50 %). */
function scaleUsage(u: MemoryUsage, n: number): MemoryUsage {
  const f = n / Math.max(1, u.txs);
  return {
    txs: n,
    cells: Math.ceil(u.cells * f * 1.25) + 16,
    bitsWords: Math.ceil(u.bitsWords * f * 1.25) + 1024,
    keyUnits: Math.ceil(u.keyUnits * f * 1.25) + 1024,
    poolWords: Math.ceil(u.poolWords * f * 1.5) + 1024,
  };
}

/**
 * A guess when there was no warm-up, per tx: 4 cells, 2 written (a directory and a page each,
 * about 40 words), 100 key units and 64 pool words.
 */
function defaultUsage(n: number): MemoryUsage {
  return {
    txs: n,
    cells: 4 * n + 16,
    bitsWords: 2 * 40 * n + 1024,
    keyUnits: 400 * n + 1024,
    poolWords: 64 * n + 1024,
  };
}

function execute(
  s: SharedState,
  r: Runner,
  log: EventBuffer,
  tx: number,
  inc: number,
  t0: number,
  start: number,
): number {
  for (;;) {
    if (!r.run(tx)) {
      if (!s.addDependency(tx, r.blocker)) continue; // the blocker finished meanwhile: re-read
      log.add(EV_ABORT, start, now() - t0, tx, inc, ABORT_DEPENDENCY, r.blockedCell, r.blocker);
      pushReads(log, r);
      log.read(r.blockedCell, r.blocker, -1, -1);
      log.seal();
      return NO_TASK;
    }
    const wroteNew = s.record(tx, inc, r.rc, r.rt, r.ri, r.wc, r.wv, r.nr, r.nw, r.rv);
    if (s.valueBased) {
      s.setFee(tx, r.feeCell, r.feeAmount);
      s.setWeights(tx, r.cost, r.weights);
    }
    log.add(EV_EXECUTE, start, now() - t0, tx, inc, r.reverted ? FLAG_REVERTED : 0, -1, -1, r.cost);
    pushReads(log, r);
    for (let i = 0; i < r.nw; i++) log.write(r.wc[i], r.wv[i]);
    log.seal();
    return s.finishExecution(tx, wroteNew);
  }
}

function pushReads(log: EventBuffer, r: Runner): void {
  for (let i = 0; i < r.nr; i++) log.read(r.rc[i], r.rt[i], r.ri[i], log.valueId(r.rv[i]));
}

function validate(
  s: SharedState,
  r: Runner,
  log: EventBuffer,
  tx: number,
  inc: number,
  t0: number,
  start: number,
): number {
  const fail = s.valueBased ? s.validateValues(tx, r) : s.validateReadSet(tx);
  if (fail < 0) {
    log.add(EV_VALIDATE, start, now() - t0, tx, inc, 0, -1, -1);
    log.seal();
    return s.finishValidation(tx, false);
  }
  const causeCell = s.lastFailCell;
  const causeTx = s.outTx;
  const t1 = now() - t0;
  log.add(EV_VALIDATE, start, t1, tx, inc, FLAG_FAILED, causeCell, causeTx);
  log.seal();
  const aborted = s.tryValidationAbort(tx, inc);
  if (aborted) {
    if (s.valueBased) s.deleteWrites(tx);
    else s.convertWritesToEstimates(tx);
    log.add(EV_ABORT, t1, now() - t0, tx, inc, ABORT_VALIDATION, causeCell, causeTx);
    log.seal();
  }
  return s.finishValidation(tx, aborted);
}

/**
 * blockifier's commit phase, run by the worker holding the commit lock (worker_logic.rs
 * `commit_while_possible`, `commit_tx`): commit the transactions in index order while the next
 * one is EXECUTED: validate its reads by value against the committed prefix; if one changed,
 * abort it (writes deleted, ready, execution_index lowered) and stop; else apply its deferred
 * fee credit and commit it. Logs a validate event and a commit (or abort) event per transaction.
 * `fresh`: whether the clock must be read for the first event (else it starts at the last end).
 * Returns whether the next task must read the clock afresh (false once something was logged).
 */
function commitWhilePossible(
  s: SharedState,
  r: Runner,
  log: EventBuffer,
  t0: number,
  fresh: boolean,
): boolean {
  let start = fresh ? now() - t0 : log.lastEnd;
  let logged = false;
  for (let tx = s.commitIdx; tx < s.n; tx++) {
    const inc = s.tryBeginCommit(tx);
    if (inc < 0) break;
    logged = true;
    const fail = s.validateValues(tx, r);
    const t1 = now() - t0;
    if (fail >= 0) {
      const cell = s.lastFailCell;
      const writer = s.outTx;
      log.add(EV_VALIDATE, start, t1, tx, inc, FLAG_FAILED, cell, writer);
      log.seal();
      s.abortCommit(tx);
      log.add(EV_ABORT, t1, now() - t0, tx, inc, ABORT_COMMIT, cell, writer);
      log.seal();
      break;
    }
    log.add(EV_VALIDATE, start, t1, tx, inc, 0, -1, -1);
    log.seal();
    if (r.bouncer && !r.bouncer.fits(s, r, tx)) {
      // worker_logic.rs: `NoRoomInBlock` → uncommit (tx is not in the block) and halt
      s.halt(tx);
      break;
    }
    const fc = s.creditFee(tx, inc, r);
    const end = now() - t0;
    log.add(EV_COMMIT, t1, end, tx, inc, 0, -1, -1);
    if (fc >= 0) {
      if (s.feeRead) log.read(fc, s.outTx, s.outInc, log.valueId(s.feeBase));
      log.write(fc, s.feeValue);
    }
    log.seal();
    s.finishCommit(tx, inc);
    start = end;
  }
  s.exitCommit();
  return fresh && !logged;
}
