/**
 * Deterministic discrete-event simulation of k virtual cores running the Block-STM family. This
 * file is the machine and its event loop; what differs between variants (`block-stm`, `naive`,
 * `selective`, `commit-as-you-go`, `abort-on-dependency`) is a `VariantPolicy`, one file each
 * under variants/.
 *
 * Time model (kept here, apart from the scheduler's logic in scheduler.ts):
 *  - a core that is free asks for work (the policy may claim it first, e.g. a commit; then
 *    Scheduler.nextTask);
 *  - an execution makes each read at its real time: the executor reports the offset of every
 *    access (StateView.at, TxResult.writeOffsets; see access-log.ts). The executor is run at the
 *    start against the current MVMemory (provisionally); a read whose cell changes in MVMemory
 *    before the read's time is made again at its time (read-watch.ts; a read at t sees the
 *    changes made at t before it) and, if the value changed, the execution is re-run from that
 *    read on (the reads before it pinned: the executor is deterministic). The other reads stand
 *    as made: nothing changed in between. An ESTIMATE met at a read's time abandons
 *    the execution there (the dependency is registered then; the work up to it is charged).
 *    Writes are published when the execution ends (Block-STM: a write is visible to others only
 *    when its incarnation finishes), duration = executor cost + overheads of the cost model;
 *  - a validation re-reads its read set when it ends (duration = validateBase + per read); a
 *    failed validation aborts the incarnation at that moment and the core spends abortCost on it;
 *  - events at the same time are processed in (time, sequence) order, then the policy looks at
 *    the instant (afterInstant), then free cores are dispatched in core order. No randomness
 *    except the optional seeded jitter, so the same input and seed give the same log.
 * Every scheduler call is one atomic step, so the run is one legal interleaving of the paper's
 * algorithm and inherits its correctness.
 */
import { readTime, logArenaReads, logArenaWrites, type AccessClock } from './access-log';
import { CellTable } from './cells';
import { EventHeap } from './event-heap';
import { ReadWatch } from './read-watch';
import {
  ABORT_DEPENDENCY,
  ABORT_VALIDATION,
  EV_ABORT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_MEMO,
  FLAG_REVERTED,
  LogBuilder,
} from './events';
import { TxRunner } from './execution';
import { MVMemory, READ_ESTIMATE, READ_OK, type AccessArena } from './mvmemory';
import { EXECUTION_TASK, NO_TASK, Scheduler, taskKind, taskTx } from './scheduler';
import { taskOverhead, type BlockExecutor, type CostModel } from './types';
import { mulberry32 } from '../random';
import type { BlockCapacity } from './bouncer';
import type { BouncerOutcome } from './block-bouncer';

// The log writers moved to access-log.ts; re-exported for the variants that import them here.
export {
  logArenaReads,
  logArenaWrites,
  logAttempt,
  RAW_CLOCK,
  type AccessClock,
} from './access-log';
/** Seeded PRNG (re-exported from engine/random.ts for the variants). */
export { mulberry32 };

export interface SimConfig {
  cores: number;
  cost: CostModel;
  seed: number;
  memo: boolean;
  profile: boolean;
  variant: string;
  /** Block capacity for a variant with a bouncer at commit (blockifier); see block-bouncer.ts. */
  capacity?: BlockCapacity;
}

/** What a simulation leaves behind (the caller turns it into RunResult). */
export interface SimState {
  log: LogBuilder;
  cells: CellTable;
  mv: MVMemory;
  runner: TxRunner;
  /** Final incarnation of every transaction. */
  incarnation: Int32Array;
  /** Executor cost of each transaction's final incarnation. */
  finalCost: Float64Array;
  /** Deferred fee reads applied at commit (commit-as-you-go): cell id or -1, and the value read. */
  feeReadCell: Int32Array;
  feeReadValue: bigint[];
  tasks: number;
  makespan: number;
  /** A variant with a bouncer (blockifier, sequential): where the block ended. */
  bouncer?: BouncerOutcome;
}

/**
 * What makes a variant: hooks the machine calls at fixed points. Every hook is optional; a
 * policy with none is Block-STM.
 */
