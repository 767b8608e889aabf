/**
 * What-ifs in one call: a block's access sets changed by one rule (engine/graph/what-if.ts), its
 * dependency graph rebuilt and its simulation re-run, side by side with the block as it is.
 *
 * Both sides are simulated on the same footing: an `AccessExecutor` replays each transaction's
 * access set (its reads in order through the scheduler's view, then its writes), with the
 * transaction's recorded cost. Values written are a deterministic function of the values read,
 * so a re-execution after a changed read writes something new, as real code would. The left side
 * is therefore a replay of the block's access sets, not the block's own executor: the two
 * columns differ only by the what-if.
 */
import { buildDependencyGraph, speedupBound, type DependencyGraph, type TxAccess } from '../graph';
import { feeInline, withoutCell, withoutNonces, writeEntries } from '../graph/what-if';
import type { CellKey } from '../types';
import type { BlockCapacity, WeightName } from './bouncer';
import { runBlock } from './index';
import type { BlockExecutor, CostModel, ExecWeights, StateView, TxResult, Variant } from './types';

export const WHAT_IFS = ['fee-deferred', 'no-nonces', 'no-hotspot'] as const;
export type WhatIf = (typeof WHAT_IFS)[number];

/** How the replay applies a transaction's credits. */
export type FeeMode =
  /** As `TxResult.fee`: each variant applies it by its own rule (inline or at commit). */
  | 'engine'
  /** Not during the block: credits commute and are added after it (deferred for every variant). */
  | 'after-block';

/**
 * Per transaction, the cells it wrote with the value they already held: no state change
 * (blockifier `StateCache::to_state_diff`), so the bouncer does not count them in state_diff_size.
 * From the writes' values in index order, over `preState` for a cell no earlier transaction wrote;
 * a write without a value, or a credit, leaves the cell's value unknown (later writes of it count).
 */
export function sameValueWrites(
  access: readonly TxAccess[],
  preState: (cell: CellKey) => bigint,
): Set<CellKey>[] {
  const latest = new Map<CellKey, bigint | undefined>();
  const valueOf = (c: CellKey) => (latest.has(c) ? latest.get(c) : preState(c));
  return access.map((a) => {
    const same = new Set<CellKey>();
    // a cell written twice: its last value is the transaction's write (the replay dedupes too)
    const entries = [...new Map(writeEntries(a.writes))];
    for (const [c, v] of entries)
      if (v !== undefined && valueOf(c) === BigInt(v as bigint | string)) same.add(c);
    for (const [c, v] of entries) latest.set(c, v === undefined ? v : BigInt(v as bigint | string));
    for (const c of a.credits ?? []) latest.set(c, undefined);
    return same;
  });
}

/** Replays access sets through Block-STM (see the file comment). */
export class AccessExecutor implements BlockExecutor {
  readonly size: number;
  private readonly reads: CellKey[][];
  private readonly writes: CellKey[][];

  constructor(
    private readonly access: readonly TxAccess[],
    private readonly fee: FeeMode = 'engine',
    private readonly names?: (c: CellKey) => string,
    /** Per transaction, the bouncer weights its own executor reported (the replay has none). */
    private readonly weights?: readonly (ExecWeights | undefined)[],
    /**
     * Per transaction, the cells the block wrote with their own value (`sameValueWrites`): the
     * replay writes back the value it read there, so that they stay no state change. One the
     * transaction did not read is written like any other (the replay does not add reads).
     */
    private readonly sameValue?: readonly ReadonlySet<CellKey>[],
  ) {
    this.size = access.length;
    this.reads = access.map((a) => [
      ...new Set(a.reads.map((r) => (typeof r === 'string' ? r : r.cell))),
    ]);
    this.writes = access.map((a) => [...new Set(writeEntries(a.writes).map(([c]) => c))]);
  }

  preState(): bigint {
    return 0n;
  }

