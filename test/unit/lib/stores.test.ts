import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createEngine } from '@/lib/engine-worker/handler';
import { dispatchReply, setTransport } from '@/lib/engine-worker/client';
import { useBlock } from '@/lib/stores/block';
import { useRun } from '@/lib/stores/run';
import { eventMarks, usePlayback, BASE_SECONDS } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { clampCores, useRunSettings } from '@/lib/stores/run-settings';
import { buildPreset, presetInfo } from '@/lib/presets';
import { execute } from '@/lib/engine-worker/compute';
import { buildLogModel, statesAt, TX_COMMITTED, TX_PENDING } from '@/lib/timeline-model';
import { formatUrlState, parseUrlState } from '@/lib/url-state';
import { metricsCsv, runToJson, timelineSvg } from '@/lib/export/export';
import { narrate } from '@/lib/narration';

/** The same handler the worker runs, in-process. */
let engine: ReturnType<typeof createEngine>;
beforeAll(() => {
  engine = createEngine((r) => queueMicrotask(() => dispatchReply(r)));
  setTransport((id, req) => void engine(id, req));
});

describe('block and run stores', () => {
  it('loads a preset and runs it with the engine’s exact numbers', async () => {
    expect(await useBlock.getState().loadPreset('seed-figure1')).toBe(true);
    const s = useBlock.getState().summary!;
    expect(s.txCount).toBe(9);
    expect(s.cells).toBeGreaterThan(0);
    const cm = presetInfo('seed-figure1')!.costModel;
    expect(
      await useRun.getState().run({ variant: 'selective', cores: 5, costModel: cm, seed: 1 }),
    ).toBe(true);
    const r = useRun.getState().current!;
    const m = execute(buildPreset('seed-figure1', { n: 9, contention: 0, seed: 1 }), {
      variant: 'selective',
      cores: 5,
      costModel: cm,
      seed: 1,
    }).metrics;
    expect(r.metrics).toEqual(m);
    expect(r.graph.columns).toBe(3);
    await new Promise((res) => setTimeout(res, 200));
    expect(useRun.getState().refs?.oracleMakespan).toBeGreaterThan(0);
  });

  it('keeps one graph object across runs of a block, through a copying transport', async () => {
    // the worker's messages are structured clones: every run brings a new copy of the graph
    const copying = createEngine((r) => queueMicrotask(() => dispatchReply(structuredClone(r))));
    setTransport((id, req) => void copying(id, req));
    try {
      expect(await useBlock.getState().loadPreset('seed-figure1')).toBe(true);
      const params = { variant: 'selective' as const, cores: 5, costModel: {}, seed: 1 };
      expect(await useRun.getState().run(params)).toBe(true);
      const first = useRun.getState().current!;
      expect(await useRun.getState().run({ ...params, cores: 2 })).toBe(true);
      const second = useRun.getState().current!;
      expect(second).not.toBe(first);
      expect(second.params.cores).toBe(2);
      expect(second.graph).toBe(first.graph);
      // another block: another graph
      expect(await useBlock.getState().loadPreset('seed-abc')).toBe(true);
      expect(await useRun.getState().run(params)).toBe(true);
      const third = useRun.getState().current!;
      expect(third.graph).not.toBe(first.graph);
      expect(third.graph.key).not.toBe(first.graph.key);
    } finally {
      setTransport((id, req) => void engine(id, req));
    }
  });

  it('reports errors instead of throwing', async () => {
    expect(await useBlock.getState().importJson('{"not": "a block"')).toBe(false);
    expect(useBlock.getState().error).toBeTruthy();
  });

  it('sweeps cores with progress', async () => {
    await useBlock.getState().loadPreset('p2p', { n: 60 });
    const seen: number[] = [];
    const unsub = useRun.subscribe((s) => s.sweepProgress && seen.push(s.sweepProgress.done));
    await useRun.getState().runSweep(['block-stm', 'oracle'], 4, {
      variant: 'block-stm',
      cores: 4,
      costModel: {},
      seed: 1,
    });
    unsub();
    const sw = useRun.getState().sweep!;
    expect(sw.map((s) => s.variant)).toEqual(['block-stm', 'oracle']);
    expect(sw[0].points.map((p) => p.cores)).toEqual([1, 2, 3, 4]);
    expect(seen.length).toBeGreaterThan(3);
  });
});