export interface VariantPolicy {
  /** false: the sequencer-fee credit is deferred (the runner returns it; the policy applies it). */
  readonly inlineFee: boolean;
  /**
   * blockifier-style MVMemory use: validation compares values (not versions), an abort deletes
   * the incarnation's writes (no ESTIMATE), and every finished execution revalidates all higher
   * transactions (not only when it wrote a new cell).
   */
  readonly valueBased?: boolean;
  /** A free core, before it asks the scheduler: true if the policy gave it work. */
  claim?(c: number, t: number): boolean;
  /** A task the scheduler handed out: true if the policy disposed of it (the core asks again). */
  drop?(task: number): boolean;
  /** An execution was recorded into MVMemory. */
  recorded?(w: Work): void;
  /**
   * An execution finished and `next` is what finishExecution handed its core. Returns the task
   * the core continues with; may add to `sim.pendingPause`.
   */
  finished?(c: number, t: number, w: Work, next: number): number;
  /** `tx` failed validation and was aborted at t: abort more; returns how many (each costs abortCost). */
  cascade?(c: number, t: number, tx: number): number;
  /** Work of a kind ≥ W_POLICY ended on core c at t. */
  complete?(c: number, t: number, w: Work): void;
  /** After every event of instant t, before free cores are dispatched. */
  afterInstant?(t: number): void;
  /** The run is over (default: the scheduler's done marker). */
  done?(): boolean;
}

export type PolicyFactory = (sim: Simulation) => VariantPolicy;

/** Heap ids `c + k × stamp` stay below this (small integers in V8). */
const MAX_HEAP_ID = 2 ** 30;

export const W_EXEC = 1;
export const W_VALIDATE = 2;
/** Abort bookkeeping or an abandoned execution: core busy, then its follow-up task. */
export const W_PAUSE = 3;
/** First work kind a policy may define (it handles them in `complete`). */
export const W_POLICY = 4;

/** What a core is doing until `end` (one pooled record per core: nothing allocated per task). */
export interface Work {
  kind: number;
  tx: number;
  inc: number;
  start: number;
  end: number;
  ev: number;
  followUp: number;
  /** W_EXEC: reads [0, checked) were made at their real time; the others are provisional. */
  checked: number;
  /** W_EXEC: the attempt stopped on an ESTIMATE of blockedCell (read index readLen) at blockedAt. */
  blocked: boolean;
  blockedCell: number;
  blockedAt: number;
  /** The executor reported when its accesses happen (else all reads are at offset 0). */
  timed: boolean;
  /** FLAG_MEMO | FLAG_REVERTED of the current attempt. */
  flags: number;
  /** Time stretch of this execution (1 ± jitter draw): simulated time per executor cost unit. */
  scale: number;
  /** The execution's read and write sets (ranges of mv.arena). */
  readStart: number;
  readLen: number;
  writeStart: number;
  writeLen: number;
  cost: number;
  feeCell: number;
  feeAmount: bigint;
}

function newWork(): Work {
  return {
    kind: 0,
    tx: -1,
    inc: -1,
    start: 0,
    end: 0,
    ev: -1,
    followUp: NO_TASK,
    checked: 0,
    blocked: false,
    blockedCell: -1,
    blockedAt: 0,
    timed: false,
    flags: 0,
    scale: 1,
    readStart: 0,
    readLen: 0,
    writeStart: 0,
    writeLen: 0,
    cost: 0,
    feeCell: -1,
    feeAmount: 0n,
  };
}

