/**
 * The host side of a real parallel run, independent of the environment: allocate the shared
 * state, start k workers through a `SpawnWorker` adapter (worker_threads in node.ts, Web Workers
 * in lib/parallel), release them together, merge their events into an `stm-log/1` EventLog with
 * real timestamps, check the final state against the sequential run, and turn any worker failure
 * into one `ParallelRunError` (which transaction, which worker) after stopping every worker.
 *
 * The host never calls Atomics.wait (the browser's main thread must not block): it only stores
 * and notifies the start flag and reads the shared buffers after every worker reported.
 */
import { EV_EXECUTE, EV_VALIDATE, FLAG_FAILED, LogBuilder, type EventLog } from '../events';
import { computeMetrics, type RunMetrics } from '../metrics';
import type { BlockCapacity } from '../bouncer';
import { cutMetrics, type BouncerOutcome } from '../block-bouncer';
import type { CellKey } from '../../types';
import type { ResolveBlock } from './block-source';
import { hashState } from './hash';
import {
  C_ERROR,
  C_EXEC_IDX,
  C_GO,
  C_VAL_IDX,
  MAX_WORKERS,
  SharedState,
  allocateShared,
  sharedBytes,
  type Capacity,
  type SharedVariant,
} from './shared';
import type { HostMessage, WarmupPlan, WorkerEvents, WorkerMessage } from './worker-core';

/** The minimal interface of a worker, implemented per environment. */
export interface WorkerPort {
  post(msg: HostMessage): void;
  /** Messages from the worker. */
  onMessage(cb: (msg: WorkerMessage) => void): void;
  /** The worker died: an uncaught error, a failed script load, or an exit. */
  onCrash(cb: (reason: string) => void): void;
  terminate(): void;
}
export type SpawnWorker = (index: number) => WorkerPort;

/**
 * Default warm-up: as many transactions per worker as DEFAULT_WARMUP_PASSES passes over the block
 * by one worker (k workers share a pass, so they get k times as many passes), and their time
 * budget (ms).
 */
export const DEFAULT_WARMUP_PASSES = 6;
export const DEFAULT_WARMUP_MS = 1500;

/**
 * Address space the warm-up's shared buffers may take together (bytes). A set is sized for the
 * worst case (32 cells per transaction, 160 key units per cell…): at n = 10,000 about 176 MB,
 * mostly never touched, but allocated (and on some systems committed) up front. A block whose two
 * sets would not fit gets one pass.
 */
export const WARMUP_BYTES = 1 << 30;

/**
 * The warm-up passes over a block of n transactions (`warmup` transactions in all, at most n per
 * pass, the last one possibly fewer) and the throw-away shared states they run on. Two sets are
 * used in turn, whatever the number of passes: while the workers run pass p on one, worker 0
 * clears the other, which pass p − 1 used (worker-core's warmUp). One set per pass grew with the
 * worker count (k workers run k times the passes of one) up to a gigabyte of buffers, and every
 * fresh set cost its page faults again. One set, one pass, when two would not fit WARMUP_BYTES.
 */
export function planWarmup(
  n: number,
  warmup: number,
  cap?: Capacity,
  variant: SharedVariant = 'block-stm',
): WarmupPlan {
  if (n <= 0 || warmup <= 0) return { sets: [], passes: [] };
  const first = allocateShared(n, cap, variant);
  if (warmup <= n || 2 * sharedBytes(first) > WARMUP_BYTES)
    return { sets: [first], passes: [Math.min(warmup, n)] };
  const passes: number[] = [];
  for (let left = warmup; left > 0; left -= n) passes.push(Math.min(left, n));
  return { sets: [first, allocateShared(n, cap, variant)], passes };
}

/**
 * The warm-up a run of n transactions gets: `warmup` transactions per worker (default
 * DEFAULT_WARMUP_PASSES · n) within `warmupMs` (default DEFAULT_WARMUP_MS when `warmup` is not
 * given either, else no budget: Infinity).
 */
export function resolveWarmup(
  n: number,
  opts: { warmup?: number; warmupMs?: number },
): { transactions: number; budgetMs: number } {
  return {
    transactions: opts.warmup ?? DEFAULT_WARMUP_PASSES * n,
    budgetMs: opts.warmupMs ?? (opts.warmup === undefined ? DEFAULT_WARMUP_MS : Infinity),
  };
}

