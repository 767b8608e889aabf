import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ETH_TOKEN,
  STRK_TOKEN,
  type ImportedBlock,
  type ImportedTx,
} from '../../engine/blocks/import';
import { ReplayExecutor } from '../../engine/blocks/replay';
import { buildDependencyGraph, type DependencyGraph } from '../../engine/graph';
import { blockDependencyGraph, runBlock, VARIANTS } from '../../engine/stm';
import { whatIf } from '../../engine/stm/what-if';

/**
 * Random imported blocks replayed with their sequencer-fee credits (import/fee-credit.ts): the
 * block's graph is the one its access sets give without the credits (credits commute), every
 * variant ends in the sequential state, and the fee-deferred what-if's deferred side is the
 * block's own graph while its inline side only adds dependencies.
 */
const RUNS = Number(process.env.STM_PROPERTY_RUNS ?? 0) > 0 ? 1000 : 100;
const SEQ = '0x5e9';
const CELLS = ['s:0x1:0x1', 's:0x1:0x2', 's:0x2:0x7', 'n:0x10', 'n:0x11', 'n:0x12'];

const txArb = fc.record({
  type: fc.constantFrom('INVOKE', 'INVOKE', 'INVOKE', 'DECLARE', 'L1_HANDLER') as fc.Arbitrary<
    ImportedTx['type']
  >,
  sender: fc.constantFrom('0x10', '0x11', '0x12', SEQ),
  fee: fc.option(fc.bigInt({ min: 0n, max: 1000n }), { nil: undefined }),
  feeToken: fc.constantFrom(ETH_TOKEN, STRK_TOKEN),
  status: fc.constantFrom('succeeded', 'reverted') as fc.Arbitrary<ImportedTx['status']>,
  reads: fc.subarray(CELLS),
  writes: fc.subarray(CELLS),
  steps: fc.integer({ min: 1, max: 50 }),
});

type RandomTx = typeof txArb extends fc.Arbitrary<infer T> ? T : never;

function importedBlock(txs: RandomTx[]): ImportedBlock {
  return {
    sequencerAddress: SEQ,
    sourceFormats: ['stm-explorer-bundle'],
    accessMode: 'partial',
    warnings: [],
    transactions: txs.map((t, index) => ({
      index,
      hash: `0x${(index + 1).toString(16)}`,
      type: t.type,
      sender: t.sender,
      calls: [],
      status: t.status,
      ...(t.fee !== undefined ? { fee: { amount: `0x${t.fee.toString(16)}`, unit: 'WEI' } } : {}),
      feeToken: t.feeToken,
      steps: t.steps,
      events: [],
      declaredClasses: [],
      accessSets: {
        reads: t.reads.map((cell) => ({ cell, evidence: 'inferred_rule' as const })),
        writes: t.writes.map((cell, i) => ({
          cell,
          value: `0x${(index * 16 + i + 1).toString(16)}`,
          evidence: 'state_diff' as const,
        })),
        deferredWrites: [],
        inferred: true,
      },
    })),
  };
}

const pairs = (g: DependencyGraph) => new Set(g.edges.map((e) => `${e.from}>${e.to}`));
describe('imported blocks with fee credits (property)', () => {
  it('keep their graph, end in the sequential state, and the fee what-if only adds edges', () => {
    fc.assert(
      fc.property(
        fc.array(txArb, { minLength: 1, maxLength: 16 }),
        fc.integer({ min: 1, max: 12 }),
        (txs, cores) => {
          const block = importedBlock(txs);
          const replay = new ReplayExecutor(block);
          const { graph, access } = blockDependencyGraph(replay);
          const plain = buildDependencyGraph(
            block.transactions.map((t) => ({
              reads: t.accessSets.reads.map((r) => r.cell),
              writes: t.accessSets.writes.map((w) => w.cell),
            })),
          );
          expect(pairs(graph)).toEqual(pairs(plain));
          const seq = runBlock(replay, { variant: 'sequential', cores: 1 }).finalState;
          for (const variant of VARIANTS)
            expect(runBlock(replay, { variant, cores }).finalState, variant).toEqual(seq);
          const w = whatIf(access, 'fee-deferred', { cores, variants: ['oracle'] });
          expect(w.after.edges).toBe(graph.edges.length);
          // payers: not an L1 handler, not the sequencer, a fee above 0; chained per fee token
          const payers = txs.flatMap((t, i) =>
            t.type !== 'L1_HANDLER' && t.sender !== SEQ && (t.fee ?? 0n) > 0n ? [i] : [],
          );
          expect(access.flatMap((a, i) => (a.credits?.length ? [i] : []))).toEqual(payers);
          const inline = pairs(w.before.graph);
          for (const token of [ETH_TOKEN, STRK_TOKEN]) {
            const chain = payers.filter((i) => txs[i].feeToken === token);
            for (let j = 1; j < chain.length; j++)
              expect(inline.has(`${chain[j - 1]}>${chain[j]}`)).toBe(true);
          }
          for (const p of pairs(graph)) expect(inline.has(p)).toBe(true);
          expect(w.before.criticalPath).toBeGreaterThanOrEqual(w.after.criticalPath);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
