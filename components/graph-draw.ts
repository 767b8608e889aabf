/**
 * Canvas drawing of the dependency graph, in two layers: the static one (edges, the critical
 * path, column headers), redrawn on zoom and highlight changes, and the nodes, redrawn on every
 * playback frame. Columns whose nodes would overlap at the current zoom are drawn as density
 * bars (lib/graph-layout.ts decides); the critical path and highlighted transactions are drawn
 * on top of bars too, so they stay visible at any zoom.
 */
import type { ZoomTransform } from 'd3';
import type { GraphPayload } from '@/lib/engine-worker/protocol';
import { columnRadius, columnShowsNodes, type GraphLayout } from '@/lib/graph-layout';
import type { Palette } from '@/lib/stores/theme';

/** What is highlighted: the selected tx, search matches, a cell's readers and writers. */
export interface Highlight {
  tx: number | null;
  matches: ReadonlySet<number>;
  /** Index into edgeCellKeys of the selected cell, or -1. */
  cellIdx: number;
  readers: ReadonlySet<number>;
  writers: ReadonlySet<number>;
}

export interface Scene {
  g: GraphPayload;
  layout: GraphLayout;
  /** Per column: its transactions (index order), from `columnMembers`. */
  members: Int32Array[];
  /** Edge indices grouped by stroke colour. */
  edgeGroups: [string, Int32Array][];
  criticalPath: Int32Array;
  onCritical: Uint8Array;
  p: Palette;
  width: number;
  height: number;
}

export function columnMembers(g: GraphPayload): Int32Array[] {
  const count = new Int32Array(Math.max(1, g.columns));
  for (let i = 0; i < g.n; i++) count[g.level[i]]++;
  const out = Array.from(count, (c) => new Int32Array(c));
  const seen = new Int32Array(count.length);
  for (let i = 0; i < g.n; i++) out[g.level[i]][seen[g.level[i]]++] = i;
  return out;
}

export function groupEdges(g: GraphPayload, cellColor: string[]): [string, Int32Array][] {
  const by = new Map<string, number[]>();
  for (let i = 0; i < g.edgeFrom.length; i++) {
    const c = cellColor[g.edgeCell[i]];
    let l = by.get(c);
    if (!l) by.set(c, (l = []));
    l.push(i);
  }
  return [...by].map(([c, l]) => [c, Int32Array.from(l)]);
}

/** The columns visible on screen at transform `z` (inclusive range). */
function visibleColumns(s: Scene, z: ZoomTransform): [number, number] {
  const { layout } = s;
  const lo = Math.floor(z.invertX(0) / layout.colW) - 1;
  const hi = Math.ceil(z.invertX(s.width) / layout.colW) + 1;
  return [Math.max(0, lo), Math.min(s.members.length - 1, hi)];
}

/**
 * One stroke per edge. Batching every edge of a colour into one path looked cheaper, but a
 * software rasterizer (headless Chromium, machines without GPU canvas) fills a path of
 * thousands of crossing segments about 10× slower than the same segments stroked one by one
 * (measured: 24,000 edges, 15 s vs 1.5 s).
 */
function strokeEdges(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  edges: Int32Array,
  keep: (e: number) => boolean,
) {
  const { g, layout, width } = s;
  for (const e of edges) {
    if (!keep(e)) continue;
    const ax = z.applyX(layout.x[g.edgeFrom[e]]);
    const bx = z.applyX(layout.x[g.edgeTo[e]]);
    if (bx < 0 || ax > width) continue; // edges go left to right
    ctx.beginPath();
    ctx.moveTo(ax, z.applyY(layout.y[g.edgeFrom[e]]));
    ctx.lineTo(bx, z.applyY(layout.y[g.edgeTo[e]]));
    ctx.stroke();
  }
}

/** Whether edge `e` joins two columns that are both density bars at zoom `k`. */
function bundled(s: Scene, e: number, k: number): boolean {
  const { g, layout } = s;
  return (
    !columnShowsNodes(layout, g.level[g.edgeFrom[e]], k) &&
    !columnShowsNodes(layout, g.level[g.edgeTo[e]], k)
  );
}

/**
 * Edges between two density bars, as one line per pair of columns from bar centre to bar
 * centre, as wide as the log of its edge count: thousands of edges between dense columns carry
 * no more than that, and cost a fraction of the drawing.
 */