export interface ParallelOptions {
  /** Worker threads (1…128). */
  workers: number;
  /**
   * 'block-stm' (the paper, default) or 'blockifier' (Starknet's sequencer: value-based
   * validation, no ESTIMATE, deferred fee credited at an in-order commit; see README).
   */
  variant?: SharedVariant;
  /** Run the sequential reference afterwards on worker 0 and compare hashes (default true). */
  check?: boolean;
  /**
   * Transactions each worker runs untimed before the start. The workers run passes over the block
   * together, on throw-away shared buffers (planWarmup), so k workers get k · warmup / n
   * passes. Default `DEFAULT_WARMUP_PASSES` · n within `DEFAULT_WARMUP_MS`: V8 compiles a
   * function once it has run enough, wherever it runs, and a compile during the timed run takes a
   * core from the workers (see README, warm-up). Counted per worker, so that every worker count
   * starts the run as warm as one worker does.
   */
  warmup?: number;
  /**
   * Time budget of the warm-up (ms): once it is spent, worker 0 cancels the passes that remain
   * (checked between passes, so every worker skips the same ones); the first pass always runs.
   * Default: `DEFAULT_WARMUP_MS` when `warmup` is not given either, else no budget.
   */
  warmupMs?: number;
  /** Whole run, including worker start-up (default 120 s). */
  timeoutMs?: number;
  capacity?: Capacity;
  /**
   * blockifier only: the block capacity (the bouncer, ../bouncer.ts): the commit of the first
   * transaction that does not fit halts the run; `metrics.blockEnd` says where. Block-STM on
   * threads has no bouncer (a RangeError).
   */
  blockCapacity?: BlockCapacity;
  /** Transaction count, if the host cannot cheaply build the block itself (real-Cairo blocks). */
  size?: number;
}

export type ParallelPhase = 'starting' | 'running' | 'checking' | 'done';
export interface ParallelProgress {
  phase: ParallelPhase;
  /** Workers ready (starting) / scheduler indices (running). */
  ready?: number;
  executionIdx?: number;
  validationIdx?: number;
  txCount: number;
}

export interface ParallelRunResult {
  workers: number;
  txCount: number;
  /** Same format as the simulator's log; times are real milliseconds since the shared start, `core` = worker. */
  log: EventLog;
  /** Simulator-compatible metrics in real ms (makespan = wallMs, sequentialTime = Σ ms of committed executions). */
  metrics: RunMetrics;
  /** Wall time of the parallel section: shared start → last worker done. */
  wallMs: number;
  /** Wall time of the sequential reference (worker 0, same executor, after the run) when checked. */
  sequentialMs?: number;
  /**
   * Diagnostics, when the worker entry can measure them (Node on Linux): each worker's CPU time
   * and run-queue wait (runnable, but another process had the CPU) during the run, and the
   * sequential reference's CPU time. On a shared machine, wall time ≈ CPU time + wait.
   */
  workerCpuMs?: number[];
  workerWaitMs?: number[];
  /** Each worker's time blocked in Atomics.wait during the run (idle, locks). */
  workerBlockedMs?: number[];
  sequentialCpuMs?: number;
  /** Hash of the write set (cell → final value) of the parallel run / of the sequential run. */
  stateHash: string;
  sequentialStateHash?: string;
  /** With a block capacity: the transactions in the sequential reference's block (`ok` needs the same cut). */
  sequentialIncluded?: number;
  /** True iff checked and both hashes are equal (undefined when not checked). */
  ok?: boolean;
  finalState: Map<CellKey, bigint>;
  /** Worker start-up, executor build and warm-up (not in wallMs). */
  setupMs: number;
  /** Warm-up passes run before the start (fewer than asked when the time budget ran out). */
  warmupPasses: number;
  executions: number;
  validations: number;
  aborts: number;
}

export class ParallelRunError extends Error {
  constructor(
    message: string,
    /** The failing worker (-1: unknown / the host). */
    readonly worker: number,
    /** The transaction it was working on (-1: none or unknown). */
    readonly tx: number,
  ) {
    super(message);
    this.name = 'ParallelRunError';
  }
}

function sizeFromResolver<D>(desc: D, resolveBlock: ResolveBlock<D> | undefined): number {
  if (!resolveBlock)
    throw new RangeError(
      'runParallel needs opts.size or a resolveBlock to learn the transaction count',
    );
  return resolveBlock(desc, { worker: -1 }).size;
}

const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * Run `desc` with Block-STM on `opts.workers` workers started by `spawn`. `desc` is opaque here:
 * it is posted to every worker, whose entry resolves it (see block-source.ts). The host needs the
 * transaction count: `opts.size`, else `resolveBlock(desc, { worker: -1 }).size` (builds it once).
 */
