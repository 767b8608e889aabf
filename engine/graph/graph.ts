/**
 * The block's true dependency graph, from per-transaction access sets.
 *
 * Edge A→B (kind 'raw') iff B read a cell whose value just before B was written by A (A is the
 * last writer of that cell below B, or a transaction that credited the cell after that writer). Optional 'waw' edges order two writes of the same cell
 * when no RAW edge already links the pair (needed only when state is not multi-versioned).
 * Columns are longest-path levels: every transaction of a column depends only on earlier
 * columns, so each column can be executed in parallel.
 */
import type { CellKey } from '../types';

/** One read: a cell, optionally with the writer observed (-1 = pre-block state) and value. */
export interface AccessRead {
  cell: CellKey;
  writer?: number;
  value?: bigint | string;
}

/** Per-transaction input. Traces from imported blocks can fill this without any executor. */
export interface TxAccess {
  reads: ReadonlyArray<CellKey | AccessRead>;
  writes: ReadonlyArray<CellKey | readonly [CellKey, unknown]> | ReadonlyMap<CellKey, unknown>;
  /**
   * Cells the transaction adds an amount to without reading them (the sequencer-fee credit).
   * Credits commute: they get no incoming edge; a later read of the cell depends on every credit
   * since the cell's last plain write (see README "Sequencer fees").
   */
  credits?: ReadonlyArray<CellKey>;
  /** Weight (e.g. Cairo steps); default 1. */
  cost?: number;
}

export type EdgeKind = 'raw' | 'waw';

export interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  cells: CellKey[];
}

export interface Hotspot {
  cell: CellKey;
  /** Number of edges this cell induced (an edge due to two cells counts for both). */
  edges: number;
}

export interface DependencyGraph {
  n: number;
  cost: Float64Array;
  totalCost: number;
  edges: GraphEdge[];
  /** Adjacency over the scheduling edges (RAW, plus WAW if `writeWrite`), sorted, no duplicates. */
  preds: number[][];
  succs: number[][];
  /** Longest-path level (column) of each transaction, 0-based. */
  level: Int32Array;
  columns: number[][];
  /** Earliest finish with unlimited cores (weighted longest path ending at each tx). */
  earliestFinish: Float64Array;
  /** Weighted longest path from each tx to the end, including its own cost ("bottom level"). */
  bottomLevel: Float64Array;
  criticalPath: { length: number; txs: number[] };
  hotspots: Hotspot[];
}

export interface GraphOptions {
  /** Add write-write ordering edges to the scheduling edges (default false: multi-versioned state). */
  writeWrite?: boolean;
}

function readCell(r: CellKey | AccessRead): AccessRead {
  return typeof r === 'string' ? { cell: r } : r;
}

function writeCells(w: TxAccess['writes']): CellKey[] {
  const out: CellKey[] = [];
  if (w instanceof Map) {
    for (const k of w.keys()) out.push(k as CellKey);
  } else {
    for (const x of w as ReadonlyArray<CellKey | readonly [CellKey, unknown]>)
      out.push(typeof x === 'string' ? x : x[0]);
  }
  return out;
}

/** The edges between transactions, from their reads, plain writes and credits, in block order. */
class EdgeBuilder {
  readonly edges: GraphEdge[] = [];
  private readonly byTo = new Map<number, Map<number, GraphEdge>>(); // to → from → edge
  private readonly lastWriter = new Map<CellKey, number>();
  /** Per cell, the transactions that credited it since its last plain write. */
  private readonly creditsSince = new Map<CellKey, number[]>();

  add(from: number, to: number, kind: EdgeKind, cell: CellKey): void {
    let m = this.byTo.get(to);
    if (!m) this.byTo.set(to, (m = new Map()));
    let e = m.get(from);
    if (!e) {
      e = { from, to, kind, cells: [] };
      m.set(from, e);
      this.edges.push(e);
    } else if (e.kind !== kind) {
      if (kind === 'waw') return; // RAW already orders the pair
      e.kind = 'raw';
      e.cells = [];
    }
    if (!e.cells.includes(cell)) e.cells.push(cell);
  }

