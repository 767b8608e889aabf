/**
 * Pure computations behind the engine worker: the same functions run in the worker and in the
 * tests (Node), so the page's numbers can be checked against the engine's.
 */
import { blockDependencyGraph, runBlock, type RunResult } from '../../engine/stm';
import { feeCredits, feeSerialRemark, type FeeCredits } from '../../engine/fee-remark';
import type { BlockExecutor, ExecWeights, Variant } from '../../engine/stm/types';
import { speedupBound, type DependencyGraph, type TxAccess } from '../../engine/graph';
import { writeEntries } from '../../engine/graph/what-if';
import { parseCell } from '../../engine/types';
import { whatIf, whatIfSummary, type WhatIfSummary } from '../../engine/stm/what-if';
import type {
  BlockSummary,
  GraphPayload,
  RunParams,
  RunPayload,
  SweepSeries,
  WhatIfRequest,
} from './protocol';

export function summarize(
  executor: BlockExecutor,
  meta: Pick<
    BlockSummary,
    'source' | 'title' | 'presetId' | 'teaching' | 'executable' | 'hashCheck'
  > & {
    accessMode?: string;
    warnings?: string[];
  },
  access?: { reads: string[]; writes: string[] }[],
  ids?: { hash?: string; sender?: string }[],
): BlockSummary {
  const labels: string[] = [];
  for (let i = 0; i < executor.size; i++) labels.push(executor.txLabel?.(i) ?? `tx ${i}`);
  const touched = access ? touchedBy(access, ids) : undefined;
  return {
    ...meta,
    txCount: executor.size,
    contracts: touched?.contracts ?? 0,
    cells: touched?.cells ?? 0,
    txLabels: labels,
    ...(touched ? { txKeys: touched.txKeys } : {}),
    warnings: meta.warnings ?? [],
  };
}

/**
 * How many distinct cells and contracts the block touches, and per transaction its search keys:
 * its hash, its sender and every contract it touched, as lowercase hex.
 */
function touchedBy(
  access: { reads: string[]; writes: string[] }[],
  ids?: { hash?: string; sender?: string }[],
): { cells: number; contracts: number; txKeys: string[] } {
  const cells = new Set<string>();
  const contracts = new Set<string>();
  const txKeys: string[] = [];
  for (let tx = 0; tx < access.length; tx++) {
    const a = access[tx] ?? { reads: [], writes: [] };
    const mine = new Set<string>();
    for (const h of [ids?.[tx]?.hash, ids?.[tx]?.sender]) if (h) mine.add(canonicalHex(h));
    for (const c of [...a.reads, ...a.writes]) {
      cells.add(c);
      const k = contractOf(c);
      if (k === undefined) continue;
      contracts.add(k);
      mine.add(k);
    }
    txKeys.push([...mine].join(' '));
  }
  return { cells: cells.size, contracts: contracts.size, txKeys };
}

/** The contract of a cell key, as 0x-hex; undefined for a cell of unknown shape. */
function contractOf(cell: string): string | undefined {
  try {
    return '0x' + parseCell(cell).contract.toString(16);
  } catch {
    return undefined;
  }
}

/** Lowercase 0x-hex without leading zeros (as cell keys spell addresses); other text lowercased. */
export function canonicalHex(h: string): string {
  try {
    return /^0x[0-9a-f]+$/i.test(h) ? '0x' + BigInt(h).toString(16) : h.toLowerCase();
  } catch {
    return h.toLowerCase();
  }
}

/** Readers and writers (a credit counts as a write) of each of `cells` in the access sets. */
export function cellAccessors(
  access: readonly TxAccess[],
  cells: readonly string[],
): Map<string, { readers: number[]; writers: number[] }> {
  const out = new Map(cells.map((c) => [c, { readers: [] as number[], writers: [] as number[] }]));
  access.forEach((a, tx) => {
    for (const r of a.reads) out.get(typeof r === 'string' ? r : r.cell)?.readers.push(tx);
    const written = new Set([...writeEntries(a.writes).map(([c]) => c), ...(a.credits ?? [])]);
    for (const c of written) out.get(c)?.writers.push(tx);
  });
  for (const v of out.values()) v.readers = [...new Set(v.readers)];
  return out;
}

/**
 * The edges as typed arrays (they go to the page in a message), each with the index of its first
 * cell in `cells`: a cell shared by many edges is named once.
 */
function edgeArrays(g: DependencyGraph) {
  const cellIndex = new Map<string, number>();
  const cells: string[] = [];
  const m = g.edges.length;
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  const edgeCell = new Int32Array(m);
  g.edges.forEach((e, i) => {
    edgeFrom[i] = e.from;
    edgeTo[i] = e.to;
    const c = e.cells[0];
    let ci = cellIndex.get(c);
    if (ci === undefined) {
      ci = cells.length;
      cells.push(c);
      cellIndex.set(c, ci);
    }
    edgeCell[i] = ci;
  });
  return { edgeFrom, edgeTo, edgeCell, cells };
}

/** The 12 hottest cells, named, with the transactions that read and write each. */
function hotspotPayload(
  g: DependencyGraph,
  cellName: (c: string) => string,
  access: readonly TxAccess[],
): GraphPayload['hotspots'] {
  const top = g.hotspots.slice(0, 12);
  const who = cellAccessors(
    access,
    top.map((h) => h.cell),
  );
  return top.map((h) => ({
    cell: h.cell,
    name: cellName(h.cell),
    edges: h.edges,
    readers: who.get(h.cell)?.readers ?? [],
    writers: who.get(h.cell)?.writers ?? [],
  }));
}