export async function runParallel<D>(
  desc: D,
  opts: ParallelOptions,
  spawn: SpawnWorker,
  onProgress?: (p: ParallelProgress) => void,
  resolveBlock?: ResolveBlock<D>,
): Promise<ParallelRunResult> {
  const plan = planRun(opts, () => opts.size ?? sizeFromResolver(desc, resolveBlock));
  return new HostRun(plan, spawn, onProgress).start(desc);
}

/** Everything fixed before the workers start: the checked options, the shared buffers. */
interface RunPlan {
  k: number;
  n: number;
  variant: SharedVariant;
  shared: ReturnType<typeof allocateShared>;
  s: SharedState;
  check: boolean;
  warmupPlan: WarmupPlan;
  warmupMs: number;
  timeoutMs: number;
  blockCapacity?: BlockCapacity;
}

/** Check the options (RangeError with the reason) and allocate the run's shared state. */
function planRun(opts: ParallelOptions, size: () => number): RunPlan {
  const k = opts.workers;
  if (!Number.isInteger(k) || k < 1 || k > MAX_WORKERS)
    throw new RangeError(`workers must be 1…${MAX_WORKERS}, got ${k}`);
  const variant = opts.variant ?? 'block-stm';
  if (variant !== 'block-stm' && variant !== 'blockifier')
    throw new RangeError(`real workers run block-stm or blockifier, not ${String(variant)}`);
  if (opts.blockCapacity && variant !== 'blockifier')
    throw new RangeError('a block capacity needs the blockifier variant on real workers');
  const n = size();
  const shared = allocateShared(n, opts.capacity, variant);
  const { transactions: warmup, budgetMs: warmupMs } = resolveWarmup(n, opts);
  return {
    k,
    n,
    variant,
    shared,
    s: new SharedState(shared),
    check: opts.check ?? true,
    warmupPlan: planWarmup(n, warmup * k, opts.capacity, variant),
    warmupMs,
    timeoutMs: opts.timeoutMs ?? 120_000,
    blockCapacity: opts.blockCapacity,
  };
}

type DoneMessage = Extract<WorkerMessage, { type: 'done' }>;
type SequentialMessage = Extract<WorkerMessage, { type: 'sequential' }>;

/**
 * One run, seen from the host: start the workers, follow their messages, and settle exactly once —
 * resolved by `finish` after every worker is done, or rejected by `fail` (a worker's error or
 * crash, the timeout), which stops every worker first.
 */
class HostRun {
  private readonly ports: WorkerPort[] = [];
  private readonly done: (DoneMessage | undefined)[];
  private readyCount = 0;
  private doneCount = 0;
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private seqResolve: ((m: SequentialMessage) => void) | undefined;
  private warmupPasses = 0;
  private readonly setupStart = wallNow();
  private resolve!: (r: ParallelRunResult) => void;
  private reject!: (e: ParallelRunError) => void;

  constructor(
    private readonly plan: RunPlan,
    private readonly spawn: SpawnWorker,
    private readonly onProgress?: (p: ParallelProgress) => void,
  ) {
    this.done = new Array(plan.k);
  }