  /** Transaction `b`'s accesses, after those of every lower transaction. */
  tx(b: number, a: TxAccess): void {
    for (const r0 of a.reads) {
      const r = readCell(r0);
      const w = r.writer !== undefined ? r.writer : (this.lastWriter.get(r.cell) ?? -1);
      if (w >= 0 && w < b) this.add(w, b, 'raw', r.cell);
      // The value read is the last plain write plus every credit since: each credit is read.
      if (r.writer === undefined)
        for (const c of this.creditsSince.get(r.cell) ?? []) this.add(c, b, 'raw', r.cell);
    }
    for (const c of writeCells(a.writes)) {
      const prev = this.lastWriter.get(c);
      if (prev !== undefined && prev !== b) this.add(prev, b, 'waw', c);
      this.lastWriter.set(c, b);
      this.creditsSince.delete(c);
    }
    for (const c of a.credits ?? []) {
      const list = this.creditsSince.get(c);
      if (list) list.push(b);
      else this.creditsSince.set(c, [b]);
    }
  }
}

/** Sorted predecessor and successor lists (write-write edges only when asked). */
function adjacency(n: number, edges: GraphEdge[], useWaw: boolean) {
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    if (e.kind === 'waw' && !useWaw) continue;
    preds[e.to].push(e.from);
    succs[e.from].push(e.to);
  }
  for (let i = 0; i < n; i++) {
    preds[i].sort((x, y) => x - y);
    succs[i].sort((x, y) => x - y);
  }
  return { preds, succs };
}

/**
 * Columns (longest chain of predecessors), earliest finish times and the predecessor each one
 * waits for last. Edges always go from lower to higher index: index order is a topological order.
 */
function forwardPass(preds: number[][], cost: Float64Array) {
  const n = preds.length;
  const level = new Int32Array(n);
  const earliestFinish = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let lv = 0;
    for (const p of preds[i]) {
      if (level[p] + 1 > lv) lv = level[p] + 1;
      if (via[i] === -1 || earliestFinish[p] > earliestFinish[via[i]]) via[i] = p;
    }
    level[i] = lv;
    earliestFinish[i] = (via[i] >= 0 ? earliestFinish[via[i]] : 0) + cost[i];
  }
  return { level, earliestFinish, via };
}

/** Longest path from each transaction to the end, its own cost included. */
function bottomLevels(succs: number[][], cost: Float64Array): Float64Array {
  const b = new Float64Array(succs.length);
  for (let i = succs.length - 1; i >= 0; i--) {
    let m = 0;
    for (const s of succs[i]) if (b[s] > m) m = b[s];
    b[i] = m + cost[i];
  }
  return b;
}

/** The transactions ending last and the chain that led to it. */
function criticalPathOf(earliestFinish: Float64Array, via: Int32Array) {
  let end = -1;
  for (let i = 0; i < earliestFinish.length; i++)
    if (end < 0 || earliestFinish[i] > earliestFinish[end]) end = i;
  const txs: number[] = [];
  for (let x = end; x >= 0; x = via[x]) txs.push(x);
  txs.reverse();
  return { length: end >= 0 ? earliestFinish[end] : 0, txs };
}

