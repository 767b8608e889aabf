'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import { statesCursor, TX_STATE_NAMES, type LogModel } from '@/lib/timeline-model';
import { usePlayback } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { palette, useTheme } from '@/lib/stores/theme';
import { useBlock } from '@/lib/stores/block';
import { cellLabel, shortTxLabel } from '@/lib/format';
import { prepareCanvas, useElementSize } from './useCanvas';
import { columnRadius, columnShowsNodes, layoutGraph, type GraphLayout } from '@/lib/graph-layout';
import { searchTransactions } from '@/lib/graph-search';
import {
  columnMembers,
  drawNodes,
  drawStatic,
  groupEdges,
  repaintChanged,
  type Highlight,
  type Scene,
} from './graph-draw';

export const EDGE_COLORS = d3.schemeTableau10;
const MAX_ZOOM = 400;
const EMPTY = new Set<number>();

/** The zoom that fits the whole graph in the view. */
function fitTransform(layout: GraphLayout, width: number, height: number): d3.ZoomTransform {
  const k = Math.min(2, (width - 20) / layout.width, (height - 30) / layout.height);
  return d3.zoomIdentity
    .translate((width - layout.width * k) / 2, 8 + (height - layout.height * k) / 2)
    .scale(k);
}

/** The zoom that centres transaction `i`, close enough for its column to show nodes. */
function focusTransform(
  layout: GraphLayout,
  level: Int32Array,
  i: number,
  z: d3.ZoomTransform,
  width: number,
  height: number,
): d3.ZoomTransform {
  const need = (4.5 / Math.max(1e-6, layout.colSpacing[level[i]])) * 1.5;
  const k = Math.min(MAX_ZOOM, Math.max(z.k, need, 1));
  return d3.zoomIdentity
    .translate(width / 2 - layout.x[i] * k, height / 2 - layout.y[i] * k)
    .scale(k);
}

/** The transaction (or density-bar column) under a click, in screen coordinates. */
function hitTest(
  s: Scene,
  z: d3.ZoomTransform,
  px: number,
  py: number,
): { tx: number } | { column: number } | null {
  const { layout, g } = s;
  let best = -1;
  let bd = Infinity;
  for (let i = 0; i < g.n; i++) {
    const c = g.level[i];
    if (!columnShowsNodes(layout, c, z.k)) continue;
    const rr = Math.max(6, columnRadius(layout, c, z.k) + 3);
    const dx = z.applyX(layout.x[i]) - px;
    const dy = z.applyY(layout.y[i]) - py;
    const d = dx * dx + dy * dy;
    if (d <= rr * rr && d < bd) {
      bd = d;
      best = i;
    }
  }
  if (best >= 0) return { tx: best };
  const c = Math.floor(z.invertX(px) / layout.colW);
  if (c < 0 || c >= s.members.length || columnShowsNodes(layout, c, z.k)) return null;
  const half = Math.max(4, Math.min(18, layout.colW * z.k * 0.4)) / 2 + 3;
  const cx = z.applyX(c * layout.colW + layout.colW / 2);
  const inY = py >= z.applyY(layout.colTop[c]) - 4 && py <= z.applyY(layout.colBottom[c]) + 4;
  return Math.abs(px - cx) <= half && inY ? { column: c } : null;
}

function edgeAt(s: Scene, z: d3.ZoomTransform, px: number, py: number): number {
  const { g, layout } = s;
  let be = -1;
  let bed = 5;
  for (let i = 0; i < g.edgeFrom.length && i < 20000; i++) {
    const d = segDist(
      px,
      py,
      z.applyX(layout.x[g.edgeFrom[i]]),
      z.applyY(layout.y[g.edgeFrom[i]]),
      z.applyX(layout.x[g.edgeTo[i]]),
      z.applyY(layout.y[g.edgeTo[i]]),
    );
    if (d < bed) {
      bed = d;
      be = i;
    }
  }
  return be;
}

