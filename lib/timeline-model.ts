/**
 * Derived, render-ready views of an event log: per-core event lists for hit-testing, the state of
 * every transaction at a given time (for the graph), and abort arrows (writer → aborted bar).
 */
import {
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  type EventLog,
} from '@/engine/stm/events';

export const TX_PENDING = 0;
export const TX_EXECUTING = 1;
export const TX_REEXECUTING = 2;
export const TX_EXECUTED = 3;
export const TX_ABORTED = 4;
export const TX_VALIDATED = 5;
export const TX_COMMITTED = 6;
export const TX_STATE_NAMES = [
  'pending',
  'executing',
  're-executing',
  'executed',
  'aborted',
  'validated',
  'committed',
] as const;

export interface LogModel {
  log: EventLog;
  makespan: number;
  /** Event indices of each core, sorted by start. */
  byCore: Int32Array[];
  /** Execute events of each tx, sorted by start. */
  execByTx: Int32Array[];
  /** Transitions sorted by time: time, tx, new state. */
  trTime: Float64Array;
  trTx: Int32Array;
  trState: Uint8Array;
  /** Abort arrows: from event (writer's execution) → to event (the abort). */
  arrowFrom: Int32Array;
  arrowTo: Int32Array;
}

/**
 * Models already built, by log: the explorer asks for the same run's model more than once (the
 * page's model and the playback's duration), and each build sorts every event and transition
 * (~30 ms for 10,000 transactions, on the main thread before the first frame). Logs are never
 * changed after a run, so the model of a log object stays valid; a WeakMap lets it go with the log.
 */
const built = new WeakMap<EventLog, LogModel>();

/** The model of `log`, built once per log object. */
export function buildLogModel(log: EventLog): LogModel {
  let m = built.get(log);
  if (!m) built.set(log, (m = buildLogModelUncached(log)));
  return m;
}

function buildLogModelUncached(log: EventLog): LogModel {
  let makespan = 0;
  for (let e = 0; e < log.count; e++) if (log.end[e] > makespan) makespan = log.end[e];
  const order = sortedIndices(log.start, null, log.count);
  // bucket keys per event (-1: in no bucket), then one counting split per key array
  const coreKey = new Int32Array(log.count);
  const txKey = new Int32Array(log.count);
  for (let e = 0; e < log.count; e++) {
    coreKey[e] = log.core[e];
    txKey[e] = log.kind[e] === EV_EXECUTE ? log.tx[e] : -1;
  }
  const byCore = bucket(order, log.cores, coreKey);
  const execByTx = bucket(order, log.txCount, txKey);
  const tr = transitions(log, makespan);
  const arrowFrom: number[] = [];
  const arrowTo: number[] = [];
  for (let e = 0; e < log.count; e++) {
    if (log.kind[e] !== EV_ABORT) continue;
    const w = log.causeTx[e];
    if (w < 0 || w >= log.txCount) continue;
    const list = execByTx[w];
    let best = -1;
    for (const x of list) if (log.start[x] <= log.start[e]) best = x;
    if (best >= 0) {
      arrowFrom.push(best);
      arrowTo.push(e);
    }
  }
  return {
    log,
    makespan,
    byCore,
    execByTx,
    trTime: tr.time,
    trTx: tr.tx,
    trState: tr.state,
    arrowFrom: Int32Array.from(arrowFrom),
    arrowTo: Int32Array.from(arrowTo),
  };
}

/**
 * The events of `order` split by key (0…buckets-1; out of range: left out), each bucket in
 * `order`'s order: two counting passes into typed arrays, no per-bucket growing lists.
 */
function bucket(order: Uint32Array, buckets: number, key: Int32Array): Int32Array[] {
  const count = new Int32Array(buckets);
  for (let i = 0; i < order.length; i++) {
    const k = key[order[i]];
    if (k >= 0 && k < buckets) count[k]++;
  }
  const out: Int32Array[] = new Array(buckets);
  for (let b = 0; b < buckets; b++) out[b] = new Int32Array(count[b]);
  count.fill(0);
  for (let i = 0; i < order.length; i++) {
    const e = order[i];
    const k = key[e];
    if (k >= 0 && k < buckets) out[k][count[k]++] = e;
  }
  return out;
}

/** Transitions in log order, in parallel typed arrays filled up to `m`; `prio` orders ties. */
interface TransitionBuffer {
  time: Float64Array;
  prio: Uint8Array;
  tx: Int32Array;
  state: Uint8Array;
  m: number;
}

function transitionBuffer(cap: number): TransitionBuffer {
  return {
    time: new Float64Array(cap),
    prio: new Uint8Array(cap),
    tx: new Int32Array(cap),
    state: new Uint8Array(cap),
    m: 0,
  };
}

function push(b: TransitionBuffer, t: number, p: number, x: number, s: number): void {
  const i = b.m++;
  b.time[i] = t;
  b.prio[i] = p;
  b.tx[i] = x;
  b.state[i] = s;
}

/**
 * Each transaction's last incarnation (only its validation counts as 'validated': an earlier
 * one is followed by a re-execution), and whether the log has commit events at all.
 */
function lastIncarnations(log: EventLog): { finalInc: Int32Array; hasCommit: boolean } {
  const finalInc = new Int32Array(log.txCount);
  let hasCommit = false;
  for (let e = 0; e < log.count; e++) {
    if (log.kind[e] === EV_EXECUTE && log.incarnation[e] > finalInc[log.tx[e]])
      finalInc[log.tx[e]] = log.incarnation[e];
    if (log.kind[e] === EV_COMMIT) hasCommit = true;
  }
  return { finalInc, hasCommit };
}

