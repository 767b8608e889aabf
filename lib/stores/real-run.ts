import type { BlockCapacity } from '@/engine/stm/bouncer';
import { create } from 'zustand';
import type { BlockDesc, ParallelRunResult } from '../parallel';
import type { RunPayload } from '../engine-worker/protocol';
import { request } from '../engine-worker/client';
import { useBlock } from './block';
import { errorMessage } from '../format';

/**
 * The "real workers" mode: Block-STM really run on k Web Workers (lib/parallel), next to the
 * simulation of the same block. A second, 1-worker run gives the measured speedup baseline.
 */
export type RealRun = ParallelRealRun | SingleRealRun;

/** Block-STM really run on `workers` Web Workers (`run`). */
export interface ParallelRealRun {
  kind: 'parallel';
  workers: number;
  /** The real log seen as a run payload (times in ms; graph and cell names from the simulation). */
  payload: RunPayload;
  wallMs: number;
  /** Wall time of the same block on 1 worker (wallMs itself when k = 1). */
  wall1Ms: number;
  sequentialMs?: number;
  stateHash: string;
  sequentialStateHash?: string;
  ok?: boolean;
  setupMs: number;
  /** Untimed warm-up passes over the block before the timed run. */
  warmupPasses?: number;
}

/**
 * The page has no shared memory: the engine worker ran the block once in index order
 * (`runSingle`). A plain sequential loop has no scheduler events, so there is no payload.
 */
export interface SingleRealRun {
  kind: 'single';
  workers: 1;
  wallMs: number;
  stateHash: string;
  /** The untimed warm-up pass. */
  setupMs: number;
}

export type RealPhase = 'idle' | 'running' | 'done' | 'error';

export interface RealRunState {
  phase: RealPhase;
  progress: string;
  result: RealRun | null;
  error: string | null;
  /**
   * Run `block` on `workers` Web Workers: a description, or 'imported' for the block the engine
   * worker holds (fetched inside the run, so a `clear` or a newer run while it is on its way wins).
   */
  run: (block: BlockDesc | 'imported', workers: number, sim: RunPayload) => Promise<boolean>;
  /** Without cross-origin isolation: the block timed on one worker (the engine worker), in order. */
  runSingle: () => Promise<boolean>;
  clear: () => void;
}

/** The variants real workers run (engine/stm/parallel); any other is run as Block-STM. */
export type RealVariant = 'block-stm' | 'blockifier';
export function realVariant(v: string): RealVariant {
  return v === 'blockifier' ? 'blockifier' : 'block-stm';
}

type Runner = (
  desc: BlockDesc,
  opts: {
    workers: number;
    variant?: RealVariant;
    check?: boolean;
    timeoutMs?: number;
    size?: number;
    blockCapacity?: BlockCapacity;
  },
  onProgress?: (p: { phase: string; executionIdx?: number; txCount: number }) => void,
) => Promise<ParallelRunResult>;

let runner: Runner | null = null;
/** Replaces lib/parallel's runOnWorkers (unit tests run on Node worker threads or a fake). */
export function setRealRunner(r: Runner | null): void {
  runner = r;
}

async function getRunner(): Promise<Runner> {
  if (runner) return runner;
  const m = await import('../parallel');
  return m.runOnWorkers;
}

/** The real run's log as a RunPayload the timeline can draw (names and graph from `sim`). */
export function realPayload(r: ParallelRunResult, sim: RunPayload): RunPayload {
  const names = new Map<string, string>();
  sim.log.cells.forEach((c, i) => names.set(c, sim.cellNames[i]));
  return {
    params: { ...sim.params, variant: realVariant(r.log.variant), cores: r.workers },
    log: r.log,
    metrics: r.metrics,
    cellNames: r.log.cells.map((c) => names.get(c) ?? c),
    graph: sim.graph,
    graphBound: sim.graphBound,
    // Real workers credit fees as the simulated variant does (inline in Block-STM, at commit in
    // blockifier): the same remark holds.
    ...(sim.remark && sim.params.variant === r.log.variant && sim.params.cores === r.workers
      ? { remark: sim.remark }
      : {}),
    wallMs: r.wallMs,
  };
}

/**
 * The last imported block's description, by the block store's version: a block (an executable
 * one carries its classes, megabytes for real contracts) is copied from the engine worker once,
 * not at every Run.
 */
let cachedDesc: { version: number; desc: BlockDesc } | null = null;

