import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  erc20BalanceCells,
  importBlock,
  sequencerFeeCredit,
  type ImportedBlock,
  type ImportedTx,
} from '../../../engine/blocks/import';
import { ReplayExecutor } from '../../../engine/blocks/replay';
import { blockDependencyGraph, runBlock } from '../../../engine/stm';
import { buildDependencyGraph, type DependencyGraph } from '../../../engine/graph';
import { whatIf } from '../../../engine/stm/what-if';
import { GALLERY_DIR } from '../../../scripts/build-gallery';

/**
 * The sequencer-fee credit of imported blocks (engine/blocks/import/fee-credit.ts): the replay
 * carries it as `TxResult.fee`, so the fee-deferred what-if on a real block compares the two
 * rules, while the block's own graph (credits commute) and its final state stay what they were.
 */
const gallery = (id: string): ImportedBlock =>
  importBlock(readFileSync(resolve(GALLERY_DIR, `${id}.json`), 'utf8'));
const edgePairs = (g: DependencyGraph) => new Set(g.edges.map((e) => `${e.from}>${e.to}`));

/** The graph straight from the import's access sets, which leave the sequencer's balance out. */
function importedGraph(block: ImportedBlock): DependencyGraph {
  return buildDependencyGraph(
    block.transactions.map((t) => ({
      reads: t.accessSets.reads.map((r) => r.cell),
      writes: t.accessSets.writes.map((w) => w.cell),
    })),
  );
}

describe('sequencer fee credit of an imported transaction', () => {
  const seq = '0x1176a1bd84444c89232ec27754698e5d2e7e1a7f1539f12027f28b23ec9f3d8';
  const token = '0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7';
  const tx = (over: Partial<ImportedTx>): ImportedTx => ({
    index: 0,
    hash: '0x1',
    type: 'INVOKE',
    sender: '0xabc',
    calls: [],
    status: 'succeeded',
    fee: { amount: '0x64', unit: 'WEI' },
    feeToken: token,
    events: [],
    declaredClasses: [],
    accessSets: { reads: [], writes: [], deferredWrites: [], inferred: true },
    ...over,
  });

  it('credits the fee to the low limb of the sequencer balance in the fee token', () => {
    const c = sequencerFeeCredit({ sequencerAddress: seq }, tx({}));
    expect(c).toEqual({ cell: erc20BalanceCells(token, seq)[0], amount: 100n });
    // a reverted transaction still pays
    expect(sequencerFeeCredit({ sequencerAddress: seq }, tx({ status: 'reverted' }))).toEqual(c);
  });

  it('gives no credit without a sequencer, a fee token or a fee, to L1 handlers and to the sequencer', () => {
    const s = { sequencerAddress: seq };
    expect(sequencerFeeCredit({}, tx({}))).toBeUndefined();
    expect(sequencerFeeCredit({ sequencerAddress: '0x0' }, tx({}))).toBeUndefined();
    expect(sequencerFeeCredit(s, tx({ feeToken: undefined }))).toBeUndefined();
    expect(sequencerFeeCredit(s, tx({ fee: { amount: '0x0', unit: 'WEI' } }))).toBeUndefined();
    expect(sequencerFeeCredit(s, tx({ type: 'L1_HANDLER' }))).toBeUndefined();
    expect(sequencerFeeCredit(s, tx({ sender: '0x0' + seq.slice(2) }))).toBeUndefined();
  });

  it('an unknown amount is a credit of 0 when the access sets show the deferred write', () => {
    const s = { sequencerAddress: seq };
    const cell = erc20BalanceCells(token, seq)[0];
    const deferredWrites = [{ cell, evidence: 'transfer_event' as const }];
    const sets = { reads: [], writes: [], deferredWrites, inferred: true };
    expect(sequencerFeeCredit(s, tx({ fee: undefined, accessSets: sets }))).toEqual({
      cell,
      amount: 0n,
    });
    expect(sequencerFeeCredit(s, tx({ fee: undefined }))).toBeUndefined();
  });
});

describe('fee-deferred what-if on a real block (gallery mainnet-65000)', () => {
  const block = gallery('mainnet-65000');
  const replay = new ReplayExecutor(block);
  const { graph, access } = blockDependencyGraph(replay);
  const payers = block.transactions.filter((t) => sequencerFeeCredit(block, t)).length;

  it('carries one credit per fee payer; the block’s own graph is the import’s', () => {
    expect(payers).toBe(232); // 236 transactions, 4 L1 handlers
    expect(access.filter((a) => a.credits?.length === 1)).toHaveLength(payers);
    expect(edgePairs(graph)).toEqual(edgePairs(importedGraph(block)));
    expect(replay.cellName(access.find((a) => a.credits)!.credits![0])).toMatch(
      /^ETH balance of 0x1176…f3d8$/,
    );
  });

  it('inline credits chain the payers; deferred ones leave the block’s graph', () => {
    const r = whatIf(access, 'fee-deferred', { cores: 8, variants: ['block-stm', 'oracle'] });
    expect(r.description).toMatch(/credited inline/);
    expect(r.after.edges).toBe(graph.edges.length);
    expect(r.after.columns).toBe(graph.columns.length);
    // every payer waits for the one before: a column per payer, the path through all of them
    expect(r.before.columns).toBeGreaterThanOrEqual(payers);
    expect(r.before.criticalPathTxs).toBeGreaterThanOrEqual(payers);
    expect(r.before.criticalPath).toBeGreaterThan(5 * r.after.criticalPath);
    expect(r.before.bound).toBeLessThan(1.5);
    expect(r.after.bound).toBeGreaterThan(4);
    const speedup = (s: typeof r.before, v: string) => s.runs.find((x) => x.variant === v)!.speedup;
    expect(speedup(r.after, 'block-stm')).toBeGreaterThan(3 * speedup(r.before, 'block-stm'));
    expect(speedup(r.after, 'oracle')).toBeGreaterThan(3 * speedup(r.before, 'oracle'));
  });

  it('every variant ends in the sequential state, the sequencer credited the sum of the fees', () => {
    const seq = runBlock(replay, { variant: 'sequential', cores: 1 }).finalState;
    const cell = sequencerFeeCredit(block, block.transactions[0])!.cell;
    const fees = block.transactions.reduce(
      (sum, t) => sum + (sequencerFeeCredit(block, t)?.amount ?? 0n),
      0n,
    );
    expect(seq.get(cell)).toBe(fees);
    for (const variant of ['block-stm', 'commit-as-you-go', 'blockifier'] as const)
      expect(runBlock(replay, { variant, cores: 8 }).finalState).toEqual(seq);
  });
});

describe('fee-deferred what-if on a block that charged no fees (gallery mainnet-2240)', () => {
  it('says no transaction pays the sequencer, and both sides are the same', () => {
    const block = gallery('mainnet-2240');
    const replay = new ReplayExecutor(block);
    expect(block.transactions.some((t) => sequencerFeeCredit(block, t))).toBe(false);
    const { access } = blockDependencyGraph(replay);
    const r = whatIf(access, 'fee-deferred', { cores: 8, variants: ['oracle'] });
    expect(r.description).toMatch(/No transaction .* pays the sequencer a fee/);
    expect([r.before.edges, r.before.columns]).toEqual([r.after.edges, r.after.columns]);
  });
});
