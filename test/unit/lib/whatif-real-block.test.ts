import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBlock } from '../../../engine/blocks/import';
import { ReplayExecutor } from '../../../engine/blocks/replay';
import { graphCache, runPayload, whatIfPayload } from '../../../lib/engine-worker/compute';
import { GALLERY_DIR } from '../../../scripts/build-gallery';

/**
 * What the page's worker computes for a real gallery block: the fee remark beside Block-STM's
 * numbers names the sequencer's balance, and the fee what-if shows the two rules apart.
 */
describe('the page on a real block (gallery mainnet-65000, 8 cores)', () => {
  const block = importBlock(readFileSync(resolve(GALLERY_DIR, 'mainnet-65000.json'), 'utf8'));
  const executor = new ReplayExecutor(block);
  const params = { variant: 'block-stm' as const, cores: 8, costModel: {}, seed: 1 };

  it('says Block-STM credits fees inline, naming the sequencer balance', () => {
    const { payload } = runPayload(executor, params, null);
    expect(payload.remark).toMatch(/232 of 236 transactions pay a fee/);
    expect(payload.remark).toMatch(/"ETH balance of 0x1176…f3d8"/);
    expect(payload.graphBound).toBe(8);
  });

  it('the fee what-if shows inline credits chaining the payers', () => {
    const gr = graphCache(executor);
    const w = whatIfPayload(executor, gr, { kind: 'fee-deferred', ...params });
    expect(w.after.columns).toBe(gr.g.columns.length);
    expect(w.before.columns).toBe(232);
    expect(w.before.runs.map((r) => r.variant)).toEqual([
      'block-stm',
      'commit-as-you-go',
      'oracle',
    ]);
    const oracle = (s: typeof w.before) => s.runs.find((r) => r.variant === 'oracle')!.speedup;
    expect(oracle(w.after)).toBeGreaterThan(4 * oracle(w.before));
  });
});
