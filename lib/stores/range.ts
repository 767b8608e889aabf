import { create, type StoreApi } from 'zustand';
// the modules the page needs, not the index: the analysis itself stays in the worker's bundle
import { lineChartSvg, parallelismChart } from '@/engine/blocks/range/plot';
import { blockTable, toCsv } from '@/engine/blocks/range/table';
import type { RangeProgress, RangeReport } from '@/engine/blocks/range/types';
import type { Variant } from '@/engine/stm/types';
import { onRangeReply, sendRange } from '../range/client';
import type { RangeReply, RangeRequestArgs } from '../range/protocol';

/**
 * The block-range panel: a range of blocks fetched and analysed in the range worker (cached in
 * IndexedDB), its progress, and the result as a plot and downloadable CSV/JSON/SVG.
 */
export type RangePhase = 'idle' | 'running' | 'done' | 'error';

export interface RangeForm {
  url: string;
  from: string;
  to: string;
  /** Comma-separated core counts, as typed. */
  cores: string;
  variants: Variant[];
}

export interface RangeState {
  form: RangeForm;
  phase: RangePhase;
  progress: RangeProgress | null;
  report: RangeReport | null;
  error: string | null;
  /** The parallelism plot of `report`, as an SVG document. */
  svg: string | null;
  setForm: (f: Partial<RangeForm>) => void;
  start: () => boolean;
  cancel: () => void;
  clearCache: () => void;
  /** `report` as blocks.csv. */
  csv: () => string;
}

let nextId = 1;
let current = 0;

/** The form checked and converted, or the first problem in words. */
export function parseRangeForm(f: RangeForm): RangeRequestArgs | string {
  const url = f.url.trim();
  if (!/^https?:\/\/\S+$/.test(url)) return 'give the node’s JSON-RPC URL (http:// or https://)';
  const from = Number(f.from);
  const to = Number(f.to);
  if (!/^\d+$/.test(f.from.trim()) || !/^\d+$/.test(f.to.trim()))
    return 'from and to are block numbers (integers ≥ 0)';
  if (from > to) return `from ${from} is after to ${to}`;
  const cores = f.cores.split(',').map((s) => Number(s.trim()));
  if (cores.some((k) => !Number.isInteger(k) || k < 1 || k > 128))
    return 'cores: comma-separated integers from 1 to 128';
  if (f.variants.length === 0) return 'pick at least one variant';
  return { url, from, to, cores, variants: f.variants, seed: 1 };
}

type SetRange = StoreApi<RangeState>['setState'];
type GetRange = StoreApi<RangeState>['getState'];

/** Nothing analysed yet; the form starts with the usual cores and variants. */
const INITIAL = {
  form: {
    url: '',
    from: '',
    to: '',
    cores: '8,32',
    variants: ['block-stm', 'oracle', 'sequential'],
  },
  phase: 'idle',
  progress: null,
  report: null,
  error: null,
  svg: null,
} satisfies Partial<RangeState>;

/** A failed analysis in words: a stop part-way says that the blocks done so far are kept. */
function rangeErrorText(r: Extract<RangeReply, { type: 'error' }>): string {
  return r.code === 'BLOCK_FAILED' || r.code === 'CANCELLED'
    ? `${r.message} (the blocks done so far are cached: analyse again to resume)`
    : r.message;
}

/** A reply of the range worker into the state; those of an older run (or a clear) are dropped. */
function applyReply(set: SetRange, r: RangeReply): void {
  if (r.type === 'cleared' || (r.id !== current && r.id !== -1)) return;
  if (r.type === 'progress') set({ progress: r });
  else if (r.type === 'done')
    set({
      phase: 'done',
      report: r.report,
      // narrow: the panel sits in the sidebar (legend under the plot)
      svg: lineChartSvg({ ...parallelismChart(r.report), width: 480, height: 320 }),
      error: null,
    });
  else if (r.type === 'error') set({ phase: 'error', error: rangeErrorText(r) });
}

/** Start analysing the form's range (a new run id: replies of an earlier run are ignored). */
function startRange(set: SetRange, get: GetRange): boolean {
  const args = parseRangeForm(get().form);
  if (typeof args === 'string') {
    set({ phase: 'error', error: args });
    return false;
  }
  current = nextId++;
  set({ phase: 'running', progress: null, error: null, report: null, svg: null });
  sendRange({ type: 'start', id: current, ...args });
  return true;
}

export const useRange = create<RangeState>((set, get) => {
  onRangeReply((r: RangeReply) => applyReply(set, r));
  return {
    ...INITIAL,
    setForm: (f) => set({ form: { ...get().form, ...f } }),
    start: () => startRange(set, get),
    cancel() {
      if (get().phase === 'running') sendRange({ type: 'cancel', id: current });
    },
    clearCache() {
      sendRange({ type: 'clear-cache', id: nextId++ });
    },
    csv: () => {
      const r = get().report;
      return r ? toCsv(blockTable(r)) : '';
    },
  };
});
