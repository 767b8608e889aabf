/**
 * Deterministic discrete-event simulation of k virtual cores running the Block-STM family
 * (`block-stm`, `naive`, `selective`, `commit-as-you-go`).
 *
 * Time model (kept here, apart from the scheduler's logic in scheduler.ts):
 *  - a core that is free asks for work (commit first in commit-as-you-go, then Scheduler.nextTask);
 *  - an execution makes each read at its real time: the executor reports the offset of every
 *    access (StateView.at, TxResult.writeOffsets; see placeRead). The executor is run at the
 *    start against the current MVMemory (provisionally); each read is checked again at its time
 *    and, if the value changed meanwhile, the execution is re-run from that read on (the reads
 *    before it pinned: the executor is deterministic). An ESTIMATE met at a read's time abandons
 *    the execution there (the dependency is registered then; the work up to it is charged).
 *    Writes are published when the execution ends (Block-STM: a write is visible to others only
 *    when its incarnation finishes), duration = executor cost + overheads of the cost model;
 *  - abort-on-dependency: after the events of an instant, a running execution whose reads made so
 *    far no longer hold (a lower transaction published or aborted a write of a cell it read) is
 *    stopped there and restarted (or waits, on an ESTIMATE);
 *  - a validation re-reads its read set when it ends (duration = validateBase + per read); a
 *    failed validation aborts the incarnation at that moment and the core spends abortCost on it;
 *  - events at the same time are processed in (time, sequence) order, then free cores are
 *    dispatched in core order. No randomness except the optional seeded jitter, so the same
 *    input and seed give the same log.
 * Every scheduler call is one atomic step, so the run is one legal interleaving of the paper's
 * algorithm and inherits its correctness.
 */
import { CellTable } from './cells';
import {
  ABORT_CASCADE,
  ABORT_COMMIT,
  ABORT_DEPENDENCY,
  ABORT_RUNNING,
  ABORT_VALIDATION,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_MEMO,
  FLAG_REVERTED,
  LogBuilder,
} from './events';
import { TxRunner } from './execution';
import { MVMemory, READ_ESTIMATE, READ_OK, type AccessArena } from './mvmemory';
import {
  EXECUTED,
  EXECUTING,
  EXECUTION_TASK,
  NO_TASK,
  Scheduler,
  VALIDATION_TASK,
  executionTask,
  taskKind,
  taskTx,
} from './scheduler';
import { taskOverhead, type BlockExecutor, type CostModel } from './types';
import { mulberry32 } from '../random';

export type Cascade = 'none' | 'later' | 'readers';

export interface SimConfig {
  cores: number;
  cost: CostModel;
  seed: number;
  cascade: Cascade;
  commitInOrder: boolean;
  /** abort-on-dependency: stop a running execution as soon as a read it made is overwritten. */
  abortRunning: boolean;
  memo: boolean;
  profile: boolean;
  variant: string;
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
}

const W_EXEC = 1;
const W_VALIDATE = 2;
const W_PAUSE = 3; // abort bookkeeping or an abandoned execution: core busy, then follow-up
const W_COMMIT = 4;
const W_COMMIT_REEXEC = 5;

/** What a core is doing until `end` (one pooled record per core: nothing allocated per task). */
interface Work {
  kind: number;
  tx: number;
  inc: number;
  start: number;
  end: number;
  ev: number;
  followUp: number;
  /** W_EXEC: reads [0, checked) were made at their real time; the others are provisional. */
  checked: number;
  /** W_EXEC: the current attempt stopped on an ESTIMATE of blockedCell (read index readLen) at blockedAt. */
  blocked: boolean;
  blockedCell: number;
  blockedAt: number;
  /** The executor reported when its accesses happen (else all reads are at offset 0). */
  timed: boolean;
  /** FLAG_MEMO | FLAG_REVERTED of the current attempt. */
  flags: number;
  /** Time stretch of this execution (1 + jitter draw): simulated time per executor cost unit. */
  scale: number;
  /** W_EXEC / W_COMMIT_REEXEC: the execution's read and write sets (ranges of mv.arena). */
  readStart: number;
  readLen: number;
  writeStart: number;
  writeLen: number;
  cost: number;
  feeCell: number;
  feeAmount: bigint;
}