/** Cells by the number of edges that carry them, most first (ties by name). */
function hotspotsOf(edges: GraphEdge[]): DependencyGraph['hotspots'] {
  const count = new Map<CellKey, number>();
  for (const e of edges) for (const c of e.cells) count.set(c, (count.get(c) ?? 0) + 1);
  return [...count.entries()]
    .map(([cell, k]) => ({ cell, edges: k }))
    .sort((a, b) => b.edges - a.edges || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
}

export function buildDependencyGraph(
  access: readonly TxAccess[],
  opts: GraphOptions = {},
): DependencyGraph {
  const n = access.length;
  const builder = new EdgeBuilder();
  const cost = new Float64Array(n);
  let totalCost = 0;
  for (let b = 0; b < n; b++) {
    cost[b] = access[b].cost ?? 1;
    totalCost += cost[b];
    builder.tx(b, access[b]);
  }
  const edges = builder.edges;
  const { preds, succs } = adjacency(n, edges, opts.writeWrite === true);
  const { level, earliestFinish, via } = forwardPass(preds, cost);
  let maxLevel = -1;
  for (let i = 0; i < n; i++) if (level[i] > maxLevel) maxLevel = level[i];
  const columns: number[][] = Array.from({ length: maxLevel + 1 }, () => []);
  for (let i = 0; i < n; i++) columns[level[i]].push(i);
  return {
    n,
    cost,
    totalCost,
    edges,
    preds,
    succs,
    level,
    columns,
    earliestFinish,
    bottomLevel: bottomLevels(succs, cost),
    criticalPath: criticalPathOf(earliestFinish, via),
    hotspots: hotspotsOf(edges),
  };
}

/**
 * Upper bound on speedup with k cores: min(k, total cost / critical path), of the whole block or
 * of its first `included` transactions (a block the bouncer ended early). A prefix needs no graph
 * of its own: edges go from lower to higher index, so its earliest finishes are the whole graph's.
 */
export function speedupBound(g: DependencyGraph, k: number, included = g.n): number {
  const n = Math.max(0, Math.min(g.n, included));
  if (n === 0) return 1;
  if (n === g.n) return Math.min(k, g.totalCost / g.criticalPath.length);
  let work = 0;
  let path = 0;
  for (let i = 0; i < n; i++) {
    work += g.cost[i];
    if (g.earliestFinish[i] > path) path = g.earliestFinish[i];
  }
  return Math.min(k, work / path);
}

export interface Schedule {
  makespan: number;
  start: Float64Array;
  end: Float64Array;
  core: Int32Array;
}

export interface ListScheduleOptions {
  /** Per-transaction durations (default: the graph's costs). */
  durations?: ArrayLike<number>;
  /** Ready-list priority: longest remaining path first (default) or lowest index first. */
  priority?: 'critical-path' | 'index';
}

/**
 * Exact simulation of list scheduling on k cores: whenever a core is free, it takes the ready
 * transaction (all predecessors finished) of highest priority; ties → lowest index, lowest core.
 */
export function listSchedule(
  g: DependencyGraph,
  k: number,
  opts: ListScheduleOptions = {},
): Schedule {
  const n = g.n;
  const dur = opts.durations ?? g.cost;
  const prio = new Float64Array(n);
  if (opts.priority === 'index') for (let i = 0; i < n; i++) prio[i] = -i;
  else {
    // bottom level with the given durations
    for (let i = n - 1; i >= 0; i--) {
      let m = 0;
      for (const s of g.succs[i]) if (prio[s] > m) m = prio[s];
      prio[i] = m + dur[i];
    }
  }
  const better = (a: number, b: number): boolean =>
    prio[a] > prio[b] || (prio[a] === prio[b] && a < b);
  // ready heap
  const ready: number[] = [];
  const pushReady = (x: number): void => {
    ready.push(x);
    let i = ready.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(ready[i], ready[p])) break;
      [ready[i], ready[p]] = [ready[p], ready[i]];
      i = p;
    }
  };
  const popReady = (): number => {
    const top = ready[0];
    const last = ready.pop()!;
    if (ready.length > 0) {
      ready[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < ready.length && better(ready[l], ready[m])) m = l;
        if (r < ready.length && better(ready[r], ready[m])) m = r;
        if (m === i) break;
        [ready[i], ready[m]] = [ready[m], ready[i]];
        i = m;
      }
    }
    return top;
  };
  const remaining = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    remaining[i] = g.preds[i].length;
    if (remaining[i] === 0) pushReady(i);
  }
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const core = new Int32Array(n);
  // running: (end time, tx, core) kept sorted small array (k ≤ 128)
  const coreFreeAt = new Float64Array(k);
  const running: number[] = [];
  let t = 0;
  let done = 0;
  let makespan = 0;
  const freeCores: number[] = Array.from({ length: k }, (_, i) => i);
  while (done < n) {
    freeCores.sort((a, b) => a - b);
    while (freeCores.length > 0 && ready.length > 0) {
      const c = freeCores.shift()!;
      const x = popReady();
      start[x] = t;
      end[x] = t + dur[x];
      core[x] = c;
      coreFreeAt[c] = end[x];
      running.push(x);
    }
    if (running.length === 0) throw new Error('listSchedule: cycle or empty ready set');
    // advance to the next finish time; complete every task finishing then
    let next = Infinity;
    for (const x of running) if (end[x] < next) next = end[x];
    t = next;
    for (let i = 0; i < running.length;) {
      const x = running[i];
      if (end[x] === t) {
        running[i] = running[running.length - 1];
        running.pop();
        done++;
        if (t > makespan) makespan = t;
        freeCores.push(core[x]);
        for (const s of g.succs[x]) if (--remaining[s] === 0) pushReady(s);
      } else i++;
    }
  }
  return { makespan, start, end, core };
}
