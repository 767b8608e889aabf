/**
 * `analyze --mode workers`: Block-STM really run on k worker threads (engine/stm/parallel through
 * engine/blocks/parallel's `runOnNodeWorkers`), each k measured against a 1-worker baseline and
 * checked against the sequential run's final state.
 */
import { availableParallelism, loadavg } from 'node:os';
import { cellLabel } from '../../analyze';
import { feeCredits, feeSerialRemark } from '../../fee-remark';
import { blockDependencyGraph } from '../../stm';
import type { CellKey } from '../../types';
import { speedupBound } from '../../graph';
import type { BlockDesc } from '../../blocks/parallel/blocks';
import { runOnNodeWorkers } from '../../blocks/parallel/node';
import type { BlockCapacity, BlockEnd } from '../../stm/bouncer';
import { resolveWarmup, type ParallelRunResult } from '../../stm/parallel/host';
import type { SharedVariant } from '../../stm/parallel/shared';
import { replayedCount } from '../../blocks/reexecute';
import { InputError } from '../errors';
import { hashCheckLine } from '../hash-check-args';
import type { LoadedBlock } from '../load-block';
import { csv, json, table, type Format } from '../output';
import { progressBar } from '../progress';

/** The variants that run on real threads (engine/stm/parallel). */
export const REAL_VARIANTS: readonly string[] = ['block-stm', 'blockifier'] as const;

export interface WorkersOptions {
  /** Worker counts; 1 (the baseline) is always run. */
  workers: number[];
  /** Schedulers to run (default block-stm); each gets its own 1-worker baseline. */
  variants?: SharedVariant[];
  /** Transactions each worker runs untimed before the start (default: the host's, see resolveWarmup). */
  warmup?: number;
  /** Runs per worker count; the fastest is reported (default 1). */
  repeat: number;
  timeoutMs?: number;
  /** blockifier only: the block capacity (the bouncer). */
  blockCapacity?: BlockCapacity;
}

export interface WorkersRunRow {
  variant: SharedVariant;
  /** Worker threads (= cores used). */
  cores: number;
  /** Measured wall-clock time of the parallel section, ms (setup and warm-up excluded). */
  wallMs: number;
  /** wallMs of the 1-worker run / wallMs of this run. */
  speedup: number;
  /** The dependency graph's bound for this many cores: min(k, total cost / critical path). */
  bound: number;
  /** Wall time of the plain sequential run of the same executor (worker 0, after the run), ms. */
  sequentialMs: number;
  speedupOverSequential: number;
  /** Final state (write set) equal to the sequential run's. */
  ok: boolean;
  /** Why Block-STM cannot reach the bound although the graph allows it (engine/fee-remark.ts). */
  remark?: string;
  stateHash: string;
  executions: number;
  reExecutions: number;
  aborts: number;
  validations: number;
  /** Worker start-up, block build and warm-up, ms (not in wallMs). */
  setupMs: number;
  /** With --block-capacity: where the bouncer ended the block (wasted work in ms). */
  blockEnd?: BlockEnd;
}

export interface WorkersReport {
  source: string;
  accessMode: LoadedBlock['accessMode'];
  hashCheck?: LoadedBlock['hashCheck'];
  mode: 'workers';
  transactions: number;
  edges: number;
  columns: number;
  criticalPath: number;
  totalCost: number;
  machine: { cores: number; loadavg1: number };
  /**
   * How the workers run the transactions: 'executor' (a preset's own executor), 'cairo' (an
   * executable block: each worker's Cairo VM; `replayed` of them are recorded fallbacks), or
   * 'replay' (an imported block's recorded access sets: no contract code runs).
   */
  execution: { kind: 'executor' | 'cairo' | 'replay'; replayed?: number };
  repeat: number;
  warmup: number;
  /** The warm-up's time budget (ms), when the default warm-up ran; absent for --warmup. */
  warmupBudgetMs?: number;
  runs: WorkersRunRow[];
}