/** The simulated machine: k cores, MVMemory, the scheduler, the log. Policies drive parts of it. */
export class Simulation {
  readonly n: number;
  readonly k: number;
  readonly cm: CostModel;
  /** Per-task scheduling cost on this machine (fixed part + contention on the shared counters). */
  readonly sched0: number;
  /**
   * The contended part alone: charged again for each conflict transition that lowers a shared
   * index (resuming dependants lowers execution_idx, a validation abort lowers validation_idx).
   */
  readonly lowerCost: number;
  readonly cells: CellTable;
  readonly mv: MVMemory;
  readonly arena: AccessArena;
  readonly sched: Scheduler;
  readonly log: LogBuilder;
  readonly runner: TxRunner;
  readonly pool: Work[];
  /** busyCore[c] = 1 while core c has work (pool[c]). */
  readonly busyCore: Uint8Array;
  private idleCores: number;
  private readonly heap = new EventHeap();
  /**
   * Heap entries are `c + k × stamp[c]`: bumping stamp[c] (cancel) drops core c's pending entry
   * (an execution stopped before the time it was waiting for).
   */
  private readonly stamp: Int32Array;
  /** Provisional reads of the running executions, by cell (see read-watch.ts). */
  private readonly watch = new ReadWatch();
  /** The instant being simulated (MVMemory changes happen at it). */
  private now = 0;
  private readonly rand: () => number;
  private readonly clock: AccessClock;
  private readonly policy: VariantPolicy;
  /** Last execute event of each transaction (what validations and aborts refer to). */
  readonly execEvent: Int32Array;
  readonly finalCost: Float64Array;
  /** Deferred fee of each transaction's last recorded execution (inlineFee false). */
  readonly feeCell: Int32Array;
  readonly feeAmount: bigint[];
  readonly feeReadCell: Int32Array;
  readonly feeReadValue: bigint[];
  /** Extra time a `finished` hook adds before the core's next task. */
  pendingPause = 0;
  tasks = 0;
  makespan = 0;
  /** The scheduler was halted (the block is full): no core takes another task. */
  halted = false;
  /** Set by a policy with a bouncer. */
  bouncer: BouncerOutcome | undefined = undefined;

  constructor(
    executor: BlockExecutor,
    readonly cfg: SimConfig,
    policy: PolicyFactory,
  ) {
    const n = executor.size;
    const k = cfg.cores;
    this.n = n;
    this.k = k;
    this.cm = cfg.cost;
    this.sched0 = taskOverhead(cfg.cost, k);
    this.lowerCost = this.sched0 - cfg.cost.scheduleOverhead;
    this.cells = CellTable.of(executor, cfg.profile);
    this.mv = new MVMemory(n);
    this.arena = this.mv.arena;
    this.sched = new Scheduler(n);
    this.log = new LogBuilder(n);
    this.pool = Array.from({ length: k }, newWork);
    this.busyCore = new Uint8Array(k);
    this.idleCores = k;
    // Integers (not Float64Array): heap ids stay small integers, so `id % k` below is an integer
    // remainder, not a floating-point fmod (that alone was ~1.5 % of the simulator's time).
    this.stamp = new Int32Array(k);
    this.rand = mulberry32(cfg.seed);
    this.clock = { lead: this.sched0, scale: 1, readOverhead: cfg.cost.readOverhead };
    this.execEvent = new Int32Array(n).fill(-1);
    this.finalCost = new Float64Array(n);
    this.feeCell = new Int32Array(n).fill(-1);
    this.feeAmount = new Array<bigint>(n).fill(0n);
    this.feeReadCell = new Int32Array(n).fill(-1);
    this.feeReadValue = new Array<bigint>(n).fill(0n);
    this.policy = policy(this);
    this.runner = new TxRunner(executor, this.cells, this.mv, {
      inlineFee: this.policy.inlineFee,
      memo: cfg.memo,
      profile: cfg.profile,
      log: this.log,
    });
    this.mv.onChange = (cell, tx) => this.cellChanged(cell, tx);
  }

  /** The event loop: run until no core has work left; returns what the run leaves behind. */
  run(): SimState {
    const heap = this.heap;
    const k = this.k;
    const afterInstant = this.policy.afterInstant?.bind(this.policy);
    this.dispatch(0);
    while (heap.size > 0) {
      const t = heap.peekTime();
      this.now = t;
      while (heap.size > 0 && heap.peekTime() === t) {
        const id = heap.pop();
        const c = id % k;
        if (id - c !== k * this.stamp[c]) continue; // cancelled
        if (t > this.makespan) this.makespan = t;
        this.complete(c, t);
      }
      if (afterInstant) afterInstant(t);
      this.dispatch(t);
    }
    const done = this.policy.done ? this.policy.done() : this.sched.done();
    if (!done)
      throw new Error(
        `simulator: stalled before the block was done (${this.cfg.variant}, ${k} cores)`,
      );
    return {
      log: this.log,
      cells: this.cells,
      mv: this.mv,
      runner: this.runner,
      incarnation: this.sched.incarnation,
      finalCost: this.finalCost,
      feeReadCell: this.feeReadCell,
      feeReadValue: this.feeReadValue,
      tasks: this.tasks,
      makespan: this.makespan,
      bouncer: this.bouncer,
    };
  }

