'use client';

import { useRange } from '@/lib/stores/range';
import { SHORT_VARIANT_LABELS } from '@/lib/stores/run-settings';
import { download } from '@/lib/export/export';
import { fmtNum } from '@/lib/format';
import { VARIANTS, type Variant } from '@/engine/stm/types';
import { lineChartSvg, parallelismChart } from '@/engine/blocks/range/plot';
import type { RangeReport } from '@/engine/blocks/range/types';

const input =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';
const button =
  'rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800';

/** A range of blocks over JSON-RPC, analysed in a worker with an IndexedDB cache, and its plot. */
export function RangePanel({ defaultUrl }: { defaultUrl?: string }) {
  const { form, phase, progress, error, setForm, start, cancel, clearCache } = useRange();
  const running = phase === 'running';
  const url = form.url || defaultUrl || '';
  const toggle = (v: Variant, on: boolean) =>
    setForm({ variants: on ? [...form.variants, v] : form.variants.filter((x) => x !== v) });
  return (
    <details className="rounded border border-slate-200 p-2 dark:border-slate-800">
      <summary className="cursor-pointer font-medium">Analyse a block range</summary>
      <label className="mt-2 flex flex-col gap-1">
        {/* not "Starknet JSON-RPC URL": the single-block loader above owns that label */}
        <span className="text-xs">Node (JSON-RPC URL)</span>
        <input
          className={input}
          value={url}
          aria-label="Range node URL"
          onChange={(e) => setForm({ url: e.target.value })}
          placeholder="https://…/rpc/v0_8"
        />
      </label>
      <div className="mt-1 grid grid-cols-3 gap-2">
        {(['from', 'to', 'cores'] as const).map((k) => (
          <label key={k} className="flex flex-col gap-1">
            <span className="text-xs">
              {k === 'cores' ? 'Cores' : `${k === 'from' ? 'From' : 'To'} block`}
            </span>
            <input
              className={input}
              value={form[k]}
              aria-label={k === 'cores' ? 'Range cores' : `Range ${k} block`}
              onChange={(e) => setForm({ [k]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <fieldset className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
        <legend className="sr-only">Variants</legend>
        {VARIANTS.map((v) => (
          <label key={v} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={form.variants.includes(v)}
              onChange={(e) => toggle(v, e.target.checked)}
            />
            {SHORT_VARIANT_LABELS[v]}
          </label>
        ))}
      </fieldset>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          disabled={running}
          data-testid="range-start"
          onClick={() => {
            if (!form.url && url) setForm({ url });
            start();
          }}
          className="rounded bg-slate-700 px-2 py-1 text-white disabled:opacity-40"
        >
          Analyse range
        </button>
        <button type="button" disabled={!running} onClick={cancel} className={button}>
          Cancel
        </button>
        <button type="button" disabled={running} onClick={clearCache} className={button}>
          Clear cache
        </button>
      </div>
      {running && (
        <div role="status" className="mt-2 text-xs">
          <progress
            className="w-full"
            aria-label="Range progress"
            max={progress?.total ?? 1}
            value={progress?.done ?? 0}
          />
          {progress
            ? `${progress.done}/${progress.total} blocks — #${progress.block} ${progress.source === 'cache' ? 'from the cache' : 'fetched'}`
            : 'Asking the node…'}
        </div>
      )}
      {error && (
        <p
          role="alert"
          className="mt-2 rounded bg-red-100 p-2 text-xs text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <RangeResult />
    </details>
  );
}

function RangeResult() {
  const { report, svg, csv } = useRange();
  if (!report || !svg) return null;
  const c = report.counters;
  const name = `range-${report.from}-${report.to}`;
  return (
    <div className="mt-2 flex flex-col gap-2 text-xs" data-testid="range-result">
      <p data-testid="range-counters">
        {fmtNum(report.blocks.length)} blocks: {fmtNum(c.cacheHits)} from the cache,{' '}
        {fmtNum(c.blockFetches)} fetched ({fmtNum(c.rpcCalls)} RPC calls)
      </p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a generated SVG, not a static asset */}
      <img
        alt={`Parallelism of blocks ${report.from}–${report.to}: bounds at 8 and 32 cores and simulated speedups`}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
        className="w-full rounded border border-slate-200 bg-white dark:border-slate-800"
      />
      <RangeTable report={report} />
      <div className="flex gap-2">
        <button
          type="button"
          className={button}
          onClick={() => download(`${name}.csv`, csv(), 'text/csv')}
        >
          CSV
        </button>
        <button
          type="button"
          className={button}
          onClick={() =>
            download(`${name}.json`, JSON.stringify(report, null, 2), 'application/json')
          }
        >
          JSON
        </button>
        <button
          type="button"
          className={button}
          // the file gets the full-size chart, not the sidebar's narrow one
          onClick={() =>
            download(`${name}.svg`, lineChartSvg(parallelismChart(report)), 'image/svg+xml')
          }
        >
          SVG
        </button>
      </div>
    </div>
  );
}

function RangeTable({ report }: { report: RangeReport }) {
  const first = report.blocks
    .find((b) => b.runs.length)
    ?.runs.find((r) => r.variant !== 'sequential');
  const head = (short: string, full: string) => (
    <th title={full} className="px-1 font-medium">
      {short}
    </th>
  );
  return (
    <div className="max-h-48 overflow-auto">
      <table className="w-full text-right tabular-nums">
        <thead>
          <tr>
            {head('block', 'block number')}
            {head('txs', 'transactions')}
            {head('≤8', 'dependency-graph bound at 8 cores')}
            {head('≤32', 'dependency-graph bound at 32 cores')}
            {first &&
              head(
                `×${first.cores}`,
                `${SHORT_VARIANT_LABELS[first.variant]} on ${first.cores} cores: simulated speedup`,
              )}
          </tr>
        </thead>
        <tbody>
          {report.blocks.map((b) => (
            <tr key={b.number}>
              <td className="px-1">{b.number}</td>
              <td className="px-1">{fmtNum(b.transactions)}</td>
              <td className="px-1">{b.bound8.toFixed(2)}</td>
              <td className="px-1">{b.bound32.toFixed(2)}</td>
              {first && (
                <td className="px-1">
                  {b.runs
                    .find((r) => r.variant === first.variant && r.cores === first.cores)
                    ?.speedup.toFixed(2) ?? ''}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
