/** Exports: the run as JSON, metrics as CSV, the timeline and the graph as SVG. */
import { EVENT_KIND_NAMES, type EventLog } from '../../engine/stm/events';
import type { RunMetrics } from '../../engine/stm/metrics';
import type { BlockSummary, RunPayload } from '../engine-worker/protocol';
import { layoutGraph } from '../graph-layout';
import { palette, type Theme } from '../stores/theme';
import { barColorOf } from './colors';
import { escapeXml as esc } from '../../engine/xml';
import type { BlockCapacity, WeightName } from '../../engine/stm/bouncer';
import { capacityText } from '../stores/block-capacity';

function plainLog(log: EventLog) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(log))
    out[k] = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
  return out;
}

export function runToJson(run: RunPayload, summary: BlockSummary | null): string {
  return JSON.stringify(
    {
      format: 'stm-explorer-run/1',
      block: summary
        ? {
            title: summary.title,
            presetId: summary.presetId ?? null,
            txCount: summary.txCount,
            txLabels: summary.txLabels,
          }
        : null,
      params: run.params,
      metrics: run.metrics,
      graph: {
        columns: run.graph.columns,
        level: Array.from(run.graph.level),
        edges: Array.from(run.graph.edgeFrom, (f, i) => ({
          from: f,
          to: run.graph.edgeTo[i],
          cell: run.graph.edgeCellKeys[run.graph.edgeCell[i]],
        })),
        criticalPath: Array.from(run.graph.criticalPath),
        graphBound: run.graphBound,
        ...(run.remark ? { remark: run.remark } : {}),
      },
      cellNames: run.cellNames,
      log: plainLog(run.log),
    },
    null,
    1,
  );
}

export const CSV_COLUMNS = [
  'variant',
  'cores',
  'txCount',
  'makespan',
  'sequentialTime',
  'speedup',
  'executions',
  'reExecutions',
  'validations',
  'failedValidations',
  'aborts',
  'wastedWork',
  'utilisation',
  // the bouncer (metrics.blockEnd), empty without a block capacity
  'blockCapacity',
  'included',
  'blockFull',
  'exceeded',
] as const;

/** A CSV field: quoted when it holds a comma or a quote (a capacity is `n_txs=6,sierra_gas=…`). */
function csvField(v: string | number): string {
  const t = String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csvValue(m: RunMetrics, c: (typeof CSV_COLUMNS)[number]): string | number {
  const end = m.blockEnd;
  switch (c) {
    case 'aborts':
      return m.aborts.total;
    case 'blockCapacity':
      return end ? capacityText(boundedCapacity(end.capacity)) : '';
    case 'included':
      return end ? end.included : '';
    case 'blockFull':
      return end ? String(end.full) : '';
    case 'exceeded':
      return end ? end.exceeded.join(' ') : '';
    default:
      return m[c];
  }
}

/** A run's capacity as blockEnd carries it (null: unbounded) without its unbounded weights. */
function boundedCapacity(c: Record<WeightName, number | null>): BlockCapacity {
  const out: BlockCapacity = {};
  for (const [name, v] of Object.entries(c)) if (v !== null) out[name as WeightName] = v;
  return out;
}

export function metricsCsv(runs: RunMetrics[]): string {
  const rows = runs.map((m) => CSV_COLUMNS.map((c) => csvField(csvValue(m, c))).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

export function timelineSvg(run: RunPayload, theme: Theme, width = 1200): string {
  const p = palette(theme);
  const log = run.log;
  const laneH = Math.max(4, Math.min(24, 600 / log.cores));
  const gutter = 56;
  let makespan = 0;
  for (let e = 0; e < log.count; e++) makespan = Math.max(makespan, log.end[e]);
  const sx = (width - gutter - 10) / Math.max(1, makespan);
  const h = 24 + log.cores * laneH + 8;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${p.bg}"/>`,
    `<text x="4" y="14" fill="${p.text}">${esc(`${run.params.variant} on ${log.cores} cores — makespan ${makespan}`)}</text>`,
  ];
  for (let c = 0; c < log.cores; c++)
    parts.push(
      `<text x="4" y="${24 + c * laneH + laneH / 2 + 4}" fill="${p.muted}">core ${c}</text>`,
    );
  for (let e = 0; e < log.count; e++) {
    const x = gutter + log.start[e] * sx;
    const w = Math.max(0.5, (log.end[e] - log.start[e]) * sx);
    parts.push(
      `<rect x="${x.toFixed(2)}" y="${24 + log.core[e] * laneH + 1}" width="${w.toFixed(2)}" height="${laneH - 2}" fill="${barColorOf(p, log.kind[e], log.flags[e], log.incarnation[e])}"><title>${EVENT_KIND_NAMES[log.kind[e]]} tx ${log.tx[e]} inc ${log.incarnation[e]}</title></rect>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function graphSvg(run: RunPayload, theme: Theme): string {
  const p = palette(theme);
  const g = run.graph;
  const L = layoutGraph(g.level, g.columns, g.n);
  const pad = 20;
  const w = L.width + 2 * pad;
  const h = L.height + 2 * pad;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="${p.bg}"/>`,
    `<g transform="translate(${pad},${pad})">`,
  ];
  const crit = new Set<string>();
  for (let i = 0; i + 1 < g.criticalPath.length; i++)
    crit.add(`${g.criticalPath[i]}-${g.criticalPath[i + 1]}`);
  for (let i = 0; i < g.edgeFrom.length; i++) {
    const a = g.edgeFrom[i];
    const b = g.edgeTo[i];
    const c = crit.has(`${a}-${b}`);
    parts.push(
      `<line x1="${L.x[a]}" y1="${L.y[a]}" x2="${L.x[b]}" y2="${L.y[b]}" stroke="${c ? p.critical : p.muted}" stroke-width="${c ? 3 : 1}"><title>${esc(g.edgeCellNames[g.edgeCell[i]])}</title></line>`,
    );
  }
  for (let i = 0; i < g.n; i++) {
    // a squeezed column (lib/graph-layout.ts) gets smaller circles that do not overlap
    const r = Math.max(0.5, Math.min(L.r, L.colSpacing[g.level[i]] / 2 - 0.25));
    parts.push(
      `<circle cx="${L.x[i]}" cy="${L.y[i]}" r="${r}" fill="${p.states[6]}"><title>tx ${i}</title></circle>`,
    );
  }
  parts.push('</g></svg>');
  return parts.join('\n');
}

export function download(name: string, data: Blob | string, type = 'text/plain') {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
