import { create, type StoreApi } from 'zustand';
import type { Variant } from '@/engine/stm/types';
import { request } from '../engine-worker/client';
import type { References, RunParams, RunPayload, SweepSeries } from '../engine-worker/protocol';
import { errorMessage } from '../format';

/**
 * `next` with `prev`'s graph object when both carry the same graph (a new run of the same block):
 * the message brought a copy, and a new object would have the page lay the graph out and draw
 * it again (~50–80 ms for 10,000 transactions, before the run's first frame).
 */
function sameGraph(prev: RunPayload | null, next: RunPayload): RunPayload {
  const g = prev?.graph;
  return g && g.key !== undefined && g.key === next.graph.key ? { ...next, graph: g } : next;
}

/**
 * What a core sweep's figures depend on: the block (its graph's key) and the run's cost model,
 * seed and block capacity — not its variant or core count, which the sweep varies itself.
 */
function sweepBasis(graphKey: number | undefined, p: RunParams): string {
  return JSON.stringify([graphKey ?? null, p.costModel, p.seed, p.blockCapacity ?? null]);
}

/** Results of runs: the main run, the optional comparison run, references and the core sweep. */
export interface RunState {
  current: RunPayload | null;
  compare: RunPayload | null;
  refs: References | null;
  running: boolean;
  error: string | null;
  /** performance.now() when the last run was requested and when its result arrived. */
  requestedAt: number;
  receivedAt: number;
  sweep: SweepSeries[] | null;
  sweepProgress: { done: number; total: number } | null;
  sweepError: string | null;
  /** The sweep's basis (sweepBasis): a run on another block or settings drops the sweep. */
  sweepOf: string | null;
  run: (a: RunParams, b?: RunParams | null) => Promise<boolean>;
  runSweep: (variants: Variant[], maxCores: number, base: RunParams) => Promise<boolean>;
  clear: () => void;
}

type SetRun = StoreApi<RunState>['setState'];
type GetRun = StoreApi<RunState>['getState'];

/** No run yet. */
const INITIAL = {
  current: null,
  compare: null,
  refs: null,
  running: false,
  error: null,
  requestedAt: 0,
  receivedAt: 0,
  sweep: null,
  sweepProgress: null,
  sweepError: null,
  sweepOf: null,
} satisfies Partial<RunState>;

/**
 * The main run `a` and, when given, the comparison run `b`; a sweep of other settings is dropped,
 * and the main run's references follow.
 */
async function runAction(
  set: SetRun,
  get: GetRun,
  a: RunParams,
  b?: RunParams | null,
): Promise<boolean> {
  set({ running: true, error: null, requestedAt: performance.now() });
  try {
    const prev = get().current;
    const current = sameGraph(prev, await request({ type: 'run', params: a }));
    const compare = b ? sameGraph(current, await request({ type: 'run', params: b })) : null;
    set({ current, compare, running: false, refs: null, receivedAt: performance.now() });
    if (get().sweepOf !== sweepBasis(current.graph.key, a)) set({ sweep: null, sweepOf: null });
    followWithReferences(set, current, a);
    return true;
  } catch (e) {
    set({ running: false, error: errorMessage(e) });
    return false;
  }
}

/**
 * References (sequential and oracle runs) follow without holding up the first frame; they are
 * dropped if another run replaced `current` meanwhile.
 */
function followWithReferences(set: SetRun, current: RunPayload, a: RunParams): void {
  void request({ type: 'references', params: a })
    .then((refs) => set((s) => (s.current === current ? { refs } : {})))
    .catch(() => {});
}

/** The sweep request: only what a sweep's figures depend on is sent from `base` (sweepBasis). */
function sweepRequest(variants: Variant[], maxCores: number, base: RunParams) {
  return {
    type: 'sweep' as const,
    variants,
    maxCores,
    base: {
      costModel: base.costModel,
      seed: base.seed,
      ...(base.blockCapacity ? { blockCapacity: base.blockCapacity } : {}),
    },
  };
}

async function runSweepAction(
  set: SetRun,
  get: GetRun,
  variants: Variant[],
  maxCores: number,
  base: RunParams,
): Promise<boolean> {
  set({ sweepProgress: { done: 0, total: 1 }, sweepError: null });
  const basis = sweepBasis(get().current?.graph.key, base);
  try {
    const series = await request(sweepRequest(variants, maxCores, base), (done, total) =>
      set({ sweepProgress: { done, total } }),
    );
    set({ sweep: series, sweepProgress: null, sweepOf: basis });
    return true;
  } catch (e) {
    set({ sweepProgress: null, sweepError: errorMessage(e) });
    return false;
  }
}

export const useRun = create<RunState>((set, get) => ({
  ...INITIAL,
  run: (a, b) => runAction(set, get, a, b),
  runSweep: (variants, maxCores, base) => runSweepAction(set, get, variants, maxCores, base),
  clear: () =>
    set({ current: null, compare: null, refs: null, sweep: null, sweepOf: null, error: null }),
}));
