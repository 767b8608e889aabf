/**
 * Block-STM's collaborative scheduler (Gelashvili et al., PPoPP 2023, §4 and Algorithms 4–5),
 * written from the paper's description.
 *
 * The whole state is a handful of integer counters plus per-transaction integer arrays
 * (status, incarnation, and the dependency lists as linked lists), so it can be ported onto Int32Array + Atomics
 * for a truly parallel run. It knows nothing about time: the simulator (simulator.ts) decides
 * when each call happens; every call here is one atomic step.
 *
 * Counters and what they mean (the invariants every transition keeps):
 *  - executionIdx: every transaction below it has been handed out for execution at least once
 *    since the last time it (re-)became READY_TO_EXECUTE with a lower index, i.e. any
 *    READY_TO_EXECUTE transaction < executionIdx is about to be picked up by the thread that made
 *    it ready (finishValidation) — otherwise executionIdx was lowered to it (resumeDependencies).
 *  - validationIdx: every transaction below it whose latest incarnation finished executing has
 *    a validation scheduled, done, or will get one from finishExecution. Lowered whenever a
 *    write may have invalidated reads of higher transactions.
 *  - decreaseCnt: bumped on every lowering of either index; checkDone uses it to detect a
 *    lowering racing with its own reads (meaningful in the parallel port).
 *  - numActiveTasks: tasks handed out and not finished. The block is done only when both
 *    indices are past the end and no task is active.
 *  - status[tx] ∈ {READY_TO_EXECUTE, EXECUTING, EXECUTED, ABORTING}, incarnation[tx] ≥ 0.
 *    Incarnation only grows, by exactly one, in setReadyStatus.
 */

export const READY_TO_EXECUTE = 0;
export const EXECUTING = 1;
export const EXECUTED = 2;
export const ABORTING = 3;

/** Tasks are encoded as one integer: tx * 2 + kind; -1 = no task. */
export const NO_TASK = -1;
export const EXECUTION_TASK = 0;
export const VALIDATION_TASK = 1;
export const taskTx = (task: number): number => task >> 1;
export const taskKind = (task: number): number => task & 1;
/** The execution task of `tx` (a thread that restarts an execution hands it to itself). */
export const executionTask = (tx: number): number => tx * 2;
const execTask = (tx: number): number => tx * 2;
const valTask = (tx: number): number => tx * 2 + 1;

import { FastBitset } from './bitset';

export class Scheduler {
  executionIdx = 0;
  validationIdx = 0;
  decreaseCnt = 0;
  numActiveTasks = 0;
  doneMarker = false;
  readonly status: Int32Array;
  readonly incarnation: Int32Array;
  /**
   * The transactions waiting for b's next incarnation to finish, as a linked list: depHead[b] is
   * the first waiter (-1: none), depNext[w] the next one. A transaction waits on at most one
   * blocker at a time, so one `next` slot per transaction is enough (no array per transaction).
   */
  private readonly depHead: Int32Array;
  private readonly depNext: Int32Array;

  /** Simulator-speed indexes over `status` (see nextTaskSkipping); not part of the algorithm. */
  private readonly readyOrExecuted: FastBitset;
  private readonly executed: FastBitset;
  private readonly ready: FastBitset;

  constructor(readonly n: number) {
    this.status = new Int32Array(n); // all READY_TO_EXECUTE, incarnation 0
    this.incarnation = new Int32Array(n);
    this.readyOrExecuted = new FastBitset(n);
    this.executed = new FastBitset(n);
    this.ready = new FastBitset(n);
    for (let i = 0; i < n; i++) {
      this.readyOrExecuted.set(i);
      this.ready.set(i);
    }
    this.depHead = new Int32Array(n).fill(-1);
    this.depNext = new Int32Array(n).fill(-1);
    if (n === 0) this.doneMarker = true;
  }

  private setStatus(tx: number, st: number): void {
    this.status[tx] = st;
    if (st === READY_TO_EXECUTE || st === EXECUTED) this.readyOrExecuted.set(tx);
    else this.readyOrExecuted.clear(tx);
    if (st === EXECUTED) this.executed.set(tx);
    else this.executed.clear(tx);
    if (st === READY_TO_EXECUTE) this.ready.set(tx);
    else this.ready.clear(tx);
  }

