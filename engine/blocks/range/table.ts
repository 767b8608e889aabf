/**
 * A range's rows as flat tables (CSV in the CLI, the UI's download): one line per block, and one
 * line per (block, variant, cores) run.
 */
import type { RangeReport } from './types';

export const BLOCK_COLUMNS = [
  'block',
  'hash',
  'timestamp',
  'access_sets',
  'transactions',
  'edges',
  'columns',
  'critical_path',
  'critical_path_txs',
  'total_cost',
  'bound_8',
  'bound_32',
  'top_hotspot',
  'top_hotspot_edges',
] as const;

export const RUN_COLUMNS = [
  'block',
  'variant',
  'cores',
  'makespan',
  'speedup',
  'bound',
  'executions',
  're_executions',
  'aborts',
  'validations',
  'wasted_work',
  'utilisation',
] as const;

export type Cell = string | number;

/** Per block; one more column per (variant, cores) with its simulated speedup. */
export function blockTable(r: RangeReport): { header: string[]; rows: Cell[][] } {
  const runs = runLabels(r);
  const header = [...BLOCK_COLUMNS, ...runs.map((l) => `speedup_${l}`)];
  const rows = r.blocks.map((b) => {
    const top = b.hotspots[0];
    const speedups = new Map(b.runs.map((x) => [`${x.variant}_${x.cores}`, x.speedup]));
    return [
      b.number,
      b.hash,
      b.timestamp,
      b.accessMode,
      b.transactions,
      b.edges,
      b.columns,
      b.criticalPath,
      b.criticalPathTxs,
      b.totalCost,
      round(b.bound8),
      round(b.bound32),
      top ? `${top.contract}/${top.key}` : '',
      top ? top.edges : 0,
      ...runs.map((l) => (speedups.has(l) ? round(speedups.get(l)!) : '')),
    ];
  });
  return { header, rows };
}

export function runTable(r: RangeReport): { header: string[]; rows: Cell[][] } {
  const rows = r.blocks.flatMap((b) =>
    b.runs.map((x) => [
      b.number,
      x.variant,
      x.cores,
      x.makespan,
      round(x.speedup),
      round(x.bound),
      x.executions,
      x.reExecutions,
      x.aborts,
      x.validations,
      x.wastedWork,
      round(x.utilisation),
    ]),
  );
  return { header: [...RUN_COLUMNS], rows };
}

/** `variant_cores` of every run the options asked for (sequential once, at 1 core). */
export function runLabels(r: RangeReport): string[] {
  const out: string[] = [];
  for (const v of r.options.variants) {
    if (v === 'sequential') out.push('sequential_1');
    else for (const k of r.options.cores) out.push(`${v}_${k}`);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function toCsv(t: { header: string[]; rows: Cell[][] }): string {
  const q = (c: Cell) =>
    typeof c === 'string' && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c);
  return [t.header.join(','), ...t.rows.map((r) => r.map(q).join(','))].join('\n') + '\n';
}