  /** The time stretch of one execution: 1, or a seeded draw in 1 ± jitter. */
  jitterScale(): number {
    const j = this.cm.jitter;
    return j > 0 ? 1 + j * (2 * this.rand() - 1) : 1;
  }

  /** Occupy core c until `end` with `pool[c]` (the caller has filled its other fields). */
  busy(
    c: number,
    kind: number,
    tx: number,
    inc: number,
    start: number,
    end: number,
    ev: number,
    followUp: number,
  ): Work {
    const w = this.pool[c];
    w.kind = kind;
    w.tx = tx;
    w.inc = inc;
    w.start = start;
    w.end = end;
    w.ev = ev;
    w.followUp = followUp;
    this.wake(c, end);
    return w;
  }

  /** Mark core c busy and schedule its next event at `time`. */
  private wake(c: number, time: number): void {
    if (this.busyCore[c] === 0) {
      this.busyCore[c] = 1;
      this.idleCores--;
    }
    this.heap.push(time, c + this.k * this.stamp[c]);
  }

  /** Move core c's pending event (it stays busy) to `time`. */
  private rewake(c: number, time: number): void {
    if (this.k * (this.stamp[c] + 2) > MAX_HEAP_ID)
      throw new Error('simulator: too many re-timed events on one core');
    this.stamp[c]++;
    this.pool[c].end = time;
    this.heap.push(time, c + this.k * this.stamp[c]);
  }

  /** Drop core c's pending event and free it (its work was stopped by the policy). */
  cancel(c: number): void {
    if (this.k * (this.stamp[c] + 2) > MAX_HEAP_ID)
      throw new Error('simulator: too many cancelled executions on one core');
    this.stamp[c]++;
    if (this.busyCore[c] === 1) {
      this.busyCore[c] = 0;
      this.idleCores++;
    }
  }

  /** Copy the runner's last attempt into a work record. */
  takeAttempt(w: Work): void {
    const r = this.runner;
    w.blocked = !r.ok;
    w.blockedCell = r.blockedCell;
    w.blockedAt = r.blockedAt;
    w.timed = r.timed;
    w.flags = (r.memo ? FLAG_MEMO : 0) | (r.reverted ? FLAG_REVERTED : 0);
    w.readStart = r.readStart;
    w.readLen = r.readLen;
    w.writeStart = r.writeStart;
    w.writeLen = r.writeLen;
    w.cost = r.cost;
    w.feeCell = r.feeCell;
    w.feeAmount = r.feeAmount;
  }

  /** Duration of the attempt held in `w` as an execution task. */
  execDuration(w: Work): number {
    const cm = this.cm;
    return (
      w.cost * w.scale + this.sched0 + w.readLen * cm.readOverhead + w.writeLen * cm.writeOverhead
    );
  }

  /** When the execution held in `w` ends, if it runs to its end. */
  naturalEnd(w: Work): number {
    return w.start + this.execDuration(w);
  }

  /** Absolute time of read i of `w` (i = readLen: the read that met an ESTIMATE). */
  private readAt(w: Work, i: number): number {
    this.clock.scale = w.scale;
    if (i < w.readLen) return w.start + readTime(this.arena, w.readStart, i, this.clock, w.cost);
    return w.start + this.sched0 + w.blockedAt * w.scale + i * this.cm.readOverhead;
  }

  validateDuration(tx: number): number {
    return this.cm.validateBase + this.mv.lastReadLen[tx] * this.cm.validatePerRead;
  }

  /**
   * Start an execution task: the executor runs now against the current MVMemory, provisionally;
   * its reads are checked again at their times (advanceExec).
   */
  startExec(c: number, t: number, tx: number): void {
    this.tasks++;
    const inc = this.sched.incarnation[tx];
    this.runner.run(tx);
    const w = this.pool[c];
    w.scale = this.jitterScale();
    w.checked = 0;
    this.takeAttempt(w);
    w.kind = W_EXEC;
    w.tx = tx;
    w.inc = inc;
    w.start = t;
    w.ev = -1;
    w.followUp = NO_TASK;
    this.watchReads(c, w, 0);
    this.advanceExec(c, t, false);
  }

