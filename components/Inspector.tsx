'use client';

import { useMemo } from 'react';
import {
  ABORT_REASON_NAMES,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_MEMO,
  FLAG_REVERTED,
} from '@/engine/stm/events';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import { useSelection } from '@/lib/stores/selection';
import { useBlock } from '@/lib/stores/block';
import { CairoDetail } from './CairoDetail';
import { cellLabel, fmtNum, shortHex, shortTxLabel, txLabel } from '@/lib/format';

function version(tx: number, inc: number) {
  return tx < 0 ? 'pre-block state' : `tx ${tx}, incarnation ${inc}`;
}

export function Inspector({ run }: { run: RunPayload }) {
  const tx = useSelection((s) => s.tx);
  const cell = useSelection((s) => s.cell);
  if (tx !== null) return <TxInspector run={run} tx={tx} />;
  if (cell !== null) return <CellInspector run={run} cell={cell} />;
  return (
    <p className="text-sm text-slate-500 dark:text-slate-400">
      Click a bar in the timeline or a node in the graph to inspect a transaction; click an edge or
      a cell name to see every reader and writer of that cell.
    </p>
  );
}

function CellButton({ run, ci }: { run: RunPayload; ci: number }) {
  const selectCell = useSelection((s) => s.selectCell);
  const key = run.log.cells[ci];
  return (
    <button
      type="button"
      onClick={() => selectCell(key)}
      data-testid="inspector-cell"
      className="text-left text-blue-700 underline decoration-dotted hover:decoration-solid dark:text-blue-300"
      title={key}
    >
      {cellLabel(key, run.cellNames[ci])}
    </button>
  );
}

function TxLink({ tx }: { tx: number }) {
  const selectTx = useSelection((s) => s.selectTx);
  const summary = useBlock((s) => s.summary);
  if (tx < 0) return <span>pre-block state</span>;
  return (
    <button
      type="button"
      onClick={() => selectTx(tx)}
      className="text-blue-700 underline decoration-dotted dark:text-blue-300"
    >
      {shortTxLabel(summary, tx)}
    </button>
  );
}

function TxInspector({ run, tx }: { run: RunPayload; tx: number }) {
  const summary = useBlock((s) => s.summary);
  const log = run.log;
  const events = useMemo(() => {
    const out: number[] = [];
    for (let e = 0; e < log.count; e++) if (log.tx[e] === tx) out.push(e);
    return out.sort((a, b) => log.start[a] - log.start[b]);
  }, [log, tx]);
  const incs = [...new Set(events.map((e) => log.incarnation[e]))].sort((a, b) => a - b);
  const g = run.graph;
  const preds: number[] = [];
  const succs: number[] = [];
  for (let i = 0; i < g.edgeFrom.length; i++) {
    if (g.edgeTo[i] === tx) preds.push(g.edgeFrom[i]);
    if (g.edgeFrom[i] === tx) succs.push(g.edgeTo[i]);
  }
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="inspector-tx" data-tx={tx}>
      <h3 className="font-semibold">{txLabel(summary, tx)}</h3>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        index {tx} · cost {fmtNum(g.cost[tx] ?? 0)} steps · column {(g.level[tx] ?? 0) + 1} of{' '}
        {g.columns} · {incs.length} incarnation{incs.length > 1 ? 's' : ''}
      </p>
      <p className="text-xs">
        depends on:{' '}
        {preds.length
          ? preds.map((p, i) => (
              <span key={p}>
                {i > 0 && ', '}
                <TxLink tx={p} />
              </span>
            ))
          : 'nothing'}{' '}
        · needed by:{' '}
        {succs.length
          ? succs.slice(0, 20).map((p, i) => (
              <span key={p}>
                {i > 0 && ', '}
                <TxLink tx={p} />
              </span>
            ))
          : 'nothing'}
      </p>
      {incs.map((inc) => (
        <section
          key={inc}
          className="rounded border border-slate-200 p-2 dark:border-slate-700"
          data-testid="incarnation"
        >
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Incarnation {inc}
          </h4>
          <ul className="flex flex-col gap-1">
            {events
              .filter((e) => log.incarnation[e] === inc)
              .map((e) => (
                <EventItem key={e} run={run} e={e} />
              ))}
          </ul>
        </section>
      ))}
      <CairoDetail tx={tx} runKey={run} />
    </div>
  );
}

/** ", at t 123" for an access the log placed in time (its offset added to the bar's start). */
function atText(start: number, at: number | undefined, paren = false): string {
  if (at === undefined || Number.isNaN(at)) return '';
  return paren ? ` (at t ${fmtNum(start + at)})` : `, at t ${fmtNum(start + at)}`;
}

