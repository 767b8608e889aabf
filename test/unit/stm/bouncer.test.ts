import { describe, expect, it } from 'vitest';
import {
  Bouncer,
  CapacityInputError,
  DEFAULT_BLOCK_CAPACITY,
  EV_EXECUTE,
  parseBlockCapacity,
  runBlock,
  VARIANTS,
  type BlockExecutor,
  type ExecWeights,
  type StateView,
  type TxResult,
} from '../../../engine/stm';
import { p2pTransfers } from '../../../engine/blocks/workloads';
import { erc20CairoBlock } from '../../../engine/starknet/demo/presets';

/** tx i reads `reads[i]` and writes `writes[i]` (value = sum of the reads + 1, or a fixed value). */
function block(
  txs: { reads?: string[]; writes: [string, bigint | 'inc'][]; cost?: number; w?: ExecWeights }[],
): BlockExecutor {
  return {
    size: txs.length,
    preState: () => 0n,
    execute(tx: number, view: StateView): TxResult {
      const t = txs[tx];
      let sum = 0n;
      for (const c of t.reads ?? []) sum += view.read(c);
      const writes = t.writes.map(([c, v]) => [c, v === 'inc' ? sum + 1n : v] as const);
      return { writes, cost: t.cost ?? 10, weights: t.w };
    },
  };
}

describe('bouncer weights (blockifier bouncer.rs get_tx_weights, try_update)', () => {
  it('state_diff_size: 2 per new storage key, 1 per class update, 2 per newly modified contract', () => {
    const b = new Bouncer({});
    const w1 = b.txWeights(['s:0x1:0x5', 'n:0x1'], 7, undefined);
    expect(w1.state_diff_size).toBe(2 + 2);
    expect(w1.n_txs).toBe(1);
    expect(w1.sierra_gas).toBe(700);
    b.admit(w1, ['s:0x1:0x5', 'n:0x1']);
    // s:0x1:0x5 already changed in the block, contract 0x1 already modified: only 0x2 is new
    const w2 = b.txWeights(['s:0x1:0x5', 's:0x2:0x1', 'c:0x3'], 1, { nEvents: 4 });
    expect(w2.state_diff_size).toBe(2 + 2 + 1 + 2);
    expect(w2.n_events).toBe(4);
  });

  it('a block may be filled exactly (has_room: accumulated ≤ capacity)', () => {
    const b = new Bouncer({ n_txs: 2 });
    const w = b.txWeights([], 1, undefined);
    expect(b.exceeded(w)).toEqual([]);
    b.admit(w, []);
    expect(b.exceeded(w)).toEqual([]);
    b.admit(w, []);
    expect(b.exceeded(w)).toEqual(['n_txs']);
    expect(b.accumulated.n_txs).toBe(2);
  });
});

describe('--block-capacity parsing', () => {
  it('reads names and numbers, and `default`', () => {
    expect(parseBlockCapacity('n_txs=40, sierra_gas=1e6')).toEqual({ n_txs: 40, sierra_gas: 1e6 });
    expect(parseBlockCapacity('default')).toEqual(DEFAULT_BLOCK_CAPACITY);
  });
  it.each([
    ['n_tx=4', /unknown weight "n_tx"/],
    ['n_txs=abc', /n_txs="abc" is not a number/],
    ['n_txs=', /n_txs="" is not a number/],
    ['n_txs=-1', /n_txs=-1 is negative/],
    ['n_txs', /"n_txs" is not name=value/],
    ['n_txs=1,n_txs=2', /n_txs is given twice/],
    ['', /empty/],
  ])('%s → a specific error', (text, msg) => {
    expect(() => parseBlockCapacity(text)).toThrow(CapacityInputError);
    expect(() => parseBlockCapacity(text)).toThrow(msg);
  });
});

