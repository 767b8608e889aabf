/**
 * Teaching-mode narration: plain sentences about what the scheduler does at a moment of the run
 * and why, derived from the event log (never scripted per preset, so it is always accurate).
 */
import {
  ABORT_CASCADE,
  ABORT_COMMIT,
  ABORT_RUNNING,
  ABORT_DEPENDENCY,
  ABORT_VALIDATION,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_MEMO,
} from '@/engine/stm/events';
import type { LogModel } from './timeline-model';

const EPS = 1e-9;

type Names = { name: (tx: number) => string; cellName: (cellIndex: number) => string };

const DONE = 'The block is done: every transaction is validated and committed.';

/** What the end of event `e` means. */
function ending(log: LogModel['log'], e: number, n: Names): string | undefined {
  const tx = n.name(log.tx[e]);
  switch (log.kind[e]) {
    case EV_EXECUTE:
      return `Core ${log.core[e]} finishes executing ${tx} (incarnation ${log.incarnation[e]}); its writes are now visible to later transactions, and it needs a validation.`;
    case EV_VALIDATE: {
      if (!(log.flags[e] & FLAG_FAILED))
        return `Validation of ${tx} succeeds: everything it read is still the latest version below it.`;
      const w = log.causeTx[e];
      const c = log.causeCell[e] >= 0 ? n.cellName(log.causeCell[e]) : 'a cell it read';
      return `Validation of ${tx} fails: it read "${c}" ${w >= 0 ? `but ${n.name(w)} has written it since` : 'and that value changed'}. Its execution was done against stale state.`;
    }
    case EV_COMMIT:
      return `${tx} commits, in order: its effects are final.`;
  }
  return undefined;
}

/** What the start of event `e` means. */
function starting(log: LogModel['log'], e: number, n: Names): string | undefined {
  const tx = n.name(log.tx[e]);
  const inc = log.incarnation[e];
  switch (log.kind[e]) {
    case EV_EXECUTE:
      return inc === 0
        ? `Core ${log.core[e]} starts executing ${tx}, optimistically, without knowing whether an earlier transaction will change what it reads.`
        : `Core ${log.core[e]} re-executes ${tx} (incarnation ${inc}) now that the value it depends on is available.${log.flags[e] & FLAG_MEMO ? ' It reads the same values as before, so the earlier result is reused.' : ''}`;
    case EV_VALIDATE:
      return `Core ${log.core[e]} validates ${tx}: it re-reads ${tx}'s read set to check no earlier transaction wrote those cells since.`;
    case EV_ABORT:
      return abortSentence(log, e, n);
  }
  return undefined;
}

/** Why an abort happened, by its kind (stored in the event's flags). */
function abortSentence(log: LogModel['log'], e: number, n: Names): string | undefined {
  const tx = n.name(log.tx[e]);
  const w = log.causeTx[e];
  const who = w >= 0 ? n.name(w) : 'an earlier transaction';
  const c = log.causeCell[e] >= 0 ? `"${n.cellName(log.causeCell[e])}"` : 'a cell';
  switch (log.flags[e]) {
    case ABORT_DEPENDENCY:
      return `${tx} stops mid-execution: it tried to read ${c}, which ${who} is about to rewrite. It waits for it instead of wasting work.`;
    case ABORT_VALIDATION:
      return `${tx} is aborted: ${who} wrote ${c} after ${tx} read it. ${tx} will run again; only transactions that read from it must be re-checked.`;
    case ABORT_CASCADE:
      return `${tx} is aborted too, because ${who} was (the naive variant re-executes every later transaction).`;
    case ABORT_COMMIT:
      return `${tx} fails its in-order commit check on ${c} and must run again.`;
    case ABORT_RUNNING:
      return `${tx} is stopped while still running: ${who} just rewrote ${c}, which ${tx} had already read. Rather than finish on a stale input, it starts again.`;
  }
  return undefined;
}

/** When nothing starts or ends at `t`: what the cores are doing. */
function inProgress(m: LogModel, n: Names, t: number): string {
  const log = m.log;
  const running: string[] = [];
  for (let c = 0; c < m.byCore.length; c++)
    for (const e of m.byCore[c])
      if (log.start[e] < t && log.end[e] > t)
        running.push(
          `core ${c} ${['executes', 'validates', 'aborts', 'commits'][log.kind[e]]} ${n.name(log.tx[e])}`,
        );
  if (running.length)
    return `In progress: ${running.slice(0, 8).join('; ')}${running.length > 8 ? '…' : ''}.`;
  return t >= m.makespan - EPS ? DONE : 'All cores are idle, waiting for dependencies.';
}

export function narrate(
  m: LogModel,
  name: (tx: number) => string,
  cellName: (cellIndex: number) => string,
  t: number,
): string[] {
  const log = m.log;
  const n: Names = { name, cellName };
  const out: string[] = [];
  if (t <= EPS)
    out.push(
      `Nothing has run yet. ${log.cores} core${log.cores > 1 ? 's' : ''} will pick up tasks from the scheduler, lowest transaction first.`,
    );
  const push = (s: string | undefined) => s !== undefined && out.push(s);
  for (let e = 0; e < log.count; e++) if (Math.abs(log.end[e] - t) <= EPS) push(ending(log, e, n));
  for (let e = 0; e < log.count; e++)
    if (Math.abs(log.start[e] - t) <= EPS) push(starting(log, e, n));
  if (out.length === 0) out.push(inProgress(m, n, t));
  if (t >= m.makespan - EPS && out[out.length - 1]?.startsWith('The block') !== true)
    out.push(DONE);
  return out;
}
