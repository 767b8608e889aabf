import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBlock } from '../../engine/stm';
import { findPreset } from '../../engine/blocks/catalog';
import { runOnNodeWorkers } from '../../engine/blocks/parallel/node';
import { hashState } from '../../engine/stm/parallel/hash';
import { syntheticToPlain } from '../../engine/blocks/parallel/blocks';
import { SyntheticBlock, type SyntheticBlockSpec } from '../../engine/blocks/workloads/synthetic';
import type { SharedVariant } from '../../engine/stm/parallel/shared';
import { batchSpec, blockShapeArb, blockSpec } from './random-blocks';
import { committedReadsOf } from './committed-reads';

/** Both schedulers that run on real threads: each generated block runs under each. */
const VARIANTS: SharedVariant[] = ['block-stm', 'blockifier'];

/**
 * Scale: with STM_PROPERTY_RUNS set (CI), BATCH_RUNS worker runs of BATCH blocks each (≥ 1,000
 * random blocks in all) plus STANDALONE_RUNS single blocks; the default run is a quick sample.
 */
const BIG = Number(process.env.STM_PROPERTY_RUNS ?? 0) > 0;
const BATCH = 25;
const BATCH_RUNS = BIG ? 40 : 2;
const STANDALONE_RUNS = BIG ? 60 : 4;

/**
 * Block-STM and blockifier on real workers: final state and every committed read (the fee
 * credit's read at a blockifier commit included) equal the sequential run's.
 */
async function checkOnWorkers(spec: SyntheticBlockSpec, workers: number): Promise<void> {
  const seq = runBlock(new SyntheticBlock(spec), { variant: 'sequential', cores: 1 });
  const desc = { kind: 'synthetic' as const, spec: syntheticToPlain(spec) };
  for (const variant of VARIANTS) {
    const r = await runOnNodeWorkers(desc, { workers, variant, timeoutMs: 120_000, warmup: 0 });
    expect(r.ok, variant).toBe(true);
    expect(new Map([...r.finalState].sort()), variant).toEqual(new Map([...seq.finalState].sort()));
    expect(committedReadsOf(r.log), variant).toEqual(seq.committedReads);
  }
}

/**
 * Real threads: Block-STM on 1–8 worker_threads ends in the sequential state, over random
 * synthetic blocks (fewer cases than the simulator's property test: each case starts real workers).
 */
const blockArb = fc.oneof(
  fc.record({
    id: fc.constant('p2p'),
    params: fc.record({
      n: fc.integer({ min: 1, max: 120 }),
      accounts: fc.integer({ min: 2, max: 40 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    }),
  }),
  fc.record({
    id: fc.constant('amm'),
    params: fc.record({
      n: fc.integer({ min: 1, max: 80 }),
      pools: fc.integer({ min: 1, max: 4 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    }),
  }),
  fc.record({
    id: fc.constant('nft'),
    params: fc.record({
      n: fc.integer({ min: 1, max: 80 }),
      collections: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    }),
  }),
  fc.record({
    id: fc.constant('mixed'),
    params: fc.record({
      n: fc.integer({ min: 1, max: 120 }),
      accounts: fc.integer({ min: 2, max: 30 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    }),
  }),
);

describe('Block-STM and blockifier on real worker_threads: corner-case blocks', () => {
  it(
    'sequencer transfers, same-value rewrites, blind writes, dynamic reads: single blocks',
    { timeout: 1_800_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(blockShapeArb(40), fc.integer({ min: 1, max: 8 }), (b, workers) =>
          checkOnWorkers(blockSpec(b), workers),
        ),
        { numRuns: STANDALONE_RUNS, endOnFailure: true },
      );
    },
  );

  it(
    `the same in batches of ${BATCH} independent blocks per worker run`,
    { timeout: 3_600_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(blockShapeArb(30), { minLength: BATCH, maxLength: BATCH }),
          fc.integer({ min: 1, max: 8 }),
          (bs, workers) => checkOnWorkers(batchSpec(bs), workers),
        ),
        { numRuns: BATCH_RUNS, endOnFailure: true },
      );
    },
  );
});

describe('Block-STM and blockifier on real worker_threads: presets', () => {
  it(
    '1–8 workers end in the sequential state over random blocks',
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          blockArb,
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom(...VARIANTS),
          async (b, workers, variant) => {
            const desc = { kind: 'preset' as const, id: b.id, params: b.params };
            const seq = runBlock(findPreset(b.id).build(b.params), {
              variant: 'sequential',
              cores: 1,
            });
            const r = await runOnNodeWorkers(desc, {
              workers,
              variant,
              timeoutMs: 60_000,
              warmup: 0,
            });
            expect(r.ok).toBe(true);
            expect(r.stateHash).toBe(hashState(seq.finalState));
            expect(new Map([...r.finalState].sort())).toEqual(new Map([...seq.finalState].sort()));
            // every transaction has exactly one committed execution event in the log
            const incs = new Map<number, number>();
            for (let e = 0; e < r.log.count; e++)
              if (r.log.kind[e] === 0)
                incs.set(r.log.tx[e], Math.max(incs.get(r.log.tx[e]) ?? -1, r.log.incarnation[e]));
            expect(incs.size).toBe(seq.log.txCount);
          },
        ),
        { numRuns: 8, endOnFailure: true },
      );
    },
  );
});