function drawBundles(ctx: CanvasRenderingContext2D, s: Scene, z: ZoomTransform, dim: boolean) {
  const { g, layout } = s;
  const cols = s.members.length;
  const count = new Map<number, number>();
  for (let e = 0; e < g.edgeFrom.length; e++) {
    if (!bundled(s, e, z.k)) continue;
    const key = g.level[g.edgeFrom[e]] * cols + g.level[g.edgeTo[e]];
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const mid = (c: number) => z.applyY((layout.colTop[c] + layout.colBottom[c]) / 2);
  const cx = (c: number) => z.applyX(c * layout.colW + layout.colW / 2);
  ctx.strokeStyle = s.p.muted;
  ctx.globalAlpha = dim ? 0.12 : 0.45;
  for (const [key, n] of count) {
    const a = Math.floor(key / cols);
    const b = key % cols;
    if (cx(b) < 0 || cx(a) > s.width) continue;
    ctx.lineWidth = Math.min(8, 0.75 + Math.log2(n));
    ctx.beginPath();
    ctx.moveTo(cx(a), mid(a));
    ctx.lineTo(cx(b), mid(b));
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
}

export function drawStatic(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  h: Highlight,
) {
  const { g, p } = s;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, s.width, s.height);
  const m = g.edgeFrom.length;
  const focused = h.tx !== null || h.cellIdx >= 0;
  const isFocus = (e: number) =>
    (h.tx === null || g.edgeFrom[e] === h.tx || g.edgeTo[e] === h.tx) &&
    (h.cellIdx < 0 || g.edgeCell[e] === h.cellIdx);
  drawBundles(ctx, s, z, focused);
  const plain = (e: number) => !bundled(s, e, z.k) && !(focused && isFocus(e));
  ctx.lineWidth = g.n <= 40 ? 2 : 1;
  for (const [color, edges] of s.edgeGroups) {
    ctx.strokeStyle = color;
    ctx.globalAlpha = focused ? 0.08 : m > 5000 ? 0.25 : m > 500 ? 0.5 : 0.85;
    strokeEdges(ctx, s, z, edges, plain);
    if (!focused) continue;
    ctx.globalAlpha = 1;
    strokeEdges(ctx, s, z, edges, isFocus);
  }
  ctx.globalAlpha = 1;
  drawCriticalPath(ctx, s, z);
  drawColumnHeaders(ctx, s, z);
}

/** The critical path, dashed, on top of every edge (always drawn, at any zoom). */
function drawCriticalPath(ctx: CanvasRenderingContext2D, s: Scene, z: ZoomTransform) {
  const { layout, criticalPath: cp } = s;
  ctx.strokeStyle = s.p.critical;
  ctx.lineWidth = s.g.n <= 40 ? 4 : 2;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  for (let i = 0; i < cp.length; i++) {
    const x = z.applyX(layout.x[cp[i]]);
    const y = z.applyY(layout.y[cp[i]]);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.lineWidth = 1;
}

function drawColumnHeaders(ctx: CanvasRenderingContext2D, s: Scene, z: ZoomTransform) {
  const { layout } = s;
  const colPx = layout.colW * z.k;
  ctx.fillStyle = s.p.muted;
  ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
  ctx.textAlign = 'center';
  const [lo, hi] = visibleColumns(s, z);
  // label every column when there is room, else every 2nd/5th/10th/20th/…
  let step = 1;
  for (let e = 1; step * colPx < 44 && e < 1e9; e *= 10)
    for (const m of [1, 2, 5]) if (step * colPx < 44) step = m * e;
  for (let c = lo; c <= hi; c++)
    if ((c + 1) % step === 0)
      ctx.fillText(`col ${c + 1}`, z.applyX(c * layout.colW + layout.colW / 2), 12);
  ctx.textAlign = 'left';
}

/** Nodes (or density bars) coloured by state, then the rings of what must stay visible. */
export function drawNodes(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  states: Uint8Array,
  h: Highlight,
  label: (tx: number) => string,
): number {
  const [lo, hi] = visibleColumns(s, z);
  let bars = 0;
  for (let c = lo; c <= hi; c++) {
    if (s.members[c].length === 0) continue;
    if (columnShowsNodes(s.layout, c, z.k)) drawColumnNodes(ctx, s, z, c, states, label);
    else {
      drawDensityBar(ctx, s, z, c, states);
      bars++;
    }
  }
  drawRings(ctx, s, z, h);
  return bars;
}

/**
 * Playback's cheap path: only the transactions whose state changed are painted again, over
 * themselves (a node covers its old pixels; a band its old band; rings lie outside both).
 * Returns false when a full redraw is needed instead (too many changes to be worth it).
 */
export function repaintChanged(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  states: Uint8Array,
  prev: Uint8Array,
  h: Highlight,
  label: (tx: number) => string,
): boolean {
  const changed: number[] = [];
  for (let i = 0; i < states.length; i++) if (states[i] !== prev[i]) changed.push(i);
  if (changed.length > states.length / 4) return false;
  const { layout, p, g } = s;
  for (let st = 0; st < p.states.length; st++) {
    ctx.fillStyle = p.states[st];
    ctx.beginPath();
    for (const i of changed) {
      if (states[i] !== st) continue;
      const c = g.level[i];
      const x = z.applyX(layout.x[i]);
      const y = z.applyY(layout.y[i]);
      if (x < -20 || x > s.width + 20 || y < -20 || y > s.height + 20) continue;
      if (!columnShowsNodes(layout, c, z.k)) {
        const w = barWidth(s, z);
        const band = Math.max(1, layout.colSpacing[c] * z.k);
        ctx.rect(x - w / 2, y - band / 2, w, band);
      } else {
        const r = columnRadius(layout, c, z.k);
        if (g.n > 1500) ctx.rect(x - r, y - r, 2 * r, 2 * r);
        else {
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
      }
    }
    ctx.fill();
  }
  drawLabels(ctx, s, z, changed, label);
  // a repainted node may have covered part of a neighbour's ring
  if (changed.length) drawRings(ctx, s, z, h);
  return true;
}

function barWidth(s: Scene, z: ZoomTransform): number {
  return Math.max(4, Math.min(18, s.layout.colW * z.k * 0.4));
}

/** Transaction labels inside nodes big enough to hold them. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  txs: ArrayLike<number>,
  label: (tx: number) => string,
) {
  const { layout, g } = s;
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let j = 0; j < txs.length; j++) {
    const i = txs[j];
    const c = g.level[i];
    const r = columnRadius(layout, c, z.k);
    if (r < 9 || !columnShowsNodes(layout, c, z.k)) continue;
    const cy = z.applyY(layout.y[i]);
    if (cy < -r || cy > s.height + r) continue;
    ctx.font = `${Math.min(13, r)}px ui-sans-serif, system-ui, sans-serif`;
    ctx.fillText(label(i), z.applyX(layout.x[i]), cy);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

function drawColumnNodes(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  c: number,
  states: Uint8Array,
  label: (tx: number) => string,
) {
  const { layout, p } = s;
  const r = columnRadius(layout, c, z.k);
  const square = s.g.n > 1500;
  const col = s.members[c];
  for (let st = 0; st < p.states.length; st++) {
    ctx.fillStyle = p.states[st];
    ctx.beginPath();
    for (const i of col) {
      if (states[i] !== st) continue;
      const cx = z.applyX(layout.x[i]);
      const cy = z.applyY(layout.y[i]);
      if (cy < -r || cy > s.height + r) continue;
      if (square) ctx.rect(cx - r, cy - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(cx + r, cy);
        ctx.arc(cx, cy, r, 0, Math.PI * 2);
      }
    }
    ctx.fill();
  }
  if (r >= 9) drawLabels(ctx, s, z, col, label);
}

/**
 * A column too dense for nodes: one thin band per transaction, at its own height, coloured by
 * its state (so the bar shows where in the column each state is), framed, with its count.
 */
function drawDensityBar(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  z: ZoomTransform,
  c: number,
  states: Uint8Array,
) {
  const { layout, p } = s;
  const cx = z.applyX(c * layout.colW + layout.colW / 2);
  const w = barWidth(s, z);
  const band = Math.max(1, layout.colSpacing[c] * z.k);
  const top = z.applyY(layout.colTop[c]) - band / 2;
  const bottom = z.applyY(layout.colBottom[c]) + band / 2;
  for (let st = 0; st < p.states.length; st++) {
    ctx.fillStyle = p.states[st];
    ctx.beginPath();
    for (const i of s.members[c]) {
      if (states[i] !== st) continue;
      const y = z.applyY(layout.y[i]);
      if (y < -band || y > s.height + band) continue;
      ctx.rect(cx - w / 2, y - band / 2, w, band);
    }
    ctx.fill();
  }
  ctx.strokeStyle = p.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(cx - w / 2 - 0.5, top - 0.5, w + 1, bottom - top + 1);
  if (layout.colW * z.k >= 22) {
    ctx.fillStyle = p.text;
    ctx.font = '10px ui-sans-serif, system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(s.members[c].length.toLocaleString('en-US'), cx, Math.max(24, top - 4));
    ctx.textAlign = 'left';
  }
}

function ring(ctx: CanvasRenderingContext2D, s: Scene, z: ZoomTransform, i: number, r: number) {
  const x = z.applyX(s.layout.x[i]);
  const y = z.applyY(s.layout.y[i]);
  if (x < -r || x > s.width + r || y < -r || y > s.height + r) return;
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, Math.PI * 2);
}

function drawRings(ctx: CanvasRenderingContext2D, s: Scene, z: ZoomTransform, h: Highlight) {
  const { layout, p, g } = s;
  const rOf = (i: number) => Math.max(3, columnRadius(layout, g.level[i], z.k));
  const pass = (color: string, width: number, txs: Iterable<number>, extra: number) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (const i of txs) ring(ctx, s, z, i, rOf(i) + extra);
    ctx.stroke();
  };
  pass(p.critical, 2, s.criticalPath, 1.5);
  if (h.readers.size) pass(p.execute, 2, h.readers, 2.5);
  if (h.writers.size) pass(p.abort, 2, h.writers, 4);
  if (h.matches.size) pass(p.select, 2.5, h.matches, 3.5);
  if (h.tx !== null && h.tx < g.n) pass(p.select, 3, [h.tx], 5);
  ctx.lineWidth = 1;
}
