import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBlock, type BlockCapacity } from '../../engine/stm';
import { runOnNodeWorkers } from '../../engine/blocks/parallel/node';
import { syntheticToPlain } from '../../engine/blocks/parallel/blocks';
import { SyntheticBlock } from '../../engine/blocks/workloads/synthetic';
import { batchSpec, blockShapeArb } from './random-blocks';
import { committedReadsOf } from './committed-reads';

/**
 * The bouncer on real worker_threads (blockifier): random blocks × capacities × 1–6 workers end
 * the block where the simulator's sequential run with the same capacity does, with its final
 * state and committed reads. STM_PROPERTY_RUNS (CI) raises the number of runs.
 */
const BIG = Number(process.env.STM_PROPERTY_RUNS ?? 0) > 0;
const RUNS = BIG ? 30 : 4;

const capacityArb: fc.Arbitrary<BlockCapacity> = fc.oneof(
  fc.record({ n_txs: fc.integer({ min: 0, max: 80 }) }),
  fc.record({ state_diff_size: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ sierra_gas: fc.integer({ min: 0, max: 6_000_000 }) }),
);

describe('bouncer on real workers (blockifier)', () => {
  it(
    'random blocks × capacities × workers: cut, state and committed reads as sequential',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(blockShapeArb(20), { minLength: 1, maxLength: 5 }),
          capacityArb,
          fc.integer({ min: 1, max: 6 }),
          async (shapes, cap, workers) => {
            const spec = batchSpec(shapes);
            const seq = runBlock(new SyntheticBlock(spec), {
              variant: 'sequential',
              cores: 1,
              blockCapacity: cap,
            });
            const included = seq.metrics.blockEnd!.included;
            const desc = { kind: 'synthetic' as const, spec: syntheticToPlain(spec) };
            const r = await runOnNodeWorkers(desc, {
              workers,
              variant: 'blockifier',
              blockCapacity: cap,
              timeoutMs: 120_000,
              warmup: 0,
            });
            expect(r.ok).toBe(true);
            expect(r.sequentialIncluded).toBe(included);
            expect(r.metrics.blockEnd?.included).toBe(included);
            expect(r.metrics.blockEnd?.weights).toEqual(seq.metrics.blockEnd!.weights);
            // a halted block says when (the end of the last passed validation of the tx left out)
            if (r.metrics.blockEnd!.full)
              expect(r.metrics.blockEnd!.haltedAt).toBeLessThanOrEqual(r.wallMs);
            expect(new Map([...r.finalState].sort())).toEqual(new Map([...seq.finalState].sort()));
            expect(committedReadsOf(r.log).slice(0, included)).toEqual(seq.committedReads);
          },
        ),
        { numRuns: RUNS },
      );
    },
    BIG ? 1_800_000 : 300_000,
  );
});
