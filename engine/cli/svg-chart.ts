/**
 * A standalone SVG line chart of speedup vs cores (d3 computes scales, ticks and paths; we only
 * write the markup). Self-contained: fonts and colours inline, so the file opens anywhere.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { escapeXml as esc } from '../xml';

export interface Series {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#64748b'];

export function speedupChartSvg(
  title: string,
  series: Series[],
  width = 720,
  height = 440,
): string {
  const m = { top: 48, right: 170, bottom: 48, left: 56 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const xMax = Math.max(2, ...xs);
  const yMax = Math.max(1, ...ys) * 1.08;
  const x = (xs.every((v) => v > 0) && xMax >= 8 ? scaleLog().base(2) : scaleLinear())
    .domain([Math.max(1, Math.min(...xs)), xMax])
    .range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([0, yMax])
    .nice()
    .range([height - m.bottom, m.top]);
  const path = line<{ x: number; y: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const yTicks = y.ticks(6);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(
    `<text x="${m.left}" y="28" font-size="16" font-weight="600" fill="#0f172a">${esc(title)}</text>`,
  );
  for (const t of yTicks) {
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e2e8f0"/>`,
    );
    out.push(
      `<text x="${m.left - 8}" y="${y(t) + 4}" text-anchor="end" fill="#475569">${t}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${height - m.bottom}" y2="${height - m.bottom + 5}" stroke="#475569"/>`,
    );
    out.push(
      `<text x="${x(t)}" y="${height - m.bottom + 18}" text-anchor="middle" fill="#475569">${t}</text>`,
    );
  }
  out.push(
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#475569"/>`,
  );
  out.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#475569"/>`,
  );
  out.push(
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 10}" text-anchor="middle" fill="#0f172a">cores</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#0f172a">speedup over sequential</text>`,
  );
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    out.push(
      `<path d="${path(pts)}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}><title>${esc(s.name)}</title></path>`,
    );
    for (const p of pts)
      out.push(
        `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${color}"><title>${esc(`${s.name}: ${p.y.toFixed(2)}× on ${p.x} cores`)}</title></circle>`,
      );
    const ly = m.top + 8 + i * 20;
    out.push(
      `<line x1="${width - m.right + 16}" x2="${width - m.right + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    out.push(
      `<text x="${width - m.right + 46}" y="${ly + 4}" fill="#0f172a">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