describe('core sweep', () => {
  it('stays for runs of the same block and settings, goes with another block or seed', async () => {
    await useBlock.getState().loadPreset('p2p', { n: 40 });
    const params = { variant: 'block-stm' as const, cores: 4, costModel: {}, seed: 1 };
    expect(await useRun.getState().run(params)).toBe(true);
    expect(await useRun.getState().runSweep(['block-stm'], 3, params)).toBe(true);
    const sweep = useRun.getState().sweep;
    expect(sweep).not.toBeNull();
    // other cores or variant: the sweep covers them, it stays
    expect(await useRun.getState().run({ ...params, cores: 2, variant: 'naive' })).toBe(true);
    expect(useRun.getState().sweep).toBe(sweep);
    // another seed: its figures no longer describe the run on screen
    expect(await useRun.getState().run({ ...params, seed: 2 })).toBe(true);
    expect(useRun.getState().sweep).toBeNull();
    // another block, same settings
    expect(await useRun.getState().run(params)).toBe(true);
    expect(await useRun.getState().runSweep(['block-stm'], 3, params)).toBe(true);
    expect(useRun.getState().sweep).not.toBeNull();
    await useBlock.getState().loadPreset('p2p', { n: 41 });
    expect(await useRun.getState().run(params)).toBe(true);
    expect(useRun.getState().sweep).toBeNull();
  });
});

describe('playback store', () => {
  it('plays, steps over event boundaries, clamps seeks and stops at the end', () => {
    const p = usePlayback.getState();
    p.reset(100, eventMarks(new Float64Array([0, 10, 40]), new Float64Array([10, 40, 100])));
    expect(usePlayback.getState().marks).toEqual(new Float64Array([0, 10, 40, 100]));
    p.step(1);
    expect(usePlayback.getState().time).toBe(10);
    p.step(1);
    p.step(-1);
    expect(usePlayback.getState().time).toBe(10);
    p.seek(-5);
    expect(usePlayback.getState().time).toBe(0);
    p.play();
    p.tick((BASE_SECONDS * 1000) / 2);
    expect(usePlayback.getState().time).toBeCloseTo(50);
    p.tick(BASE_SECONDS * 1000);
    expect(usePlayback.getState()).toMatchObject({ time: 100, playing: false });
    p.setSpeed(2);
    p.play();
    expect(usePlayback.getState().time).toBe(0);
  });
});

