/** Table, CSV and JSON rendering for CLI results. JSON is the stable, documented format. */

export type Format = 'table' | 'json' | 'csv';
export const FORMATS: readonly Format[] = ['table', 'json', 'csv'];

export type Cell = string | number | boolean | null | undefined;

function show(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : 3);
  return String(v);
}

/** A plain-text table with right-aligned numbers. */
export function table(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map(show));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === undefined),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join(
    '\n',
  );
}

function csvField(v: Cell): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(headers: string[], rows: Cell[][]): string {
  return [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\n');
}

export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v), 2);
}
