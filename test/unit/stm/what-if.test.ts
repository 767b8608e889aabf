import { describe, expect, it } from 'vitest';
import { blockDependencyGraph, runBlock } from '../../../engine/stm';
import { AccessExecutor, sameValueWrites, whatIf } from '../../../engine/stm/what-if';
import { buildDependencyGraph, type TxAccess } from '../../../engine/graph';
import { feeInline, withoutCell, withoutNonces } from '../../../engine/graph/what-if';
import { p2pTransfers } from '../../../engine/blocks/workloads/generators';
import {
  SyntheticBlock,
  balanceCell,
  type SyntheticTx,
} from '../../../engine/blocks/workloads/synthetic';
import { findPreset } from '../../../engine/blocks/catalog';

const opts = { cores: 8, variants: ['block-stm' as const, 'oracle' as const] };

/** Three no-op transactions of one sender: only its nonce chains them. */
function oneSender(): SyntheticBlock {
  const txs: SyntheticTx[] = [0, 1, 2].map(() => ({ kind: 'nonce' as const, sender: 0x10n }));
  return new SyntheticBlock({ txs, preState: new Map() });
}

describe('what-if transformations of access sets', () => {
  const access: TxAccess[] = [
    { reads: ['n:0x1', 's:0x9:0x1'], writes: [['n:0x1', 1n]], credits: ['s:0xf:0x5'], cost: 3 },
    { reads: ['n:0x1'], writes: ['n:0x1', 's:0x9:0x1'], credits: ['s:0xf:0x5'] },
  ];

  it('removes nonce cells everywhere and leaves the rest', () => {
    const out = withoutNonces(access);
    expect(out[0].reads).toEqual(['s:0x9:0x1']);
    expect(out[0].writes).toEqual([]);
    expect(out[1].writes).toEqual([['s:0x9:0x1', undefined]]);
    expect(out[0].credits).toEqual(['s:0xf:0x5']);
    expect(out[0].cost).toBe(3);
    expect(access[0].reads).toHaveLength(2); // input untouched
  });

  it('removes one cell from reads, writes and credits', () => {
    const out = withoutCell(access, 's:0xf:0x5');
    expect(out.map((a) => a.credits)).toEqual([[], []]);
    expect(buildDependencyGraph(out).edges).toHaveLength(1);
  });

  it('fee inline chains every payer on the credited cell', () => {
    const g = buildDependencyGraph(feeInline(access));
    const e = g.edges.find((x) => x.from === 0 && x.to === 1)!;
    expect(e.cells).toContain('s:0xf:0x5');
    expect(feeInline(access)[0].credits).toBeUndefined();
  });
});

describe('AccessExecutor', () => {
  it('replays a block with the same graph as its own executor', () => {
    const block = p2pTransfers({ n: 60, seed: 3, accounts: 20, fee: 1n });
    const { graph, access } = blockDependencyGraph(block);
    const replay = new AccessExecutor(access);
    const again = blockDependencyGraph(replay).graph;
    expect(again.edges.map((e) => [e.from, e.to])).toEqual(graph.edges.map((e) => [e.from, e.to]));
    expect(again.criticalPath.length).toBe(graph.criticalPath.length);
    // and its Block-STM run commits in index order like any executor
    const r = runBlock(replay, { variant: 'block-stm', cores: 4 });
    expect(r.metrics.executions).toBeGreaterThanOrEqual(60);
  });
});