/** The worker-side description of a loaded block, or an InputError naming what is supported. */
export function parallelDesc(loaded: LoadedBlock): BlockDesc {
  const p = loaded.parallel;
  if (!p)
    throw new InputError(
      `${loaded.source}: --mode workers runs presets (--preset), block files and --rpc blocks only`,
    );
  if ('preset' in p) return { kind: 'preset', id: p.preset, params: p.params };
  if (p.executable) return { kind: 'executable', block: p.executable };
  return { kind: 'replay', block: p.imported };
}

function executionOf(desc: BlockDesc): WorkersReport['execution'] {
  if (desc.kind === 'executable')
    return {
      kind: 'cairo',
      replayed: replayedCount(desc.block),
    };
  return { kind: desc.kind === 'replay' ? 'replay' : 'executor' };
}

function describeExecution(e: WorkersReport['execution'], n: number): string {
  if (e.kind === 'replay')
    return 'Transactions are replayed from their recorded access sets (no contract code runs; re-execute with --rpc --exact to run it).';
  if (e.kind === 'executor') return "Transactions run on each worker's own copy of the executor.";
  const vm = n - (e.replayed ?? 0);
  return `Transactions run on each worker's Cairo VM (${vm} of ${n}${e.replayed ? `; ${e.replayed} that re-execution could not reproduce are replayed` : ''}).`;
}