/**
 * How the executor's offsets of one attempt map to simulated time since its task started:
 * `lead` (the task's scheduling cost) + offset × `scale` (jitter) + `readOverhead` per read before.
 */
export interface AccessClock {
  lead: number;
  scale: number;
  readOverhead: number;
}
/** Offsets as the executor gave them (no overheads). */
export const RAW_CLOCK: AccessClock = { lead: 0, scale: 1, readOverhead: 0 };

/** Simulated time, since its task started, of read i of the attempt whose reads start at rs. */
export function readTime(a: AccessArena, rs: number, i: number, clk: AccessClock, cost: number) {
  return clk.lead + Math.min(a.rAt[rs + i], cost) * clk.scale + i * clk.readOverhead;
}

/** Simulated time, since its task started, of write w (reads [rs, rs + rl) of the same attempt). */
function writeTime(
  a: AccessArena,
  w: number,
  rs: number,
  rl: number,
  clk: AccessClock,
  cost: number,
) {
  const at = Math.min(a.wAt[w], cost);
  let before = 0;
  for (let i = rs; i < rs + rl; i++) if (a.rAt[i] <= at) before++;
  return clk.lead + at * clk.scale + before * clk.readOverhead;
}

/** Log reads [start, start + len) of the arena; values not interned yet are interned now, in order. */
export function logArenaReads(
  log: LogBuilder,
  a: AccessArena,
  start: number,
  len: number,
  clk: AccessClock = RAW_CLOCK,
  cost = Infinity,
): void {
  for (let i = 0; i < len; i++) {
    const r = start + i;
    let id = a.rValId[r];
    if (id < 0) {
      id = log.valueId(a.rVal[r]);
      a.rValId[r] = id;
    }
    log.readId(a.rCell[r], a.rTx[r], a.rInc[r], id, readTime(a, start, i, clk, cost));
  }
}

/** Log writes [ws, ws + wl) of the arena (see logArenaReads); reads [rs, rs + rl) place them. */
export function logArenaWrites(
  log: LogBuilder,
  a: AccessArena,
  ws: number,
  wl: number,
  rs: number,
  rl: number,
  clk: AccessClock = RAW_CLOCK,
  cost = Infinity,
): void {
  for (let w = ws; w < ws + wl; w++) {
    let id = a.wValId[w];
    if (id < 0) {
      id = log.valueId(a.wVal[w]);
      a.wValId[w] = id;
    }
    log.writeId(a.wCell[w], id, writeTime(a, w, rs, rl, clk, cost));
  }
}

/** Log the reads and writes of the runner's last attempt, placed in time by `clk`. */
export function logAttempt(
  log: LogBuilder,
  runner: TxRunner,
  arena: AccessArena,
  clk: AccessClock = RAW_CLOCK,
): void {
  const { readStart: rs, readLen: rl, cost } = runner;
  logArenaReads(log, arena, rs, rl, clk, cost);
  logArenaWrites(log, arena, runner.writeStart, runner.writeLen, rs, rl, clk, cost);
}

/** Seeded PRNG (re-exported from engine/random.ts for the variants). */
export { mulberry32 };

