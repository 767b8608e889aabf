/** Number and label formatting shared by the panels and the exports. */
import type { BlockSummary } from './engine-worker/protocol';

export function fmtNum(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function fmtX(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '—';
}

export function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

/** "A" for "A: Alice swaps…", "tx4" for "tx4: Bob pays…", else "#12". */
export function shortTxLabel(summary: BlockSummary | null, tx: number): string {
  const l = summary?.txLabels[tx];
  const m = l ? /^([A-Za-z]{0,3}\d{0,4}):/.exec(l) : null;
  return m && m[1] ? m[1] : `#${tx}`;
}

export function txLabel(summary: BlockSummary | null, tx: number): string {
  return summary?.txLabels[tx] ?? `tx ${tx}`;
}

export function shortHex(h: string, keep = 6): string {
  return h.length > keep * 2 + 2 ? `${h.slice(0, keep)}…${h.slice(-4)}` : h;
}

/** "ERC20 balance of 0x12…" names come from the executor; raw keys are shortened. */
export function cellLabel(key: string, name: string | undefined): string {
  if (name && name !== key) return name;
  return key
    .split(':')
    .map((p) => (p.startsWith('0x') ? shortHex(p) : p))
    .join(':');
}

/** What a store shows for a failure: an Error's message, else the thrown value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