export async function runWorkers(
  loaded: LoadedBlock,
  opts: WorkersOptions,
): Promise<WorkersReport> {
  const desc = parallelDesc(loaded);
  const n = loaded.executor.size;
  const ks = [...new Set([1, ...opts.workers])].sort((a, b) => a - b);
  // default: the host's (a few passes over the block within a time budget)
  const { transactions: warmup, budgetMs } = resolveWarmup(n, opts);
  const { graph, access } = blockDependencyGraph(loaded.executor);
  const credits = feeCredits(access);
  const cellName = (c: CellKey) => cellLabel(loaded.executor, c);
  const variants = opts.variants ?? ['block-stm'];
  const best = new Map<string, ParallelRunResult>();
  const bar = progressBar('workers');
  const total = ks.length * opts.repeat * variants.length;
  let done = 0;
  try {
    for (let rep = 0; rep < opts.repeat; rep++) {
      for (const variant of variants) {
        for (const k of ks) {
          bar.update(done, total, `${variant}, ${k} worker${k === 1 ? '' : 's'}`);
          const r = await runOnNodeWorkers(desc, {
            workers: k,
            variant,
            warmup: opts.warmup,
            timeoutMs: opts.timeoutMs ?? 600_000,
            size: n,
            ...(opts.blockCapacity ? { blockCapacity: opts.blockCapacity } : {}),
          });
          const prev = best.get(`${variant}/${k}`);
          if (!prev || r.wallMs < prev.wallMs) best.set(`${variant}/${k}`, r);
          done++;
        }
      }
    }
  } catch (e) {
    bar.done();
    throw new InputError(`real worker run failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  bar.done();
  const runs: WorkersRunRow[] = variants.flatMap((variant) =>
    ks.map((k) => {
      const r = best.get(`${variant}/${k}`)!;
      const base = best.get(`${variant}/1`)!.wallMs;
      return runRow(
        variant,
        k,
        r,
        base,
        graph,
        feeSerialRemark(variant, k, credits, graph, cellName, r.metrics.blockEnd?.included),
      );
    }),
  );
  return {
    source: loaded.source,
    accessMode: loaded.accessMode,
    ...(loaded.hashCheck ? { hashCheck: loaded.hashCheck } : {}),
    mode: 'workers',
    transactions: n,
    edges: graph.edges.length,
    columns: graph.columns.length,
    criticalPath: graph.criticalPath.length,
    totalCost: graph.totalCost,
    machine: { cores: availableParallelism(), loadavg1: loadavg()[0] },
    execution: executionOf(desc),
    repeat: opts.repeat,
    warmup,
    ...(Number.isFinite(budgetMs) ? { warmupBudgetMs: budgetMs } : {}),
    runs,
  };
}

/** One row of the report: the best run of `variant` on k workers against its 1-worker `base`. */
function runRow(
  variant: SharedVariant,
  k: number,
  r: ParallelRunResult,
  base: number,
  graph: ReturnType<typeof blockDependencyGraph>['graph'],
  remark: string | undefined,
): WorkersRunRow {
  const seq = r.sequentialMs ?? NaN;
  return {
    variant,
    cores: k,
    wallMs: r.wallMs,
    speedup: base / r.wallMs,
    bound: speedupBound(graph, k, r.metrics.blockEnd?.included),
    sequentialMs: seq,
    speedupOverSequential: seq / r.wallMs,
    ok: r.ok === true,
    ...(remark ? { remark } : {}),
    stateHash: r.stateHash,
    executions: r.executions,
    reExecutions: r.metrics.reExecutions,
    aborts: r.aborts,
    validations: r.validations,
    setupMs: r.setupMs,
    ...(r.metrics.blockEnd ? { blockEnd: r.metrics.blockEnd } : {}),
  };
}

const COLUMNS = [
  'variant',
  'cores',
  'wallMs',
  'speedup',
  'bound',
  'sequentialMs',
  'speedupOverSequential',
  'ok',
  'executions',
  'reExecutions',
  'aborts',
  'validations',
  'setupMs',
] as const;

const HEADERS: Record<(typeof COLUMNS)[number], string> = {
  variant: 'variant',
  cores: 'workers',
  wallMs: 'wall ms',
  speedup: 'speedup',
  bound: 'bound',
  sequentialMs: 'sequential ms',
  speedupOverSequential: 'vs sequential',
  ok: 'state check',
  executions: 'executions',
  reExecutions: 'reExecutions',
  aborts: 'aborts',
  validations: 'validations',
  setupMs: 'setup ms',
};

export function renderWorkers(r: WorkersReport, format: Format): string {
  if (format === 'json') return json(r);
  if (format === 'csv')
    return csv(
      [...COLUMNS],
      r.runs.map((x) => COLUMNS.map((c) => x[c])),
    );
  const rows = r.runs.map((x) =>
    COLUMNS.map((c) => (c === 'ok' ? (x.ok ? 'ok' : 'FAILED') : x[c])),
  );
  return [
    `Block ${r.source} — real worker threads (${r.machine.cores} cores here, 1-min load ${r.machine.loadavg1.toFixed(2)})`,
    ...(r.hashCheck ? [hashCheckLine(r.hashCheck)!] : []),
    '',
    table(
      ['transactions', 'edges', 'columns', 'critical path', 'total cost', 'access sets'],
      [[r.transactions, r.edges, r.columns, r.criticalPath, r.totalCost, r.accessMode]],
    ),
    '',
    describeExecution(r.execution, r.transactions),
    `Runs (measured wall-clock, best of ${r.repeat}; warm-up up to ${r.warmup} transactions per worker, in passes run by all workers together${r.warmupBudgetMs ? ` within ${r.warmupBudgetMs / 1000} s` : ''}; speedup over 1 worker)`,
    table(
      COLUMNS.map((c) => HEADERS[c]),
      rows,
    ),
    ...r.runs.flatMap((x) => (x.remark ? [`note: ${x.cores} workers: ${x.remark}`] : [])),
    ...r.runs.flatMap((x) => (x.blockEnd ? [blockEndLine(x)] : [])),
  ].join('\n');
}

function blockEndLine(x: WorkersRunRow): string {
  const e = x.blockEnd!;
  const where = e.full
    ? `block full at tx ${e.included} (exceeds ${e.exceeded.join(', ')})`
    : `the block did not fill up (${e.included} transactions)`;
  const waste = `${e.excludedExecutions} execution(s) of excluded transactions thrown away (${e.excludedWork.toFixed(2)} ms)`;
  return `block: ${x.variant} × ${x.cores} workers: ${where}; ${waste}`;
}
