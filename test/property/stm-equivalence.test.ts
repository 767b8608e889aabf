import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  runBlock,
  VARIANTS,
  type BlockExecutor,
  type CostModel,
  type Variant,
} from '../../engine/stm';
import { mixedBlock, p2pTransfers } from '../../engine/blocks/workloads';
import { blockShapeArb, blockSpec, writesSequencerBalance } from './random-blocks';
import { SyntheticBlock } from '../../engine/blocks/workloads/synthetic';

/**
 * Scale: STM_PROPERTY_RUNS (CI) sets the number of random blocks of the corner-case property
 * (≥ 10,000 there); the default run is a quick sample.
 */
const BIG_RUNS = Number(process.env.STM_PROPERTY_RUNS ?? 0);
const CORNER_RUNS = BIG_RUNS > 0 ? BIG_RUNS : 400;
/** A synchronous property cannot be interrupted: the timeout only has to let it finish. */
const BIG_TIMEOUT = BIG_RUNS > 0 ? 3_600_000 : 120_000;
/** Random blocks per core count in the every-core-count sweep (1…128). */
const PER_CORE_COUNT = BIG_RUNS > 0 ? 20 : 1;

/** The invariant: every variant, every core count → same final state and committed reads as sequential. */
function checkAgainstSequential(
  block: BlockExecutor,
  cores: number,
  cost: Partial<CostModel>,
  seed: number,
  variants: readonly Variant[] = VARIANTS,
): void {
  const seq = runBlock(block, { variant: 'sequential', cores: 1 });
  for (const variant of variants) {
    const r = runBlock(block, { variant, cores, costModel: cost, seed });
    expect(r.finalState, `${variant} on ${cores} cores: final state`).toEqual(seq.finalState);
    expect(r.committedReads, `${variant} on ${cores} cores: committed reads`).toEqual(
      seq.committedReads,
    );
    expect(r.metrics.sequentialTime).toBe(seq.metrics.makespan);
  }
}

/** Every variant, on every block (the sequencer's own balance included). */
function checkCorner(
  spec: ReturnType<typeof blockSpec>,
  cores: number,
  cost: Partial<CostModel>,
  seed: number,
): void {
  checkAgainstSequential(new SyntheticBlock(spec), cores, cost, seed, VARIANTS);
}

const costArb = fc.record({
  scheduleOverhead: fc.integer({ min: 0, max: 5 }),
  validateBase: fc.integer({ min: 0, max: 5 }),
  validatePerRead: fc.integer({ min: 0, max: 3 }),
  abortCost: fc.integer({ min: 0, max: 3 }),
  dependencyAbortCost: fc.integer({ min: 0, max: 5 }),
  commitCost: fc.integer({ min: 0, max: 3 }),
  readOverhead: fc.constant(0),
  writeOverhead: fc.constant(0),
  jitter: fc.constantFrom(0, 0, 0.3),
});

describe('Block-STM variants equal sequential execution', () => {
  it('many small random mixed blocks (with and without sequencer fee, random costs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 128 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        costArb,
        fc.integer(),
        (n, accounts, cores, fee, lowBalance, randomCosts, cost, seed) => {
          const block = mixedBlock({
            n,
            accounts,
            pools: 1 + (seed & 1),
            collections: 1,
            seed,
            fee: fee ? 3n : undefined,
            initialBalance: lowBalance ? 300n : undefined,
            randomCosts,
          });
          checkAgainstSequential(block, cores, cost, seed);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('every core count 1…128 on one contended block', () => {
    const block = mixedBlock({ n: 60, accounts: 4, seed: 7, fee: 2n, randomCosts: true });
    for (let cores = 1; cores <= 128; cores += cores < 8 ? 1 : 7)
      checkAgainstSequential(block, cores, {}, cores);
  });

  it('fewer bigger blocks (up to 1,000 transactions)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1000 }),
        fc.integer({ min: 2, max: 500 }),
        fc.constantFrom(2, 8, 32, 128),
        fc.boolean(),
        fc.integer(),
        (n, accounts, cores, fee, seed) => {
          const block =
            seed % 2 === 0
              ? p2pTransfers({ n, accounts, seed, fee: fee ? 1n : undefined })
              : mixedBlock({ n, accounts, seed, fee: fee ? 1n : undefined });
          checkAgainstSequential(block, cores, {}, seed);
        },
      ),
      { numRuns: 10 },
    );
  });

  it(
    'random corner-case blocks: sequencer transfers, same-value rewrites, blind writes, dynamic reads',
    { timeout: BIG_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          blockShapeArb(30),
          fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 128 })),
          costArb,
          fc.integer(),
          (shape, cores, cost, seed) => checkCorner(blockSpec(shape), cores, cost, seed),
        ),
        { numRuns: CORNER_RUNS },
      );
    },
  );

  it('the corner-case generator does make blocks that write the sequencer balance', () => {
    const specs = fc.sample(blockShapeArb(30), { numRuns: 200, seed: 7 }).map(blockSpec);
    const share = specs.filter(writesSequencerBalance).length / specs.length;
    expect(share).toBeGreaterThan(0.2);
  });

  it('every core count 1…128 on random corner-case blocks', { timeout: BIG_TIMEOUT }, () => {
    for (let cores = 1; cores <= 128; cores++)
      fc.assert(
        fc.property(blockShapeArb(30), fc.integer(), (shape, seed) =>
          checkCorner(blockSpec(shape), cores, {}, seed),
        ),
        { numRuns: PER_CORE_COUNT, seed: cores },
      );
  });

  it('same input and seed → identical log', () => {
    const block = mixedBlock({ n: 200, accounts: 6, seed: 3, randomCosts: true });
    for (const variant of VARIANTS) {
      const a = runBlock(block, { variant, cores: 7, seed: 5, costModel: { jitter: 0.2 } });
      const b = runBlock(block, { variant, cores: 7, seed: 5, costModel: { jitter: 0.2 } });
      expect(a.log).toEqual(b.log);
    }
  });
});