  /** Reads [from, readLen) of core c's attempt watch their cells until their time. */
  private watchReads(c: number, w: Work, from: number): void {
    const cells = this.arena.rCell;
    for (let p = w.readStart + from; p < w.readStart + w.readLen; p++)
      this.watch.watch(p, cells[p], c);
  }

  /**
   * MVMemory changed the entry of `tx` at `cell` now: every running execution above `tx` whose
   * read of `cell` is still to come must make that read again at its time (dirty). Unlinks the
   * entries that no longer watch (their read is past, or their attempt is over).
   */
  private cellChanged(cell: number, tx: number): void {
    const watch = this.watch;
    if (cell >= watch.head.length) return;
    let prev = -1;
    let p = watch.head[cell];
    while (p >= 0) {
      const next = watch.next[p];
      const c = watch.core[p];
      const w = this.pool[c];
      const i = p - w.readStart;
      const live = this.busyCore[c] === 1 && w.kind === W_EXEC && i >= w.checked && i < w.readLen;
      if (live && w.tx <= tx)
        prev = p; // not affected: keeps watching
      else {
        if (live && this.readAt(w, i) >= this.now) this.markDirty(c, w, p);
        if (prev < 0) watch.head[cell] = next;
        else watch.next[prev] = next;
      }
      p = next;
    }
  }

  /** Read p of core c's execution must be made again at its time: wake the core by then. */
  private markDirty(c: number, w: Work, p: number): void {
    this.watch.dirty[p] = 1;
    const at = this.nextWake(w, this.now);
    if (at < w.end) this.rewake(c, at);
  }

  /**
   * When core c's execution must next be looked at (not before t): its next dirty read, else the
   * read that met an ESTIMATE, else its end. Reads are taken in order, so never before the time
   * of the next unchecked read.
   */
  private nextWake(w: Work, t: number): number {
    let at = w.blocked ? this.readAt(w, w.readLen) : this.naturalEnd(w);
    const dirty = this.watch.dirty;
    for (let i = w.checked; i < w.readLen; i++)
      if (dirty[w.readStart + i] !== 0) at = Math.min(at, this.readAt(w, i));
    if (w.checked < w.readLen) at = Math.max(at, this.readAt(w, w.checked));
    return Math.max(t, at);
  }

  /**
   * Core c's reads that are not dirty and whose time has come by t stand as made (what a policy
   * looks at as "the reads made so far").
   */
  settle(c: number, t: number): void {
    const w = this.pool[c];
    const dirty = this.watch.dirty;
    while (
      w.checked < w.readLen &&
      dirty[w.readStart + w.checked] === 0 &&
      this.readAt(w, w.checked) <= t
    )
      w.checked++;
  }

  /**
   * Core c's execution at time t: take every read whose time has come. A read whose cell did not
   * change since the provisional read stands as it is; a dirty one is made again now: if it still
   * returns the attempt's value it is kept (with the version it now returns), a changed value
   * re-runs the executor from that read on, an ESTIMATE abandons the execution. Then the
   * execution ends (`wake`: t is its end) or waits for its next dirty read, ESTIMATE or end.
   */
  private advanceExec(c: number, t: number, wake: boolean): void {
    const w = this.pool[c];
    const { mv, arena } = this;
    let reruns = 0;
    for (;;) {
      const i = w.checked;
      if (i > w.readLen || (i === w.readLen && !w.blocked) || this.readAt(w, i) > t) break;
      if (i < w.readLen && this.watch.dirty[w.readStart + i] === 0) {
        w.checked = i + 1;
        continue;
      }
      const cell = i < w.readLen ? arena.rCell[w.readStart + i] : w.blockedCell;
      const r = mv.read(cell, w.tx);
      if (r === READ_ESTIMATE && this.sched.addDependency(w.tx, mv.outTx)) {
        this.abandonExec(c, t, cell, mv.outTx);
        return;
      }
      const v = r === READ_OK ? mv.outValue : this.cells.preValue(cell);
      if (i < w.readLen && r !== READ_ESTIMATE && v === arena.rVal[w.readStart + i]) {
        const p = w.readStart + i;
        arena.rTx[p] = mv.outTx;
        arena.rInc[p] = mv.outInc;
        if (r === READ_OK && mv.outValId >= 0) arena.rValId[p] = mv.outValId;
        w.checked = i + 1;
        continue;
      }
      // The value changed since the provisional run (or the ESTIMATE is gone): run again from here.
      // A re-run makes read i now, so it passes the next check unless MVMemory is inconsistent.
      if (++reruns > w.readLen + 2) throw new Error('simulator: re-run loop in an execution');
      this.runner.run(w.tx, w.readStart, i);
      this.takeAttempt(w);
      this.watchReads(c, w, i);
    }
    // Ended: finish now, from a wake (from a start, a later event: no recursion through tasks).
    if (wake && w.checked >= w.readLen && !w.blocked && this.naturalEnd(w) <= t) {
      w.end = t;
      this.finishExec(c, t, w);
      return;
    }
    w.end = this.nextWake(w, t);
    this.wake(c, w.end);
  }

