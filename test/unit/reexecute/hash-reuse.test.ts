/**
 * Re-execution takes the import's verdict on a transaction hash it verified, and recomputes only
 * the others (engine/blocks/reexecute tx-hash-check.ts `verifiedByImport`): counted by wrapping
 * `checkTxHash`, so that a run which hashed everything twice fails here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildChain, MIXED_TXS, serveChain, type MockServer } from './mock-chain';

const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../engine/blocks/reexecute/tx-hash-check', async (load) => {
  const real = await load<typeof import('../../../engine/blocks/reexecute/tx-hash-check')>();
  return {
    ...real,
    checkTxHash: (...args: Parameters<typeof real.checkTxHash>) => {
      calls.n++;
      return real.checkTxHash(...args);
    },
  };
});
const { reexecuteBlock } = await import('../../../engine/blocks/reexecute');

let mock: MockServer;
const chain = buildChain([...MIXED_TXS]);
beforeAll(async () => {
  mock = await serveChain(chain);
});
afterAll(() => mock.close());
const opts = { rpc: { backoffMs: 1, retries: 1 } };

describe("re-execution and the import's hash check", () => {
  it('verified by the import: not hashed again, and the record says they match', async () => {
    calls.n = 0;
    const r = await reexecuteBlock(mock.url, chain.blockNumber, opts);
    expect(r.block.hashCheck?.checked).toBe(MIXED_TXS.length);
    expect(calls.n).toBe(0);
    for (const t of r.block.transactions) expect(t.reexecution.computedHash).toBe(t.hash);
  });

  it('not verified (the check turned off): each one recomputed once', async () => {
    calls.n = 0;
    const r = await reexecuteBlock(mock.url, chain.blockNumber, { ...opts, verifyTxHashes: false });
    expect(calls.n).toBe(MIXED_TXS.length);
    for (const t of r.block.transactions) expect(t.reexecution.computedHash).toBe(t.hash);
  });
});
