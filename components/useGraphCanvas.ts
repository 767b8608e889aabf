'use client';

/**
 * The dependency graph's canvas: drawing (two layers, graph-draw.ts), playback repaints, d3-zoom
 * (d3 computes the transform, the canvas redraws), clicks on nodes, bars and edges, and
 * programmatic zooms (search, buttons).
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import * as d3 from 'd3';
import type { BlockSummary } from '@/lib/engine-worker/protocol';
import { statesCursor, type LogModel } from '@/lib/timeline-model';
import { usePlayback } from '@/lib/stores/playback';
import { useSelection } from '@/lib/stores/selection';
import { shortTxLabel } from '@/lib/format';
import { columnRadius, columnShowsNodes, type GraphLayout } from '@/lib/graph-layout';
import { prepareCanvas } from './useCanvas';
import { drawNodes, drawStatic, repaintChanged, type Highlight, type Scene } from './graph-draw';

const MAX_ZOOM = 400;

/** The zoom that fits the whole graph in the view. */
export function fitTransform(layout: GraphLayout, width: number, height: number): d3.ZoomTransform {
  const k = Math.min(2, (width - 20) / layout.width, (height - 30) / layout.height);
  return d3.zoomIdentity
    .translate((width - layout.width * k) / 2, 8 + (height - layout.height * k) / 2)
    .scale(k);
}

/** The zoom that centres transaction `i`, close enough for its column to show nodes. */
export function focusTransform(
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

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l = dx * dx + dy * dy;
  const t = l === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export type ZoomTo = (t: d3.ZoomTransform | 'fit' | number) => void;

/** Draws `scene` on `canvasRef` and keeps it in sync with playback, zoom and clicks. */
export function useGraphCanvas(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  scene: Scene | null,
  highlight: Highlight,
  model: LogModel,
  summary: BlockSummary | null,
): { zoomRef: RefObject<d3.ZoomTransform | null>; zoomTo: ZoomTo } {
  const zoomRef = useRef<d3.ZoomTransform | null>(null);
  const drawRef = useDrawing(canvasRef, zoomRef, scene, highlight, model, summary);
  const zoomBehavior = useZoom(canvasRef, zoomRef, drawRef, scene);
  const layout = scene?.layout;
  const width = scene?.width ?? 0;
  const height = scene?.height ?? 0;
  const zoomTo = useCallback<ZoomTo>(
    (t) => {
      const canvas = canvasRef.current;
      const zoom = zoomBehavior.current;
      if (!canvas || !zoom || !layout) return;
      const sel = d3.select(canvas).transition().duration(250);
      if (t === 'fit') sel.call(zoom.transform, fitTransform(layout, width, height));
      else if (typeof t === 'number') sel.call(zoom.scaleBy, t, [width / 2, height / 2]);
      else sel.call(zoom.transform, t);
    },
    [canvasRef, zoomBehavior, layout, width, height],
  );
  return { zoomRef, zoomTo };
}

type DrawRef = RefObject<(full: boolean) => void>;

/** The draw function (full: static layer too) and its playback subscription. */
function useDrawing(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  zoomRef: RefObject<d3.ZoomTransform | null>,
  scene: Scene | null,
  highlight: Highlight,
  model: LogModel,
  summary: BlockSummary | null,
): DrawRef {
  const staticRef = useRef<HTMLCanvasElement | null>(null);
  // what the static layer shows: a new run of the same graph (only the model changes) keeps it
  const staticFor = useRef<{ scene: Scene; highlight: Highlight } | null>(null);
  const drawRef = useRef<(full: boolean) => void>(() => {});
  const layout = scene?.layout;
  // New graph: fit it again.
  useEffect(() => {
    zoomRef.current = null;
  }, [layout, zoomRef]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scene) return;
    const { width, height } = scene;
    staticRef.current ??= document.createElement('canvas');
    const stat = staticRef.current;
    const statesAt = statesCursor(model);
    const label = (i: number) => shortTxLabel(summary, i);
    // the states the canvas shows (null: repaint everything next time)
    let shown: Uint8Array | null = null;
    drawRef.current = (full) => {
      const z = (zoomRef.current ??= fitTransform(scene.layout, width, height));
      if (full) {
        const sctx = prepareCanvas(stat, width, height);
        if (sctx) drawStatic(sctx, scene, z, highlight);
        staticFor.current = { scene, highlight };
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
    // A new scene is drawn once, when the zoom binds (useZoom); a new highlight or model for
    // the same scene is drawn here (the static layer only if the highlight changed).
    const same = staticFor.current?.scene === scene && staticFor.current.highlight === highlight;
    if (canvas.dataset.scene === sceneId(scene)) drawRef.current(!same);
    return usePlayback.subscribe((s, prev) => {
      if (s.time !== prev.time) drawRef.current(false);
    });
  }, [canvasRef, zoomRef, scene, highlight, model, summary]);
  return drawRef;
}

const sceneIds = new WeakMap<Scene, string>();
let nextSceneId = 1;
function sceneId(s: Scene): string {
  let id = sceneIds.get(s);
  if (!id) sceneIds.set(s, (id = String(nextSceneId++)));
  return id;
}

/** d3-zoom on the canvas, and clicks (a tiny drag is a click). */
function useZoom(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  zoomRef: RefObject<d3.ZoomTransform | null>,
  drawRef: DrawRef,
  scene: Scene | null,
): RefObject<d3.ZoomBehavior<HTMLCanvasElement, unknown> | null> {
  const zoomBehavior = useRef<d3.ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scene) return;
    const { layout, width, height } = scene;
    const sel = d3.select(canvas);
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, MAX_ZOOM])
      .on('zoom', (ev: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        zoomRef.current = ev.transform;
        drawRef.current(true);
      });
    zoomBehavior.current = zoom;
    canvas.dataset.scene = sceneId(scene);
    sel.call(zoom).call(zoom.transform, zoomRef.current ?? fitTransform(layout, width, height));
    sel.on('dblclick.zoom', null);
    let down: [number, number] = [0, 0];
    const onDown = (ev: PointerEvent) => (down = [ev.offsetX, ev.offsetY]);
    const onUp = (ev: PointerEvent) => {
      if (Math.abs(ev.offsetX - down[0]) > 3 || Math.abs(ev.offsetY - down[1]) > 3) return;
      onClick(scene, zoomRef.current!, ev.offsetX, ev.offsetY, (t) =>
        sel.transition().duration(250).call(zoom.transform, t),
      );
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      sel.on('.zoom', null);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [canvasRef, zoomRef, drawRef, scene]);
  return zoomBehavior;
}

/** A click: a node selects its transaction, a density bar zooms into it, an edge its cell. */
function onClick(
  scene: Scene,
  z: d3.ZoomTransform,
  x: number,
  y: number,
  zoomTo: (t: d3.ZoomTransform) => void,
) {
  const { g, layout, members, width, height } = scene;
  const hit = hitTest(scene, z, x, y);
  if (hit && 'tx' in hit) return useSelection.getState().selectTx(hit.tx);
  if (hit) {
    // a density bar: zoom in until its transactions show as nodes
    const mid = members[hit.column][members[hit.column].length >> 1];
    return zoomTo(focusTransform(layout, g.level, mid, z, width, height));
  }
  const e = edgeAt(scene, z, x, y);
  if (e >= 0) useSelection.getState().selectCell(g.edgeCellKeys[g.edgeCell[e]]);
  else useSelection.getState().clear();
}
