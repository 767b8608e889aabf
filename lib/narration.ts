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

export function narrate(
  m: LogModel,
  name: (tx: number) => string,
  cellName: (cellIndex: number) => string,
  t: number,
): string[] {
  const log = m.log;
  const out: string[] = [];
  if (t <= EPS)
    out.push(
      `Nothing has run yet. ${log.cores} core${log.cores > 1 ? 's' : ''} will pick up tasks from the scheduler, lowest transaction first.`,
    );
  for (let e = 0; e < log.count; e++) {
    if (Math.abs(log.end[e] - t) > EPS) continue;
    const tx = name(log.tx[e]);
    const inc = log.incarnation[e];
    switch (log.kind[e]) {
      case EV_EXECUTE:
        out.push(
          `Core ${log.core[e]} finishes executing ${tx} (incarnation ${inc}); its writes are now visible to later transactions, and it needs a validation.`,
        );
        break;
      case EV_VALIDATE:
        if (log.flags[e] & FLAG_FAILED) {
          const w = log.causeTx[e];
          const c = log.causeCell[e] >= 0 ? cellName(log.causeCell[e]) : 'a cell it read';
          out.push(
            `Validation of ${tx} fails: it read "${c}" ${w >= 0 ? `but ${name(w)} has written it since` : 'and that value changed'}. Its execution was done against stale state.`,
          );
        } else
          out.push(
            `Validation of ${tx} succeeds: everything it read is still the latest version below it.`,
          );
        break;
      case EV_COMMIT:
        out.push(`${tx} commits, in order: its effects are final.`);
        break;
    }
  }
  for (let e = 0; e < log.count; e++) {
    if (Math.abs(log.start[e] - t) > EPS) continue;
    const tx = name(log.tx[e]);
    const inc = log.incarnation[e];
    switch (log.kind[e]) {
      case EV_EXECUTE:
        out.push(
          inc === 0
            ? `Core ${log.core[e]} starts executing ${tx}, optimistically, without knowing whether an earlier transaction will change what it reads.`
            : `Core ${log.core[e]} re-executes ${tx} (incarnation ${inc}) now that the value it depends on is available.${log.flags[e] & FLAG_MEMO ? ' It reads the same values as before, so the earlier result is reused.' : ''}`,
        );
        break;
      case EV_VALIDATE:
        out.push(
          `Core ${log.core[e]} validates ${tx}: it re-reads ${tx}'s read set to check no earlier transaction wrote those cells since.`,
        );
        break;
      case EV_ABORT: {
        const f = log.flags[e];
        const w = log.causeTx[e];
        const c = log.causeCell[e] >= 0 ? `"${cellName(log.causeCell[e])}"` : 'a cell';
        if (f === ABORT_DEPENDENCY)
          out.push(
            `${tx} stops mid-execution: it tried to read ${c}, which ${w >= 0 ? name(w) : 'an earlier transaction'} is about to rewrite. It waits for it instead of wasting work.`,
          );
        else if (f === ABORT_VALIDATION)
          out.push(
            `${tx} is aborted: ${w >= 0 ? name(w) : 'an earlier transaction'} wrote ${c} after ${tx} read it. ${tx} will run again; only transactions that read from it must be re-checked.`,
          );
        else if (f === ABORT_CASCADE)
          out.push(
            `${tx} is aborted too, because ${w >= 0 ? name(w) : 'an earlier transaction'} was (the naive variant re-executes every later transaction).`,
          );
        else if (f === ABORT_COMMIT)
          out.push(`${tx} fails its in-order commit check on ${c} and must run again.`);
        else if (f === ABORT_RUNNING)
          out.push(
            `${tx} is stopped while still running: ${w >= 0 ? name(w) : 'an earlier transaction'} just rewrote ${c}, which ${tx} had already read. Rather than finish on a stale input, it starts again.`,
          );
        break;
      }
    }
  }
  if (out.length === 0) {
    const running: string[] = [];
    for (let c = 0; c < m.byCore.length; c++)
      for (const e of m.byCore[c])
        if (log.start[e] < t && log.end[e] > t)
          running.push(
            `core ${c} ${['executes', 'validates', 'aborts', 'commits'][log.kind[e]]} ${name(log.tx[e])}`,
          );
    if (running.length)
      out.push(`In progress: ${running.slice(0, 8).join('; ')}${running.length > 8 ? '…' : ''}.`);
    else if (t >= m.makespan - EPS)
      out.push('The block is done: every transaction is validated and committed.');
    else out.push('All cores are idle, waiting for dependencies.');
  }
  if (t >= m.makespan - EPS && out[out.length - 1]?.startsWith('The block') !== true)
    out.push('The block is done: every transaction is validated and committed.');
  return out;
}