export function DependencyGraph({ run, model }: { run: RunPayload; model: LogModel }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const staticRef = useRef<HTMLCanvasElement | null>(null);
  const zoomRef = useRef<d3.ZoomTransform | null>(null);
  const zoomBehavior = useRef<d3.ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const { width, height } = useElementSize(wrapRef);
  const theme = useTheme((s) => s.theme);
  const selTx = useSelection((s) => s.tx);
  const selCell = useSelection((s) => s.cell);
  const summary = useBlock((s) => s.summary);
  // search matches, kept with the graph they were found in (a new run forgets them)
  const [found, setFound] = useState<{ g: RunPayload['graph']; txs: number[] } | null>(null);
  const p = useMemo(() => palette(theme), [theme]);
  const g = run.graph;
  const matches = useMemo(() => (found?.g === g ? found.txs : []), [found, g]);
  // Everything derived from the graph alone is computed once per graph, off the draw path.
  // the view's aspect, in steps of 0.05, so that resizing by a few pixels keeps the layout
  const aspect = width > 0 ? Math.round((20 * (height - 30)) / width) / 20 : 0;
  const layout = useMemo(() => layoutGraph(g.level, g.columns, g.n, aspect), [g, aspect]);
  const members = useMemo(() => columnMembers(g), [g]);
  const cellColor = useMemo(() => {
    const top = new Map<string, string>();
    g.hotspots.slice(0, EDGE_COLORS.length).forEach((h, i) => top.set(h.cell, EDGE_COLORS[i]));
    return g.edgeCellKeys.map((k) => top.get(k) ?? p.muted);
  }, [g, p]);
  const edgeGroups = useMemo(() => groupEdges(g, cellColor), [g, cellColor]);
  const onCritical = useMemo(() => {
    const s = new Uint8Array(g.n);
    for (const i of g.criticalPath) s[i] = 1;
    return s;
  }, [g]);
  const scene = useMemo<Scene | null>(
    () =>
      width && height
        ? {
            g,
            layout,
            members,
            edgeGroups,
            criticalPath: g.criticalPath,
            onCritical,
            p,
            width,
            height,
          }
        : null,
    [g, layout, members, edgeGroups, onCritical, p, width, height],
  );
  const highlight = useMemo<Highlight>(() => {
    const hot = selCell ? g.hotspots.find((h) => h.cell === selCell) : undefined;
    return {
      tx: selTx,
      matches: matches.length ? new Set(matches) : EMPTY,
      cellIdx: selCell ? g.edgeCellKeys.indexOf(selCell) : -1,
      readers: hot ? new Set(hot.readers) : EMPTY,
      writers: hot ? new Set(hot.writers) : EMPTY,
    };
  }, [g, selTx, selCell, matches]);

  // New graph: fit it again.
  useEffect(() => {
    zoomRef.current = null;
  }, [layout]);

  const drawRef = useRef<(full: boolean) => void>(() => {});
  /** The scene the zoom behaviour was bound for (binding it draws the first frame). */
  const boundScene = useRef<Scene | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scene) return;
    if (!staticRef.current) staticRef.current = document.createElement('canvas');
    const stat = staticRef.current;
    const statesAt = statesCursor(model);
    zoomRef.current ??= fitTransform(layout, width, height);
    const label = (i: number) => shortTxLabel(summary, i);
    // the states the canvas shows (null: repaint everything next time)
    let shown: Uint8Array | null = null;
    drawRef.current = (full) => {
      const z = zoomRef.current!;
      if (full) {
        const sctx = prepareCanvas(stat, width, height);
        if (sctx) drawStatic(sctx, scene, z, highlight);
        shown = null;
      }
      const ctx = prepareCanvas(canvas, width, height);
      if (!ctx) return;
      const states = statesAt(usePlayback.getState().time);
      if (shown && repaintChanged(ctx, scene, z, states, shown, highlight, label)) {
        shown.set(states);
        return;
      }
      ctx.drawImage(stat, 0, 0, width, height);
      const bars = drawNodes(ctx, scene, z, states, highlight, label);
      shown = Uint8Array.from(states);
      canvas.dataset.zoom = z.k.toFixed(3);
      canvas.dataset.bars = String(bars);
    };
    // A new scene is drawn once, by the zoom effect below when it binds; a new highlight or
    // model for the same scene is drawn here.
    if (boundScene.current === scene) drawRef.current(true);
    const unsub = usePlayback.subscribe((s, prev) => {
      if (s.time !== prev.time) drawRef.current(false);
    });
    return unsub;
  }, [scene, highlight, model, summary, g, layout, width, height]);

  // Zoom and pan (d3-zoom computes the transform; the canvas redraws) and clicks.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scene) return;
    const sel = d3.select(canvas);
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, MAX_ZOOM])
      .on('zoom', (ev: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        zoomRef.current = ev.transform;
        drawRef.current(true);
      });
    zoomBehavior.current = zoom;
    boundScene.current = scene;
    sel.call(zoom).call(zoom.transform, zoomRef.current ?? fitTransform(layout, width, height));
    sel.on('dblclick.zoom', null);
    let down: [number, number] = [0, 0];
    const onDown = (ev: PointerEvent) => (down = [ev.offsetX, ev.offsetY]);
    const onUp = (ev: PointerEvent) => {
      if (Math.abs(ev.offsetX - down[0]) > 3 || Math.abs(ev.offsetY - down[1]) > 3) return;
      const z = zoomRef.current!;
      const hit = hitTest(scene, z, ev.offsetX, ev.offsetY);
      if (hit && 'tx' in hit) return useSelection.getState().selectTx(hit.tx);
      if (hit) {
        // a density bar: zoom in until its transactions show as nodes
        const mid = members[hit.column][members[hit.column].length >> 1];
        const t = focusTransform(layout, g.level, mid, z, width, height);
        return void sel.transition().duration(250).call(zoom.transform, t);
      }
      const e = edgeAt(scene, z, ev.offsetX, ev.offsetY);
      if (e >= 0) useSelection.getState().selectCell(g.edgeCellKeys[g.edgeCell[e]]);
      else useSelection.getState().clear();
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      sel.on('.zoom', null);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [scene, g, layout, members, width, height]);

  const zoomTo = useCallback(
    (t: d3.ZoomTransform | 'fit' | number) => {
      const canvas = canvasRef.current;
      const zoom = zoomBehavior.current;
      if (!canvas || !zoom || !width) return;
      const sel = d3.select(canvas).transition().duration(250);
      if (t === 'fit') sel.call(zoom.transform, fitTransform(layout, width, height));
      else if (typeof t === 'number') sel.call(zoom.scaleBy, t, [width / 2, height / 2]);
      else sel.call(zoom.transform, t);
    },
    [layout, width, height],
  );

  const onSearch = useCallback(
    (query: string, next: boolean) => {
      const txs = searchTransactions(query, summary, g.n);
      setFound({ g, txs });
      if (!txs.length) return;
      const cur = useSelection.getState().tx;
      const at = next && cur !== null ? txs.findIndex((i) => i > cur) : 0;
      const tx = txs[at < 0 ? 0 : at];
      useSelection.getState().selectTx(tx);
      const z = zoomRef.current ?? fitTransform(layout, width, height);
      zoomTo(focusTransform(layout, g.level, tx, z, width, height));
    },
    [summary, g, layout, width, height, zoomTo],
  );

  return (
    <div className="flex h-full min-h-0 flex-col gap-1">
      <GraphToolbar onSearch={onSearch} matches={matches.length} zoomTo={zoomTo} />
      <div ref={wrapRef} className="relative min-h-[90px] flex-1 overflow-hidden rounded">
        <canvas
          ref={canvasRef}
          data-testid="graph-canvas"
          data-matches={matches.length}
          role="img"
          aria-label={`Dependency graph: ${g.n} transactions in ${g.columns} columns, ${g.edgeFrom.length} edges; critical path ${g.criticalPath.length} transactions. Scroll to zoom, drag to pan; click a node, an edge or a dense column.`}
          className="absolute inset-0 cursor-pointer touch-none"
        />
      </div>
      <GraphLegend run={run} colors={cellColor} />
    </div>
  );
}

