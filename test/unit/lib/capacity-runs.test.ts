import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@/lib/engine-worker/handler';
import { dispatchReply, setTransport } from '@/lib/engine-worker/client';
import { useBlock } from '@/lib/stores/block';
import { useRun } from '@/lib/stores/run';
import { useWhatIf } from '@/lib/stores/what-if';
import { buildPreset, type PresetParams } from '@/lib/presets';
import { execute, runPayload, sweepCores } from '@/lib/engine-worker/compute';
import { sweepCutText } from '@/lib/block-end';
import type { RunParams, SweepSeries } from '@/lib/engine-worker/protocol';
import { blockDependencyGraph, runBlock } from '@/engine/stm';
import { buildDependencyGraph, speedupBound } from '@/engine/graph';

/**
 * The block capacity of the main run reaches every run the page makes besides it: the core
 * sweep and the what-ifs (through the same engine handler the worker runs, in-process).
 */
let engine: ReturnType<typeof createEngine>;
beforeAll(() => {
  engine = createEngine((r) => queueMicrotask(() => dispatchReply(r)));
  setTransport((id, req) => void engine(id, req));
});

const PARAMS: PresetParams = { n: 60, contention: 0.5, seed: 1 };
const block = () => buildPreset('p2p', PARAMS);
const CAP = { n_txs: 20 };
const base: RunParams = { variant: 'blockifier', cores: 4, costModel: {}, seed: 1 };
const withCap: RunParams = { ...base, blockCapacity: CAP };

async function sweepOf(p: RunParams): Promise<SweepSeries[]> {
  expect(await useRun.getState().runSweep(['blockifier', 'block-stm'], 4, p)).toBe(true);
  return useRun.getState().sweep!;
}

describe('the core sweep has the main run’s block capacity', () => {
  beforeAll(async () => {
    expect(await useBlock.getState().loadPreset('p2p', PARAMS)).toBe(true);
  });

  it('every run is cut where the engine cuts it with that capacity', async () => {
    const sw = await sweepOf(withCap);
    const seq = runBlock(block(), { variant: 'sequential', cores: 1, blockCapacity: CAP });
    expect(seq.metrics.blockEnd!.included).toBe(20);
    for (const s of sw) {
      expect(s.points.map((p) => p.cores)).toEqual(sweepCores(4));
      for (const p of s.points) {
        const m = execute(block(), { ...withCap, variant: s.variant, cores: p.cores }).metrics;
        expect(p.included, `${s.variant} × ${p.cores}`).toBe(20);
        expect(p.makespan, `${s.variant} × ${p.cores}`).toBe(m.makespan);
        expect(p.speedup).toBeCloseTo(seq.metrics.makespan / m.makespan, 12);
      }
    }
    expect(sweepCutText(sw)).toBe(
      "With the block capacity, every run's block holds 20 transactions (the bouncer's cut).",
    );
  });

  it('without one the sweep runs the whole block (and blockifier takes longer)', async () => {
    const cut = await sweepOf(withCap);
    const whole = await sweepOf(base);
    expect(whole.flatMap((s) => s.points).some((p) => p.included !== undefined)).toBe(false);
    expect(sweepCutText(whole)).toBeNull();
    for (const [i, p] of whole[0].points.entries())
      expect(p.makespan).toBeGreaterThan(cut[0].points[i].makespan);
  });
});

describe('the what-ifs have the main run’s block capacity', () => {
  beforeAll(async () => {
    expect(await useBlock.getState().loadPreset('p2p', PARAMS)).toBe(true);
  });

  it('both sides are cut as the main run is; without a capacity they are not', async () => {
    const main = runBlock(block(), { ...withCap });
    await useWhatIf.getState().run('no-hotspot', withCap);
    const cut = useWhatIf.getState().result!;
    expect(useWhatIf.getState().error).toBeNull();
    expect(cut.before.blockEnd).toEqual({ included: 20, full: true, exceeded: ['n_txs'] });
    expect(cut.before.blockEnd!.included).toBe(main.metrics.blockEnd!.included);
    expect(cut.after.blockEnd!.included).toBe(20);
    await useWhatIf.getState().run('no-hotspot', base);
    const whole = useWhatIf.getState().result!;
    expect(whole.before.blockEnd).toBeUndefined();
    expect(cut.before.edges).toBeLessThan(whole.before.edges);
    const bf = (r: typeof cut) => r.before.runs.find((x) => x.variant === 'blockifier')!;
    expect(bf(cut).makespan).toBeLessThan(bf(whole).makespan);
  });
});

describe('the Stats graph bound under a capacity', () => {
  it('is the bound of the transactions in the block', () => {
    const ex = block();
    const { graph, access } = blockDependencyGraph(ex);
    const cut = runPayload(ex, withCap, null).payload;
    const whole = runPayload(ex, base, null).payload;
    expect(cut.metrics.blockEnd!.included).toBe(20);
    expect(cut.graphBound).toBeCloseTo(speedupBound(buildDependencyGraph(access.slice(0, 20)), 4));
    expect(whole.graphBound).toBeCloseTo(speedupBound(graph, 4));
    expect(cut.graphBound).not.toBeCloseTo(whole.graphBound, 3);
  });
});