export function graphPayload(
  g: DependencyGraph,
  cellName: (c: string) => string,
  access: readonly TxAccess[] = [],
): GraphPayload {
  const { edgeFrom, edgeTo, edgeCell, cells } = edgeArrays(g);
  return {
    n: g.n,
    level: Int32Array.from(g.level),
    columns: g.columns.length,
    edgeFrom,
    edgeTo,
    edgeCell,
    edgeCellKeys: cells,
    edgeCellNames: cells.map(cellName),
    edgeCellCount: g.edges.map((e) => e.cells.length),
    criticalPath: Int32Array.from(g.criticalPath.txs),
    criticalLength: g.criticalPath.length,
    totalCost: g.totalCost,
    cost: Float64Array.from(g.cost),
    hotspots: hotspotPayload(g, cellName, access),
  };
}

export function execute(executor: BlockExecutor, p: RunParams): RunResult {
  return runBlock(executor, {
    variant: p.variant,
    cores: p.cores,
    costModel: p.costModel,
    seed: p.seed,
    blockCapacity: p.blockCapacity,
  });
}

/** The block's dependency graph (engine/stm's one definition), kept between runs of one block. */
export interface GraphCache {
  g: DependencyGraph;
  /** The access sets the graph was built from (what-ifs transform them). */
  access: TxAccess[];
  payload: GraphPayload;
  credits: FeeCredits | undefined;
  /** The bouncer weights the executor reported per transaction (what-ifs weigh their replays so). */
  execWeights: (ExecWeights | undefined)[];
}

let nextGraphKey = 1;

export function graphCache(executor: BlockExecutor): GraphCache {
  const { graph, access, run } = blockDependencyGraph(executor);
  const name = (c: string) => executor.cellName?.(c) ?? c;
  return {
    g: graph,
    access,
    execWeights: run.runner.execWeights.slice(),
    payload: { key: nextGraphKey++, ...graphPayload(graph, name, access) },
    credits: feeCredits(access),
  };
}

export function runPayload(
  executor: BlockExecutor,
  p: RunParams,
  graph: GraphCache | null,
): { payload: RunPayload; graph: GraphCache } {
  const r = execute(executor, p);
  const name = (c: string) => executor.cellName?.(c) ?? c;
  const gr = graph ?? graphCache(executor);
  const included = r.metrics.blockEnd?.included;
  const remark = feeSerialRemark(p.variant, r.cores, gr.credits, gr.g, name, included);
  return {
    payload: {
      params: p,
      log: r.log,
      metrics: r.metrics,
      cellNames: r.log.cells.map(name),
      graph: gr.payload,
      graphBound: speedupBound(gr.g, r.cores, included),
      ...(remark ? { remark } : {}),
      wallMs: r.timing.wallMs,
    },
    graph: gr,
  };
}

/** Sequential and oracle references for the same cost model and core count. */
export function references(executor: BlockExecutor, p: RunParams) {
  const seq = execute(executor, { ...p, variant: 'sequential' });
  const ora = execute(executor, { ...p, variant: 'oracle' });
  return { sequentialMakespan: seq.metrics.makespan, oracleMakespan: ora.metrics.makespan };
}

export function sweepCores(maxCores: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= maxCores; k++) {
    if (k <= 16 || k === maxCores || (k <= 64 && k % 4 === 0) || k % 16 === 0) out.push(k);
  }
  return out;
}

/** The parameters a sweep shares with the main run: its cost model, seed and block capacity. */
export type SweepBase = Pick<RunParams, 'costModel' | 'seed' | 'blockCapacity'>;

/**
 * Speedup vs cores: each variant on every core count of sweepCores(maxCores), against the
 * sequential run. Every run, the sequential one included, has the main run's block capacity, so
 * a block the bouncer cuts at tx N is cut at N on every core count too.
 */
export function sweep(
  executor: BlockExecutor,
  variants: Variant[],
  maxCores: number,
  base: SweepBase,
  onProgress?: (done: number, total: number) => void,
): SweepSeries[] {
  const cores = sweepCores(maxCores);
  const total = cores.length * variants.length + 1;
  let done = 0;
  const seq = execute(executor, { ...base, variant: 'sequential', cores: 1 }).metrics.makespan;
  onProgress?.(++done, total);
  return variants.map((v) => {
    const points = cores.map((k) => {
      const m = execute(executor, { ...base, variant: v, cores: k }).metrics;
      onProgress?.(++done, total);
      const end = m.blockEnd ? { included: m.blockEnd.included } : {};
      return { cores: k, speedup: seq / m.makespan, makespan: m.makespan, ...end };
    });
    return { variant: v, points };
  });
}

/** The variants a what-if simulates: the one run, and the commit-as-you-go and oracle references. */
export function whatIfVariants(current: Variant): Variant[] {
  const vs: Variant[] = [current, 'commit-as-you-go', 'oracle'];
  return [...new Set(vs)].filter((v) => v !== 'sequential');
}

/** A what-if of the block (engine/stm/what-if.ts), as plain data for the page. */
export function whatIfPayload(
  executor: BlockExecutor,
  graph: GraphCache,
  req: WhatIfRequest,
): WhatIfSummary {
  const cellName = (c: string) => executor.cellName?.(c) ?? c;
  const variants = whatIfVariants(req.variant);
  const r = whatIf(graph.access, req.kind, {
    ...req,
    variants,
    cellName,
    execWeights: graph.execWeights,
    preState: (c) => executor.preState(c),
  });
  return whatIfSummary(r);
}