  start(desc: unknown): Promise<ParallelRunResult> {
    return new Promise<ParallelRunResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      const { timeoutMs } = this.plan;
      this.timer = setTimeout(
        () =>
          this.fail(new ParallelRunError(`parallel run timed out after ${timeoutMs} ms`, -1, -1)),
        timeoutMs,
      );
      try {
        this.spawnWorkers();
        this.initWorkers(desc);
      } catch (e) {
        this.fail(new ParallelRunError(`could not start the workers: ${errText(e)}`, -1, -1));
      }
    });
  }

  private spawnWorkers(): void {
    const s = this.plan.s;
    for (let i = 0; i < this.plan.k; i++) {
      const p = this.spawn(i);
      this.ports.push(p);
      p.onMessage((m) => this.onMessage(i, m));
      p.onCrash((reason) => {
        if (this.settled) return;
        const tx = s.currentTx(i);
        const where = tx >= 0 ? ` while running transaction ${tx}` : '';
        this.fail(new ParallelRunError(`worker ${i} crashed${where}: ${reason}`, i, tx));
      });
    }
  }

  private initWorkers(desc: unknown): void {
    const { k, shared, blockCapacity, warmupPlan, warmupMs } = this.plan;
    for (let i = 0; i < k; i++)
      this.ports[i].post({
        type: 'init',
        worker: i,
        workers: k,
        shared,
        block: desc,
        ...(blockCapacity ? { blockCapacity } : {}),
        warmup: warmupPlan,
        warmupMs,
      });
  }

  /** Settle as failed: every worker stops at its next step, then is terminated. */
  private fail(err: ParallelRunError): void {
    if (this.settled) return;
    this.settled = true;
    const s = this.plan.s;
    s.fail(2, err.tx, err.worker);
    Atomics.store(s.ctrl, C_GO, 1);
    Atomics.notify(s.ctrl, C_GO);
    this.cleanup();
    this.reject(err);
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.poll) clearInterval(this.poll);
    for (const p of this.ports) {
      try {
        p.terminate();
      } catch {
        /* already gone */
      }
    }
  }

  private onMessage(i: number, m: WorkerMessage): void {
    if (this.settled) return;
    switch (m.type) {
      case 'ready':
        return this.onReady(i, m.warmupPasses);
      case 'done':
        if (Atomics.load(this.plan.s.ctrl, C_ERROR) !== 0) return; // another worker failed
        this.done[i] = m;
        if (++this.doneCount === this.plan.k) void this.finish();
        return;
      case 'sequential':
        this.seqResolve?.(m);
        return;
      case 'error': {
        const where = m.tx >= 0 ? ` while running transaction ${m.tx}` : '';
        const msg = `worker ${m.worker} failed${where}: ${m.message}`;
        this.fail(new ParallelRunError(msg, m.worker, m.tx));
        return;
      }
    }
  }

  /**
   * A worker finished its warm-up. The last worker to reach the start barrier starts the run
   * itself (worker-core's awaitStart): no round trip through this event loop inside the timed run.
   */
  private onReady(i: number, warmupPasses: number): void {
    const { k, n, s } = this.plan;
    this.readyCount++;
    if (i === 0) this.warmupPasses = warmupPasses;
    this.onProgress?.({ phase: 'starting', ready: this.readyCount, txCount: n });
    if (this.readyCount !== k) return;
    this.plan.warmupPlan.sets.length = 0; // every pass is over: let their buffers go
    const onProgress = this.onProgress;
    if (!onProgress) return;
    this.poll = setInterval(() => {
      onProgress({
        phase: 'running',
        executionIdx: Math.min(n, Atomics.load(s.ctrl, C_EXEC_IDX)),
        validationIdx: Math.min(n, Atomics.load(s.ctrl, C_VAL_IDX)),
        txCount: n,
      });
    }, 100);
  }

  /** Every worker is done: read the final state, check it, merge the logs, settle. */
  private async finish(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    const { n, check } = this.plan;
    const state = this.readFinalState();
    if (!state) return;
    let seq: SequentialMessage | undefined;
    if (check) {
      this.onProgress?.({ phase: 'checking', txCount: n });
      seq = await this.runSequential();
      if (this.settled) return;
    }
    const result = this.buildResult(state, seq);
    if (!result) return;
    this.settled = true;
    this.cleanup();
    this.onProgress?.({ phase: 'done', txCount: n });
    this.resolve(result);
  }

  /**
   * The run's final state, from the shared memory (without what the transactions the bouncer
   * left out wrote), and its hash; undefined after failing the run.
   */
  private readFinalState(): { finalState: Map<CellKey, bigint>; stateHash: string } | undefined {
    const { n, s } = this.plan;
    const blockEnd = s.blockEnd;
    if (blockEnd >= 0) for (let tx = blockEnd; tx < n; tx++) s.deleteWrites(tx);
    let snapshot: Map<number, bigint>;
    try {
      snapshot = s.snapshot();
    } catch (e) {
      this.fail(new ParallelRunError(errText(e), -1, -1));
      return undefined;
    }
    const finalState = new Map<CellKey, bigint>();
    for (const [c, v] of snapshot) finalState.set(s.cellKey(c), v);
    return { finalState, stateHash: hashState(finalState) };
  }

  /** The sequential reference, run by worker 0 after the parallel run. */
  private runSequential(): Promise<SequentialMessage> {
    return new Promise<SequentialMessage>((res) => {
      this.seqResolve = res;
      this.ports[0].post({ type: 'sequential' });
    });
  }

  /** The merged log, its metrics (cut at the bouncer's halt) and the result; undefined on failure. */
  private buildResult(
    state: { finalState: Map<CellKey, bigint>; stateHash: string },
    seq: SequentialMessage | undefined,
  ): ParallelRunResult | undefined {
    const { k, n, s, variant } = this.plan;
    const done = this.done.map((d) => d!);
    const wallMs = Math.max(...done.map((d) => d.endMs));
    const merged = mergeEvents(
      done.map((d) => d.events),
      s,
      k,
      n,
      variant,
    );
    const totals = workerTotals(done, wallMs);
    const metrics = computeMetrics(merged.log, s.incarnations(), merged.finalCost, totals);
    if (!this.cutAtHalt(metrics, merged)) return undefined;
    const sequentialIncluded = seq?.included;
    return {
      workers: k,
      txCount: n,
      log: merged.log,
      metrics,
      wallMs,
      sequentialMs: seq?.wallMs,
      workerBlockedMs: done.map((d) => d.blockedMs),
      ...cpuDiagnostics(done, seq),
      stateHash: state.stateHash,
      sequentialStateHash: seq?.stateHash,
      ok: seq ? matchesSequential(state.stateHash, seq, metrics) : undefined,
      ...(sequentialIncluded !== undefined ? { sequentialIncluded } : {}),
      finalState: state.finalState,
      setupMs: s.clock[0] - this.setupStart, // clock[0]: the start, stamped by the last worker ready
      warmupPasses: this.warmupPasses,
      executions: metrics.executions,
      validations: metrics.validations,
      aborts: metrics.aborts.total,
    };
  }

  /**
   * With a block capacity: cut the metrics at the bouncer's halt. False (after failing the run)
   * when the halt in the shared state and the workers' bouncer replicas disagree.
   */
  private cutAtHalt(
    metrics: RunMetrics,
    merged: { log: EventLog; finalCost: Float64Array },
  ): boolean {
    const s = this.plan.s;
    const outcome = bouncerOutcome(this.done.map((d) => d!.bouncer));
    if (!outcome) return true;
    const blockEnd = s.blockEnd;
    if (blockEnd >= 0 && outcome.included !== blockEnd) {
      const msg = `bouncer: halted at ${blockEnd}, its replicas say ${outcome.included}`;
      this.fail(new ParallelRunError(msg, -1, -1));
      return false;
    }
    if (blockEnd >= 0) outcome.haltedAt = haltTime(merged.log, blockEnd);
    cutMetrics(metrics, merged.log, s.incarnations(), merged.finalCost, outcome);
    return true;
  }
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The run's totals over its workers for computeMetrics (no memo on real workers; the makespan is
 * the wall time).
 */
