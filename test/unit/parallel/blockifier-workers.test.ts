import { describe, expect, it } from 'vitest';
import { runBlock } from '../../../engine/stm';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import { syntheticToPlain } from '../../../engine/blocks/parallel/blocks';
import {
  ABORT_DEPENDENCY,
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  type EventLog,
} from '../../../engine/stm/events';
import {
  SyntheticBlock,
  balanceCell,
  type SyntheticBlockSpec,
  type SyntheticTx,
} from '../../../engine/blocks/workloads/synthetic';
import { committedReadsOf } from '../../property/committed-reads';
import {
  EXECUTED,
  READ_OK,
  READ_STORAGE,
  SharedState,
  allocateShared,
} from '../../../engine/stm/parallel/shared';

/**
 * The blockifier variant on real worker_threads (engine/stm/parallel, SharedHandles.valueBased):
 * no ESTIMATE, value-based validation, in-order commit under a lock, the fee credited at commit.
 */
const FEE_TOKEN = 0xfeen;
const SEQ = 0x5e9n;

/** Transfers of `amounts` from distinct senders to the sequencer, each paying it a fee of 3. */
function paySequencer(amounts: bigint[]): SyntheticBlockSpec {
  const txs: SyntheticTx[] = amounts.map((amount, i) => ({
    kind: 'transfer',
    sender: 0x100n + BigInt(i),
    token: FEE_TOKEN,
    to: SEQ,
    amount,
  }));
  const preState = new Map<string, bigint>();
  for (let i = 0; i < amounts.length; i++)
    preState.set(balanceCell(FEE_TOKEN, 0x100n + BigInt(i)), 100n);
  return { txs, preState, fee: { token: FEE_TOKEN, sequencer: SEQ, amount: 3n } };
}

function commitsOf(log: EventLog): number[] {
  const out: number[] = [];
  for (let e = 0; e < log.count; e++) if (log.kind[e] === EV_COMMIT) out.push(log.tx[e]);
  return out;
}

async function runBoth(spec: SyntheticBlockSpec, workers: number) {
  const seq = runBlock(new SyntheticBlock(spec), { variant: 'sequential', cores: 1 });
  const desc = { kind: 'synthetic' as const, spec: syntheticToPlain(spec) };
  const r = await runOnNodeWorkers(desc, {
    workers,
    variant: 'blockifier',
    timeoutMs: 60_000,
    warmup: 0,
  });
  return { seq, r };
}

