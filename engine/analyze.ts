/**
 * Block analysis shared by the CLI (`stm-explorer analyze`) and the UI (stats, speedup chart):
 * the dependency graph's statistics and, for every (variant, core count), the metrics of a
 * simulated run. The front ends only format what this returns.
 */
import { speedupBound, type DependencyGraph } from './graph';
import { blockDependencyGraph, runBlock, type BlockCapacity, type BlockEnd } from './stm';
import type { RunMetrics } from './stm/metrics';
import type { BlockExecutor, CostModel, Variant } from './stm/types';
import { VARIANTS } from './stm/types';
import { parseCell, hex, type CellKey } from './types';
import { feeCredits, feeSerialRemark } from './fee-remark';
import { whatIf, whatIfSummary, type WhatIf, type WhatIfSummary } from './stm/what-if';

export interface AnalyzeOptions {
  cores: number[];
  variants: Variant[];
  costModel?: Partial<CostModel>;
  seed?: number;
  /** Block capacity (engine/stm/bouncer.ts): each run says where the bouncer ended the block. */
  blockCapacity?: BlockCapacity;
  /** Called after each run: done of total runs. */
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface HotspotRow {
  contract: string;
  /** Storage key in hex, or 'nonce' / 'class_hash' for those cells. */
  key: string;
  edges: number;
}

export interface RunRow {
  variant: Variant;
  cores: number;
  makespan: number;
  speedup: number;
  /** The dependency graph's bound for this many cores: min(k, total cost / critical path). */
  bound: number;
  executions: number;
  reExecutions: number;
  aborts: number;
  validations: number;
  wastedWork: number;
  utilisation: number;
  /** Why this run cannot reach the bound although the graph allows it (see fee-remark.ts). */
  remark?: string;
  /** With a block capacity: where the block ended and the work thrown away. */
  blockEnd?: BlockEnd;
}

export interface AnalysisReport {
  transactions: number;
  edges: number;
  columns: number;
  /** Weighted length of the critical path (cost units: Cairo steps). */
  criticalPath: number;
  criticalPathTxs: number[];
  /** Sum of the transactions' costs: the sequential makespan. */
  totalCost: number;
  hotspots: HotspotRow[];
  runs: RunRow[];
}

/** The `key` column of a cell: its storage key, or which per-address (per-class) cell it is. */
function cellKeyLabel(c: ReturnType<typeof parseCell>): string {
  if (c.kind === 'storage') return hex(c.key!);
  return c.kind === 'nonce' ? 'nonce' : c.kind === 'declared' ? 'declared' : 'class_hash';
}

export function hotspotRow(cell: CellKey, edges: number): HotspotRow {
  const c = parseCell(cell);
  return { contract: hex(c.contract), key: cellKeyLabel(c), edges };
}

export function runRow(
  m: RunMetrics,
  variant: Variant,
  cores: number,
  graph: DependencyGraph,
  remark?: string,
): RunRow {
  return {
    variant,
    cores,
    makespan: m.makespan,
    speedup: m.speedup,
    // the bound of the transactions the run's block holds (all, unless the bouncer ended it)
    bound: speedupBound(graph, variant === 'sequential' ? 1 : cores, m.blockEnd?.included),
    executions: m.executions,
    reExecutions: m.reExecutions,
    aborts: m.aborts.total,
    validations: m.validations,
    wastedWork: m.wastedWork,
    utilisation: m.utilisation,
    ...(remark ? { remark } : {}),
    ...(m.blockEnd ? { blockEnd: m.blockEnd } : {}),
  };
}

/** A cell as the CLI names it: the executor's name, else contract and key in hex. */
export function cellLabel(executor: BlockExecutor, cell: CellKey): string {
  const name = executor.cellName?.(cell);
  if (name && name !== cell) return name;
  const h = hotspotRow(cell, 0);
  return `${h.contract}/${h.key}`;
}

export function validateRunRequest(cores: number[], variants: string[]): void {
  if (cores.length === 0) throw new RangeError('at least one core count is needed');
  for (const k of cores) {
    if (!Number.isInteger(k) || k < 1 || k > 128)
      throw new RangeError(`core counts must be integers from 1 to 128, got ${k}`);
  }
  if (variants.length === 0) throw new RangeError('at least one variant is needed');
  for (const v of variants) {
    if (!(VARIANTS as readonly string[]).includes(v))
      throw new RangeError(`unknown variant '${v}' (known: ${VARIANTS.join(', ')})`);
  }
}

/** The dependency graph of a block: engine/stm's one definition (block-graph.ts). */
export function blockGraph(executor: BlockExecutor): DependencyGraph {
  return blockDependencyGraph(executor).graph;
}

export function analyzeBlock(executor: BlockExecutor, opts: AnalyzeOptions): AnalysisReport {
  validateRunRequest(opts.cores, opts.variants);
  const { graph, access } = blockDependencyGraph(executor);
  const credits = feeCredits(access);
  const name = (c: CellKey) => cellLabel(executor, c);
  const runs: RunRow[] = [];
  const plan: [Variant, number][] = [];
  for (const v of opts.variants) {
    // sequential ignores the core count: one row is enough
    if (v === 'sequential') plan.push([v, 1]);
    else for (const k of opts.cores) plan.push([v, k]);
  }
  plan.forEach(([variant, cores], i) => {
    const r = runBlock(executor, {
      variant,
      cores,
      costModel: opts.costModel,
      seed: opts.seed,
      blockCapacity: opts.blockCapacity,
    });
    const included = r.metrics.blockEnd?.included;
    const remark = feeSerialRemark(variant, cores, credits, graph, name, included);
    runs.push(runRow(r.metrics, variant, cores, graph, remark));
    opts.onProgress?.(i + 1, plan.length, `${variant} × ${cores}`);
  });
  return {
    transactions: graph.n,
    edges: graph.edges.length,
    columns: graph.columns.length,
    criticalPath: graph.criticalPath.length,
    criticalPathTxs: graph.criticalPath.txs,
    totalCost: graph.totalCost,
    hotspots: graph.hotspots.slice(0, 20).map((h) => hotspotRow(h.cell, h.edges)),
    runs,
  };
}

/**
 * The block under each what-if (engine/stm/what-if.ts), beside the block as it is: graph figures
 * and simulated speedups on `cores` cores for the parallel variants asked for.
 */
export function analyzeWhatIfs(
  executor: BlockExecutor,
  kinds: WhatIf[],
  opts: {
    cores: number;
    variants: Variant[];
    costModel?: Partial<CostModel>;
    seed?: number;
    blockCapacity?: BlockCapacity;
  },
): WhatIfSummary[] {
  const { access, run } = blockDependencyGraph(executor);
  const variants = opts.variants.filter((v) => v !== 'sequential');
  const cellName = (c: CellKey) => cellLabel(executor, c);
  const execWeights = run.runner.execWeights;
  const preState = (c: CellKey) => executor.preState(c);
  return kinds.map((k) =>
    whatIfSummary(whatIf(access, k, { ...opts, variants, cellName, execWeights, preState })),
  );
}

export interface PaperGridOptions {
  accounts: number[];
  blockSizes: number[];
  cores: number[];
  variants: Variant[];
  seed?: number;
  costModel?: Partial<CostModel>;
  /**
   * Converts simulated time (cost units = Cairo steps) to seconds for the tps column.
   * Default 2,000,000 steps/s: the engine/vm speed target on one core.
   */
  stepsPerSecond?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface PaperRow {
  accounts: number;
  blockSize: number;
  cores: number;
  variant: Variant;
  speedup: number;
  tps: number;
}

/**
 * The Block-STM paper's p2p experiment: transfers among `accounts` accounts, every block size,
 * core count and variant. Speedup is over the sequential run of the same block.
 */
export function paperGrid(
  opts: PaperGridOptions,
  makeBlock: (n: number, accounts: number, seed: number) => BlockExecutor,
): PaperRow[] {
  validateRunRequest(opts.cores, opts.variants);
  const sps = opts.stepsPerSecond ?? 2_000_000;
  const total =
    opts.accounts.length * opts.blockSizes.length * opts.variants.length * opts.cores.length;
  const rows: PaperRow[] = [];
  let done = 0;
  for (const blockSize of opts.blockSizes) {
    for (const accounts of opts.accounts) {
      const block = makeBlock(blockSize, accounts, opts.seed ?? 1);
      for (const variant of opts.variants) {
        for (const cores of opts.cores) {
          const r = runBlock(block, { variant, cores, costModel: opts.costModel, seed: opts.seed });
          const seconds = r.metrics.makespan / sps;
          rows.push({
            accounts,
            blockSize,
            cores,
            variant,
            speedup: r.metrics.speedup,
            tps: seconds > 0 ? blockSize / seconds : 0,
          });
          opts.onProgress?.(
            ++done,
            total,
            `${blockSize} tx, ${accounts} accounts, ${variant} × ${cores}`,
          );
        }
      }
    }
  }
  return rows;
}