/** The transitions of event `e`: at most two (an execution's start and end). */
function pushEvent(b: TransitionBuffer, log: EventLog, e: number, finalInc: Int32Array): void {
  const x = log.tx[e];
  switch (log.kind[e]) {
    case EV_EXECUTE:
      push(b, log.start[e], 1, x, log.incarnation[e] > 0 ? TX_REEXECUTING : TX_EXECUTING);
      push(b, log.end[e], 0, x, TX_EXECUTED);
      break;
    case EV_VALIDATE:
      if (log.flags[e] & FLAG_FAILED) push(b, log.end[e], 0, x, TX_ABORTED);
      else if (log.incarnation[e] === finalInc[x]) push(b, log.end[e], 0, x, TX_VALIDATED);
      break;
    case EV_ABORT:
      push(b, log.start[e], 2, x, TX_ABORTED);
      break;
    case EV_COMMIT:
      push(b, log.end[e], 3, x, TX_COMMITTED);
      break;
  }
}

/** The buffer's transitions copied out in (time, prio, log order) order. */
function sortedTransitions(b: TransitionBuffer): {
  time: Float64Array;
  tx: Int32Array;
  state: Uint8Array;
} {
  const m = b.m;
  const order = sortedIndices(b.time, b.prio, m);
  const out = { time: new Float64Array(m), tx: new Int32Array(m), state: new Uint8Array(m) };
  for (let i = 0; i < m; i++) {
    const j = order[i];
    out.time[i] = b.time[j];
    out.tx[i] = b.tx[j];
    out.state[i] = b.state[j];
  }
  return out;
}

/**
 * Every state change of every transaction, sorted by time (ties: end of an execution, then the
 * start of one, an abort, a commit; then log order). Typed arrays and one index sort: a
 * 10,000-transaction run has ~100,000 transitions, and an array of tuples sorted by a closure
 * was most of the main thread's time before the first frame.
 */
function transitions(
  log: EventLog,
  makespan: number,
): { time: Float64Array; tx: Int32Array; state: Uint8Array } {
  const { finalInc, hasCommit } = lastIncarnations(log);
  // two per event at most, plus the makespan commits below
  const b = transitionBuffer(2 * log.count + (hasCommit ? 0 : log.txCount));
  for (let e = 0; e < log.count; e++) pushEvent(b, log, e, finalInc);
  // a log without commit events: every transaction counts as committed at the makespan
  if (!hasCommit) for (let x = 0; x < log.txCount; x++) push(b, makespan, 4, x, TX_COMMITTED);
  return sortedTransitions(b);
}

/**
 * Indices 0…n-1 sorted by time, then prio (small integers, optional), then index. The
 * simulator's times are whole cost units, so (time, prio, index) usually packs exactly into one
 * double and a plain numeric sort of those keys does it (no comparator calls: a few ms for
 * 100,000 keys instead of tens); other times (a real run's milliseconds) take the comparator.
 */
export function sortedIndices(time: Float64Array, prio: Uint8Array | null, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let maxTime = 0;
  let maxPrio = 0;
  let whole = true;
  for (let i = 0; i < n && whole; i++) {
    const t = time[i];
    whole = Number.isInteger(t) && t >= 0;
    if (t > maxTime) maxTime = t;
    if (prio && prio[i] > maxPrio) maxPrio = prio[i];
  }
  const idxSpan = 2 ** Math.ceil(Math.log2(n + 1));
  const prioSpan = maxPrio + 1;
  if (whole && (maxTime + 1) * prioSpan * idxSpan <= Number.MAX_SAFE_INTEGER) {
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) key[i] = (time[i] * prioSpan + (prio ? prio[i] : 0)) * idxSpan + i;
    key.sort();
    for (let i = 0; i < n; i++) order[i] = key[i] % idxSpan;
    return order;
  }
  if (prio) order.sort((a, b) => time[a] - time[b] || prio[a] - prio[b] || a - b);
  else order.sort((a, b) => time[a] - time[b] || a - b);
  return order;
}

/** Fills `out` with every transaction's state at time t. */
export function statesAt(m: LogModel, t: number, out: Uint8Array): Uint8Array {
  out.fill(TX_PENDING);
  const n = m.trTime.length;
  for (let i = 0; i < n && m.trTime[i] <= t; i++) out[m.trTx[i]] = m.trState[i];
  return out;
}

/**
 * `statesAt` for a playhead that mostly moves forward (playback): keeps its place in the
 * transitions and applies only the new ones; a step back starts over.
 */
export function statesCursor(m: LogModel): (t: number) => Uint8Array {
  const out = new Uint8Array(m.log.txCount);
  let at = 0;
  let last = -Infinity;
  return (t) => {
    if (t < last) {
      out.fill(TX_PENDING);
      at = 0;
    }
    last = t;
    const n = m.trTime.length;
    for (; at < n && m.trTime[at] <= t; at++) out[m.trTx[at]] = m.trState[at];
    return out;
  };
}

/** Event of `core` under time t, or -1. */
export function eventAt(m: LogModel, core: number, t: number): number {
  const list = m.byCore[core];
  if (!list) return -1;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m.log.start[list[mid]] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return -1;
  const e = list[found];
  return m.log.end[e] >= t ? e : -1;
}

/** Events running at time t (one per busy core). */
export function runningAt(m: LogModel, t: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < m.byCore.length; c++) {
    const e = eventAt(m, c, t);
    if (e >= 0 && m.log.start[e] < t + 1e-9 && m.log.end[e] > t) out.push(e);
  }
  return out;
}

export function countStates(states: Uint8Array): number[] {
  const c = new Array(TX_STATE_NAMES.length).fill(0);
  for (let i = 0; i < states.length; i++) c[states[i]]++;
  return c;
}
