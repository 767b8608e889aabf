import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBlock } from '../../engine/stm';
import { findPreset } from '../../engine/blocks/catalog';
import { runOnNodeWorkers } from '../../engine/blocks/parallel/node';
import { hashState } from '../../engine/stm/parallel/hash';

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

describe('Block-STM on real worker_threads', () => {
  it(
    '1–8 workers end in the sequential state over random blocks',
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(blockArb, fc.integer({ min: 1, max: 8 }), async (b, workers) => {
          const desc = { kind: 'preset' as const, id: b.id, params: b.params };
          const seq = runBlock(findPreset(b.id).build(b.params), {
            variant: 'sequential',
            cores: 1,
          });
          const r = await runOnNodeWorkers(desc, { workers, timeoutMs: 60_000, warmup: 0 });
          expect(r.ok).toBe(true);
          expect(r.stateHash).toBe(hashState(seq.finalState));
          expect(new Map([...r.finalState].sort())).toEqual(new Map([...seq.finalState].sort()));
          // every transaction has exactly one committed execution event in the log
          const incs = new Map<number, number>();
          for (let e = 0; e < r.log.count; e++)
            if (r.log.kind[e] === 0)
              incs.set(r.log.tx[e], Math.max(incs.get(r.log.tx[e]) ?? -1, r.log.incarnation[e]));
          expect(incs.size).toBe(seq.log.txCount);
        }),
        { numRuns: 8, endOnFailure: true },
      );
    },
  );
});