  /** Core c's execution met an ESTIMATE at time t: dependency abort, charged the work so far. */
  private abandonExec(c: number, t: number, cell: number, blocker: number): void {
    const w = this.pool[c];
    const log = this.log;
    // An executor that reports no offsets read everything at its start: its work before the
    // ESTIMATE is unknown, modelled as dependencyAbortCost (see CostModel).
    const extra = w.timed ? 0 : this.cm.dependencyAbortCost;
    log.add(EV_ABORT, c, w.start, t + extra, w.tx, w.inc, ABORT_DEPENDENCY, cell, blocker, -1);
    this.clock.scale = w.scale;
    logArenaReads(log, this.arena, w.readStart, w.checked, this.clock, w.cost);
    log.read(cell, blocker, -1, undefined, t - w.start);
    this.busy(c, W_PAUSE, w.tx, w.inc, t, t + extra, -1, NO_TASK);
  }

  /**
   * Log the execution held in `w` as an execute event from w.start to `end`, with its reads made
   * by then and, if it ran to its end, its writes: the one writer of execute events.
   */
  logExec(c: number, w: Work, end: number): number {
    const ev = this.log.add(EV_EXECUTE, c, w.start, end, w.tx, w.inc, w.flags);
    this.clock.scale = w.scale;
    logArenaReads(this.log, this.arena, w.readStart, w.checked, this.clock, w.cost);
    if (!w.blocked && w.checked >= w.readLen && end >= this.naturalEnd(w)) {
      const { writeStart: ws, writeLen: wl, readStart: rs, readLen: rl } = w;
      logArenaWrites(this.log, this.arena, ws, wl, rs, rl, this.clock, w.cost);
    }
    return ev;
  }

  private startValidate(c: number, t: number, tx: number): void {
    this.tasks++;
    const dur = this.sched0 + this.validateDuration(tx);
    const inc = this.sched.incarnation[tx];
    this.busy(c, W_VALIDATE, tx, inc, t, t + dur, this.execEvent[tx], NO_TASK);
  }

  startTask(c: number, t: number, task: number): void {
    if (this.halted) return;
    if (taskKind(task) === EXECUTION_TASK) this.startExec(c, t, taskTx(task));
    else this.startValidate(c, t, taskTx(task));
  }

  /**
   * A free core asks for work. Leaves it idle if there is none right now; then no other core can
   * get any either until some event changes the scheduler's state (dispatch relies on it).
   */
  startNext(c: number, t: number): void {
    const policy = this.policy;
    if (this.halted) return;
    if (policy.claim?.(c, t)) return;
    for (;;) {
      const task = this.sched.nextTaskSkipping();
      if (task !== NO_TASK) {
        if (policy.drop?.(task)) continue;
        this.startTask(c, t, task);
        return;
      }
      if (!this.sched.canMakeProgress()) return;
    }
  }

  /** Publish the execution held in `w` into MVMemory. Returns "wrote a new cell". */
  recordExecution(w: Work): boolean {
    const tx = w.tx;
    const wroteNew = this.mv.recordRanges(
      tx,
      w.inc,
      w.readStart,
      w.readLen,
      w.writeStart,
      w.writeLen,
    );
    this.execEvent[tx] = w.ev;
    this.finalCost[tx] = w.cost;
    this.feeCell[tx] = w.feeCell;
    this.feeAmount[tx] = w.feeAmount;
    this.policy.recorded?.(w);
    return wroteNew;
  }

