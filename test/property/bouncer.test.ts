import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBlock, VARIANTS, type BlockCapacity } from '../../engine/stm';
import { SyntheticBlock } from '../../engine/blocks/workloads/synthetic';
import { blockShapeArb, blockSpec } from './random-blocks';

/**
 * The bouncer's invariant: with a block capacity, every variant on any number of cores ends the
 * block at the same transaction as the sequential run with the same capacity, with the same
 * final state and the same committed reads (those of the included transactions).
 * STM_PROPERTY_RUNS (CI) scales the number of random blocks.
 */
const BIG_RUNS = Number(process.env.STM_PROPERTY_RUNS ?? 0);
const RUNS = BIG_RUNS > 0 ? Math.max(1_000, BIG_RUNS / 10) : 150;
const TIMEOUT = BIG_RUNS > 0 ? 3_600_000 : 120_000;

/** Small capacities, so that random blocks of up to 30 transactions do fill up. */
const capacityArb: fc.Arbitrary<BlockCapacity> = fc.record(
  {
    n_txs: fc.integer({ min: 0, max: 30 }),
    state_diff_size: fc.integer({ min: 0, max: 60 }),
    sierra_gas: fc.integer({ min: 0, max: 3_000_000 }),
    n_events: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: [] },
);

describe('bouncer: every variant is cut where sequential is', () => {
  it(
    'random blocks × capacities × cores',
    () => {
      // the property must exercise both outcomes: blocks that fill up and blocks that do not
      let full = 0;
      let fits = 0;
      fc.assert(
        fc.property(
          blockShapeArb(30),
          capacityArb,
          fc.integer({ min: 1, max: 128 }),
          fc.integer(),
          (shape, cap, cores, seed) => {
            const spec = blockSpec(shape);
            const seq = runBlock(new SyntheticBlock(spec), {
              variant: 'sequential',
              cores: 1,
              blockCapacity: cap,
            });
            const end = seq.metrics.blockEnd!;
            expect(end.included).toBeLessThanOrEqual(spec.txs.length);
            if (end.full) full++;
            else fits++;
            for (const variant of VARIANTS) {
              const r = runBlock(new SyntheticBlock(spec), {
                variant,
                cores,
                seed,
                blockCapacity: cap,
              });
              const what = `${variant} on ${cores} cores`;
              expect(r.metrics.blockEnd!.included, `${what}: cut`).toBe(end.included);
              expect(r.metrics.blockEnd!.weights, `${what}: weights`).toEqual(end.weights);
              expect(r.finalState, `${what}: final state`).toEqual(seq.finalState);
              expect(r.committedReads, `${what}: committed reads`).toEqual(seq.committedReads);
              expect(r.metrics.sequentialTime).toBe(seq.metrics.sequentialTime);
            }
          },
        ),
        { numRuns: RUNS },
      );
      expect(full).toBeGreaterThan(RUNS / 5);
      expect(fits).toBeGreaterThan(RUNS / 10);
    },
    TIMEOUT,
  );
});