  /**
   * Exactly the result (task and final counter values) of calling `nextTask()` until it returns
   * a task or `canMakeProgress()` is false — but skipping in O(log n) over the indices such calls
   * would pass without effect (EXECUTING/ABORTING transactions). The simulator uses this so that
   * idle cores sweeping past thousands of waiting transactions cost nothing; the parallel port
   * uses the plain loop.
   */
  nextTaskSkipping(): number {
    if (this.doneMarker) return NO_TASK;
    // validationIdx < executionIdx: validations of [validationIdx, executionIdx), first EXECUTED wins.
    if (this.validationIdx < this.executionIdx) {
      const p = this.executed.next(this.validationIdx);
      if (p < this.executionIdx) {
        this.validationIdx = p;
        return this.nextTask();
      }
      this.validationIdx = this.executionIdx;
    }
    // executionIdx < validationIdx: executions of [executionIdx, validationIdx), first READY wins.
    if (this.executionIdx < this.validationIdx) {
      const q = this.ready.next(this.executionIdx);
      if (q < this.validationIdx) {
        this.executionIdx = q;
        return this.nextTask();
      }
      this.executionIdx = this.validationIdx;
    }
    // Both indices at p: a READY tx is executed, an EXECUTED one validated, others skipped.
    const p = this.readyOrExecuted.next(this.executionIdx);
    if (p >= this.n) {
      this.executionIdx = this.n;
      this.validationIdx = this.n;
      this.nextTask(); // CHECK_DONE
      return NO_TASK;
    }
    this.executionIdx = p;
    this.validationIdx = p;
    const t = this.nextTask();
    if (t !== NO_TASK) return t;
    return this.nextTask(); // p was EXECUTED: skipped for execution, now validated
  }

  done(): boolean {
    return this.doneMarker;
  }

  /** DECREASE_EXECUTION_IDX: executionIdx := min(executionIdx, target). */
  decreaseExecutionIdx(target: number): void {
    if (target < this.executionIdx) this.executionIdx = target;
    this.decreaseCnt++;
  }

  /** DECREASE_VALIDATION_IDX: validationIdx := min(validationIdx, target). */
  decreaseValidationIdx(target: number): void {
    if (target < this.validationIdx) this.validationIdx = target;
    this.decreaseCnt++;
  }

  /**
   * CHECK_DONE: both indices past the end, no active task, and no lowering happened meanwhile
   * ⇒ every transaction's latest incarnation is executed and validated: the block is done.
   */
  private checkDone(): void {
    const observed = this.decreaseCnt;
    if (
      Math.min(this.executionIdx, this.validationIdx) >= this.n &&
      this.numActiveTasks === 0 &&
      observed === this.decreaseCnt
    ) {
      this.doneMarker = true;
    }
  }

  /** TRY_INCARNATE: READY_TO_EXECUTE(i) → EXECUTING(i). Only one caller can win. */
  private tryIncarnate(tx: number): boolean {
    if (tx < this.n && this.status[tx] === READY_TO_EXECUTE) {
      this.setStatus(tx, EXECUTING);
      return true;
    }
    return false;
  }

  /** NEXT_VERSION_TO_EXECUTE: claim index executionIdx++ and incarnate it if it is ready. */
  private nextVersionToExecute(): number {
    if (this.executionIdx >= this.n) {
      this.checkDone();
      return NO_TASK;
    }
    this.numActiveTasks++;
    const tx = this.executionIdx++;
    if (this.tryIncarnate(tx)) return execTask(tx);
    this.numActiveTasks--;
    return NO_TASK;
  }

  /** NEXT_VERSION_TO_VALIDATE: claim validationIdx++; validate it if its incarnation is EXECUTED. */
  private nextVersionToValidate(): number {
    if (this.validationIdx >= this.n) {
      this.checkDone();
      return NO_TASK;
    }
    this.numActiveTasks++;
    const tx = this.validationIdx++;
    if (tx < this.n && this.status[tx] === EXECUTED) return valTask(tx);
    this.numActiveTasks--;
    return NO_TASK;
  }

  /**
   * NEXT_TASK: validations first (lower index = closer to commit), else executions. NO_TASK does
   * not mean "nothing left": the caller retries while `canMakeProgress()`.
   */
  nextTask(): number {
    if (this.validationIdx < this.executionIdx) return this.nextVersionToValidate();
    return this.nextVersionToExecute();
  }

  /** True if another `nextTask()` call could hand out work or advance an index. */
  canMakeProgress(): boolean {
    return !this.doneMarker && (this.executionIdx < this.n || this.validationIdx < this.n);
  }

  /**
   * ADD_DEPENDENCY: tx read an ESTIMATE written by `blocking`. If the blocker already finished
   * its new incarnation (EXECUTED) the caller must simply re-read (returns false). Otherwise tx
   * becomes ABORTING (same incarnation), waits in blocking's dependency list, and its execution
   * task ends (numActiveTasks--). Invariant: a transaction waits on at most one blocker.
   */
  addDependency(tx: number, blocking: number): boolean {
    if (this.status[blocking] === EXECUTED) return false;
    this.setStatus(tx, ABORTING);
    this.depNext[tx] = this.depHead[blocking];
    this.depHead[blocking] = tx;
    this.numActiveTasks--;
    return true;
  }