describe('selection and settings stores', () => {
  it('selecting a cell clears the transaction and vice versa', () => {
    const s = useSelection.getState();
    s.selectTx(3, 7);
    expect(useSelection.getState()).toMatchObject({ tx: 3, event: 7, cell: null });
    s.selectCell('s:0x1:0x2');
    expect(useSelection.getState()).toMatchObject({ tx: null, cell: 's:0x1:0x2' });
  });
  it('clamps cores to 1…128', () => {
    expect(clampCores(0)).toBe(1);
    expect(clampCores(500)).toBe(128);
    expect(clampCores(NaN)).toBe(1);
    useRunSettings.getState().setCores(33.4);
    expect(useRunSettings.getState().cores).toBe(33);
  });
  it('round-trips the shareable URL', () => {
    const u = formatUrlState({ preset: 'seed-abc', cores: 2, variant: 'naive' });
    expect(u).toBe('?preset=seed-abc&cores=2&variant=naive');
    expect(parseUrlState(u)).toEqual({
      preset: 'seed-abc',
      cores: 2,
      variant: 'naive',
      problems: [],
    });
    expect(formatUrlState({ block: 'mainnet-2500', cores: 4 })).toBe('?block=mainnet-2500&cores=4');
    expect(parseUrlState('?block=mainnet-2500&cores=4')).toEqual({
      block: 'mainnet-2500',
      cores: 4,
      problems: [],
    });
    expect(parseUrlState('?block=../etc/passwd')).toEqual({ problems: [] });
  });
  it('says what a link asked for and did not get, instead of dropping it', () => {
    const u = parseUrlState('?preset=nope&cores=999&variant=x&n=abc&contention=2&vb=&cb=0');
    expect(u).toMatchObject({ cores: 128, contention: 1, cb: 1 });
    expect(u.preset).toBeUndefined();
    expect(u.variant).toBeUndefined();
    expect(u.n).toBeUndefined();
    expect(u.problems).toEqual([
      expect.stringMatching(/^preset "nope" is not one of the examples \(seed-abc, /),
      'cores=999 is outside 1–128: 128 is used',
      expect.stringMatching(/^variant "x" is not a variant \(block-stm, naive, /),
      'n "abc" is not a number',
      'contention=2 is outside 0–1: 1 is used',
      expect.stringMatching(/^vb "" is not a variant/),
      'cb=0 is outside 1–128: 1 is used',
    ]);
    expect(parseUrlState('?n=12.6&cores=3').problems).toEqual([
      'n=12.6 is outside 1–20000: 13 is used',
    ]);
  });
});

describe('gallery blocks through the block store', () => {
  // the app fetches /gallery/…; here those requests read public/gallery from disk
  beforeAll(() => {
    vi.stubGlobal('fetch', async (url: string) => {
      const file = resolve(__dirname, '../../../public', String(url).replace(/^\//, ''));
      return existsSync(file)
        ? new Response(readFileSync(file, 'utf8'))
        : new Response('not found', { status: 404 });
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  it('lists the gallery and loads a block by id, remembering the id for links', async () => {
    await useBlock.getState().loadGalleryIndex();
    const entry = useBlock.getState().gallery!.find((g) => g.id === 'sepolia-integration-63881')!;
    expect(await useBlock.getState().loadGallery(entry.id)).toBe(true);
    const s = useBlock.getState();
    expect(s.galleryId).toBe(entry.id);
    expect(s.presetId).toBeNull();
    expect(s.summary!.title).toBe(entry.title);
    expect(s.summary!.txCount).toBe(entry.txCount);
  });

  it('an unknown id is a clear error naming the gallery’s blocks', async () => {
    expect(await useBlock.getState().loadGallery('mainnet-1')).toBe(false);
    expect(useBlock.getState().error).toMatch(/no gallery block "mainnet-1".*mainnet-2240/);
  });
});

describe('the transaction-hash check through the block store', () => {
  const fixture = (f: string) =>
    readFileSync(resolve(__dirname, '../../fixtures/blocks', f), 'utf8');

  it('a real block shows where its hashes were verified', async () => {
    const text = readFileSync(
      resolve(__dirname, '../../../public/gallery/sepolia-integration-63881.json'),
      'utf8',
    );
    expect(await useBlock.getState().importJson(text)).toBe(true);
    expect(useBlock.getState().summary!.hashCheck).toEqual({
      status: 'verified',
      text: 'transaction hashes: 4 of 4 verified on SN_INTEGRATION_SEPOLIA (detected)',
    });
  });

  it('a mismatch is explained and can be imported again, the same text, without the check', async () => {
    const before = useBlock.getState().version;
    expect(
      await useBlock.getState().importJson(fixture('feeder-block-minimal.json'), 'made-up'),
    ).toBe(false);
    let s = useBlock.getState();
    expect(s.error).toMatch(/hash mismatch: the block gives 0x71/);
    expect(s.error).not.toMatch(/verifyTxHashes|ImportOptions/);
    expect(s.errorHelp).toMatch(/does not match its hash/);
    expect(s.canImportUnchecked).toBe(true);
    expect(await s.importWithoutHashCheck()).toBe(true);
    s = useBlock.getState();
    expect([s.error, s.errorHelp, s.canImportUnchecked]).toEqual([null, null, false]);
    expect(s.version).toBe(before + 1);
    expect(s.summary!.title).toBe('made-up');
    expect(s.summary!.hashCheck).toEqual({
      status: 'off',
      text: 'transaction hashes: not checked (turned off on request)',
    });
    // nothing left to retry, and another error offers no retry
    expect(await s.importWithoutHashCheck()).toBe(false);
    expect(await s.importJson('{"hello": "world"}')).toBe(false);
    expect(useBlock.getState().canImportUnchecked).toBe(false);
    expect(useBlock.getState().errorHelp).toBeNull();
  });
});

describe('derived views and exports', () => {
  const cm = presetInfo('seed-figure1')!.costModel;
  const r = execute(buildPreset('seed-figure1', { n: 9, contention: 0, seed: 1 }), {
    variant: 'block-stm',
    cores: 5,
    costModel: cm,
    seed: 1,
  });
  const model = buildLogModel(r.log);
  it('every transaction is pending at 0 and committed at the end', () => {
    const st = new Uint8Array(9);
    expect([...statesAt(model, -1, st)].every((s) => s === TX_PENDING)).toBe(true);
    expect([...statesAt(model, model.makespan, st)].every((s) => s === TX_COMMITTED)).toBe(true);
    expect(model.makespan).toBe(r.metrics.makespan);
  });
  it('draws an arrow for every abort caused by a transaction', () => {
    let aborts = 0;
    for (let e = 0; e < r.log.count; e++)
      if (r.log.kind[e] === 2 && r.log.causeTx[e] >= 0) aborts++;
    expect(model.arrowTo.length).toBe(aborts);
  });
  it('narrates the block', () => {
    const s = narrate(
      model,
      (t) => `tx${t + 1}`,
      (c) => r.log.cells[c],
      0,
    );
    expect(s.join(' ')).toContain('starts executing tx1');
    expect(
      narrate(
        model,
        (t) => `tx${t + 1}`,
        (c) => r.log.cells[c],
        model.makespan,
      ).join(' '),
    ).toContain('done');
  });
  it('exports CSV, JSON and SVG that parse', () => {
    const csv = metricsCsv([r.metrics]).trim().split('\n');
    expect(csv).toHaveLength(2);
    const run = {
      params: { variant: 'block-stm' as const, cores: 5, costModel: cm, seed: 1 },
      log: r.log,
      metrics: r.metrics,
      cellNames: r.log.cells,
      graph: {} as never,
      graphBound: 1,
      wallMs: 0,
    };
    const svg = timelineSvg(run, 'light');
    expect((svg.match(/<rect /g) ?? []).length).toBe(r.log.count + 1);
    expect(() =>
      JSON.parse(
        runToJson(
          {
            ...run,
            graph: {
              columns: 0,
              level: new Int32Array(),
              edgeFrom: new Int32Array(),
              edgeTo: new Int32Array(),
              edgeCell: new Int32Array(),
              edgeCellKeys: [],
              edgeCellNames: [],
              edgeCellCount: [],
              criticalPath: new Int32Array(),
              criticalLength: 0,
              totalCost: 0,
              cost: new Float64Array(),
              hotspots: [],
              n: 0,
            },
          },
          null,
        ),
      ),
    ).not.toThrow();
  });
});

/** The seed's Figure 1 block loaded and simulated on 2 cores: the `sim` a real run goes beside. */
async function simulateFigure1() {
  expect(await useBlock.getState().loadPreset('seed-figure1')).toBe(true);
  const cm = presetInfo('seed-figure1')!.costModel;
  expect(
    await useRun.getState().run({ variant: 'block-stm', cores: 2, costModel: cm, seed: 1 }),
  ).toBe(true);
  return useRun.getState().current!;
}

describe('real-run store (real workers mode)', () => {
  it('runs k workers then a 1-worker baseline, and maps the real log onto the simulation’s names', async () => {
    const { useRealRun, setRealRunner } = await import('@/lib/stores/real-run');
    const sim = await simulateFigure1();
    const calls: { workers: number; check?: boolean; variant?: string }[] = [];
    setRealRunner(async (_desc, opts, onProgress) => {
      calls.push({ workers: opts.workers, check: opts.check, variant: opts.variant });
      onProgress?.({ phase: 'running', executionIdx: 3, txCount: sim.graph.n });
      // A stand-in for the threads: the simulator's own log, reported as if measured.
      const wallMs = opts.workers === 1 ? 40 : 25;
      return {
        workers: opts.workers,
        txCount: sim.graph.n,
        log: sim.log,
        metrics: sim.metrics,
        wallMs,
        stateHash: 'abc',
        sequentialStateHash: opts.check ? 'abc' : undefined,
        ok: opts.check ? true : undefined,
        finalState: new Map(),
        setupMs: 5,
        warmupPasses: 1,
        executions: sim.metrics.executions,
        validations: sim.metrics.validations,
        aborts: sim.metrics.aborts.total,
      };
    });
    try {
      expect(await useRealRun.getState().run({ kind: 'preset', id: 'seed-figure1' }, 2, sim)).toBe(
        true,
      );
      // the simulation's variant is Block-STM: so are both real runs
      expect(calls).toEqual([
        { workers: 2, check: true, variant: 'block-stm' },
        { workers: 1, check: false, variant: 'block-stm' },
      ]);
      const r = useRealRun.getState().result!;
      expect(useRealRun.getState().phase).toBe('done');
      if (r.kind !== 'parallel') throw new Error(`a parallel run, not ${r.kind}`);
      expect(r.wallMs).toBe(25);
      expect(r.wall1Ms).toBe(40);
      expect(r.ok).toBe(true);
      expect(r.warmupPasses).toBe(1);
      expect(r.payload.cellNames).toEqual(sim.cellNames);
      expect(r.payload.params.cores).toBe(2);

      setRealRunner(async () => {
        throw new Error('worker 1 failed on tx 4: boom');
      });
      expect(await useRealRun.getState().run({ kind: 'preset', id: 'seed-figure1' }, 2, sim)).toBe(
        false,
      );
      expect(useRealRun.getState().phase).toBe('error');
      expect(useRealRun.getState().error).toContain('tx 4');
      expect(useRealRun.getState().result).toBeNull();
    } finally {
      setRealRunner(null);
      useRealRun.getState().clear();
    }
  });
});

describe('real-run store: an imported block', () => {
  it('is copied from the engine worker once per loaded block, not at every Run', async () => {
    const { useRealRun, setRealRunner } = await import('@/lib/stores/real-run');
    const sim = await simulateFigure1();
    const text = readFileSync(
      resolve(__dirname, '../../fixtures/blocks/rpc-traces-initial-reads.json'),
      'utf8',
    );
    let asked = 0;
    setTransport((id, req) => {
      if (req.type === 'parallelBlock') asked++;
      void engine(id, req);
    });
    const kinds: string[] = [];
    setRealRunner(async (desc) => {
      kinds.push(desc.kind);
      throw new Error('stand-in: no threads here');
    });
    try {
      expect(await useBlock.getState().importJson(text)).toBe(true);
      await useRealRun.getState().run('imported', 2, sim);
      await useRealRun.getState().run('imported', 2, sim);
      expect(asked).toBe(1);
      expect(kinds).toEqual(['replay', 'replay']);
      // another block (the same file again is a new load): asked again
      expect(await useBlock.getState().importJson(text)).toBe(true);
      await useRealRun.getState().run('imported', 2, sim);
      expect(asked).toBe(2);
    } finally {
      setTransport((id, req) => void engine(id, req));
      setRealRunner(null);
      useRealRun.getState().clear();
    }
  });

  it('is fetched inside the run: a clear() while it is on its way starts nothing', async () => {
    const { useRealRun, setRealRunner } = await import('@/lib/stores/real-run');
    const sim = await simulateFigure1();
    let started = 0;
    setRealRunner(async () => {
      started++;
      throw new Error('must not start');
    });
    try {
      const pending = useRealRun.getState().run('imported', 2, sim);
      useRealRun.getState().clear(); // the user switched blocks before the engine answered
      expect(await pending).toBe(false);
      expect(started).toBe(0);
      expect(useRealRun.getState().phase).toBe('idle');
      // a preset is loaded, not an imported block: a clear error, no run
      expect(await useRealRun.getState().run('imported', 2, sim)).toBe(false);
      expect(started).toBe(0);
      expect(useRealRun.getState().phase).toBe('error');
      expect(useRealRun.getState().error).toMatch(/no imported block is loaded/);
    } finally {
      setRealRunner(null);
      useRealRun.getState().clear();
    }
  });
});

describe('real-run store without shared memory (single-worker fallback)', () => {
  it('times the loaded block in order on the engine worker and reports its final-state hash', async () => {
    const { useRealRun } = await import('@/lib/stores/real-run');
    expect(await useBlock.getState().loadPreset('seed-figure1')).toBe(true);
    expect(await useRealRun.getState().runSingle()).toBe(true);
    const a = useRealRun.getState().result!;
    expect(useRealRun.getState().phase).toBe('done');
    expect(a.kind).toBe('single');
    expect(a.workers).toBe(1);
    expect('payload' in a).toBe(false);
    expect(a.wallMs).toBeGreaterThanOrEqual(0);
    expect(a.stateHash).toMatch(/^[0-9a-f]+$/);
    // the same block gives the same final state; another block another one
    expect(await useRealRun.getState().runSingle()).toBe(true);
    expect(useRealRun.getState().result!.stateHash).toBe(a.stateHash);
    expect(await useBlock.getState().loadPreset('seed-abc')).toBe(true);
    expect(await useRealRun.getState().runSingle()).toBe(true);
    expect(useRealRun.getState().result!.stateHash).not.toBe(a.stateHash);
    useRealRun.getState().clear();
  });
});

interface EventTree {
  events: unknown[];
  inner: EventTree[];
}
function transferEvents(c: EventTree): number {
  return c.events.length + c.inner.reduce((a, i) => a + transferEvents(i), 0);
}

describe('txDetail request (Cairo inspector)', () => {
  it('describes a signed ERC20 transfer on the Cairo VM: validate/execute/fee calls, steps, events, CASM with hints', async () => {
    const { request } = await import('@/lib/engine-worker/client');
    expect(await useBlock.getState().loadPreset('erc20-cairo')).toBe(true);
    const r = await request({ type: 'txDetail', tx: 0 });
    expect('detail' in r).toBe(true);
    if (!('detail' in r)) return;
    const d = r.detail;
    expect(d.kind).toBe('invoke');
    expect(d.phases.map((p) => p.phase).slice(0, 2)).toEqual(['validate', 'execute']);
    const [validate, execute] = d.phases.map((p) => p.call);
    expect(validate.selectorName).toBe('__validate__');
    expect(execute.selectorName).toBe('__execute__');
    expect(d.steps).toBeGreaterThan(0);
    expect(d.steps).toBeGreaterThanOrEqual(validate.steps + execute.steps);
    expect(transferEvents(execute)).toBeGreaterThan(0);
    const transfer = execute.inner[0];
    expect(transfer.selectorName).toBe('transfer');
    expect(transfer.failed).toBe(false);
    expect(transfer.builtins.pedersen).toBeGreaterThan(0);
    // the entry point's code starts at its offset and the SystemCall hints are attached to pcs
    expect(transfer.code!.lines[0].pc).toBe(transfer.code!.entryPc);
    expect(transfer.code!.lines.some((l) => l.hints.includes('SystemCall'))).toBe(true);
    // the instructions it ran: every step counted once, the entry instruction first
    const ran = transfer.ran!;
    expect(ran.truncated).toBe(false);
    expect(ran.lines.reduce((a, l) => a + l.hits, 0)).toBe(transfer.steps);
    expect(ran.lines.some((l) => l.pc === transfer.code!.entryPc)).toBe(true);
    expect(ran.lines.every((l, i) => i === 0 || l.pc > ran.lines[i - 1].pc)).toBe(true);
    expect(await request({ type: 'txDetail', tx: 10_000 }).catch((e: Error) => e.message)).toMatch(
      /no transaction 10000/,
    );
  });

  it('says why there is no VM detail for a synthetic preset', async () => {
    const { request } = await import('@/lib/engine-worker/client');
    expect(await useBlock.getState().loadPreset('p2p')).toBe(true);
    const r = await request({ type: 'txDetail', tx: 0 });
    expect('none' in r && r.none).toMatch(/synthetic executor/);
  });
});

describe('real workers run the variants that exist on threads', () => {
  it('blockifier runs as itself; every other variant as Block-STM', async () => {
    const { realVariant } = await import('@/lib/stores/real-run');
    expect(realVariant('blockifier')).toBe('blockifier');
    for (const v of ['block-stm', 'naive', 'selective', 'commit-as-you-go', 'oracle'])
      expect(realVariant(v)).toBe('block-stm');
  });
});
