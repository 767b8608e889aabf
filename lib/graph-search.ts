/**
 * The dependency graph's search: which transactions a query names. A number (`12`, `#12`,
 * `tx 12`) is a transaction index; a hex value is matched against each transaction's hash,
 * sender and the contracts it touched (BlockSummary.txKeys, canonical hex, so `0x0049d3…` finds
 * `0x49d3…`), by prefix, or anywhere once it has 6 digits or more; other text is looked for in
 * the transaction labels, case-insensitively. Results are in index order.
 */
import type { BlockSummary } from './engine-worker/protocol';

/** At most this many matches are returned (the graph highlights them all). */
export const MAX_MATCHES = 500;

function hexQuery(q: string): string | null {
  const m = /^0x0*([0-9a-f]+)$/i.exec(q);
  if (!m) return null;
  return '0x' + m[1].toLowerCase();
}

function indexQuery(q: string): number | null {
  const m = /^(?:#|tx\s*)?(\d+)$/i.exec(q);
  return m ? Number(m[1]) : null;
}

export function searchTransactions(
  query: string,
  summary: Pick<BlockSummary, 'txLabels' | 'txKeys'> | null,
  n: number,
): number[] {
  const q = query.trim();
  if (!q) return [];
  const idx = indexQuery(q);
  if (idx !== null) return idx < n ? [idx] : [];
  const out: number[] = [];
  const hex = hexQuery(q);
  if (hex !== null) {
    const anywhere = hex.length >= 8;
    const keys = summary?.txKeys ?? [];
    for (let i = 0; i < n && out.length < MAX_MATCHES; i++) {
      const tokens = keys[i]?.split(' ') ?? [];
      if (tokens.some((t) => t.startsWith(hex) || (anywhere && t.includes(hex.slice(2)))))
        out.push(i);
    }
    if (out.length) return out;
  }
  const lower = q.toLowerCase();
  const labels = summary?.txLabels ?? [];
  for (let i = 0; i < n && out.length < MAX_MATCHES; i++)
    if (labels[i]?.toLowerCase().includes(lower)) out.push(i);
  return out;
}
