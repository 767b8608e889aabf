import { describe, expect, it } from 'vitest';
import { analyzeBlock } from '../../../engine/analyze';
import { p2pTransfers } from '../../../engine/blocks/workloads';
import { graphCache, runPayload } from '../../../lib/engine-worker/compute';

/**
 * A block whose transactions all pay a fee: the graph (credits commute) allows ~k×, the oracle
 * gets close to it, and Block-STM, which credits every fee inline, is told it conflicts on the
 * sequencer's balance, with the cell named — in the analysis (CLI) and in the UI's payload.
 */
describe('fee credits: the oracle and the bound agree; the remark names the cell', () => {
  const block = p2pTransfers({ n: 120, accounts: 400, seed: 5, fee: 2n });

  it('analysis: oracle speedup consistent with the bound; Block-STM carries the remark', () => {
    const r = analyzeBlock(block, {
      cores: [2, 4],
      variants: ['block-stm', 'oracle', 'commit-as-you-go', 'sequential'],
    });
    for (const run of r.runs) expect(run.speedup).toBeLessThanOrEqual(run.bound + 1e-9);
    for (const run of r.runs.filter((x) => x.variant === 'oracle'))
      expect(run.speedup).toBeGreaterThan(0.8 * run.bound);
    const stm = r.runs.filter((x) => x.variant === 'block-stm');
    expect(stm.every((x) => x.remark?.includes('sequencer'))).toBe(true);
    expect(stm[0].remark).toContain('all 120 transactions pay a fee');
    // The inline credits cost Block-STM much of what the graph allows (the oracle gets it).
    for (const x of stm) {
      const oracle = r.runs.find((o) => o.variant === 'oracle' && o.cores === x.cores)!;
      expect(x.speedup).toBeLessThan(0.8 * oracle.speedup);
    }
    for (const x of r.runs.filter((x) => x.variant !== 'block-stm'))
      expect(x.remark).toBeUndefined();
  });

  it('the UI payload carries the same remark, and none without fees', () => {
    const cache = graphCache(block);
    const p = { variant: 'block-stm' as const, cores: 4, costModel: {}, seed: 1 };
    const name = block.cellName(cache.credits!.cell);
    expect(runPayload(block, p, cache).payload.remark).toContain(`"${name}"`);
    const free = p2pTransfers({ n: 40, accounts: 100, seed: 5 });
    expect(runPayload(free, p, null).payload.remark).toBeUndefined();
  });
});