describe('whatIf', () => {
  it('no-nonces frees the transactions of one sender', () => {
    const { access } = blockDependencyGraph(oneSender());
    const r = whatIf(access, 'no-nonces', opts);
    expect(r.before.columns).toBe(3);
    expect(r.after.columns).toBe(1);
    expect(r.after.edges).toBe(0);
    expect(r.after.bound).toBeGreaterThan(r.before.bound);
  });

  it('fee-deferred: inline credits serialize the block, deferred ones do not', () => {
    const block = p2pTransfers({ n: 200, seed: 1, accounts: 400, fee: 1n });
    const { access } = blockDependencyGraph(block);
    const r = whatIf(access, 'fee-deferred', opts);
    expect(r.before.columns).toBe(200); // every payer after the previous one
    expect(r.after.columns).toBeLessThan(20);
    const bs = (s: typeof r.before) => s.runs.find((x) => x.variant === 'block-stm')!.speedup;
    expect(bs(r.after)).toBeGreaterThan(2 * bs(r.before));
  });

  it('fee-deferred says so when the block carries no fee credit', () => {
    const { access } = blockDependencyGraph(p2pTransfers({ n: 30, seed: 1, accounts: 10 }));
    const r = whatIf(access, 'fee-deferred', opts);
    expect(r.description).toMatch(/No transaction .* pays the sequencer a fee/);
    expect(r.after.edges).toBe(r.before.edges);
  });

  it('no-hotspot removes the top hotspot cell and never lengthens the critical path', () => {
    const block = p2pTransfers({ n: 300, seed: 2, accounts: 8 });
    const { access } = blockDependencyGraph(block);
    const r = whatIf(access, 'no-hotspot', opts);
    expect(r.cell).toBe(r.before.topHotspot!.cell);
    expect(r.after.edges).toBeLessThan(r.before.edges);
    expect(r.after.criticalPath).toBeLessThanOrEqual(r.before.criticalPath);
    expect(r.after.graph.hotspots.map((h) => h.cell)).not.toContain(r.cell);
  });
});

describe('whatIf with a block capacity (the bouncer)', () => {
  const block = p2pTransfers({ n: 40, seed: 2, accounts: 10 });
  const { access, run } = blockDependencyGraph(block);
  const execWeights = run.runner.execWeights;
  const variants = ['block-stm' as const, 'blockifier' as const, 'oracle' as const];

  it('cuts both sides where the block is cut: graph of the included transactions, runs as runBlock', () => {
    const blockCapacity = { n_txs: 12 };
    const cut = whatIf(access, 'no-hotspot', { cores: 4, variants, blockCapacity, execWeights });
    const whole = whatIf(access, 'no-hotspot', { cores: 4, variants, execWeights });
    const own = runBlock(block, { variant: 'blockifier', cores: 4, blockCapacity });
    expect(own.metrics.blockEnd!.included).toBe(12);
    expect(whole.before.blockEnd).toBeUndefined();
    for (const side of [cut.before, cut.after])
      expect(side.blockEnd).toEqual({ included: 12, full: true, exceeded: ['n_txs'] });
    // the graph figures are those of the 12 transactions in the block
    const g12 = buildDependencyGraph(access.slice(0, 12));
    expect(cut.before.edges).toBe(g12.edges.length);
    expect(cut.before.columns).toBe(g12.columns.length);
    expect(cut.before.edges).toBeLessThan(whole.before.edges);
    // every run is the engine's run of the replay with that capacity
    const replay = new AccessExecutor(access, 'engine', undefined, execWeights);
    for (const v of variants) {
      const m = runBlock(replay, { variant: v, cores: 4, blockCapacity }).metrics;
      expect(m.blockEnd!.included, v).toBe(12);
      const got = cut.before.runs.find((r) => r.variant === v)!;
      expect(got, v).toEqual({ variant: v, makespan: m.makespan, speedup: m.speedup });
    }
    const bf = (s: typeof cut.before) => s.runs.find((r) => r.variant === 'blockifier')!;
    // blockifier halts at the cut: less time than the whole block takes
    expect(bf(cut.before).makespan).toBeLessThan(bf(whole.before).makespan);
  });

  it('a state-diff capacity lets more transactions in when nonces are ignored', () => {
    const big = p2pTransfers({ n: 40, seed: 2, accounts: 200 });
    const g = blockDependencyGraph(big);
    const blockCapacity = { state_diff_size: 60 };
    const own = runBlock(big, { variant: 'sequential', cores: 1, blockCapacity }).metrics;
    const r = whatIf(g.access, 'no-nonces', {
      cores: 4,
      variants: ['block-stm'],
      blockCapacity,
      execWeights: g.run.runner.execWeights,
    });
    // the replay weighs the block as its own executor does: the same cut
    expect(r.before.blockEnd!.included).toBe(own.blockEnd!.included);
    // without nonce updates each transfer changes fewer contracts: more of them fit
    expect(r.after.blockEnd!.included).toBeGreaterThan(r.before.blockEnd!.included);
  });

  it('weighs the replay with the weights the executor reported (events of Cairo transactions)', () => {
    const ex = findPreset('erc20-cairo').build({ n: 20, seed: 1 });
    const g = blockDependencyGraph(ex);
    expect(g.run.runner.execWeights[0]?.nEvents).toBeGreaterThan(0);
    const events = g.run.runner.execWeights.map((w) => w?.nEvents ?? 0);
    const blockCapacity = { n_events: events.slice(0, 7).reduce((a, b) => a + b, 0) };
    const own = runBlock(ex, { variant: 'sequential', cores: 1, blockCapacity }).metrics;
    expect(own.blockEnd!.included).toBe(7);
    const opts = { cores: 4, variants: ['block-stm' as const], blockCapacity };
    const weighed = whatIf(g.access, 'no-nonces', {
      ...opts,
      execWeights: g.run.runner.execWeights,
    });
    expect(weighed.before.blockEnd!.included).toBe(7);
    // without them the replay's transactions emit nothing and the block never fills up
    expect(whatIf(g.access, 'no-nonces', opts).before.blockEnd!.full).toBe(false);
  });
});

