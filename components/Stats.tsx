'use client';

import type { RunPayload, References } from '@/lib/engine-worker/protocol';
import { fmtNum, fmtPct, fmtX, shortTxLabel } from '@/lib/format';
import { SHORT_VARIANT_LABELS } from '@/lib/stores/run-settings';
import { useRun } from '@/lib/stores/run';
import { SpeedupChart } from './SpeedupChart';
import { blockEndText } from '@/lib/block-end';
import { useBlock } from '@/lib/stores/block';

export interface StatRow {
  key: string;
  label: string;
  value: number;
  text: string;
  hint: string;
  /** A remark from the engine's analysis shown under the row (e.g. why the bound is out of reach). */
  note?: string;
}

export function statRows(
  run: RunPayload,
  refs: References | null,
  txName?: (tx: number) => string,
): StatRow[] {
  const m = run.metrics;
  const rows: StatRow[] = [
    {
      key: 'makespan',
      label: 'Makespan',
      value: m.makespan,
      text: fmtNum(m.makespan),
      hint: 'Simulated time until the last task ends (cost units).',
    },
    {
      key: 'speedup',
      label: 'Speedup',
      value: m.speedup,
      text: fmtX(m.speedup),
      hint: 'Sum of the committed executions’ costs ÷ makespan.',
    },
  ];
  if (refs) {
    const vsSeq = refs.sequentialMakespan / m.makespan;
    const vsOracle = refs.oracleMakespan / m.makespan;
    rows.push(
      {
        key: 'vs-sequential',
        label: 'vs sequential run',
        value: vsSeq,
        text: fmtX(vsSeq),
        hint: 'Sequential variant’s makespan ÷ this makespan (same cost model).',
      },
      {
        key: 'vs-oracle',
        label: 'of the oracle',
        value: vsOracle,
        text: fmtPct(vsOracle),
        hint: 'Oracle makespan (dependencies known in advance) ÷ this makespan.',
      },
    );
  }
  const end = blockEndText(m, '', txName);
  if (m.blockEnd && end)
    rows.push({
      key: 'block-end',
      label: m.blockEnd.full ? 'Block full' : 'Block capacity',
      value: m.blockEnd.included,
      text: m.blockEnd.full
        ? `at ${txName?.(m.blockEnd.included) ?? `#${m.blockEnd.included}`}`
        : 'not reached',
      hint: 'Where the bouncer ended the block (block capacity).',
      note: end,
    });
  rows.push(
    {
      key: 'graph-bound',
      label: 'Graph bound',
      value: run.graphBound,
      text: fmtX(run.graphBound),
      hint: 'min(cores, total work ÷ critical path) of the transactions in the block: no schedule can beat it.',
      ...(run.remark ? { note: run.remark } : {}),
    },
    {
      key: 'executions',
      label: 'Executions',
      value: m.executions,
      text: fmtNum(m.executions),
      hint: 'Every execution, first runs and re-runs.',
    },
    {
      key: 'reExecutions',
      label: 'Re-executions',
      value: m.reExecutions,
      text: fmtNum(m.reExecutions),
      hint: 'Executions beyond one per transaction.',
    },
    {
      key: 'aborts',
      label: 'Aborts',
      value: m.aborts.total,
      text: `${fmtNum(m.aborts.total)} (dep ${m.aborts.dependency}, val ${m.aborts.validation}, cascade ${m.aborts.cascade})`,
      hint: 'Incarnations thrown away, by reason.',
    },
    {
      key: 'validations',
      label: 'Validations',
      value: m.validations,
      text: `${fmtNum(m.validations)} (${fmtNum(m.failedValidations)} failed)`,
      hint: 'Validation tasks; failed ones trigger an abort.',
    },
    {
      key: 'wastedWork',
      label: 'Wasted work',
      value: m.wastedWork,
      text: `${fmtNum(m.wastedWork)} (${fmtPct(m.wastedWork / Math.max(1, m.busy.execute + m.busy.validate + m.busy.abort + m.busy.commit))})`,
      hint: 'Core time spent on executions that were discarded.',
    },
    {
      key: 'utilisation',
      label: 'Utilisation',
      value: m.utilisation,
      text: fmtPct(m.utilisation),
      hint: 'Busy core time ÷ (cores × makespan).',
    },
  );
  return rows;
}

function StatList({
  run,
  refs,
  testPrefix,
}: {
  run: RunPayload;
  refs: References | null;
  testPrefix: string;
}) {
  const summary = useBlock((s) => s.summary);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {statRows(run, refs, (tx) => shortTxLabel(summary, tx)).map((r) => (
        <div key={r.key} className="contents" title={r.hint}>
          <dt className="text-slate-500 dark:text-slate-400">{r.label}</dt>
          <dd
            className="text-right font-mono tabular-nums"
            data-testid={`${testPrefix}-${r.key}`}
            data-value={r.value}
          >
            {r.text}
          </dd>
          {r.note && (
            <dd
              className="col-span-2 text-xs text-amber-700 dark:text-amber-400"
              data-testid={`${testPrefix}-${r.key}-note`}
            >
              {r.note}
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

export function Stats() {
  const current = useRun((s) => s.current);
  const compare = useRun((s) => s.compare);
  const refs = useRun((s) => s.refs);
  if (!current)
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">
        Run a block to see speedup, re-executions and utilisation.
      </p>
    );
  return (
    <div className="flex h-full flex-col gap-3 overflow-auto" data-testid="stats-body">
      <StatList run={current} refs={refs} testPrefix="stat" />
      {compare && <CompareDiff a={current} b={compare} />}
      <SpeedupChart />
    </div>
  );
}

function label(r: RunPayload) {
  return `${SHORT_VARIANT_LABELS[r.params.variant]} on ${r.log.cores} core${r.log.cores > 1 ? 's' : ''}`;
}

export function CompareDiff({ a, b }: { a: RunPayload; b: RunPayload }) {
  const dm = b.metrics.makespan - a.metrics.makespan;
  const dr = b.metrics.reExecutions - a.metrics.reExecutions;
  const ratio = b.metrics.makespan / a.metrics.makespan;
  return (
    <div
      data-testid="compare-diff"
      className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
    >
      <p>
        <strong>B</strong> ({label(b)}) vs <strong>A</strong> ({label(a)}):
      </p>
      <ul className="list-disc pl-5">
        <li>
          makespan {fmtNum(b.metrics.makespan)} vs {fmtNum(a.metrics.makespan)}: B is{' '}
          {dm === 0
            ? 'as fast as A'
            : dm > 0
              ? `${fmtNum(dm)} units slower (${fmtX(ratio)})`
              : `${fmtNum(-dm)} units faster (${fmtX(1 / ratio)} quicker)`}
        </li>
        <li>
          re-executions {fmtNum(b.metrics.reExecutions)} vs {fmtNum(a.metrics.reExecutions)}:{' '}
          {dr === 0 ? 'the same' : dr > 0 ? `${fmtNum(dr)} more in B` : `${fmtNum(-dr)} fewer in B`}
        </li>
        <li>
          wasted work {fmtNum(b.metrics.wastedWork)} vs {fmtNum(a.metrics.wastedWork)}
        </li>
      </ul>
    </div>
  );
}
