'use client';

import { useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import { statesAt, TX_STATE_NAMES, type LogModel } from '@/lib/timeline-model';
import { usePlayback } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { palette, useTheme } from '@/lib/stores/theme';
import { useBlock } from '@/lib/stores/block';
import { cellLabel, shortTxLabel } from '@/lib/format';
import { prepareCanvas, useElementSize } from './useCanvas';
import { layoutGraph } from '@/lib/graph-layout';

export const EDGE_COLORS = d3.schemeTableau10;

export function DependencyGraph({ run, model }: { run: RunPayload; model: LogModel }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const staticRef = useRef<HTMLCanvasElement | null>(null);
  const zoomRef = useRef<d3.ZoomTransform | null>(null);
  const { width, height } = useElementSize(wrapRef);
  const theme = useTheme((s) => s.theme);
  const selTx = useSelection((s) => s.tx);
  const selCell = useSelection((s) => s.cell);
  const summary = useBlock((s) => s.summary);
  const p = useMemo(() => palette(theme), [theme]);
  const g = run.graph;
  const layout = useMemo(() => layoutGraph(g.level, g.columns, g.n), [g]);
  const cellColor = useMemo(() => {
    const top = new Map<string, string>();
    g.hotspots.slice(0, EDGE_COLORS.length).forEach((h, i) => top.set(h.cell, EDGE_COLORS[i]));
    return g.edgeCellKeys.map((k) => top.get(k) ?? p.muted);
  }, [g, p]);
  const critical = useMemo(() => {
    const s = new Set<number>();
    for (let i = 0; i + 1 < g.criticalPath.length; i++)
      s.add(g.criticalPath[i] * 1e6 + g.criticalPath[i + 1]);
    return s;
  }, [g]);
  const onCritical = useMemo(() => new Set(g.criticalPath), [g]);

  useEffect(() => {
    zoomRef.current = null;
  }, [layout]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0 || height === 0) return;
    if (!staticRef.current) staticRef.current = document.createElement('canvas');
    const stat = staticRef.current;
    const states = new Uint8Array(g.n);
    if (!zoomRef.current) {
      const k = Math.min(2, (width - 20) / layout.width, (height - 20) / layout.height);
      zoomRef.current = d3.zoomIdentity
        .translate((width - layout.width * k) / 2, (height - layout.height * k) / 2)
        .scale(k);
    }
    const selCellIdx = selCell ? g.edgeCellKeys.indexOf(selCell) : -2;

    const renderStatic = () => {
      const ctx = prepareCanvas(stat, width, height);
      if (!ctx) return;
      const z = zoomRef.current!;
      ctx.fillStyle = p.bg;
      ctx.fillRect(0, 0, width, height);
      const m = g.edgeFrom.length;
      const alpha = m > 5000 ? 0.25 : m > 500 ? 0.5 : 0.85;
      ctx.lineWidth = g.n <= 40 ? 2 : 1;
      for (let i = 0; i < m; i++) {
        const a = g.edgeFrom[i];
        const b = g.edgeTo[i];
        const focus =
          (selTx === null || a === selTx || b === selTx) &&
          (selCellIdx === -2 || g.edgeCell[i] === selCellIdx);
        ctx.globalAlpha = focus ? (selTx !== null || selCellIdx !== -2 ? 1 : alpha) : 0.08;
        ctx.strokeStyle = cellColor[g.edgeCell[i]];
        ctx.beginPath();
        ctx.moveTo(z.applyX(layout.x[a]), z.applyY(layout.y[a]));
        ctx.lineTo(z.applyX(layout.x[b]), z.applyY(layout.y[b]));
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      // critical path on top
      ctx.strokeStyle = p.critical;
      ctx.lineWidth = g.n <= 40 ? 4 : 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      for (let i = 0; i + 1 < g.criticalPath.length; i++) {
        const a = g.criticalPath[i];
        const b = g.criticalPath[i + 1];
        if (!critical.has(a * 1e6 + b)) continue;
        ctx.moveTo(z.applyX(layout.x[a]), z.applyY(layout.y[a]));
        ctx.lineTo(z.applyX(layout.x[b]), z.applyY(layout.y[b]));
      }
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
      // column headers
      ctx.fillStyle = p.muted;
      ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
      ctx.textAlign = 'center';
      const colW = layout.width / Math.max(1, g.columns);
      if (colW * z.k > 44)
        for (let c = 0; c < g.columns; c++)
          ctx.fillText(`col ${c + 1}`, z.applyX(c * colW + colW / 2), 12);
      ctx.textAlign = 'left';
    };

    const draw = () => {
      const ctx = prepareCanvas(canvas, width, height);
      if (!ctx) return;
      ctx.drawImage(stat, 0, 0, width, height);
      const z = zoomRef.current!;
      statesAt(model, usePlayback.getState().time, states);
      const r = Math.max(1.5, layout.r * Math.min(1.5, Math.max(0.35, z.k)));
      const big = g.n > 1500;
      for (let s = 0; s < TX_STATE_NAMES.length; s++) {
        ctx.fillStyle = p.states[s];
        ctx.beginPath();
        for (let i = 0; i < g.n; i++) {
          if (states[i] !== s) continue;
          const cx = z.applyX(layout.x[i]);
          const cy = z.applyY(layout.y[i]);
          if (cx < -r || cx > width + r || cy < -r || cy > height + r) continue;
          if (big) ctx.rect(cx - r, cy - r, 2 * r, 2 * r);
          else {
            ctx.moveTo(cx + r, cy);
            ctx.arc(cx, cy, r, 0, Math.PI * 2);
          }
        }
        ctx.fill();
      }
      if (!big) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = p.critical;
        ctx.beginPath();
        for (const i of onCritical) {
          const cx = z.applyX(layout.x[i]);
          const cy = z.applyY(layout.y[i]);
          ctx.moveTo(cx + r + 1.5, cy);
          ctx.arc(cx, cy, r + 1.5, 0, Math.PI * 2);
        }
        ctx.stroke();
      }
      if (selTx !== null && selTx < g.n) {
        ctx.strokeStyle = p.select;
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.arc(z.applyX(layout.x[selTx]), z.applyY(layout.y[selTx]), r + 4, 0, Math.PI * 2);
        ctx.stroke();
      }
      ctx.lineWidth = 1;
      if (r >= 9) {
        ctx.fillStyle = '#fff';
        ctx.font = `${Math.min(13, r)}px ui-sans-serif, system-ui, sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (let i = 0; i < g.n; i++) {
          const cx = z.applyX(layout.x[i]);
          const cy = z.applyY(layout.y[i]);
          if (cx < -r || cx > width + r || cy < -r || cy > height + r) continue;
          ctx.fillText(shortTxLabel(summary, i), cx, cy);
        }
        ctx.textAlign = 'left';
      }
    };

    renderStatic();
    draw();
    const sel = d3.select(canvas);
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, 40])
      .on('zoom', (ev: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        zoomRef.current = ev.transform;
        renderStatic();
        draw();
      });
    sel.call(zoom).call(zoom.transform, zoomRef.current);
    sel.on('dblclick.zoom', null);

    let down: [number, number] = [0, 0];
    const onDown = (ev: PointerEvent) => (down = [ev.offsetX, ev.offsetY]);
    const onUp = (ev: PointerEvent) => {
      if (Math.abs(ev.offsetX - down[0]) > 3 || Math.abs(ev.offsetY - down[1]) > 3) return;
      const z = zoomRef.current!;
      const rr = Math.max(6, layout.r * z.k + 3);
      let best = -1;
      let bd = rr * rr;
      for (let i = 0; i < g.n; i++) {
        const dx = z.applyX(layout.x[i]) - ev.offsetX;
        const dy = z.applyY(layout.y[i]) - ev.offsetY;
        const d = dx * dx + dy * dy;
        if (d <= bd) {
          bd = d;
          best = i;
        }
      }
      if (best >= 0) return useSelection.getState().selectTx(best);
      // an edge → its cell
      let be = -1;
      let bed = 5;
      for (let i = 0; i < g.edgeFrom.length && i < 20000; i++) {
        const ax = z.applyX(layout.x[g.edgeFrom[i]]);
        const ay = z.applyY(layout.y[g.edgeFrom[i]]);
        const bx = z.applyX(layout.x[g.edgeTo[i]]);
        const by = z.applyY(layout.y[g.edgeTo[i]]);
        const d = segDist(ev.offsetX, ev.offsetY, ax, ay, bx, by);
        if (d < bed) {
          bed = d;
          be = i;
        }
      }
      if (be >= 0) useSelection.getState().selectCell(g.edgeCellKeys[g.edgeCell[be]]);
      else useSelection.getState().clear();
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    const unsub = usePlayback.subscribe((s, prev) => {
      if (s.time !== prev.time) draw();
    });
    return () => {
      unsub();
      sel.on('.zoom', null);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [
    width,
    height,
    p,
    g,
    layout,
    model,
    cellColor,
    critical,
    onCritical,
    selTx,
    selCell,
    summary,
  ]);

  return (
    <div className="flex h-full min-h-0 flex-col gap-2">
      <div ref={wrapRef} className="relative min-h-[140px] flex-1 overflow-hidden rounded">
        <canvas
          ref={canvasRef}
          data-testid="graph-canvas"
          role="img"
          aria-label={`Dependency graph: ${g.n} transactions in ${g.columns} columns, ${g.edgeFrom.length} edges; critical path ${g.criticalPath.length} transactions. Click a node or an edge.`}
          className="absolute inset-0 cursor-pointer touch-none"
        />
      </div>
      <GraphLegend run={run} colors={cellColor} />
    </div>
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
  const g = run.graph;
  return (
    <div className="flex max-h-10 flex-wrap items-center gap-x-3 gap-y-0.5 overflow-auto text-[11px] text-slate-600 dark:text-slate-300">
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
      {g.hotspots.slice(0, 4).map((h) => {
        const idx = g.edgeCellKeys.indexOf(h.cell);
        return (
          <button
            key={h.cell}
            type="button"
            data-testid="graph-cell"
            onClick={() => selectCell(h.cell)}
            className="inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100 dark:hover:bg-slate-800"
            title={`${h.cell}: ${h.edges} dependency edges. Click to see its readers and writers.`}
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