/** What real workers run for the engine worker's imported block (see the 'parallelBlock' request). */
async function importedDesc(): Promise<BlockDesc> {
  const version = useBlock.getState().version;
  if (cachedDesc?.version === version) return cachedDesc.desc;
  const desc = await request({ type: 'parallelBlock' });
  if (!desc) throw new Error('no imported block is loaded: load one, or pick a preset');
  // kept only if no other block was loaded while the engine answered
  if (useBlock.getState().version === version) cachedDesc = { version, desc };
  return desc;
}

let generation = 0;

type SetState = (partial: Partial<RealRunState>) => void;

/**
 * One real run: 'running' with `progress`, then 'done' with what `work` measured, or 'error'.
 * A run superseded by a newer one (or by `clear`) changes nothing: `work` checks `live()` after
 * each await and returns null once it is false.
 */
async function track(
  set: SetState,
  progress: string,
  work: (live: () => boolean) => Promise<RealRun | null>,
): Promise<boolean> {
  const gen = ++generation;
  const live = () => gen === generation;
  set({ phase: 'running', progress, error: null, result: null });
  try {
    const result = await work(live);
    if (!result || !live()) return false;
    set({ phase: 'done', progress: '', result });
    return true;
  } catch (e) {
    if (!live()) return false;
    set({ phase: 'error', progress: '', error: errorMessage(e) });
    return false;
  }
}

type RunOpts = Parameters<Runner>[1];

/** "running on k workers: i/n" and the like, for the runner's progress reports. */
function progressText(
  p: { phase: string; executionIdx?: number; txCount: number },
  workers: number,
): string {
  if (p.phase === 'running' && p.executionIdx !== undefined) {
    const on = `${workers} worker${workers > 1 ? 's' : ''}`;
    return `running on ${on}: ${Math.min(p.executionIdx, p.txCount)}/${p.txCount}`;
  }
  return p.phase === 'checking' ? 'checking against the sequential run…' : `${p.phase}…`;
}

/** The options of the timed run on `workers` (checked against the sequential run). */
function parallelOpts(sim: RunPayload, workers: number): RunOpts {
  const variant = realVariant(sim.params.variant);
  // the bouncer runs on threads under blockifier only (engine/stm/parallel/README.md)
  const cap = variant === 'blockifier' ? sim.params.blockCapacity : undefined;
  const bouncer = cap ? { blockCapacity: cap } : {};
  return { workers, variant, check: true, timeoutMs: 120_000, size: sim.graph.n, ...bouncer };
}

/** A run on the workers and what it measured, as the store's result. */
function parallelResult(r: ParallelRunResult, sim: RunPayload, wall1Ms: number): ParallelRealRun {
  return {
    kind: 'parallel',
    workers: r.workers,
    payload: realPayload(r, sim),
    wallMs: r.wallMs,
    wall1Ms,
    sequentialMs: r.sequentialMs,
    stateHash: r.stateHash,
    sequentialStateHash: r.sequentialStateHash,
    ok: r.ok,
    setupMs: r.setupMs,
    warmupPasses: r.warmupPasses,
  };
}

/**
 * The `run` action's work (see `track`): the timed run on `workers`, then, for k > 1, the same
 * block on 1 worker, unchecked, as the speedup's baseline.
 */
async function runParallel(
  set: SetState,
  live: () => boolean,
  block: BlockDesc | 'imported',
  workers: number,
  sim: RunPayload,
): Promise<RealRun | null> {
  const desc = block === 'imported' ? await importedDesc() : block;
  if (!live()) return null;
  const go = await getRunner();
  const opts = parallelOpts(sim, workers);
  const r = await go(desc, opts, (p) => {
    if (live()) set({ progress: progressText(p, workers) });
  });
  let wall1Ms = r.wallMs;
  if (!live()) return null;
  if (workers > 1) {
    set({ progress: 'baseline: the same block on 1 worker…' });
    wall1Ms = (await go(desc, { ...opts, workers: 1, check: false })).wallMs;
  }
  return parallelResult(r, sim, wall1Ms);
}

/** The `runSingle` action's work: the engine worker times the block in index order. */
async function runSingle(): Promise<SingleRealRun> {
  const m = await request({ type: 'measureSequential' });
  return {
    kind: 'single',
    workers: 1,
    wallMs: m.wallMs,
    stateHash: m.stateHash,
    setupMs: m.warmupMs,
  };
}

export const useRealRun = create<RealRunState>((set) => ({
  phase: 'idle',
  progress: '',
  result: null,
  error: null,
  run: (block, workers, sim) =>
    track(set, 'starting workers…', (live) => runParallel(set, live, block, workers, sim)),
  runSingle: () => track(set, 'running the block on 1 worker…', runSingle),
  clear: () => {
    // a newer generation: a run still on its way changes nothing (see `track`)
    generation++;
    set({ phase: 'idle', progress: '', result: null, error: null });
  },
}));