function EventItem({ run, e }: { run: RunPayload; e: number }) {
  const log = run.log;
  const k = log.kind[e];
  const f = log.flags[e];
  const head = `core ${log.core[e]}, t ${fmtNum(log.start[e])}–${fmtNum(log.end[e])}`;
  if (k === EV_EXECUTE) {
    const reads = [];
    for (let r = log.readOffset[e]; r < log.readOffset[e + 1]; r++) reads.push(r);
    const writes = [];
    for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++) writes.push(w);
    return (
      <li>
        <span className="font-medium text-blue-600 dark:text-blue-400">execute</span> ({head})
        {f & FLAG_MEMO ? ' · result reused' : ''}
        {f & FLAG_REVERTED ? ' · reverted' : ''}
        <details open={reads.length + writes.length <= 8}>
          <summary className="cursor-pointer text-xs text-slate-500 dark:text-slate-400">
            {reads.length} reads, {writes.length} writes
          </summary>
          <ul className="pl-3 text-xs">
            {reads.map((r) => (
              <li key={`r${r}`}>
                read <CellButton run={run} ci={log.readCell[r]} /> ={' '}
                <span className="font-mono">
                  {log.readValue[r] < 0 ? 'ESTIMATE' : shortHex(log.values[log.readValue[r]], 8)}
                </span>{' '}
                <span className="text-slate-500 dark:text-slate-400">
                  (version: {version(log.readTx[r], log.readInc[r])}
                  {atText(log.start[e], log.readAt?.[r])})
                </span>
              </li>
            ))}
            {writes.map((w) => (
              <li key={`w${w}`}>
                write <CellButton run={run} ci={log.writeCell[w]} /> ←{' '}
                <span className="font-mono">{shortHex(log.values[log.writeValue[w]], 8)}</span>
                <span className="text-slate-500 dark:text-slate-400">
                  {atText(log.start[e], log.writeAt?.[w], true)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      </li>
    );
  }
  if (k === EV_VALIDATE) {
    const failed = (f & FLAG_FAILED) !== 0;
    return (
      <li>
        <span
          className={
            failed
              ? 'font-medium text-amber-700 dark:text-amber-400'
              : 'font-medium text-emerald-700 dark:text-emerald-400'
          }
        >
          validate {failed ? '— failed' : '— ok'}
        </span>{' '}
        ({head})
        {failed && log.causeCell[e] >= 0 && (
          <span className="text-xs">
            {' '}
            · <CellButton run={run} ci={log.causeCell[e]} /> was rewritten by{' '}
            <TxLink tx={log.causeTx[e]} />
          </span>
        )}
      </li>
    );
  }
  if (k === EV_ABORT) {
    return (
      <li data-testid="abort-reason">
        <span className="font-medium text-red-600">
          abort ({ABORT_REASON_NAMES[f] ?? 'unknown'})
        </span>{' '}
        ({head})
        <span className="text-xs">
          {log.causeCell[e] >= 0 && (
            <>
              {' '}
              · cell <CellButton run={run} ci={log.causeCell[e]} />
            </>
          )}{' '}
          · caused by <TxLink tx={log.causeTx[e]} />
        </span>
      </li>
    );
  }
  if (k === EV_COMMIT)
    return (
      <li>
        <span className="font-medium text-purple-600">commit</span> ({head})
      </li>
    );
  return null;
}

function CellInspector({ run, cell }: { run: RunPayload; cell: string }) {
  const log = run.log;
  const ci = log.cells.indexOf(cell);
  const { readers, writers } = useMemo(() => {
    const readers = new Map<number, string[]>();
    const writers = new Map<number, string[]>();
    if (ci < 0) return { readers, writers };
    for (let e = 0; e < log.count; e++) {
      if (log.kind[e] !== EV_EXECUTE) continue;
      for (let r = log.readOffset[e]; r < log.readOffset[e + 1]; r++)
        if (log.readCell[r] === ci) {
          const l = readers.get(log.tx[e]) ?? [];
          l.push(`inc ${log.incarnation[e]} saw ${version(log.readTx[r], log.readInc[r])}`);
          readers.set(log.tx[e], l);
        }
      for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++)
        if (log.writeCell[w] === ci) {
          const l = writers.get(log.tx[e]) ?? [];
          l.push(`inc ${log.incarnation[e]} wrote ${shortHex(log.values[log.writeValue[w]], 8)}`);
          writers.set(log.tx[e], l);
        }
    }
    return { readers, writers };
  }, [log, ci]);
  const name = ci >= 0 ? run.cellNames[ci] : undefined;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="inspector-cell-view" data-cell={cell}>
      <h3 className="font-semibold">{cellLabel(cell, name)}</h3>
      <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{cell}</p>
      {(
        [
          ['Writers', writers],
          ['Readers', readers],
        ] as const
      ).map(([title, m]) => (
        <section key={title}>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            {title} ({m.size})
          </h4>
          <ul className="text-xs" data-testid={`cell-${title.toLowerCase()}`}>
            {[...m.entries()].slice(0, 200).map(([t, l]) => (
              <li key={t}>
                <TxLink tx={t} />: {l.join('; ')}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
