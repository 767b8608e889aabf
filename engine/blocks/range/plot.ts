/**
 * Plots of a range as standalone SVG strings: d3-scale and d3-shape compute the geometry and we
 * write the markup, so no DOM is needed (Node, Web Workers). Fonts and colours are inline: the
 * file opens anywhere and converts to PNG as is.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { RangeReport } from './types';

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
const M = { top: 48, right: 190, bottom: 48, left: 60 };

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const num = (v: number) => String(Math.round(v * 100) / 100);

function axes(c: LineChart, x: (v: number) => number, y: ReturnType<typeof scaleLinear<number>>) {
  const w = c.width ?? 900;
  const h = c.height ?? 440;
  const out: string[] = [];
  for (const t of y.ticks(6)) {
    out.push(
      `<line x1="${M.left}" x2="${w - M.right}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="#e2e8f0"/>`,
    );
    out.push(
      `<text x="${M.left - 8}" y="${num(y(t) + 4)}" text-anchor="end" fill="#475569">${t}</text>`,
    );
  }
  const xs = scaleLinear()
    .domain(domainX(c))
    .range([M.left, w - M.right]);
  for (const t of xs.ticks(Math.min(10, Math.max(2, domainX(c)[1] - domainX(c)[0])))) {
    if (!Number.isInteger(t)) continue;
    out.push(
      `<line x1="${num(x(t))}" x2="${num(x(t))}" y1="${h - M.bottom}" y2="${h - M.bottom + 5}" stroke="#475569"/>`,
    );
    out.push(
      `<text x="${num(x(t))}" y="${h - M.bottom + 18}" text-anchor="middle" fill="#475569">${t}</text>`,
    );
  }
  out.push(
    `<line x1="${M.left}" x2="${w - M.right}" y1="${h - M.bottom}" y2="${h - M.bottom}" stroke="#475569"/>`,
  );
  out.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${h - M.bottom}" stroke="#475569"/>`,
  );
  out.push(
    `<text x="${(M.left + w - M.right) / 2}" y="${h - 10}" text-anchor="middle" fill="#0f172a">${esc(c.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(M.top + h - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#0f172a">${esc(c.yLabel)}</text>`,
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

function seriesMarkup(
  s: LineSeries,
  i: number,
  c: LineChart,
  x: (v: number) => number,
  y: (v: number) => number,
) {
  const w = c.width ?? 900;
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
  const ly = M.top + 8 + i * 20;
  out.push(
    `<line x1="${w - M.right + 16}" x2="${w - M.right + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
  );
  out.push(`<text x="${w - M.right + 46}" y="${ly + 4}" fill="#0f172a">${esc(s.name)}</text>`);
  return out;
}

/** A line chart over a linear x axis (block numbers), y from 0. */
export function lineChartSvg(c: LineChart): string {
  const w = c.width ?? 900;
  const h = c.height ?? 440;
  const ys = c.series.flatMap((s) => s.points.map((p) => p.y));
  const x = scaleLinear()
    .domain(domainX(c))
    .range([M.left, w - M.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...ys) * 1.08])
    .nice()
    .range([h - M.bottom, M.top]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="DejaVu Sans, system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${M.left}" y="28" font-size="16" font-weight="600" fill="#0f172a">${esc(c.title)}</text>`,
    ...axes(c, x, y),
    ...c.series.flatMap((s, i) => seriesMarkup(s, i, c, x, y)),
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
