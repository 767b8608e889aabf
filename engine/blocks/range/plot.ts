/**
 * Plots of a range as standalone SVG strings: d3-scale and d3-shape compute the geometry and we
 * write the markup, so no DOM is needed (Node, Web Workers). Fonts and colours are inline: the
 * file opens anywhere and converts to PNG as is.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { RangeReport } from './types';
import { escapeXml as esc } from '../../xml';

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  width?: number;
  height?: number;
}

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#64748b'];
const ROW = 18;

/** The chart's size and margins; a narrow chart puts its legend under the plot in two columns. */
interface Frame {
  w: number;
  h: number;
  m: { top: number; right: number; bottom: number; left: number };
  legendBelow: boolean;
}

function frame(c: LineChart): Frame {
  const w = c.width ?? 900;
  const legendBelow = w < 700;
  const rows = Math.ceil(c.series.length / 2);
  const m = legendBelow
    ? { top: 40, right: 16, bottom: 52 + rows * ROW, left: 48 }
    : { top: 48, right: 190, bottom: 48, left: 60 };
  const h = (c.height ?? 440) + (legendBelow ? rows * ROW : 0);
  return { w, h, m, legendBelow };
}

const num = (v: number) => String(Math.round(v * 100) / 100);

type Scale = ReturnType<typeof scaleLinear<number>>;

function axes(c: LineChart, f: Frame, x: Scale, y: Scale): string[] {
  const { w, h, m } = f;
  const base = h - m.bottom;
  const out: string[] = [];
  for (const t of y.ticks(6)) {
    out.push(
      `<line x1="${m.left}" x2="${w - m.right}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="#e2e8f0"/>`,
    );
    out.push(
      `<text x="${m.left - 8}" y="${num(y(t) + 4)}" text-anchor="end" fill="#475569">${t}</text>`,
    );
  }
  const [lo, hi] = x.domain();
  for (const t of x.ticks(Math.min(f.legendBelow ? 6 : 10, Math.max(2, hi - lo)))) {
    if (!Number.isInteger(t)) continue;
    out.push(
      `<line x1="${num(x(t))}" x2="${num(x(t))}" y1="${base}" y2="${base + 5}" stroke="#475569"/>`,
    );
    out.push(
      `<text x="${num(x(t))}" y="${base + 18}" text-anchor="middle" fill="#475569">${t}</text>`,
    );
  }
  out.push(`<line x1="${m.left}" x2="${w - m.right}" y1="${base}" y2="${base}" stroke="#475569"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${base}" stroke="#475569"/>`);
  out.push(
    `<text x="${(m.left + w - m.right) / 2}" y="${base + 36}" text-anchor="middle" fill="#0f172a">${esc(c.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(14 ${(m.top + base) / 2}) rotate(-90)" text-anchor="middle" fill="#0f172a">${esc(c.yLabel)}</text>`,
  );
  return out;
}

function domainX(c: LineChart): [number, number] {
  const xs = c.series.flatMap((s) => s.points.map((p) => p.x));
  if (xs.length === 0) return [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** Where legend entry i goes: a column at the right, or two columns under the plot. */
function legendAt(f: Frame, i: number): { x: number; y: number } {
  if (!f.legendBelow) return { x: f.w - f.m.right + 16, y: f.m.top + 8 + i * 20 };
  const half = (f.w - f.m.left - f.m.right) / 2;
  return { x: f.m.left + (i % 2) * half, y: f.h - f.m.bottom + 54 + Math.floor(i / 2) * ROW };
}

function seriesMarkup(s: LineSeries, i: number, f: Frame, x: Scale, y: Scale): string[] {
  const color = PALETTE[i % PALETTE.length];
  const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
  const pts = [...s.points].sort((a, b) => a.x - b.x);
  const path = line<{ x: number; y: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.y))
    .digits(2);
  const out = [
    `<path d="${path(pts) ?? ''}" fill="none" stroke="${color}" stroke-width="2"${dash}><title>${esc(s.name)}</title></path>`,
  ];
  if (pts.length <= 120)
    for (const p of pts)
      out.push(
        `<circle cx="${num(x(p.x))}" cy="${num(y(p.y))}" r="2.5" fill="${color}"><title>${esc(`${s.name}: ${num(p.y)} at ${p.x}`)}</title></circle>`,
      );
  const at = legendAt(f, i);
  out.push(
    `<line x1="${at.x}" x2="${at.x + 24}" y1="${at.y}" y2="${at.y}" stroke="${color}" stroke-width="2"${dash}/>`,
  );
  out.push(`<text x="${at.x + 30}" y="${at.y + 4}" fill="#0f172a">${esc(s.name)}</text>`);
  return out;
}

/** A line chart over a linear x axis (block numbers), y from 0. */
export function lineChartSvg(c: LineChart): string {
  const f = frame(c);
  const ys = c.series.flatMap((s) => s.points.map((p) => p.y));
  const x = scaleLinear()
    .domain(domainX(c))
    .range([f.m.left, f.w - f.m.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...ys) * 1.08])
    .nice()
    .range([f.h - f.m.bottom, f.m.top]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.w}" height="${f.h}" viewBox="0 0 ${f.w} ${f.h}" font-family="DejaVu Sans, system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${f.m.left}" y="26" font-size="15" font-weight="600" fill="#0f172a">${esc(c.title)}</text>`,
    ...axes(c, f, x, y),
    ...c.series.flatMap((s, i) => seriesMarkup(s, i, f, x, y)),
    '</svg>',
  ].join('\n');
}

/** Parallelism across the range: the graph's bound at 8 and 32 cores and each simulated run. */
export function parallelismChart(r: RangeReport): LineChart {
  const pts = (f: (b: RangeReport['blocks'][number]) => number | undefined) =>
    r.blocks.flatMap((b) => {
      const v = f(b);
      return v === undefined ? [] : [{ x: b.number, y: v }];
    });
  const series: LineSeries[] = [
    { name: 'bound, 8 cores', points: pts((b) => b.bound8), dashed: true },
    { name: 'bound, 32 cores', points: pts((b) => b.bound32), dashed: true },
  ];
  for (const v of r.options.variants) {
    if (v === 'sequential') continue;
    for (const k of r.options.cores)
      series.push({
        name: `${v} × ${k}`,
        points: pts((b) => b.runs.find((x) => x.variant === v && x.cores === k)?.speedup),
      });
  }
  return {
    title: `Parallelism, blocks ${r.from}–${r.to}`,
    xLabel: 'block',
    yLabel: 'speedup over sequential',
    series,
  };
}

/** The shape of each block: transactions, dependency-graph columns, critical-path transactions. */
export function shapeChart(r: RangeReport): LineChart {
  const pts = (f: (b: RangeReport['blocks'][number]) => number) =>
    r.blocks.map((b) => ({ x: b.number, y: f(b) }));
  return {
    title: `Block shape, blocks ${r.from}–${r.to}`,
    xLabel: 'block',
    yLabel: 'count',
    series: [
      { name: 'transactions', points: pts((b) => b.transactions) },
      { name: 'columns', points: pts((b) => b.columns) },
      { name: 'critical-path txs', points: pts((b) => b.criticalPathTxs) },
    ],
  };
}