function GraphToolbar({
  onSearch,
  matches,
  zoomTo,
}: {
  onSearch: (q: string, next: boolean) => void;
  matches: number;
  zoomTo: (t: 'fit' | number) => void;
}) {
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const btn =
    'rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';
  return (
    <form
      className="flex flex-none items-center gap-1 text-xs"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(q, q === searched);
        setSearched(q);
      }}
    >
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="graph-search"
        aria-label="Find a transaction by index, hash, sender or contract"
        placeholder="Find tx: index, hash, sender, contract"
        className="w-56 rounded border border-slate-300 bg-transparent px-1.5 py-0.5 dark:border-slate-700"
      />
      <button type="submit" className={btn}>
        Find
      </button>
      {searched && (
        <span
          data-testid="graph-search-result"
          className="text-slate-600 dark:text-slate-300"
          aria-live="polite"
        >
          {matches === 0 ? 'no match' : `${matches} match${matches > 1 ? 'es' : ''}`}
          {matches > 1 ? ' (Enter: next)' : ''}
        </span>
      )}
      <span className="ml-auto flex gap-1">
        <button type="button" className={btn} onClick={() => zoomTo(1.6)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={btn} onClick={() => zoomTo(1 / 1.6)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className={btn} onClick={() => zoomTo('fit')} data-testid="graph-fit">
          Fit
        </button>
      </span>
    </form>
  );
}

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l = dx * dx + dy * dy;
  const t = l === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function GraphLegend({ run, colors }: { run: RunPayload; colors: string[] }) {
  const theme = useTheme((s) => s.theme);
  const p = palette(theme);
  const selectCell = useSelection((s) => s.selectCell);
  const selCell = useSelection((s) => s.cell);
  const g = run.graph;
  const hot = selCell ? g.hotspots.find((h) => h.cell === selCell) : undefined;
  return (
    <div className="flex max-h-12 flex-wrap items-center gap-x-3 gap-y-0.5 overflow-auto text-[11px] text-slate-600 dark:text-slate-300">
      {TX_STATE_NAMES.map((s, i) => (
        <span key={s} className="inline-flex items-center gap-1">
          <span
            className="inline-block h-2.5 w-2.5 rounded-full"
            style={{ background: p.states[i] }}
          />
          {s}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <span className="inline-block h-0.5 w-4" style={{ background: p.critical }} /> critical path
      </span>
      {hot && (
        <span data-testid="graph-cell-accessors" className="inline-flex items-center gap-1">
          <span
            className="inline-block h-2.5 w-2.5 rounded-full border-2"
            style={{ borderColor: p.execute }}
          />
          {hot.readers.length} readers
          <span
            className="inline-block h-2.5 w-2.5 rounded-full border-2"
            style={{ borderColor: p.abort }}
          />
          {hot.writers.length} writers
        </span>
      )}
      {g.hotspots.slice(0, 4).map((h) => {
        const idx = g.edgeCellKeys.indexOf(h.cell);
        return (
          <button
            key={h.cell}
            type="button"
            data-testid="graph-cell"
            aria-pressed={selCell === h.cell}
            onClick={() => selectCell(selCell === h.cell ? null : h.cell)}
            className="inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100 aria-pressed:bg-slate-200 dark:hover:bg-slate-800 dark:aria-pressed:bg-slate-700"
            title={`${h.cell}: ${h.edges} dependency edges, ${h.readers.length} readers, ${h.writers.length} writers. Click to highlight them.`}
          >
            <span
              className="inline-block h-0.5 w-4"
              style={{ background: colors[idx] ?? p.muted }}
            />
            {cellLabel(h.cell, h.name)} ({h.edges})
          </button>
        );
      })}
    </div>
  );
}