  cellName(c: CellKey): string {
    return this.names?.(c) ?? c;
  }

  execute(tx: number, view: StateView): TxResult {
    // A 48-bit mix of the position and the values read: cheap, and new whenever a read changes.
    let h = tx + 1;
    const same = this.sameValue?.[tx];
    const kept = same?.size ? new Map<CellKey, bigint>() : undefined;
    for (const c of this.reads[tx]) {
      const v = view.read(c);
      h = (h * 1_000_003 + Number(v & 0xffffffn)) % 2 ** 48;
      if (kept && same!.has(c)) kept.set(c, v);
    }
    const writes: [CellKey, bigint][] = this.writes[tx].map((c, i) => [
      c,
      kept?.get(c) ?? BigInt(h + i),
    ]);
    const credit = this.fee === 'engine' ? this.access[tx].credits?.[0] : undefined;
    const result: TxResult = { writes, cost: this.access[tx].cost ?? 1 };
    if (credit !== undefined) result.fee = { cell: credit, amount: 1n };
    const w = this.weights?.[tx];
    if (w) result.weights = w;
    return result;
  }
}

export interface ScenarioRun {
  variant: Variant;
  makespan: number;
  speedup: number;
}

/** One side of a what-if: the graph's figures and the simulated speedups. */
export interface Scenario {
  label: string;
  edges: number;
  columns: number;
  /** Weighted length of the critical path, and how many transactions it goes through. */
  criticalPath: number;
  criticalPathTxs: number;
  totalCost: number;
  /** The graph's speedup bound on `cores` cores. */
  bound: number;
  topHotspot?: { cell: CellKey; edges: number };
  /** Transactions in each column, left to right (the block's parallelism profile). */
  columnSizes: number[];
  runs: ScenarioRun[];
  /**
   * With a block capacity: where the bouncer ends this side's block (the same for every variant).
   * The graph's figures are then those of the transactions in the block.
   */
  blockEnd?: { included: number; full: boolean; exceeded: WeightName[] };
  /** The rebuilt graph (the UI draws it; not serialized by the CLI). */
  graph: DependencyGraph;
}

export interface WhatIfOptions {
  cores: number;
  variants: Variant[];
  costModel?: Partial<CostModel>;
  seed?: number;
  cellName?: (c: CellKey) => string;
  /** The bouncer's capacity: every run of both sides is cut by it, as the block's own runs are. */
  blockCapacity?: BlockCapacity;
  /**
   * Per transaction, the bouncer weights the block's executor reported (the sequential run of
   * blockDependencyGraph: `run.runner.execWeights`), so the replay weighs transactions as the block
   * does; absent, sierra gas comes from the recorded cost and the other reported weights are 0.
   */
  execWeights?: readonly (ExecWeights | undefined)[];
  /**
   * The block's pre-state (its executor's `preState`): with it the replay keeps the block's
   * same-value writes as writes of the value already there (`sameValueWrites`), which the
   * bouncer's state_diff_size does not count; without it every replayed write is a change.
   */
  preState?: (cell: CellKey) => bigint;
}

export interface WhatIfResult {
  whatIf: WhatIf;
  /** In words: what changed between the two sides. */
  description: string;
  /** The cell removed by `no-hotspot` (undefined when the block has no conflicting cell). */
  cell?: CellKey;
  before: Scenario;
  after: Scenario;
}