describe('blockifier shared state (single thread)', () => {
  const pre = { preOf: () => 5n };

  it('validates by value: a rewrite of the same value invalidates nobody; a new value does', () => {
    const s = new SharedState(allocateShared(4, {}, 'blockifier'));
    const c = s.cellId('s:0x1:0x2');
    // tx 2 read c from storage (value 5)
    s.record(2, 0, [c], [-1], [-1], [], [], 1, 0, [5n]);
    expect(s.validateValues(2, pre)).toBe(-1);
    // tx 1 writes the value already there: another version, the same value
    s.record(1, 0, [], [], [], [c], [5n], 0, 1, []);
    expect(s.validateValues(2, pre)).toBe(-1);
    // tx 0 writes another value, but tx 1's 5 is still the one tx 2 sees
    s.record(0, 0, [], [], [], [c], [9n], 0, 1, []);
    expect(s.validateValues(2, pre)).toBe(-1);
    // tx 1 aborted: its write is deleted (no ESTIMATE), tx 2 now sees tx 0's 9
    s.deleteWrites(1);
    expect(s.read(c, 2)).toBe(READ_OK);
    expect([s.outTx, s.outValue]).toEqual([0, 9n]);
    expect(s.validateValues(2, pre)).toBe(0);
    expect(s.lastFailCell).toBe(c);
    s.deleteWrites(0);
    expect(s.read(c, 2)).toBe(READ_STORAGE);
  });

  it('commits in order under one lock and credits the deferred fee at commit', () => {
    const s = new SharedState(allocateShared(2, {}, 'blockifier'));
    const fee = s.cellId('s:0xfee:0x5e9');
    const other = new SharedState(s.h);
    // tx 0 ran and wrote nothing of its own; its fee of 3 is deferred
    s.record(0, 0, [], [], [], [], [], 0, 0, []);
    s.setFee(0, fee, 3n);
    expect(s.tryEnterCommit()).toBe(false); // tx 0 is not EXECUTED yet
    expect(s.nextTask()).toBe(0); // execution task of tx 0
    expect(s.finishExecution(0, true)).toBe(-1);
    expect(s.statusOf(0)).toBe(EXECUTED);
    expect(s.tryEnterCommit()).toBe(true);
    expect(other.tryEnterCommit()).toBe(false); // the lock is held
    expect(s.tryBeginCommit(0)).toBe(0);
    expect(s.validateValues(0, pre)).toBe(-1);
    expect(s.creditFee(0, 0, pre)).toBe(fee);
    expect([s.feeRead, s.feeBase, s.feeValue]).toEqual([true, 5n, 8n]);
    s.finishCommit(0, 0);
    s.exitCommit();
    expect(s.commitIdx).toBe(1);
    expect(s.read(fee, 1)).toBe(READ_OK);
    expect(s.outValue).toBe(8n);
    // tx 1 pays the sequencer itself (writes 20 to its balance) and a fee of 3: credited on its own write
    s.record(1, 0, [fee], [0], [0], [fee], [20n], 1, 1, [8n]);
    s.setFee(1, fee, 3n);
    expect(s.creditFee(1, 0, pre)).toBe(fee);
    expect([s.feeRead, s.feeValue]).toEqual([false, 23n]);
    expect(s.read(fee, 2)).toBe(READ_OK);
    expect(s.outValue).toBe(23n);
  });
});

describe('blockifier on real worker_threads', () => {
  it(
    'four transfers to the sequencer (44, 6, 30, 2; fee 3) equal the sequential run, reads included',
    { timeout: 60_000 },
    async () => {
      for (const workers of [1, 2, 3]) {
        const { seq, r } = await runBoth(paySequencer([44n, 6n, 30n, 2n]), workers);
        expect(r.ok).toBe(true);
        expect(r.finalState.get(balanceCell(FEE_TOKEN, SEQ))).toBe(44n + 6n + 30n + 2n + 12n);
        expect(new Map([...r.finalState].sort())).toEqual(new Map([...seq.finalState].sort()));
        expect(committedReadsOf(r.log)).toEqual(seq.committedReads);
      }
    },
  );

  it(
    'commits every transaction once, in index order; meets no ESTIMATE; its log says blockifier',
    { timeout: 60_000 },
    async () => {
      const p2p = { kind: 'preset' as const, id: 'p2p', params: { n: 200, accounts: 4, seed: 5 } };
      const r = await runOnNodeWorkers(p2p, {
        workers: 2,
        variant: 'blockifier',
        timeoutMs: 60_000,
        warmup: 0,
      });
      expect(r.ok).toBe(true);
      expect(r.log.variant).toBe('blockifier');
      const commits = commitsOf(r.log).map((tx, i) => [tx, i]);
      expect(commits.length).toBe(200);
      // by start time, the commits come in index order (one commit lock)
      expect(commits.every(([tx, i]) => tx === i)).toBe(true);
      for (let e = 0; e < r.log.count; e++) {
        if (r.log.kind[e] === EV_ABORT) expect(r.log.flags[e]).not.toBe(ABORT_DEPENDENCY);
        if (r.log.kind[e] !== EV_EXECUTE) continue;
        for (let x = r.log.readOffset[e]; x < r.log.readOffset[e + 1]; x++)
          expect(r.log.readValue[x]).toBeGreaterThanOrEqual(0); // -1 would be an ESTIMATE
      }
      // the committed incarnation of each transaction is the last one executed
      expect(r.metrics.aborts.dependency).toBe(0);
    },
  );
});