describe('the cut', () => {
  // five independent transactions, each writing its own cell; tx 2 rewrites the value already there
  const five = () =>
    block([
      { writes: [['s:0x1:0x1', 5n]] },
      { writes: [['s:0x1:0x2', 5n]] },
      { writes: [['s:0x1:0x3', 0n]] }, // a no-op write: no state change
      { writes: [['s:0x2:0x1', 5n]], w: { nEvents: 3 } },
      { writes: [['s:0x1:0x4', 5n]] },
    ]);

  it('every variant ends the block before the first transaction that does not fit', () => {
    // tx 0: 2 + 2 (contract 0x1); tx 1: 2; tx 2: 0; tx 3: 2 + 2 (contract 0x2) → 6 + 4 > 9
    for (const variant of VARIANTS)
      for (const cores of [1, 2, 5]) {
        const r = runBlock(five(), { variant, cores, blockCapacity: { state_diff_size: 9 } });
        const end = r.metrics.blockEnd!;
        expect(end.included, `${variant}/${cores}`).toBe(3);
        expect(end.full).toBe(true);
        expect(end.exceeded).toEqual(['state_diff_size']);
        expect(end.weights.state_diff_size).toBe(6);
        expect(end.rejected?.state_diff_size).toBe(4);
        expect(end.rejected?.n_events).toBe(3);
        expect([...r.finalState.keys()].sort()).toEqual(['s:0x1:0x1', 's:0x1:0x2', 's:0x1:0x3']);
        expect(r.committedReads).toHaveLength(3);
        expect(r.metrics.sequentialTime).toBe(30);
      }
  });

  it('blockifier halts at the commit; sequential executes the transaction that does not fit', () => {
    const cap = { n_events: 2 };
    const seq = runBlock(five(), { variant: 'sequential', cores: 1, blockCapacity: cap });
    const executed = [...seq.log.tx.slice(0, seq.log.count)];
    expect(executed).toEqual([0, 1, 2, 3]);
    expect(seq.metrics.blockEnd!.excludedExecutions).toBe(1);
    expect(seq.metrics.wastedWork).toBe(10);
    const r = runBlock(five(), { variant: 'blockifier', cores: 5, blockCapacity: cap });
    expect(r.metrics.blockEnd!.haltedAt).toBe(r.metrics.makespan);
    // no commit event for transactions ≥ 3
    for (let e = 0; e < r.log.count; e++)
      if (r.log.kind[e] === 3) expect(r.log.tx[e]).toBeLessThan(3);
    // the executions of 3 and 4 (all 5 ran at once on 5 cores) are the excluded work
    let excluded = 0;
    for (let e = 0; e < r.log.count; e++)
      if (r.log.kind[e] === EV_EXECUTE && r.log.tx[e] >= 3) excluded++;
    expect(r.metrics.blockEnd!.excludedExecutions).toBe(excluded);
    expect(excluded).toBeGreaterThanOrEqual(2);
  });

  it("blockifier's default capacity does not stop a 200-transaction p2p block", () => {
    const r = runBlock(p2pTransfers({ n: 200, accounts: 20, seed: 1, fee: 2n }), {
      variant: 'blockifier',
      cores: 8,
      blockCapacity: DEFAULT_BLOCK_CAPACITY,
    });
    expect(r.metrics.blockEnd).toMatchObject({ included: 200, full: false, exceeded: [] });
    expect(r.metrics.blockEnd!.capacity.n_txs).toBe(600);
  });

  it('no capacity: no blockEnd in the metrics (the digests stay as they were)', () => {
    const r = runBlock(five(), { variant: 'blockifier', cores: 2 });
    expect(r.metrics.blockEnd).toBeUndefined();
  });
});

describe('weights of real Cairo executions (engine/starknet/bouncer-weights.ts)', () => {
  it('an ERC20 transfer emits two events (its Transfer and the fee transfer): n_events=10 admits five', () => {
    const make = () => erc20CairoBlock({ n: 8, accounts: 4, seed: 1 });
    const seq = runBlock(make(), {
      variant: 'sequential',
      cores: 1,
      blockCapacity: { n_events: 10 },
    });
    const r = runBlock(make(), {
      variant: 'blockifier',
      cores: 3,
      blockCapacity: { n_events: 10 },
    });
    for (const x of [seq, r]) {
      expect(x.metrics.blockEnd).toMatchObject({ included: 5, full: true, exceeded: ['n_events'] });
      expect(x.metrics.blockEnd!.rejected!.n_events).toBe(2);
    }
    expect(r.finalState).toEqual(seq.finalState);
  });
});
