/**
 * One block's row: the figures `analyze --rpc <url> --block N` prints for it (engine/analyze.ts
 * on the block's access sets replayed), reduced to what a range needs.
 */
import { analyzeBlock } from '../../analyze';
import { hex } from '../../types';
import type { ImportedBlock } from '../import';
import { ReplayExecutor } from '../replay';
import {
  ANALYSIS_VERSION,
  BOUND_CORES,
  TOP_HOTSPOTS,
  type BlockRow,
  type RangeAnalysisOptions,
} from './types';

/** Canonical lowercase hex without leading zeros, so hashes from any source compare equal. */
export function canonHash(h: string): string {
  return hex(BigInt(h));
}

/** The cache key of a row: the chain, the block (by hash: a number can be reorged), the analysis. */
export function rowKey(chainId: string, blockHash: string, o: RangeAnalysisOptions): string {
  const opts = `c${o.cores.join(',')};v${o.variants.join(',')};s${o.seed}`;
  return `${canonHash(chainId)}/${canonHash(blockHash)}/v${ANALYSIS_VERSION}/${opts}`;
}

function bound(totalCost: number, criticalPath: number, k: number): number {
  return criticalPath > 0 ? Math.min(k, totalCost / criticalPath) : 1;
}

export function blockRow(block: ImportedBlock, o: RangeAnalysisOptions): BlockRow {
  const head = {
    number: block.number ?? -1,
    hash: canonHash(block.hash ?? '0x0'),
    parentHash: canonHash(block.parentHash ?? '0x0'),
    timestamp: block.timestamp ?? 0,
    accessMode: block.accessMode,
    warnings: [...block.warnings],
  };
  if (block.transactions.length === 0)
    return {
      ...head,
      transactions: 0,
      edges: 0,
      columns: 0,
      criticalPath: 0,
      criticalPathTxs: 0,
      totalCost: 0,
      bound8: 1,
      bound32: 1,
      hotspots: [],
      runs: [],
    };
  const r = analyzeBlock(new ReplayExecutor(block), {
    cores: o.cores,
    variants: o.variants,
    seed: o.seed,
  });
  const [b8, b32] = BOUND_CORES.map((k) => bound(r.totalCost, r.criticalPath, k));
  return {
    ...head,
    transactions: r.transactions,
    edges: r.edges,
    columns: r.columns,
    criticalPath: r.criticalPath,
    criticalPathTxs: r.criticalPathTxs.length,
    totalCost: r.totalCost,
    bound8: b8,
    bound32: b32,
    hotspots: r.hotspots.slice(0, TOP_HOTSPOTS),
    runs: r.runs,
  };
}
