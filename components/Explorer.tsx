'use client';

import {
  capacityFromText,
  capacityText,
  linkCapacity,
  openingCapacity,
  useBlockCapacity,
} from '@/lib/stores/block-capacity';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Header } from './Header';
import { Panel } from './Panel';
import { BlockSource } from './BlockSource';
import { RunControls } from './RunControls';
import { PlaybackBar } from './PlaybackBar';
import { Timeline } from './Timeline';
import { DependencyGraph } from './DependencyGraph';
import { Stats } from './Stats';
import { Inspector } from './Inspector';
import { Teaching } from './Teaching';
import { ExportMenu } from './ExportMenu';
import { WhatIfPanel } from './WhatIfPanel';
import { useBlock } from '@/lib/stores/block';
import { useRun } from '@/lib/stores/run';
import { useRunSettings, SHORT_VARIANT_LABELS } from '@/lib/stores/run-settings';
import { eventMarks, usePlayback } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { buildLogModel } from '@/lib/timeline-model';
import { catalogParams, presetInfo, type PresetId } from '@/lib/presets';
import { useEnvironment } from '@/lib/stores/environment';
import { realVariant, useRealRun } from '@/lib/stores/real-run';
import { parallelSupport } from '@/lib/parallel';
import { RealRunResult } from './RealRunResult';
import { formatUrlState, parseUrlState } from '@/lib/url-state';
import { useLinkNotice } from '@/lib/stores/link-notice';
import { LinkNotice } from './LinkNotice';