  /** True if some transaction waits for `tx`'s current incarnation to finish. */
  hasDependants(tx: number): boolean {
    return this.depHead[tx] >= 0;
  }

  /** The transactions waiting for `tx` (tests, debugging). */
  dependants(tx: number): number[] {
    const out: number[] = [];
    for (let d = this.depHead[tx]; d >= 0; d = this.depNext[d]) out.push(d);
    return out;
  }

  /** SET_READY_STATUS: ABORTING(i) → READY_TO_EXECUTE(i+1). The only place incarnations grow. */
  setReadyStatus(tx: number): void {
    this.incarnation[tx]++;
    this.setStatus(tx, READY_TO_EXECUTE);
  }

  /** RESUME_DEPENDENCIES: make every waiter of `tx` ready and lower executionIdx to the lowest one. */
  private resumeDependencies(tx: number): void {
    let d = this.depHead[tx];
    if (d < 0) return;
    this.depHead[tx] = -1;
    let min = this.n;
    while (d >= 0) {
      const next = this.depNext[d];
      this.depNext[d] = -1;
      this.setReadyStatus(d);
      if (d < min) min = d;
      d = next;
    }
    this.decreaseExecutionIdx(min);
  }

  /**
   * FINISH_EXECUTION: EXECUTING(i) → EXECUTED(i); wake the transactions that waited for it.
   * If validationIdx already passed tx, nobody will validate it: if it wrote a new cell, every
   * higher transaction may be affected, so lower validationIdx to tx; otherwise validate just it,
   * now, on this thread (returned task keeps the numActiveTasks slot).
   */
  finishExecution(tx: number, wroteNewPath: boolean): number {
    this.setStatus(tx, EXECUTED);
    this.resumeDependencies(tx);
    if (this.validationIdx > tx) {
      if (wroteNewPath) this.decreaseValidationIdx(tx);
      else return valTask(tx);
    }
    this.numActiveTasks--;
    return NO_TASK;
  }

  /**
   * TRY_VALIDATION_ABORT: EXECUTED(inc) → ABORTING(inc). Succeeds for exactly one of the
   * failing validations of an incarnation (later ones see another status or incarnation).
   */
  tryValidationAbort(tx: number, inc: number): boolean {
    if (this.incarnation[tx] === inc && this.status[tx] === EXECUTED) {
      this.setStatus(tx, ABORTING);
      return true;
    }
    return false;
  }

  /**
   * FINISH_VALIDATION: after an abort, make tx ready (next incarnation), revalidate everything
   * above it (its writes became ESTIMATEs), and, if executionIdx is already past it, re-execute it
   * right away on this thread (nobody else would pick it up).
   */
  finishValidation(tx: number, aborted: boolean): number {
    if (aborted) {
      this.setReadyStatus(tx);
      this.decreaseValidationIdx(tx + 1);
      if (this.executionIdx > tx && this.tryIncarnate(tx)) return execTask(tx);
    }
    this.numActiveTasks--;
    return NO_TASK;
  }

  /**
   * CASCADE_ABORT (naive/selective variants): abort an EXECUTED incarnation that is not being
   * validated by this thread — EXECUTED(i) → READY_TO_EXECUTE(i+1). The caller has turned its
   * writes into ESTIMATEs and must call `decreaseExecutionIdx` with the lowest aborted index so
   * it gets re-executed (the invariant on executionIdx).
   */
  cascadeAbort(tx: number): boolean {
    if (this.status[tx] !== EXECUTED) return false;
    this.setStatus(tx, ABORTING);
    this.setReadyStatus(tx);
    return true;
  }

  /**
   * ABORT_RUNNING (abort-on-dependency): a running incarnation read a value that a lower
   * transaction has since rewritten; the thread running it drops it and starts the next
   * incarnation itself: EXECUTING(i) → EXECUTING(i+1), same task slot (numActiveTasks unchanged).
   * Nothing was published by the dropped incarnation (writes are published when it finishes).
   */
  restartRunning(tx: number): void {
    if (this.status[tx] !== EXECUTING) throw new Error(`restartRunning: tx ${tx} is not executing`);
    this.setStatus(tx, ABORTING);
    this.setReadyStatus(tx);
    this.setStatus(tx, EXECUTING);
  }

  /**
   * COMMIT_REEXECUTE (commit-as-you-go): the committing thread found tx's EXECUTED incarnation
   * invalid against the final state of all lower transactions and re-executes it itself:
   * EXECUTED(i) → EXECUTING(i+1), counted as an active task until finishExecution.
   */
  commitReexecute(tx: number): void {
    this.setStatus(tx, ABORTING);
    this.setReadyStatus(tx);
    this.setStatus(tx, EXECUTING);
    this.numActiveTasks++;
  }
}
