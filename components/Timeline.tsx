'use client';

import { useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import { barColorOf } from '@/lib/export/colors';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import { eventAt, type LogModel } from '@/lib/timeline-model';
import { usePlayback } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { palette, useTheme } from '@/lib/stores/theme';
import { useBlock } from '@/lib/stores/block';
import { shortTxLabel } from '@/lib/format';
import { prepareCanvas, useElementSize } from './useCanvas';
import { AXIS, GUTTER, drawBars } from './TimelineBars';

export const barColor = barColorOf;

/**
 * One lane per core, one bar per task, drawn on canvas (a static layer re-drawn on zoom or
 * resize, plus a cheap per-frame overlay: the future dimmed, the playhead, abort arrows).
 */
export function Timeline({
  run,
  model,
  xMax,
  testId = 'timeline-canvas',
  label = 'Timeline',
  timeScale = 1,
}: {
  run: RunPayload;
  model: LogModel;
  xMax: number;
  testId?: string;
  label?: string;
  /** This log's time units per playback time unit (a real run in ms next to a simulated one). */
  timeScale?: number;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const staticRef = useRef<HTMLCanvasElement | null>(null);
  const zoomRef = useRef<d3.ZoomTransform>(d3.zoomIdentity);
  const { width, height } = useElementSize(wrapRef);
  const theme = useTheme((s) => s.theme);
  const selTx = useSelection((s) => s.tx);
  const selCell = useSelection((s) => s.cell);
  const summary = useBlock((s) => s.summary);
  const p = useMemo(() => palette(theme), [theme]);
  const log = run.log;
  const cores = log.cores;
  const end = run.metrics.blockEnd;

  const geom = useMemo(() => {
    const laneH = Math.max(2, Math.min(30, (height - AXIS - 4) / Math.max(1, cores)));
    return {
      laneH,
      x0: d3
        .scaleLinear()
        .domain([0, xMax || 1])
        .range([GUTTER, Math.max(GUTTER + 10, width - 8)]),
    };
  }, [height, width, cores, xMax]);

  const drawRef = useRef<() => void>(() => {});

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0 || height === 0) return;
    if (!staticRef.current) staticRef.current = document.createElement('canvas');
    const stat = staticRef.current;
    const { laneH, x0 } = geom;
    const selCellIdx = selCell ? log.cells.indexOf(selCell) : -1;

    const renderStatic = () => {
      const ctx = prepareCanvas(stat, width, height);
      if (!ctx) return;
      // how often the bars were drawn (for tests and profiling: playback must not redraw them)
      canvas.dataset.staticDraws = String(Number(canvas.dataset.staticDraws ?? 0) + 1);
      const x = zoomRef.current.rescaleX(x0);
      ctx.fillStyle = p.bg;
      ctx.fillRect(0, 0, width, height);
      ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      // lanes
      for (let c = 0; c < cores; c++) {
        const y = AXIS + c * laneH;
        if (c % 2 === 1) {
          ctx.fillStyle = p.grid;
          ctx.globalAlpha = 0.35;
          ctx.fillRect(GUTTER, y, width - GUTTER, laneH);
          ctx.globalAlpha = 1;
        }
        if (laneH >= 9 || c % Math.ceil(10 / laneH) === 0) {
          ctx.fillStyle = p.muted;
          ctx.fillText(`core ${c}`, 4, y + laneH / 2);
        }
      }
      // axis
      const ticks = x.ticks(Math.max(2, Math.floor(width / 110)));
      ctx.strokeStyle = p.grid;
      ctx.fillStyle = p.muted;
      ctx.textAlign = 'center';
      for (const t of ticks) {
        const xx = x(t);
        if (xx < GUTTER || xx > width) continue;
        ctx.beginPath();
        ctx.moveTo(xx, AXIS - 4);
        ctx.lineTo(xx, AXIS + cores * laneH);
        ctx.stroke();
        ctx.fillText(d3.format('~s')(t), xx, 9);
      }
      ctx.textAlign = 'left';
      // bars
      const selectedRuns = drawBars(ctx, log, x, p, {
        width,
        laneH,
        isSelected:
          selTx !== null || selCellIdx >= 0
            ? (e) =>
                (selTx !== null && log.tx[e] === selTx) ||
                (selCellIdx >= 0 && touchesCell(e, selCellIdx))
            : undefined,
        label: (e) => `${shortTxLabel(summary, log.tx[e])}·${log.incarnation[e]}`,
        excludedFrom: end?.full ? end.included : undefined,
      });
      if (end?.full && end.haltedAt !== undefined) drawHalt(ctx, x(end.haltedAt), end.included);
      if (selectedRuns.size) {
        ctx.strokeStyle = p.select;
        ctx.lineWidth = 2;
        for (const e of selectedRuns) {
          const xa = Math.max(GUTTER, x(log.start[e]));
          const w = Math.max(2, Math.min(width, x(log.end[e])) - xa);
          ctx.strokeRect(xa, AXIS + log.core[e] * laneH + 1, w, laneH - 2);
        }
        ctx.lineWidth = 1;
      }
    };

    /** The bouncer's halt: a line across the lanes where the block was closed. */
    function drawHalt(ctx: CanvasRenderingContext2D, xx: number, included: number): void {
      if (xx < GUTTER || xx > width) return;
      ctx.strokeStyle = p.abort;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(xx, AXIS - 2);
      ctx.lineTo(xx, AXIS + cores * laneH);
      ctx.stroke();
      ctx.lineWidth = 1;
      ctx.fillStyle = p.abort;
      ctx.textAlign = xx > width - 140 ? 'right' : 'left';
      const label = `block full at ${shortTxLabel(summary, included)}`;
      ctx.fillText(label, xx + (xx > width - 140 ? -4 : 4), 9);
      ctx.textAlign = 'left';
    }

    function touchesCell(e: number, ci: number): boolean {
      for (let r = log.readOffset[e]; r < log.readOffset[e + 1]; r++)
        if (log.readCell[r] === ci) return true;
      for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++)
        if (log.writeCell[w] === ci) return true;
      return log.causeCell[e] === ci;
    }

    const draw = () => {
      const ctx = prepareCanvas(canvas, width, height);
      if (!ctx) return;
      ctx.drawImage(stat, 0, 0, width, height);
      const x = zoomRef.current.rescaleX(x0);
      const t = usePlayback.getState().time * timeScale;
      const px = x(t);
      // dim the future
      if (px < width) {
        ctx.fillStyle = p.dim;
        const from = Math.max(GUTTER, px);
        ctx.fillRect(from, AXIS, width - from, cores * laneH);
      }
      // abort arrows (those that already happened), most recent first, capped
      const n = model.arrowTo.length;
      let drawn = 0;
      ctx.strokeStyle = p.arrow;
      ctx.fillStyle = p.arrow;
      ctx.lineWidth = 1.25;
      for (let i = n - 1; i >= 0 && drawn < 200; i--) {
        const to = model.arrowTo[i];
        if (log.start[to] > t) continue;
        const from = model.arrowFrom[i];
        const focus = selTx === null || log.tx[to] === selTx || log.tx[from] === selTx;
        if (!focus) continue;
        const xa = Math.min(width, x(Math.min(log.end[from], log.start[to])));
        const ya = AXIS + log.core[from] * laneH + laneH / 2;
        const xb = Math.max(GUTTER, x(log.start[to]));
        const yb = AXIS + log.core[to] * laneH + laneH / 2;
        if ((xa < GUTTER && xb < GUTTER) || (xa > width && xb > width)) continue;
        ctx.beginPath();
        ctx.moveTo(xa, ya);
        const mx = (xa + xb) / 2;
        ctx.bezierCurveTo(mx, ya, mx, yb, xb, yb);
        ctx.stroke();
        const ang = Math.atan2(yb - ya, Math.max(1, xb - mx));
        ctx.beginPath();
        ctx.moveTo(xb, yb);
        ctx.lineTo(xb - 7 * Math.cos(ang - 0.4), yb - 7 * Math.sin(ang - 0.4));
        ctx.lineTo(xb - 7 * Math.cos(ang + 0.4), yb - 7 * Math.sin(ang + 0.4));
        ctx.fill();
        drawn++;
      }
      // playhead
      if (px >= GUTTER && px <= width) {
        ctx.strokeStyle = p.playhead;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(px, 2);
        ctx.lineTo(px, AXIS + cores * laneH);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    };

    renderStatic();
    draw();
    canvas.dataset.drawn = String(run.wallMs) + ':' + log.count;
    drawRef.current = draw;

    const sel = d3.select(canvas);
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 2000])
      .translateExtent([
        [GUTTER, 0],
        [width, height],
      ])
      .extent([
        [GUTTER, 0],
        [width, height],
      ])
      .filter((ev: Event) => {
        const me = ev as MouseEvent;
        // wheel zooms; dragging below the axis pans; the axis strip scrubs
        if (ev.type === 'wheel') return true;
        return !me.button && me.offsetY > AXIS;
      })
      .on('zoom', (ev: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        zoomRef.current = d3.zoomIdentity.translate(ev.transform.x, 0).scale(ev.transform.k);
        renderStatic();
        draw();
      });
    sel.call(zoom);
    sel.on('dblclick.zoom', null);
    const unsub = usePlayback.subscribe((s, prev) => {
      if (s.time !== prev.time) draw();
    });
    return () => {
      unsub();
      sel.on('.zoom', null);
    };
  }, [
    width,
    height,
    geom,
    p,
    log,
    model,
    cores,
    selTx,
    selCell,
    summary,
    run.wallMs,
    timeScale,
    end,
  ]);

  // click a bar → select; click/drag the axis strip → scrub
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let scrubbing = false;
    let downX = 0;
    let downY = 0;
    const timeAt = (ox: number) => zoomRef.current.rescaleX(geom.x0).invert(ox);
    const seekAt = (ox: number) => usePlayback.getState().seek(timeAt(ox) / timeScale);
    const onDown = (ev: PointerEvent) => {
      downX = ev.offsetX;
      downY = ev.offsetY;
      if (ev.offsetY <= AXIS) {
        scrubbing = true;
        canvas.setPointerCapture(ev.pointerId);
        usePlayback.getState().pause();
        seekAt(ev.offsetX);
      }
    };
    const onMove = (ev: PointerEvent) => {
      if (scrubbing) seekAt(ev.offsetX);
    };
    const onUp = (ev: PointerEvent) => {
      if (scrubbing) {
        scrubbing = false;
        return;
      }
      if (Math.abs(ev.offsetX - downX) > 3 || Math.abs(ev.offsetY - downY) > 3) return;
      const core = Math.floor((ev.offsetY - AXIS) / geom.laneH);
      if (core < 0 || core >= cores) return;
      const e = eventAt(model, core, timeAt(ev.offsetX));
      if (e >= 0) useSelection.getState().selectTx(log.tx[e], e);
      else useSelection.getState().clear();
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [geom, model, cores, log, timeScale]);

  return (
    <div ref={wrapRef} className="relative h-full min-h-[60px] w-full overflow-hidden">
      <canvas
        ref={canvasRef}
        data-testid={testId}
        role="img"
        aria-label={`${label}: ${log.count} tasks on ${cores} cores. Click a bar to inspect its transaction; drag the top strip to scrub; wheel to zoom.`}
        className="absolute inset-0 cursor-crosshair touch-none"
      />
    </div>
  );
}
