'use client';

import { fmtNum, fmtX } from '@/lib/format';
import { useRealRun } from '@/lib/stores/real-run';

const ms = (v: number) => `${fmtNum(Math.round(v * 10) / 10)} ms`;

/** Progress, error or measured figures of the last "real workers" run (lib/stores/real-run). */
export function RealRunResult() {
  const phase = useRealRun((s) => s.phase);
  const progress = useRealRun((s) => s.progress);
  const error = useRealRun((s) => s.error);
  const r = useRealRun((s) => s.result);
  if (phase === 'idle') return null;
  if (phase === 'running') {
    return (
      <p
        role="status"
        data-testid="real-progress"
        className="mt-1 text-xs text-slate-600 dark:text-slate-300"
      >
        Real run: {progress}
      </p>
    );
  }
  if (phase === 'error') {
    return (
      <p
        role="alert"
        data-testid="real-error"
        className="mt-1 text-xs text-red-700 dark:text-red-400"
      >
        Real run failed: {error}
      </p>
    );
  }
  if (!r) return null;
  return r.kind === 'single' ? <SingleWorkerResult r={r} /> : <ParallelResult r={r} />;
}

type RealResult = NonNullable<ReturnType<typeof useRealRun.getState>['result']>;

/** Without shared memory: one worker in order, no parallel run. */
function SingleWorkerResult({ r }: { r: Extract<RealResult, { kind: 'single' }> }) {
  return (
    <div data-testid="real-result" data-ok="single" className="mt-1 text-xs">
      <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 sm:grid-cols-4">
        <Figure
          title="Wall-clock time of the block executed in index order on one worker (after one untimed warm-up pass)."
          label="1 worker, in order"
          testId="real-wall"
        >
          {ms(r.wallMs)}
        </Figure>
        <Figure
          title="Hash of the final write set (compare with a real parallel run elsewhere)."
          label="Final state"
          text
        >
          {r.stateHash}
        </Figure>
      </dl>
      <p className="text-slate-500 dark:text-slate-400">
        No shared memory on this page, so no parallel run: the simulated timeline shows what k cores
        would do.
      </p>
    </div>
  );
}

/** k workers against one: wall times, the measured speedup and the state check. */
function ParallelResult({ r }: { r: Exclude<RealResult, { kind: 'single' }> }) {
  const speedup = r.wall1Ms / Math.max(1e-9, r.wallMs);
  const checked = r.ok !== undefined;
  return (
    <div
      data-testid="real-result"
      data-ok={checked ? String(r.ok) : 'unchecked'}
      className="mt-1 text-xs"
    >
      <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 sm:grid-cols-4">
        <Figure
          title="Wall-clock time of Block-STM on the workers, from the start signal to the last commit."
          label={`${r.workers} workers`}
          testId="real-wall"
        >
          {ms(r.wallMs)}
        </Figure>
        <Figure title="The same block, same code, on one worker." label="1 worker">
          {ms(r.wall1Ms)}
        </Figure>
        <Figure
          title="1-worker wall time ÷ k-worker wall time (measured, this machine, this run)."
          label="Measured speedup"
          testId="real-speedup"
          dataValue={speedup}
        >
          {fmtX(speedup)}
        </Figure>
        <Figure
          title="Hash of the final state, compared with a plain sequential run of the same block."
          label="Final state"
          testId="real-check"
          text
          alarm={r.ok === false}
        >
          {!checked ? 'not checked' : r.ok ? '= sequential ✓' : '≠ sequential ✗'}
        </Figure>
      </dl>
      {r.sequentialMs !== undefined && r.sequentialMs < 20 && (
        <p className="text-amber-700 dark:text-amber-400" data-testid="real-too-small">
          The whole block runs in {ms(r.sequentialMs)} sequentially: too little work for threads to
          pay off (start signal, shared-memory bookkeeping and validation dominate). For a
          meaningful speedup pick a Cairo VM preset with a few hundred transactions.
        </p>
      )}
      <p className="text-slate-500 dark:text-slate-400">
        Worker start-up
        {r.warmupPasses
          ? ` and ${r.warmupPasses} warm-up pass${r.warmupPasses === 1 ? '' : 'es'} over the block`
          : ''}{' '}
        {ms(r.setupMs)} (not counted)
        {r.sequentialMs !== undefined ? ` · plain sequential loop ${ms(r.sequentialMs)}` : ''} ·
        state {r.stateHash.slice(0, 12)}…
      </p>
    </div>
  );
}

/** One measured figure: a label over a monospaced value (tabular digits unless `text`). */
function Figure(props: {
  title: string;
  label: string;
  testId?: string;
  dataValue?: number;
  /** A text value (no tabular digits). */
  text?: boolean;
  /** Shown in red (a failed check). */
  alarm?: boolean;
  children: React.ReactNode;
}) {
  const cls = [
    'font-mono',
    props.text ? '' : 'tabular-nums',
    props.alarm ? 'text-red-700 dark:text-red-400' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div title={props.title}>
      <dt className="text-slate-500 dark:text-slate-400">{props.label}</dt>
      <dd className={cls} data-testid={props.testId} data-value={props.dataValue}>
        {props.children}
      </dd>
    </div>
  );
}