  /** Core c is busy for `dur`, then runs `followUp` (or asks for work). */
  pauseThen(c: number, t: number, dur: number, followUp: number): void {
    if (dur > 0) this.busy(c, W_PAUSE, -1, -1, t, t + dur, -1, followUp);
    else if (followUp !== NO_TASK) this.startTask(c, t, followUp);
    else this.startNext(c, t);
  }

  private complete(c: number, t: number): void {
    const w = this.pool[c];
    this.busyCore[c] = 0;
    this.idleCores++;
    switch (w.kind) {
      case W_EXEC:
        this.advanceExec(c, t, true);
        return;
      case W_VALIDATE:
        this.finishValidate(c, t, w);
        return;
      case W_PAUSE:
        if (w.followUp !== NO_TASK) this.startTask(c, t, w.followUp);
        else this.startNext(c, t);
        return;
      default:
        this.policy.complete!(c, t, w);
    }
  }

  private finishExec(c: number, t: number, w: Work): void {
    w.ev = this.logExec(c, w, t);
    const wroteNew = this.recordExecution(w) || this.policy.valueBased === true;
    const resumes = this.sched.hasDependants(w.tx);
    let next = this.sched.finishExecution(w.tx, wroteNew);
    this.pendingPause = resumes ? this.lowerCost : 0;
    if (this.policy.finished) next = this.policy.finished(c, t, w, next);
    const pause = this.pendingPause;
    this.pendingPause = 0;
    this.pauseThen(c, t, pause, next);
  }

  private finishValidate(c: number, t: number, w: Work): void {
    const { mv, sched, log, cm } = this;
    const tx = w.tx;
    const fail = this.validate(tx);
    if (fail < 0) {
      log.add(EV_VALIDATE, c, w.start, t, tx, w.inc, 0, -1, -1, w.ev);
      sched.finishValidation(tx, false);
      this.startNext(c, t);
      return;
    }
    const causeCell = this.arena.rCell[mv.lastReadStart[tx] + fail];
    const causeTx = mv.outTx;
    log.add(EV_VALIDATE, c, w.start, t, tx, w.inc, FLAG_FAILED, causeCell, causeTx, w.ev);
    const inc = w.inc;
    if (!sched.tryValidationAbort(tx, inc)) {
      sched.finishValidation(tx, false);
      this.startNext(c, t);
      return;
    }
    this.abortWrites(tx);
    const dur = cm.abortCost + this.lowerCost;
    const ev = this.execEvent[tx];
    log.add(EV_ABORT, c, t, t + dur, tx, inc, ABORT_VALIDATION, causeCell, causeTx, ev);
    const extra = this.policy.cascade ? this.policy.cascade(c, t, tx) : 0;
    const next = sched.finishValidation(tx, true);
    this.pauseThen(c, t, cm.abortCost * (1 + extra) + this.lowerCost, next);
  }

  /** Validate tx's last read set (by version, or by value for a value-based policy). */
  validate(tx: number): number {
    if (!this.policy.valueBased) return this.mv.validateReadSet(tx);
    return this.mv.validateValues(tx, (c) => this.cells.preValue(c));
  }

  /** An aborted incarnation's writes: ESTIMATE markers, or deleted for a value-based policy. */
  abortWrites(tx: number): void {
    if (this.policy.valueBased) this.mv.deleteWrites(tx);
    else this.mv.convertWritesToEstimates(tx);
  }

  /**
   * Dispatch the free cores in core order. A core that finds no work means there is none for
   * any core right now (startNext leaves the scheduler with nothing to hand out), so stop there.
   */
  private dispatch(t: number): void {
    if (this.idleCores === 0) return;
    for (let c = 0; c < this.k; c++) {
      if (this.busyCore[c] !== 0) continue;
      this.startNext(c, t);
      if (this.busyCore[c] === 0) return;
    }
  }
}

/** Simulate a block under the variant `policy` on cfg.cores cores. */
export function simulateBlockStm(
  executor: BlockExecutor,
  cfg: SimConfig,
  policy: PolicyFactory,
): SimState {
  return new Simulation(executor, cfg, policy).run();
}
