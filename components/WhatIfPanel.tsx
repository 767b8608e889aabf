'use client';

import type { RunPayload, WhatIf, WhatIfSummary } from '@/lib/engine-worker/protocol';
import { useWhatIf } from '@/lib/stores/what-if';
import { fmtNum, fmtX } from '@/lib/format';
import { SHORT_VARIANT_LABELS } from '@/lib/stores/run-settings';

const BUTTONS: { kind: WhatIf; label: string; title: string }[] = [
  {
    kind: 'fee-deferred',
    label: 'Fee inline vs deferred',
    title:
      'The sequencer fee credited inline (every payer reads and writes its balance) vs deferred to commit, as the Starknet sequencer does.',
  },
  {
    kind: 'no-nonces',
    label: 'Ignore nonces',
    title: 'The block with every account-nonce cell ignored.',
  },
  {
    kind: 'no-hotspot',
    label: 'Remove top hotspot',
    title: 'The block without the cell that causes the most dependency edges.',
  },
];

type Side = WhatIfSummary['before'];

/** One figure on both sides, and the change. */
function Row({
  name,
  a,
  b,
  fmt,
  better,
}: {
  name: string;
  a: number;
  b: number;
  fmt: (v: number) => string;
  /** Which direction is an improvement. */
  better: 'up' | 'down';
}) {
  const d = b - a;
  const good = better === 'up' ? d > 0 : d < 0;
  const cls =
    Math.abs(d) < 1e-9
      ? 'text-slate-600 dark:text-slate-300'
      : good
        ? 'text-emerald-700 dark:text-emerald-400'
        : 'text-red-700 dark:text-red-400';
  return (
    <tr>
      <th scope="row" className="pr-1 text-left font-normal text-slate-600 dark:text-slate-300">
        {name}
      </th>
      <td className="px-0.5 text-right tabular-nums">{fmt(a)}</td>
      <td className="px-0.5 text-right tabular-nums">{fmt(b)}</td>
      <td className={`pl-1 text-right tabular-nums ${cls}`}>
        {Math.abs(d) < 1e-9 ? '=' : `${d > 0 ? '+' : '−'}${fmt(Math.abs(d))}`}
      </td>
    </tr>
  );
}

/** Transactions per column of both sides, as two bar profiles on one scale. */
function Profiles({ a, b }: { a: Side; b: Side }) {
  const max = Math.max(1, ...a.columnSizes, ...b.columnSizes);
  const cols = Math.max(a.columnSizes.length, b.columnSizes.length);
  const W = 260;
  const H = 36;
  const bar = (sizes: number[], y: number, fill: string) => {
    const w = W / Math.max(1, cols);
    // at most one bar per pixel column: thousands of columns are binned by their maximum
    const bins = Math.min(sizes.length, W);
    const per = sizes.length / Math.max(1, bins);
    return Array.from({ length: bins }, (_, i) => {
      let m = 0;
      for (let j = Math.floor(i * per); j < Math.floor((i + 1) * per); j++)
        m = Math.max(m, sizes[j]);
      const h = Math.max(0.5, (m / max) * (H - 2));
      return (
        <rect
          key={i}
          x={i * per * w}
          y={y + H - h}
          width={Math.max(0.6, per * w - 0.3)}
          height={h}
          fill={fill}
        />
      );
    });
  };
  return (
    <figure className="flex flex-col gap-0.5">
      <svg
        viewBox={`0 0 ${W} ${2 * H + 4}`}
        className="w-full"
        role="img"
        aria-label={`Transactions per column: ${a.label} ${a.columnSizes.length} columns, ${b.label} ${b.columnSizes.length} columns`}
      >
        {bar(a.columnSizes, 0, '#64748b')}
        {bar(b.columnSizes, H + 4, '#0284c7')}
      </svg>
      <figcaption className="text-[10px] text-slate-600 dark:text-slate-300">
        Transactions per column (same scale): top {a.label}, bottom {b.label}.
      </figcaption>
    </figure>
  );
}

function speedupOf(s: Side, v: string): number {
  return s.runs.find((r) => r.variant === v)?.speedup ?? NaN;
}

function Comparison({ r, cores }: { r: WhatIfSummary; cores: number }) {
  const a = r.before;
  const b = r.after;
  const int = (v: number) => fmtNum(v);
  return (
    <div className="flex flex-col gap-1" data-testid="whatif-result" data-whatif={r.whatIf}>
      <p className="text-[11px] text-slate-600 dark:text-slate-300">{r.description}</p>
      <table className="w-full text-[11px] leading-tight">
        <thead>
          <tr className="text-slate-600 dark:text-slate-300">
            <th />
            <th className="px-0.5 text-right font-semibold break-words">{a.label}</th>
            <th className="px-0.5 text-right font-semibold break-words">{b.label}</th>
            <th className="pl-1 text-right font-semibold">Δ</th>
          </tr>
        </thead>
        <tbody>
          {a.blockEnd && b.blockEnd && (
            <Row
              name="txs in block"
              a={a.blockEnd.included}
              b={b.blockEnd.included}
              fmt={int}
              better="up"
            />
          )}
          <Row name="edges" a={a.edges} b={b.edges} fmt={int} better="down" />
          <Row name="columns" a={a.columns} b={b.columns} fmt={int} better="down" />
          <Row name="critical path" a={a.criticalPath} b={b.criticalPath} fmt={int} better="down" />
          <Row
            name="path txs"
            a={a.criticalPathTxs}
            b={b.criticalPathTxs}
            fmt={int}
            better="down"
          />
          <Row name="bound" a={a.bound} b={b.bound} fmt={fmtX} better="up" />
          <tr>
            <th colSpan={4} scope="rowgroup" className="pt-1 text-left font-semibold">
              simulated speedup, {cores} cores
            </th>
          </tr>
          {a.runs.map((x) => (
            <Row
              key={x.variant}
              name={SHORT_VARIANT_LABELS[x.variant]}
              a={x.speedup}
              b={speedupOf(b, x.variant)}
              fmt={fmtX}
              better="up"
            />
          ))}
        </tbody>
      </table>
      <Profiles a={a} b={b} />
      <p className="text-[10px] text-slate-600 dark:text-slate-300">
        Both sides replay the block&apos;s access sets on {cores} simulated cores.
        {a.blockEnd &&
          ' Both have the run’s block capacity: the bouncer cuts each side’s block, and the graph figures are those of the transactions in it.'}
      </p>
    </div>
  );
}

/** What-if in one click: the block changed by one rule, graph and simulation re-run. */
export function WhatIfPanel({ run }: { run: RunPayload }) {
  const { kind, result, running, error, params } = useWhatIf();
  const doRun = useWhatIf((s) => s.run);
  const fresh = params === run.params;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-1" role="group" aria-label="What-ifs">
        {BUTTONS.map((b) => (
          <button
            key={b.kind}
            type="button"
            data-testid={`whatif-${b.kind}`}
            title={b.title}
            disabled={running}
            aria-pressed={fresh && kind === b.kind}
            onClick={() => void doRun(b.kind, run.params)}
            className={`rounded border px-2 py-0.5 text-xs disabled:opacity-50 ${
              fresh && kind === b.kind
                ? 'border-sky-600 bg-sky-50 dark:bg-sky-950'
                : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'
            }`}
          >
            {b.label}
          </button>
        ))}
      </div>
      {running && (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          Re-running graph and simulation…
        </p>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {!running && fresh && result && <Comparison r={result} cores={run.params.cores} />}
      {!running && !(fresh && result) && !error && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Change one source of conflicts and compare columns, critical path, bound and speedups.
        </p>
      )}
    </div>
  );
}