function workerTotals(
  done: DoneMessage[],
  wallMs: number,
): { memoHits: number; vmRuns: number; tasks: number; makespan: number } {
  return {
    memoHits: 0,
    vmRuns: done.reduce((a, d) => a + d.vmRuns, 0),
    tasks: done.reduce((a, d) => a + d.tasks, 0),
    makespan: wallMs,
  };
}

/**
 * CPU time and run-queue wait per worker, and the sequential reference's CPU time, when every
 * worker measured them (else none).
 */
function cpuDiagnostics(
  done: DoneMessage[],
  seq: SequentialMessage | undefined,
): Pick<ParallelRunResult, 'workerCpuMs' | 'workerWaitMs' | 'sequentialCpuMs'> {
  return done.every((d) => d.cpuMs !== undefined)
    ? {
        workerCpuMs: done.map((d) => d.cpuMs!),
        workerWaitMs: done.map((d) => d.waitMs ?? 0),
        sequentialCpuMs: seq?.cpuMs,
      }
    : {};
}

/**
 * The checked run agrees with the sequential reference: the same final state and, with a block
 * capacity, the same block end.
 */
function matchesSequential(
  stateHash: string,
  seq: SequentialMessage,
  metrics: RunMetrics,
): boolean {
  const included = seq.included;
  return (
    stateHash === seq.stateHash &&
    (included === undefined || included === metrics.blockEnd?.included)
  );
}