function scenario(
  label: string,
  access: readonly TxAccess[],
  fee: FeeMode,
  opts: WhatIfOptions,
): Scenario {
  const same = opts.preState ? sameValueWrites(access, opts.preState) : undefined;
  const executor = new AccessExecutor(access, fee, opts.cellName, opts.execWeights, same);
  const cap = opts.blockCapacity;
  const bounce = cap ? { blockCapacity: cap } : {};
  // The bouncer reads committed results in index order: its cut is the sequential run's.
  const end = cap
    ? runBlock(executor, { variant: 'sequential', cores: 1, ...bounce }).metrics.blockEnd
    : undefined;
  const inBlock = end && end.included < access.length ? access.slice(0, end.included) : access;
  const graph = buildDependencyGraph(inBlock);
  const runs = opts.variants.map((variant) => {
    const m = runBlock(executor, {
      variant,
      cores: opts.cores,
      costModel: opts.costModel,
      seed: opts.seed,
      ...bounce,
    }).metrics;
    return { variant, makespan: m.makespan, speedup: m.speedup };
  });
  const top = graph.hotspots[0];
  return {
    label,
    edges: graph.edges.length,
    columns: graph.columns.length,
    criticalPath: graph.criticalPath.length,
    criticalPathTxs: graph.criticalPath.txs.length,
    totalCost: graph.totalCost,
    bound: speedupBound(graph, opts.cores),
    ...(top ? { topHotspot: { cell: top.cell, edges: top.edges } } : {}),
    columnSizes: graph.columns.map((c) => c.length),
    runs,
    ...(end
      ? { blockEnd: { included: end.included, full: end.full, exceeded: end.exceeded } }
      : {}),
    graph,
  };
}

/**
 * The block's access sets (blockDependencyGraph(...).access) under one what-if, beside the
 * block as it is. `fee-deferred` compares fee credits applied inline (a read and a write of
 * the sequencer's balance in every fee payer) with credits deferred to after the block.
 */
export function whatIf(
  access: readonly TxAccess[],
  kind: WhatIf,
  opts: WhatIfOptions,
): WhatIfResult {
  const name = opts.cellName ?? ((c: CellKey) => c);
  switch (kind) {
    case 'fee-deferred':
      return {
        whatIf: kind,
        description: access.some((a) => a.credits?.length)
          ? 'Sequencer fee credited inline (each payer reads and writes its balance) vs deferred to commit (credits commute).'
          : 'No transaction of this block pays the sequencer a fee (none was charged, as in early Starknet blocks, or the block names no sequencer or fee token): both sides are the same.',
        before: scenario('fee inline', feeInline(access), 'engine', opts),
        after: scenario('fee deferred', access, 'after-block', opts),
      };
    case 'no-nonces':
      return {
        whatIf: kind,
        description: 'The block as it is vs the same block with every nonce cell ignored.',
        before: scenario('as is', access, 'engine', opts),
        after: scenario('nonces ignored', withoutNonces(access), 'engine', opts),
      };
    case 'no-hotspot': {
      const before = scenario('as is', access, 'engine', opts);
      const cell = before.topHotspot?.cell;
      if (cell === undefined)
        return {
          whatIf: kind,
          description: 'No cell induces a dependency: nothing to remove.',
          before,
          after: { ...before, label: 'no hotspot to remove' },
        };
      return {
        whatIf: kind,
        description: `The block as it is vs the same block without its top hotspot cell "${name(cell)}".`,
        cell,
        before,
        after: scenario(`without ${name(cell)}`, withoutCell(access, cell), 'engine', opts),
      };
    }
  }
}

/** A what-if without its graphs: plain data for JSON output and worker messages. */
export type WhatIfSummary = Omit<WhatIfResult, 'before' | 'after'> & {
  before: Omit<Scenario, 'graph'>;
  after: Omit<Scenario, 'graph'>;
};

export function whatIfSummary(r: WhatIfResult): WhatIfSummary {
  const strip = ({ graph: _graph, ...rest }: Scenario) => rest;
  return { ...r, before: strip(r.before), after: strip(r.after) };
}

/** Parses a comma-separated list of what-ifs; throws a RangeError naming an unknown one. */
export function parseWhatIfs(list: string): WhatIf[] {
  const out = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const w of out)
    if (!(WHAT_IFS as readonly string[]).includes(w))
      throw new RangeError(`unknown what-if '${w}' (known: ${WHAT_IFS.join(', ')})`);
  return out as WhatIf[];
}
