/**
 * THE dependency graph of a block: the committed access sets of its sequential run (committed.ts
 * decides how fee credits enter them) given to engine/graph's builder. The oracle schedules this
 * graph; the analysis (bound, critical path, columns, hotspots), the CLI and the UI show it.
 */
import { buildDependencyGraph, type DependencyGraph, type TxAccess } from '../graph';
import { committedSets } from './committed';
import type { SimState } from './simulator';
import { DEFAULT_COST_MODEL, type BlockExecutor } from './types';
import { simulateSequential } from './variants/sequential';

export interface BlockGraph {
  graph: DependencyGraph;
  access: TxAccess[];
  /** The sequential run the access sets come from (the oracle replays its results). */
  run: SimState;
}

/** The block's dependency graph, from an untimed sequential run (costs do not depend on timing). */
export function blockDependencyGraph(executor: BlockExecutor, profile = false): BlockGraph {
  const run = simulateSequential(executor, { ...DEFAULT_COST_MODEL, jitter: 0 }, 0, profile);
  const access = committedSets(run, executor.size).access;
  return { graph: buildDependencyGraph(access), access, run };
}