/** Merge per-worker events (sorted by start time) into one EventLog; refs point at the execute event of (tx, incarnation). */
function mergeEvents(
  all: WorkerEvents[],
  s: SharedState,
  workers: number,
  n: number,
  variant: SharedVariant,
): { log: EventLog; finalCost: Float64Array } {
  const order = startOrder(all);
  const execIndex = executeIndex(all, order);
  const { dense, keys } = denseCellIds(s);
  const b = new LogBuilder();
  const incs = s.incarnations();
  const finalCost = new Float64Array(n);
  for (const [w, e] of order) {
    const ev = all[w];
    const kind = ev.kind[e];
    const tx = ev.tx[e];
    const inc = ev.inc[e];
    const ref = kind === EV_EXECUTE ? -1 : (execIndex.get(execKey(tx, inc)) ?? -1);
    addWorkerEvent(b, ev, e, w, ref, dense);
    if (kind === EV_EXECUTE && inc === incs[tx]) finalCost[tx] = ev.end[e] - ev.start[e];
  }
  return { log: b.finish({ variant, cores: workers, txCount: n }, keys), finalCost };
}

/** Every event as (worker, index), by start time, then worker, then index. */
function startOrder(all: WorkerEvents[]): [number, number][] {
  const order: [number, number][] = [];
  for (let w = 0; w < all.length; w++)
    for (let e = 0; e < all[w].kind.length; e++) order.push([w, e]);
  order.sort((a, b) => all[a[0]].start[a[1]] - all[b[0]].start[b[1]] || a[0] - b[0] || a[1] - b[1]);
  return order;
}

/** Key of (tx, incarnation) in executeIndex: tx * 2^20 + inc. */
const execKey = (tx: number, inc: number): number => tx * 1048576 + inc;

/** The merged index of each execute event, by execKey (the other events' refs point at it). */
function executeIndex(all: WorkerEvents[], order: [number, number][]): Map<number, number> {
  const execIndex = new Map<number, number>();
  order.forEach(([w, e], idx) => {
    if (all[w].kind[e] === 0) execIndex.set(execKey(all[w].tx[e], all[w].inc[e]), idx);
  });
  return execIndex;
}

/**
 * Shared cell ids have gaps (ids are taken in chunks): the log numbers its cells densely. `dense`
 * maps a shared id to the log's (-1: not a cell), `keys` are the log's cells.
 */
function denseCellIds(s: SharedState): { dense: Int32Array; keys: string[] } {
  const bound = s.cellIdBound;
  const dense = new Int32Array(bound);
  const keys: string[] = [];
  for (let c = 0; c < bound; c++) {
    if (!s.isCell(c)) dense[c] = -1;
    else {
      dense[c] = keys.length;
      keys.push(s.cellKey(c));
    }
  }
  return { dense, keys };
}

/** The log's id of shared cell c (negative ids, "no cell", pass through). */
const logCell = (dense: Int32Array, c: number): number => (c < 0 ? c : dense[c]);

/** Append worker w's event e to the merged log, with its reads and writes. */
function addWorkerEvent(
  b: LogBuilder,
  ev: WorkerEvents,
  e: number,
  w: number,
  ref: number,
  dense: Int32Array,
): void {
  b.add(
    ev.kind[e],
    w,
    ev.start[e],
    ev.end[e],
    ev.tx[e],
    ev.inc[e],
    ev.flags[e],
    logCell(dense, ev.causeCell[e]),
    ev.causeTx[e],
    ref,
  );
  for (let r = ev.readOffset[e]; r < ev.readOffset[e + 1]; r++) {
    const vi = ev.readValue[r];
    b.read(
      logCell(dense, ev.readCell[r]),
      ev.readTx[r],
      ev.readInc[r],
      vi < 0 ? undefined : ev.values[vi],
    );
  }
  for (let x = ev.writeOffset[e]; x < ev.writeOffset[e + 1]; x++)
    b.write(logCell(dense, ev.writeCell[x]), ev.values[ev.writeValue[x]]);
}

/**
 * The block's bouncer outcome from the workers' replicas: the one that admitted the most
 * transactions saw every commit (undefined: no block capacity).
 */
function bouncerOutcome(reports: (BouncerOutcome | undefined)[]): BouncerOutcome | undefined {
  let best: BouncerOutcome | undefined;
  for (const r of reports)
    if (r && (!best || (r.seen ?? 0) > (best.seen ?? 0) || (r.full && !best.full))) best = r;
  return best;
}

/**
 * When the bouncer halted the run: the end of the passed commit validation of the transaction that
 * did not fit (worker-core.ts `commitWhilePossible` logs it, then halts).
 */
function haltTime(log: EventLog, tx: number): number | undefined {
  let t: number | undefined;
  for (let e = 0; e < log.count; e++)
    if (log.kind[e] === EV_VALIDATE && log.tx[e] === tx && !(log.flags[e] & FLAG_FAILED))
      t = Math.max(t ?? 0, log.end[e]);
  return t;
}
