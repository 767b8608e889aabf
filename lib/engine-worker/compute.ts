/**
 * Pure computations behind the engine worker: the same functions run in the worker and in the
 * tests (Node), so the page's numbers can be checked against the engine's.
 */
import { blockDependencyGraph, runBlock, type RunResult } from '../../engine/stm';
import { feeCredits, feeSerialRemark, type FeeCredits } from '../../engine/fee-remark';
import type { BlockExecutor, CostModel, Variant } from '../../engine/stm/types';
import { speedupBound, type DependencyGraph } from '../../engine/graph';
import { parseCell } from '../../engine/types';
import type { BlockSummary, GraphPayload, RunParams, RunPayload, SweepSeries } from './protocol';

export function summarize(
  executor: BlockExecutor,
  meta: Pick<BlockSummary, 'source' | 'title' | 'presetId' | 'teaching' | 'executable'> & {
    accessMode?: string;
    warnings?: string[];
  },
  access?: { reads: string[]; writes: string[] }[],
): BlockSummary {
  const labels: string[] = [];
  for (let i = 0; i < executor.size; i++) labels.push(executor.txLabel?.(i) ?? `tx ${i}`);
  let contracts = 0;
  let cells = 0;
  if (access) {
    const cs = new Set<string>();
    const ks = new Set<string>();
    for (const a of access)
      for (const c of [...a.reads, ...a.writes]) {
        cs.add(c);
        try {
          ks.add('0x' + parseCell(c).contract.toString(16));
        } catch {
          /* unknown cell shape */
        }
      }
    cells = cs.size;
    contracts = ks.size;
  }
  return {
    ...meta,
    txCount: executor.size,
    contracts,
    cells,
    txLabels: labels,
    warnings: meta.warnings ?? [],
  };
}

export function graphPayload(g: DependencyGraph, cellName: (c: string) => string): GraphPayload {
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
    hotspots: g.hotspots
      .slice(0, 12)
      .map((h) => ({ cell: h.cell, name: cellName(h.cell), edges: h.edges })),
  };
}

export function execute(executor: BlockExecutor, p: RunParams): RunResult {
  return runBlock(executor, {
    variant: p.variant,
    cores: p.cores,
    costModel: p.costModel,
    seed: p.seed,
  });
}

/** The block's dependency graph (engine/stm's one definition), kept between runs of one block. */
export interface GraphCache {
  g: DependencyGraph;
  payload: GraphPayload;
  credits: FeeCredits | undefined;
}

export function graphCache(executor: BlockExecutor): GraphCache {
  const { graph, access } = blockDependencyGraph(executor);
  const name = (c: string) => executor.cellName?.(c) ?? c;
  return { g: graph, payload: graphPayload(graph, name), credits: feeCredits(access) };
}

export function runPayload(
  executor: BlockExecutor,
  p: RunParams,
  graph: GraphCache | null,
): { payload: RunPayload; graph: GraphCache } {
  const r = execute(executor, p);
  const name = (c: string) => executor.cellName?.(c) ?? c;
  const gr = graph ?? graphCache(executor);
  const remark = feeSerialRemark(p.variant, r.cores, gr.credits, gr.g, name);
  return {
    payload: {
      params: p,
      log: r.log,
      metrics: r.metrics,
      cellNames: r.log.cells.map(name),
      graph: gr.payload,
      graphBound: speedupBound(gr.g, r.cores),
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

export function sweep(
  executor: BlockExecutor,
  variants: Variant[],
  maxCores: number,
  costModel: Partial<CostModel>,
  seed: number,
  onProgress?: (done: number, total: number) => void,
): SweepSeries[] {
  const cores = sweepCores(maxCores);
  const total = cores.length * variants.length + 1;
  let done = 0;
  const seq = execute(executor, { variant: 'sequential', cores: 1, costModel, seed }).metrics
    .makespan;
  onProgress?.(++done, total);
  return variants.map((v) => {
    const points = cores.map((k) => {
      const m = execute(executor, { variant: v, cores: k, costModel, seed }).metrics;
      onProgress?.(++done, total);
      return { cores: k, speedup: seq / m.makespan, makespan: m.makespan };
    });
    return { variant: v, points };
  });
}