/** Min-heap of (time, seq) → core, in flat arrays (no allocation per push/pop). */
class EventHeap {
  private time: number[] = [];
  private seq: number[] = [];
  private core: number[] = [];
  private n = 0;
  private counter = 0;
  get size(): number {
    return this.n;
  }
  push(time: number, core: number): void {
    const T = this.time;
    const S = this.seq;
    const C = this.core;
    const seq = this.counter++;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && S[p] < seq)) break;
      T[i] = tp;
      S[i] = S[p];
      C[i] = C[p];
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    C[i] = core;
  }
  peekTime(): number {
    return this.time[0];
  }
  pop(): number {
    const T = this.time;
    const S = this.seq;
    const C = this.core;
    const top = C[0];
    const n = --this.n;
    if (n === 0) return top;
    const time = T[n];
    const seq = S[n];
    const core = C[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && (T[r] < T[l] || (T[r] === T[l] && S[r] < S[l]))) m = r;
      if (time < T[m] || (time === T[m] && seq < S[m])) break;
      T[i] = T[m];
      S[i] = S[m];
      C[i] = C[m];
      i = m;
    }
    T[i] = time;
    S[i] = seq;
    C[i] = core;
    return top;
  }
}

export function simulateBlockStm(executor: BlockExecutor, cfg: SimConfig): SimState {
  const n = executor.size;
  const k = cfg.cores;
  const cm = cfg.cost;
  /** Per-task scheduling cost on this machine (fixed part + contention on the shared counters). */
  const sched0 = taskOverhead(cm, k);
  /**
   * The contended part alone: charged again for each conflict transition that lowers a shared
   * index (resuming dependants lowers execution_idx, a validation abort lowers validation_idx).
   */
  const lowerCost = sched0 - cm.scheduleOverhead;
  const cells = new CellTable((c) => executor.preState(c), cfg.profile);
  const mv = new MVMemory(n);
  const arena = mv.arena;
  const sched = new Scheduler(n);
  const log = new LogBuilder();
  const runner = new TxRunner(executor, cells, mv, {
    inlineFee: !cfg.commitInOrder,
    memo: cfg.memo,
    profile: cfg.profile,
    log,
  });
  const rand = mulberry32(cfg.seed);
  const heap = new EventHeap();
  /**
   * Heap entries are `c + k × stamp[c]`: bumping stamp[c] cancels core c's pending entry (an
   * execution stopped by abort-on-dependency before the time it was waiting for).
   */
  const stamp = new Float64Array(k);
  /** busyCore[c] = 1 while core c has work (pool[c]); idleCores counts the others. */
  const busyCore = new Uint8Array(k);
  let idleCores = k;
  const pool: Work[] = Array.from({ length: k }, () => ({
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
  }));
  const execEvent = new Int32Array(n).fill(-1);
  const finalCost = new Float64Array(n);
  const feeCell = new Int32Array(n).fill(-1);
  const feeAmount: bigint[] = new Array(n).fill(0n);
  const feeReadCell = new Int32Array(n).fill(-1);
  const feeReadValue: bigint[] = new Array(n).fill(0n);
  const readersOf: number[][] =
    cfg.cascade === 'readers' ? Array.from({ length: n }, () => []) : [];
  /** naive: incarnation of a running execution to discard when it ends (-1: none), and why. */
  const staleInc = new Int32Array(n).fill(-1);
  const staleCause = new Int32Array(n).fill(-1);
  let commitIdx = 0;
  let commitBusy = false;
  let tasks = 0;
  let makespan = 0;

  /** The time stretch of one execution: 1, or a seeded draw in 1 ± jitter. */
  const jitterScale = (): number => (cm.jitter > 0 ? 1 + cm.jitter * (2 * rand() - 1) : 1);
  const clock: AccessClock = { lead: sched0, scale: 1, readOverhead: cm.readOverhead };

  /** Occupy core c until `end` with `pool[c]` (the caller has filled its other fields). */
  function busy(
    c: number,
    kind: number,
    tx: number,
    inc: number,
    start: number,
    end: number,
    ev: number,
    followUp: number,
  ): Work {
    const w = pool[c];
    w.kind = kind;
    w.tx = tx;
    w.inc = inc;
    w.start = start;
    w.end = end;
    w.ev = ev;
    w.followUp = followUp;
    if (busyCore[c] === 0) {
      busyCore[c] = 1;
      idleCores--;
    }
    heap.push(end, c + k * stamp[c]);
    return w;
  }

  /** Copy the runner's last attempt into core c's work record. */
  function takeAttempt(w: Work): void {
    w.blocked = !runner.ok;
    w.blockedCell = runner.blockedCell;
    w.blockedAt = runner.blockedAt;
    w.timed = runner.timed;
    w.flags = (runner.memo ? FLAG_MEMO : 0) | (runner.reverted ? FLAG_REVERTED : 0);
    w.readStart = runner.readStart;
    w.readLen = runner.readLen;
    w.writeStart = runner.writeStart;
    w.writeLen = runner.writeLen;
    w.cost = runner.cost;
    w.feeCell = runner.feeCell;
    w.feeAmount = runner.feeAmount;
  }

  /** Duration of the attempt held in `w` as an execution task. */
  function execDuration(w: Work): number {
    return w.cost * w.scale + sched0 + w.readLen * cm.readOverhead + w.writeLen * cm.writeOverhead;
  }

  /** Absolute time of read i of core c's execution (i = readLen: the read that met an ESTIMATE). */
  function readAt(w: Work, i: number): number {
    clock.scale = w.scale;
    if (i < w.readLen) return w.start + readTime(arena, w.readStart, i, clock, w.cost);
    return w.start + sched0 + w.blockedAt * w.scale + i * cm.readOverhead;
  }

  function validateDuration(tx: number): number {
    return cm.validateBase + mv.lastReadLen[tx] * cm.validatePerRead;
  }

  /**
   * Start an execution task: the executor runs now against the current MVMemory, provisionally;
   * its reads are checked again at their times (advanceExec).
   */
  function startExec(c: number, t: number, tx: number): void {
    tasks++;
    const inc = sched.incarnation[tx];
    runner.run(tx);
    const w = pool[c];
    w.scale = jitterScale();
    w.checked = 0;
    takeAttempt(w);
    w.kind = W_EXEC;
    w.tx = tx;
    w.inc = inc;
    w.start = t;
    w.ev = -1;
    w.followUp = NO_TASK;
    advanceExec(c, t);
  }

  /**
   * Core c's execution at time t: check every read whose time has come against MVMemory now. A
   * read that still returns the value of the attempt is kept (with the version it now returns); a
   * changed value re-runs the executor from that read on; an ESTIMATE abandons the execution.
   * Then wait for the next read's time, or the end.
   */
  function advanceExec(c: number, t: number): void {
    const w = pool[c];
    for (;;) {
      const i = w.checked;
      if (i > w.readLen || (i === w.readLen && !w.blocked) || readAt(w, i) > t) break;
      const cell = i < w.readLen ? arena.rCell[w.readStart + i] : w.blockedCell;
      const r = mv.read(cell, w.tx);
      if (r === READ_ESTIMATE && sched.addDependency(w.tx, mv.outTx)) {
        abandonExec(c, t, cell, mv.outTx);
        return;
      }
      const v = r === READ_OK ? mv.outValue : cells.preValue(cell);
      if (i < w.readLen && r !== READ_ESTIMATE && v === arena.rVal[w.readStart + i]) {
        const p = w.readStart + i;
        arena.rTx[p] = mv.outTx;
        arena.rInc[p] = mv.outInc;
        if (r === READ_OK && mv.outValId >= 0) arena.rValId[p] = mv.outValId;
        w.checked = i + 1;
        continue;
      }
      // The value changed since the provisional run (or the ESTIMATE is gone): run again from here.
      runner.run(w.tx, w.readStart, i);
      takeAttempt(w);
    }
    const end =
      w.checked >= w.readLen && !w.blocked ? w.start + execDuration(w) : readAt(w, w.checked);
    w.end = Math.max(end, t);
    if (busyCore[c] === 0) {
      busyCore[c] = 1;
      idleCores--;
    }
    heap.push(w.end, c + k * stamp[c]);
  }

  /** Core c's execution met an ESTIMATE at time t: dependency abort, charged the work so far. */
  function abandonExec(c: number, t: number, cell: number, blocker: number): void {
    const w = pool[c];
    // An executor that reports no offsets read everything at its start: its work before the
    // ESTIMATE is unknown, modelled as dependencyAbortCost (see CostModel).
    const extra = w.timed ? 0 : cm.dependencyAbortCost;
    log.add(EV_ABORT, c, w.start, t + extra, w.tx, w.inc, ABORT_DEPENDENCY, cell, blocker, -1);
    clock.scale = w.scale;
    logArenaReads(log, arena, w.readStart, w.checked, clock, w.cost);
    log.read(cell, blocker, -1, undefined, t - w.start);
    busy(c, W_PAUSE, w.tx, w.inc, t, t + extra, -1, NO_TASK);
  }

  /** Core c's execution reached its end at time t: log it with its accesses in time. */
  function logExec(c: number, w: Work, end: number, flags: number): number {
    const ev = log.add(EV_EXECUTE, c, w.start, end, w.tx, w.inc, flags);
    clock.scale = w.scale;
    logArenaReads(log, arena, w.readStart, w.checked, clock, w.cost);
    if (end >= w.end)
      logArenaWrites(log, arena, w.writeStart, w.writeLen, w.readStart, w.readLen, clock, w.cost);
    return ev;
  }

  function startValidate(c: number, t: number, tx: number): void {
    tasks++;
    const dur = sched0 + validateDuration(tx);
    busy(c, W_VALIDATE, tx, sched.incarnation[tx], t, t + dur, execEvent[tx], NO_TASK);
  }

  function startTask(c: number, t: number, task: number): void {
    if (taskKind(task) === EXECUTION_TASK) startExec(c, t, taskTx(task));
    else startValidate(c, t, taskTx(task));
  }

  /**
   * A free core asks for work. Leaves it idle if there is none right now; then no other core can
   * get any either until some event changes the scheduler's state (the main loop relies on it).
   */
  function startNext(c: number, t: number): void {
    if (cfg.commitInOrder && !commitBusy && commitIdx < n && sched.status[commitIdx] === EXECUTED) {
      startCommit(c, t);
      return;
    }
    for (;;) {
      const task = sched.nextTaskSkipping();
      if (task !== NO_TASK) {
        // commit-as-you-go: a committed transaction needs no more validation.
        if (cfg.commitInOrder && taskKind(task) !== EXECUTION_TASK && taskTx(task) < commitIdx) {
          sched.finishValidation(taskTx(task), false);
          continue;
        }
        startTask(c, t, task);
        return;
      }
      if (!sched.canMakeProgress()) return;
    }
  }

  function recordExecution(w: Work): boolean {
    const tx = w.tx;
    const wroteNew = mv.recordRanges(tx, w.inc, w.readStart, w.readLen, w.writeStart, w.writeLen);
    execEvent[tx] = w.ev;
    finalCost[tx] = w.cost;
    feeCell[tx] = w.feeCell;
    feeAmount[tx] = w.feeAmount;
    if (cfg.cascade === 'readers') {
      for (let i = w.readStart; i < w.readStart + w.readLen; i++)
        if (arena.rTx[i] >= 0) readersOf[arena.rTx[i]].push(tx);
    }
    return wroteNew;
  }

  /**
   * naive: an execution that was running when an earlier transaction was invalidated has just
   * finished. It is thrown away whatever it read (the naive rule), as an abort caused by that
   * transaction: its writes become ESTIMATEs and it is re-executed. `next` is what
   * finishExecution handed this core; returns the task the core continues with.
   */
  function discardStale(c: number, t: number, tx: number, inc: number, next: number): number {
    const cause = staleCause[tx];
    staleInc[tx] = -1;
    if (next !== NO_TASK && taskKind(next) === VALIDATION_TASK && taskTx(next) === tx) {
      // This core holds tx's validation task: fail it.
      sched.tryValidationAbort(tx, inc);
      mv.convertWritesToEstimates(tx);
      log.add(EV_ABORT, c, t, t + cm.abortCost, tx, inc, ABORT_CASCADE, -1, cause, execEvent[tx]);
      return sched.finishValidation(tx, true);
    }
    if (sched.cascadeAbort(tx)) {
      mv.convertWritesToEstimates(tx);
      log.add(EV_ABORT, c, t, t + cm.abortCost, tx, inc, ABORT_CASCADE, -1, cause, execEvent[tx]);
      sched.decreaseExecutionIdx(tx);
      sched.decreaseValidationIdx(tx + 1);
    }
    return next;
  }

  /** naive/selective: abort more transactions after `tx` failed validation. Returns how many. */
  function cascadeFrom(c: number, t: number, tx: number): number {
    let count = 0;
    let min = n;
    const abortOne = (j: number): boolean => {
      const inc = sched.incarnation[j];
      if (!sched.cascadeAbort(j)) return false;
      mv.convertWritesToEstimates(j);
      log.add(EV_ABORT, c, t, t + cm.abortCost, j, inc, ABORT_CASCADE, -1, tx, execEvent[j]);
      count++;
      if (j < min) min = j;
      return true;
    };
    if (cfg.cascade === 'later') {
      for (let j = tx + 1; j < n; j++) {
        if (abortOne(j)) continue;
        // The naive rule re-executes every later transaction, including those still running:
        // their current execution is discarded when it ends (see discardStale).
        if (sched.status[j] === EXECUTING) {
          staleInc[j] = sched.incarnation[j];
          staleCause[j] = tx;
        }
      }
    } else if (cfg.cascade === 'readers') {
      const stack = [tx];
      while (stack.length > 0) {
        const x = stack.pop()!;
        const readers = readersOf[x];
        readersOf[x] = [];
        for (const r of readers) {
          if (sched.status[r] !== EXECUTED) continue;
          const s = mv.lastReadStart[r];
          const e = s + mv.lastReadLen[r];
          let reads = false;
          for (let i = s; i < e; i++) if (arena.rTx[i] === x) reads = true;
          if (reads && abortOne(r)) stack.push(r);
        }
      }
    }
    if (count > 0) sched.decreaseExecutionIdx(min);
    return count;
  }

  function pauseThen(c: number, t: number, dur: number, followUp: number): void {
    if (dur > 0) {
      busy(c, W_PAUSE, -1, -1, t, t + dur, -1, followUp);
    } else if (followUp !== NO_TASK) startTask(c, t, followUp);
    else startNext(c, t);
  }

  function startCommit(c: number, t: number): void {
    tasks++;
    commitBusy = true;
    const tx = commitIdx;
    const inc = sched.incarnation[tx];
    const vdur = sched0 + validateDuration(tx);
    const fail = mv.validateReadSet(tx);
    if (fail < 0) {
      log.add(EV_VALIDATE, c, t, t + vdur, tx, inc, 0, -1, -1, execEvent[tx]);
      const end = t + vdur + cm.commitCost;
      busy(c, W_COMMIT, tx, inc, t + vdur, end, execEvent[tx], NO_TASK);
      return;
    }
    // Exact validation failed: re-execute now, on this core, against the final prefix state.
    const causeCell = arena.rCell[mv.lastReadStart[tx] + fail];
    mv.read(causeCell, tx);
    log.add(EV_VALIDATE, c, t, t + vdur, tx, inc, FLAG_FAILED, causeCell, mv.outTx, execEvent[tx]);
    sched.commitReexecute(tx);
    mv.convertWritesToEstimates(tx);
    const t1 = t + vdur;
    log.add(
      EV_ABORT,
      c,
      t1,
      t1 + cm.abortCost,
      tx,
      inc,
      ABORT_COMMIT,
      causeCell,
      mv.outTx,
      execEvent[tx],
    );
    const t2 = t1 + cm.abortCost;
    // Every lower transaction is committed: the reads made now are final, whenever they happen.
    runner.run(tx);
    if (!runner.ok) throw new Error('commit-as-you-go: ESTIMATE below the commit index');
    const w = pool[c];
    takeAttempt(w);
    w.scale = jitterScale();
    w.checked = w.readLen;
    w.tx = tx;
    w.inc = inc + 1;
    w.start = t2;
    w.end = t2 + execDuration(w);
    const ev = logExec(c, w, w.end, w.flags);
    busy(c, W_COMMIT_REEXEC, tx, inc + 1, w.end, w.end + cm.commitCost, ev, NO_TASK);
  }

  function finishCommit(c: number, w: Work): void {
    const tx = w.tx;
    // The deferred sequencer-fee credit, applied in index order on the exact balance.
    let base = 0n;
    const fc = feeCell[tx];
    if (fc >= 0) {
      const ws = mv.lastWriteStart[tx];
      const we = ws + mv.lastWriteLen[tx];
      let pos = -1;
      for (let i = ws; i < we; i++) if (arena.wCell[i] === fc) pos = i;
      if (pos >= 0) {
        mv.read(fc, tx + 1);
        base = mv.outValue;
      } else {
        const r = mv.read(fc, tx);
        base = r === READ_OK ? mv.outValue : cells.preValue(fc);
        // A read the transaction already made itself is not repeated (as in the inline case).
        const rs = mv.lastReadStart[tx];
        const re = rs + mv.lastReadLen[tx];
        let seen = false;
        for (let i = rs; i < re; i++) if (arena.rCell[i] === fc) seen = true;
        if (!seen) {
          feeReadCell[tx] = fc;
          feeReadValue[tx] = base;
        }
      }
      mv.appendWrite(tx, w.inc, fc, base + feeAmount[tx]);
    }
    log.add(EV_COMMIT, c, w.start, w.end, tx, w.inc, 0, -1, -1, w.ev);
    if (fc >= 0) {
      if (feeReadCell[tx] >= 0) log.read(fc, -1, -1, base);
      log.write(fc, base + feeAmount[tx]);
    }
    commitIdx++;
    commitBusy = false;
  }

  function complete(c: number, t: number): void {
    const w = pool[c];
    busyCore[c] = 0;
    idleCores++;
    switch (w.kind) {
      case W_EXEC: {
        if (w.blocked || w.checked < w.readLen || t < w.end) {
          advanceExec(c, t); // a read's time, not the end yet
          return;
        }
        w.ev = logExec(c, w, t, w.flags);
        const wroteNew = recordExecution(w);
        const resumes = sched.hasDependants(w.tx);
        let next = sched.finishExecution(w.tx, wroteNew);
        let pause = resumes ? lowerCost : 0;
        if (staleInc[w.tx] === w.inc) {
          next = discardStale(c, t, w.tx, w.inc, next);
          pause += cm.abortCost;
        }
        if (pause > 0) pauseThen(c, t, pause, next);
        else if (next !== NO_TASK) startTask(c, t, next);
        else startNext(c, t);
        return;
      }
      case W_VALIDATE: {
        const tx = w.tx;
        const fail = mv.validateReadSet(tx);
        if (fail < 0) {
          log.add(EV_VALIDATE, c, w.start, t, tx, w.inc, 0, -1, -1, w.ev);
          sched.finishValidation(tx, false);
          startNext(c, t);
          return;
        }
        const causeCell = arena.rCell[mv.lastReadStart[tx] + fail];
        const causeTx = mv.outTx;
        log.add(EV_VALIDATE, c, w.start, t, tx, w.inc, FLAG_FAILED, causeCell, causeTx, w.ev);
        const inc = w.inc;
        const aborted = sched.tryValidationAbort(tx, inc);
        if (!aborted) {
          sched.finishValidation(tx, false);
          startNext(c, t);
          return;
        }
        mv.convertWritesToEstimates(tx);
        log.add(
          EV_ABORT,
          c,
          t,
          t + cm.abortCost + lowerCost,
          tx,
          inc,
          ABORT_VALIDATION,
          causeCell,
          causeTx,
          execEvent[tx],
        );
        const extra = cfg.cascade === 'none' ? 0 : cascadeFrom(c, t, tx);
        const next = sched.finishValidation(tx, true);
        pauseThen(c, t, cm.abortCost * (1 + extra) + lowerCost, next);
        return;
      }
      case W_PAUSE:
        if (w.followUp !== NO_TASK) startTask(c, t, w.followUp);
        else startNext(c, t);
        return;
      case W_COMMIT_REEXEC: {
        const wroteNew = recordExecution(w);
        const next = sched.finishExecution(w.tx, wroteNew);
        if (next !== NO_TASK) sched.finishValidation(w.tx, false); // exact by construction
        sched.decreaseValidationIdx(w.tx + 1);
        finishCommit(c, w);
        startNext(c, t);
        return;
      }
      case W_COMMIT:
        finishCommit(c, w);
        startNext(c, t);
        return;
    }
  }

  /**
   * Dispatch the free cores in core order. A core that finds no work means there is none for
   * any core right now (startNext leaves the scheduler with nothing to hand out), so stop there.
   */
  function dispatch(t: number): void {
    if (idleCores === 0) return;
    for (let c = 0; c < k; c++) {
      if (busyCore[c] !== 0) continue;
      startNext(c, t);
      if (busyCore[c] === 0) return;
    }
  }

  /**
   * abort-on-dependency: stop every running execution whose reads made so far no longer hold (a
   * lower transaction published a write of a cell it read, or turned it into an ESTIMATE), at
   * time t. It waits for the writer on an ESTIMATE, else starts its next incarnation at once.
   */
  function abortStaleRuns(t: number): void {
    for (let c = 0; c < k; c++) {
      const w = pool[c];
      if (busyCore[c] === 0 || w.kind !== W_EXEC) continue;
      const fail = mv.validateReads(w.tx, w.readStart, w.checked);
      if (fail < 0) continue;
      const cell = arena.rCell[w.readStart + fail];
      const estimate = mv.read(cell, w.tx) === READ_ESTIMATE;
      const writer = mv.outTx;
      stamp[c]++; // cancel the pending read or end of this execution
      const ev = logExec(c, w, t, w.flags);
      log.add(EV_ABORT, c, t, t + cm.abortCost, w.tx, w.inc, ABORT_RUNNING, cell, writer, ev);
      if (estimate && sched.addDependency(w.tx, writer)) {
        busy(c, W_PAUSE, w.tx, w.inc, t, t + cm.abortCost, -1, NO_TASK);
        continue;
      }
      sched.restartRunning(w.tx);
      busyCore[c] = 0;
      idleCores++;
      pauseThen(c, t, cm.abortCost, executionTask(w.tx));
    }
  }

  // Main loop.
  dispatch(0);
  while (heap.size > 0) {
    const t = heap.peekTime();
    while (heap.size > 0 && heap.peekTime() === t) {
      const id = heap.pop();
      const c = id % k;
      if ((id - c) / k !== stamp[c]) continue; // cancelled
      if (t > makespan) makespan = t;
      complete(c, t);
    }
    if (cfg.abortRunning) abortStaleRuns(t);
    dispatch(t);
  }
  if (!sched.done() && !(cfg.commitInOrder && commitIdx === n)) {
    throw new Error(`simulator: stalled before the block was done (${cfg.variant}, ${k} cores)`);
  }
  if (cfg.commitInOrder && commitIdx !== n)
    throw new Error('simulator: not every transaction was committed');
  return {
    log,
    cells,
    mv,
    runner,
    incarnation: sched.incarnation,
    finalCost,
    feeReadCell,
    feeReadValue,
    tasks,
    makespan,
  };
}
