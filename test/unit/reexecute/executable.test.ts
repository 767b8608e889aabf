import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellKey } from '../../../engine/types';
import {
  ExecutableBlockExecutor,
  readSavedReexecution,
  reexecuteBlock,
  saveReexecution,
  type ExecutableBlock,
  type ReexecuteResult,
} from '../../../engine/blocks/reexecute';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import { runSequential } from '../../../engine/stm/parallel/worker-core';
import { buildChain, MIXED_TXS, serveChain, type MockServer, type MockTx } from './mock-chain';

// Three accounts that pay each other, swap and mint: most transactions share a sender (nonce) or
// a balance with an earlier one, so a parallel run has real conflicts.
const TXS: MockTx[] = [
  ...MIXED_TXS,
  { type: 'transfer', from: 2, to: 1, amount: 5n },
  { type: 'transfer', from: 0, to: 1, amount: 11n },
  { type: 'swap', from: 1, aToB: false, amount: 2n },
  { type: 'mint', from: 0 },
  { type: 'transfer', from: 1, to: 2, amount: 1n },
];

let mock: MockServer;
let r: ReexecuteResult;

beforeAll(async () => {
  mock = await serveChain(buildChain([...TXS]));
  r = await reexecuteBlock(mock.url, 'latest', { rpc: { backoffMs: 1, retries: 1 } });
}, 60_000);
afterAll(() => mock.close());

/** The state re-execution reached: every transaction's writes in block order, credits included. */
function reexecutedState(res: ReexecuteResult): Map<CellKey, bigint> {
  const state = new Map<CellKey, bigint>();
  for (const t of res.block.transactions)
    for (const w of [...t.accessSets.writes, ...t.accessSets.deferredWrites])
      state.set(w.cell, BigInt(w.value!));
  return state;
}

describe('executable blocks (re-executed blocks that run again without RPC)', () => {
  it('is plain JSON; run in order it reaches the state re-execution recorded', () => {
    expect(r.stats.exact).toBe(TXS.length);
    const block = JSON.parse(JSON.stringify(r.executable)) as ExecutableBlock;
    expect(block.txs.map((t) => t.kind)).toEqual(TXS.map(() => 'invoke'));
    expect(block.classes.length).toBeGreaterThan(0);
    const ex = new ExecutableBlockExecutor(block);
    expect(ex.executed).toBe(TXS.length);
    expect(ex.txLabel(0)).toMatch(/^tx 0 invoke 0x/);
    const final = runSequential(ex);
    expect(final).toEqual(reexecutedState(r));
  });

  it(
    'runs on 1 and 2 real workers, each executing the Cairo code, and ends in the sequential state',
    { timeout: 60_000 },
    async () => {
      const expected = reexecutedState(r);
      for (const workers of [1, 2]) {
        const run = await runOnNodeWorkers(
          { kind: 'executable', block: r.executable },
          { workers, timeoutMs: 30_000, warmup: 0 },
        );
        expect(run.ok).toBe(true);
        expect(run.finalState).toEqual(expected);
        expect(run.executions).toBeGreaterThanOrEqual(TXS.length);
      }
    },
  );

  it(
    'a transaction that reads the credited sequencer balance runs on the Cairo VM: the run credits fees as the chain did',
    { timeout: 60_000 },
    async () => {
      const m = await serveChain(
        buildChain([
          { type: 'transfer', from: 0, to: 1, amount: 10n },
          { type: 'transfer', from: 1, to: 'sequencer', amount: 5n },
          { type: 'transfer', from: 2, to: 0, amount: 1n },
        ]),
      );
      try {
        const res = await reexecuteBlock(m.url, 'latest', { rpc: { backoffMs: 1, retries: 1 } });
        expect(res.stats.exact).toBe(3);
        const txs = res.executable.txs;
        expect(txs.map((t) => t.kind)).toEqual(['invoke', 'invoke', 'invoke']);
        const expected = reexecutedState(res);
        for (const workers of [1, 2]) {
          const run = await runOnNodeWorkers(
            { kind: 'executable', block: res.executable },
            { workers, timeoutMs: 30_000, warmup: 0, variant: 'blockifier' },
          );
          expect(run.ok).toBe(true);
          expect(run.finalState).toEqual(expected);
        }
        // Block-STM credits inline: the same state
        const inline = await runOnNodeWorkers(
          { kind: 'executable', block: res.executable },
          { workers: 2, timeoutMs: 30_000, warmup: 0 },
        );
        expect(inline.finalState).toEqual(expected);
      } finally {
        await m.close();
      }
    },
  );

  it('a saved re-execution reads back; a damaged one is refused at import, naming the part', () => {
    const file = JSON.parse(JSON.stringify(saveReexecution(r, { rpcUrl: 'http://node' })));
    expect(readSavedReexecution(file)!.executable.txs).toHaveLength(TXS.length);
    expect(readSavedReexecution({ format: 'other' })).toBeUndefined();
    file.executable.txs[3].rpc = { type: 'DECLARE' };
    expect(() => readSavedReexecution(file)).toThrow(
      /saved re-execution: executable cannot be run: executable block: transaction #3 .*DECLARE transactions are not executed/,
    );
  });

  it('refuses what is not an executable block, naming the format', () => {
    expect(() => new ExecutableBlockExecutor({ format: 'x' } as never)).toThrow(
      /not an executable block \(format "x", expected stm-explorer\/executable-block@2\)/,
    );
  });
});