describe("the replay keeps the block's same-value writes (state_diff_size)", () => {
  // 0-amount transfers write both balances with the value already there: no state change
  const TOKEN = 0x70n;
  const acct = (i: number) => 0x100n + BigInt(i);
  const txs: SyntheticTx[] = Array.from({ length: 30 }, (_, i) => ({
    kind: 'transfer' as const,
    sender: acct(i),
    token: TOKEN,
    to: acct(i + 30),
    amount: i % 3 === 0 ? 5n : 0n,
  }));
  const preState = new Map(
    Array.from({ length: 60 }, (_, i) => [balanceCell(TOKEN, acct(i)), 1000n] as const),
  );
  const block = new SyntheticBlock({ txs, preState });
  const { access, run } = blockDependencyGraph(block);
  const blockCapacity = { state_diff_size: 60 };
  const base = { cores: 4, variants: ['block-stm' as const], blockCapacity };
  const execWeights = run.runner.execWeights;

  it('sameValueWrites finds exactly the balance writes of the 0-amount transfers', () => {
    const same = sameValueWrites(access, (c) => block.preState(c));
    same.forEach((s, i) => expect(s.size, `tx ${i}`).toBe(i % 3 === 0 ? 0 : 2));
  });

  it('a cell written twice by one transaction is judged by its last value', () => {
    const twice: TxAccess[] = [
      {
        reads: ['x'],
        writes: [
          ['x', 7n],
          ['x', 5n],
        ],
      }, // 7 (its own value), then 5: a change
      {
        reads: ['x'],
        writes: [
          ['x', 9n],
          ['x', 5n],
        ],
      }, // ends on the value it found: none
    ];
    expect(sameValueWrites(twice, () => 7n).map((s) => [...s])).toEqual([[], ['x']]);
  });

  it('with the pre-state the "as is" side is cut where the block is; without, earlier', () => {
    const own = runBlock(block, { variant: 'sequential', cores: 1, blockCapacity }).metrics;
    expect(own.blockEnd!.full).toBe(true);
    const kept = whatIf(access, 'no-hotspot', {
      ...base,
      execWeights,
      preState: (c) => block.preState(c),
    });
    expect(kept.before.blockEnd!.included).toBe(own.blockEnd!.included);
    const counted = whatIf(access, 'no-hotspot', { ...base, execWeights });
    expect(counted.before.blockEnd!.included).toBeLessThan(own.blockEnd!.included);
  });
});