export function Explorer() {
  const current = useRun((s) => s.current);
  const compare = useRun((s) => s.compare);
  const receivedAt = useRun((s) => s.receivedAt);
  const summary = useBlock((s) => s.summary);
  const model = useMemo(() => (current ? buildLogModel(current.log) : null), [current]);
  const modelB = useMemo(() => (compare ? buildLogModel(compare.log) : null), [compare]);
  const real = useRealRun((s) => s.result);
  const realRun = real?.kind === 'parallel' ? real : null;
  const modelR = useMemo(() => (realRun ? buildLogModel(realRun.payload.log) : null), [realRun]);
  const xMax = Math.max(model?.makespan ?? 0, modelB?.makespan ?? 0);

  const doRun = useCallback(async () => {
    const s = useRunSettings.getState();
    const blk = useBlock.getState();
    const support = useEnvironment.getState().parallel;
    // Real workers: Block-STM (or blockifier, if picked) on s.workers Web Workers, next to its
    // simulation on as many cores; the other variants do not run on real threads.
    const onWorkers = s.mode === 'workers' && !!support?.supported && blk.summary !== null;
    // No shared memory: simulate as usual, and time the block on one worker (no threads to share).
    const single = s.mode === 'workers' && !!support && !support.supported && blk.summary !== null;
    const { capacity: blockCapacity } = capacityFromText(useBlockCapacity.getState().text);
    const base = {
      costModel: s.costModel,
      seed: s.seed,
      ...(blockCapacity ? { blockCapacity } : {}),
    };
    const a = onWorkers
      ? { ...base, variant: realVariant(s.variant), cores: s.workers }
      : { ...base, variant: s.variant, cores: s.cores };
    const b = s.compare && !onWorkers ? { ...a, variant: s.variantB, cores: s.coresB } : null;
    useSelection.getState().clear();
    useRealRun.getState().clear();
    const ok = await useRun.getState().run(a, b);
    const r = useRun.getState();
    if (ok && r.current && onWorkers)
      // a preset is rebuilt in every worker; an imported block is sent to them as data
      void useRealRun.getState().run(
        blk.presetId
          ? {
              kind: 'preset',
              id: blk.presetId,
              params: catalogParams(blk.presetId, blk.presetParams),
            }
          : 'imported',
        s.workers,
        r.current,
      );
    else if (ok && r.current && single) void useRealRun.getState().runSingle();
    if (ok && r.current) {
      const m = buildLogModel(r.current.log);
      const mb = r.compare ? buildLogModel(r.compare.log) : null;
      const dur = Math.max(m.makespan, mb?.makespan ?? 0);
      usePlayback
        .getState()
        .reset(
          dur,
          eventMarks(r.current.log.start, r.current.log.end),
          !useBlock.getState().summary?.teaching,
        );
      const b0 = useBlock.getState();
      const url = formatUrlState({
        preset: b0.presetId ?? undefined,
        block: b0.galleryId ?? undefined,
        cores: s.cores,
        variant: s.variant,
        ...(b0.presetId && presetInfo(b0.presetId)?.generated
          ? { n: b0.presetParams.n, contention: b0.presetParams.contention }
          : {}),
        ...(s.compare ? { vb: s.variantB, cb: s.coresB } : {}),
        capacity: linkCapacity(
          r.current.params.blockCapacity,
          b0.presetId ? presetInfo(b0.presetId)?.catalog.blockCapacity : undefined,
        ),
      });
      // A block from a file, paste or node has no link: drop the previous block's query so the
      // address bar (and Copy link) never points at a block other than the one on screen.
      const linkable = Boolean(b0.presetId || b0.galleryId);
      window.history.replaceState(null, '', linkable ? url : window.location.pathname);
    }
  }, []);

  const onLoaded = useCallback(() => {
    const b = useBlock.getState();
    const info = b.presetId ? presetInfo(b.presetId) : null;
    const rs = useRunSettings.getState();
    if (info) {
      rs.resetCost(info.costModel);
      if (info.teaching) rs.setCores(info.defaultCores);
      const cap = info.catalog.blockCapacity;
      // a preset that tells the bouncer's story brings its capacity; leaving it drops it
      if (cap) useBlockCapacity.getState().setText(capacityText(cap));
      else if (info.teaching) useBlockCapacity.getState().setText('');
    }
    void doRun();
  }, [doRun]);

  // first load: URL state or the A/B/C example
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const support = parallelSupport();
    useEnvironment.getState().setParallel(support);
    useRunSettings.getState().setWorkers(support.defaultWorkers);
    const u = parseUrlState(window.location.search);
    useLinkNotice.getState().show(u.problems);
    const id: PresetId = u.preset ?? 'seed-abc';
    const info = presetInfo(id)!;
    const rs = useRunSettings.getState();
    rs.resetCost(info.costModel);
    rs.setCores(u.cores ?? info.defaultCores);
    if (u.variant) rs.setVariant(u.variant);
    if (u.vb) {
      rs.setCompare(true);
      rs.setVariantB(u.vb);
      rs.setCoresB(u.cb ?? rs.cores);
    }
    // the link's capacity (a bad one shown with its reason), else the preset's own
    useBlockCapacity
      .getState()
      .open(openingCapacity(u, u.block ? undefined : info.catalog.blockCapacity));
    const loadDefault = () =>
      useBlock.getState().loadPreset(id, {
        n: u.n ?? info.defaultN,
        ...(u.contention !== undefined ? { contention: u.contention } : {}),
      });
    void (async () => {
      if (u.block && (await useBlock.getState().loadGallery(u.block))) return void doRun();
      // an unknown gallery id: show the default block, and keep the reason on screen
      const galleryError = u.block ? useBlock.getState().error : null;
      const ok = await loadDefault();
      if (galleryError) useBlock.setState({ error: galleryError });
      if (ok) void doRun();
    })();
  }, [doRun]);

  // playback clock
  useEffect(() => {
    let raf = 0;
    let last = 0;
    const loop = (now: number) => {
      if (last) usePlayback.getState().tick(now - last);
      last = now;
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);

  // keyboard: space play/pause, arrows step, Home/End
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (
        t &&
        (t.tagName === 'INPUT' ||
          t.tagName === 'TEXTAREA' ||
          t.tagName === 'SELECT' ||
          t.isContentEditable)
      )
        return;
      const p = usePlayback.getState();
      if (e.key === ' ') {
        e.preventDefault();
        p.toggle();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        p.step(1);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        p.step(-1);
      } else if (e.key === 'Home') p.seek(0);
      else if (e.key === 'End') p.seek(p.duration);
      else if (e.key === 'Escape') useSelection.getState().clear();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const runLabel = (r: typeof current) =>
    r
      ? `${SHORT_VARIANT_LABELS[r.params.variant]} · ${r.log.cores} core${r.log.cores > 1 ? 's' : ''}`
      : '';

  return (
    <div className="flex h-screen flex-col">
      <Header actions={<ExportMenu />} />
      <LinkNotice />
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-2 overflow-auto p-2 lg:grid-cols-[15rem_1fr_20rem] lg:overflow-hidden">
        <div className="flex min-h-0 flex-col gap-2 lg:overflow-auto">
          <Panel id="block-source" title="Block source" className="flex-none">
            <BlockSource onLoaded={onLoaded} />
          </Panel>
          {current && model && (
            <Panel
              id="teaching"
              title={summary?.teaching ? 'Teaching mode' : 'What is happening'}
              className="flex-none"
            >
              <Teaching run={current} model={model} />
            </Panel>
          )}
        </div>
        <div className="flex min-h-[600px] flex-col gap-2 lg:min-h-0">
          <Panel id="run-controls" title="Run" className="flex-none">
            <RunControls onRun={doRun} />
            <RealRunResult />
          </Panel>
          <Panel
            id="timeline"
            title="Timeline — one lane per core"
            className={`min-h-[200px] overflow-hidden ${compare ? 'flex-[2.2]' : 'flex-[1.2]'}`}
          >
            {current && model ? (
              <div
                className="flex h-full flex-col gap-1"
                data-testid="timeline-body"
                data-received={receivedAt}
              >
                <PlaybackBar />
                <Legend />
                {realRun && modelR ? (
                  <div className="flex min-h-0 flex-1 flex-col gap-1">
                    <p className="text-xs font-semibold">
                      Simulated: Block-STM · {current.log.cores} cores (cost units)
                    </p>
                    <div className="min-h-0 flex-1">
                      <Timeline
                        run={current}
                        model={model}
                        xMax={model.makespan}
                        label="Simulated timeline"
                      />
                    </div>
                    <p className="text-xs font-semibold">
                      Real:{' '}
                      {realRun.payload.params.variant === 'blockifier' ? 'blockifier' : 'Block-STM'}{' '}
                      · {realRun.workers} Web Worker{realRun.workers > 1 ? 's' : ''} (milliseconds,
                      measured)
                    </p>
                    <div className="min-h-0 flex-1">
                      <Timeline
                        run={realRun.payload}
                        model={modelR}
                        xMax={modelR.makespan}
                        timeScale={model.makespan > 0 ? modelR.makespan / model.makespan : 1}
                        testId="timeline-canvas-real"
                        label="Real timeline (one lane per worker, milliseconds)"
                      />
                    </div>
                  </div>
                ) : compare && modelB ? (
                  <div className="flex min-h-0 flex-1 flex-col gap-1">
                    <p className="text-xs font-semibold">A: {runLabel(current)}</p>
                    <div className="min-h-0 flex-1">
                      <Timeline run={current} model={model} xMax={xMax} label="Timeline A" />
                    </div>
                    <p className="text-xs font-semibold">B: {runLabel(compare)}</p>
                    <div className="min-h-0 flex-1">
                      <Timeline
                        run={compare}
                        model={modelB}
                        xMax={xMax}
                        testId="timeline-canvas-b"
                        label="Timeline B"
                      />
                    </div>
                  </div>
                ) : (
                  <div className="min-h-0 flex-1">
                    <Timeline run={current} model={model} xMax={xMax} />
                  </div>
                )}
              </div>
            ) : (
              <p className="text-sm text-slate-500 dark:text-slate-400">
                Run a block to see its cores at work.
              </p>
            )}
          </Panel>
          <Panel
            id="graph"
            title="Dependency graph"
            className={`overflow-hidden ${compare ? 'min-h-[160px] flex-[0.8]' : 'min-h-[220px] flex-1'}`}
          >
            {current && model ? (
              <DependencyGraph run={current} model={model} />
            ) : (
              <p className="text-sm text-slate-500 dark:text-slate-400">
                Columns of transactions that can run in parallel.
              </p>
            )}
          </Panel>
        </div>
        <div className="flex min-h-0 flex-col gap-2">
          <Panel id="stats" title="Stats" className="min-h-[200px] flex-1 overflow-auto">
            <Stats />
          </Panel>
          {current && (
            <Panel id="whatif" title="What-if" className="max-h-[50vh] flex-none overflow-auto">
              <WhatIfPanel run={current} />
            </Panel>
          )}
          <Panel id="inspector" title="Inspector" className="min-h-[160px] flex-1 overflow-auto">
            {current ? (
              <Inspector run={current} />
            ) : (
              <p className="text-sm text-slate-500 dark:text-slate-400">Nothing to inspect yet.</p>
            )}
          </Panel>
        </div>
      </main>
    </div>
  );
}

function Legend() {
  const items: [string, string][] = [
    ['execute', '#3b82f6'],
    ['re-execute', '#f97316'],
    ['reused', '#93c5fd'],
    ['validate', '#10b981'],
    ['failed validation', '#f59e0b'],
    ['abort', '#ef4444'],
    ['commit', '#a855f7'],
  ];
  return (
    <div
      className="flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-slate-600 dark:text-slate-300"
      aria-label="Bar colours"
    >
      {items.map(([l, c]) => (
        <span key={l} className="inline-flex items-center gap-1">
          <span className="inline-block h-2.5 w-3 rounded-sm" style={{ background: c }} />
          {l}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <span className="relative inline-block h-2.5 w-3 rounded-sm bg-[#3b82f6]">
          <span className="absolute left-[3px] top-0 h-1 w-px bg-white" />
          <span className="absolute bottom-0 right-[3px] h-1 w-px bg-white" />
        </span>
        ticks: read (top), write (bottom)
      </span>
    </div>
  );
}
