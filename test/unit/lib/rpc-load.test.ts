import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@/lib/engine-worker/handler';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import type { BlockSummary, Reply, Request } from '@/lib/engine-worker/protocol';
import {
  buildChain,
  corruptStateDiff,
  serveChain,
  type Chain,
  type MockServer,
} from '../reexecute/mock-chain';

/**
 * The explorer's RPC loader (engine worker handler) against a real HTTP JSON-RPC mock node:
 * inferred sets by default, exact sets by re-execution on request (findings shown as remarks),
 * responses cached so that reopening a block sends no request.
 */
let chain: Chain;
let mock: MockServer;
beforeAll(async () => {
  chain = buildChain([
    { type: 'transfer', from: 0, to: 1, amount: 100n },
    { type: 'swap', from: 1, aToB: true, amount: 50n },
    { type: 'transfer', from: 0, to: 2, amount: 7n },
  ]);
  // a deliberately wrong value in tx #2's state diff: re-execution must report it
  corruptStateDiff(chain, 2, '0x1234567');
  mock = await serveChain(chain);
});
afterAll(() => mock.close());

function engine() {
  let last: Reply | undefined;
  const progress: Reply[] = [];
  const handle = createEngine((r) => {
    if (r.type === 'progress') progress.push(r);
    else last = r;
  });
  return {
    progress,
    async send(req: Request): Promise<Reply> {
      await handle(1, req);
      return last!;
    },
  };
}

describe('RPC loader in the engine worker', () => {
  it('loads inferred access sets by default', async () => {
    const e = engine();
    const r = await e.send({ type: 'fetchRpc', url: mock.url, blockId: chain.blockNumber });
    expect(r.type, JSON.stringify(r)).toBe('block');
    const s = (r as { summary: BlockSummary }).summary;
    expect(s.txCount).toBe(3);
    expect(s.accessMode).not.toBe('exact');
    // this node has no starknet_getStateUpdate: a remark, not a failure
    expect(s.warnings.some((w) => w.includes('starknet_getStateUpdate'))).toBe(true);
    // real workers replay it: there is no code to run without re-execution
    expect(s.executable).toBeUndefined();
    const p = await e.send({ type: 'parallelBlock' });
    expect(p.type === 'parallelBlock' && p.desc?.kind).toBe('replay');
    // nothing to save: the block was not re-executed
    expect(await e.send({ type: 'savedReexecution' })).toMatchObject({ json: null });
  });

  it('re-executes for exact sets, reports the mismatch, and reopens from the cache without requests', async () => {
    const e = engine();
    mock.log = [];
    const r = await e.send({
      type: 'fetchRpc',
      url: mock.url,
      blockId: chain.blockNumber,
      exact: true,
      maxRequests: 500,
    });
    expect(r.type, JSON.stringify(r)).toBe('block');
    const s = (r as { summary: BlockSummary }).summary;
    expect(s.accessMode).toBe('exact');
    expect(s.title).toContain('re-executed');
    expect(s.warnings[0]).toMatch(/3 of 3 transactions exact.*1 state mismatch/);
    expect(
      s.warnings.some(
        (w) => w.startsWith('state-mismatch (tx 2)') && w.includes('expected 0x1234567'),
      ),
    ).toBe(true);
    expect(e.progress.length).toBeGreaterThan(0);
    const used = mock.log.length;
    expect(used).toBeGreaterThan(0);
    // the run works on the re-executed block
    const run = await e.send({
      type: 'run',
      params: { variant: 'block-stm', cores: 2, costModel: {}, seed: 1 },
    });
    expect(run.type).toBe('run');
    // real workers run it on their Cairo VMs; the page's single-worker timing (no shared memory)
    // runs the same executor, so its state hash equals a 2-worker run's
    expect(s.executable).toEqual({ vm: 3, replayed: 0 });
    const p = await e.send({ type: 'parallelBlock' });
    if (p.type !== 'parallelBlock' || !p.desc) throw new Error(JSON.stringify(p));
    expect(p.desc.kind).toBe('executable');
    const single = await e.send({ type: 'measureSequential' });
    if (single.type !== 'measured') throw new Error(JSON.stringify(single));
    const parallel = await runOnNodeWorkers(p.desc, { workers: 2, timeoutMs: 30_000, warmup: 0 });
    expect(parallel.ok).toBe(true);
    expect(parallel.stateHash).toBe(single.measured.stateHash);
    // saved to a file and imported into a fresh engine: same block, runnable, no RPC request
    const file = await e.send({ type: 'savedReexecution' });
    if (file.type !== 'savedReexecution' || !file.json) throw new Error(JSON.stringify(file));
    const before = mock.log.length;
    const e2 = engine();
    const loaded = await e2.send({ type: 'importJson', text: file.json });
    if (loaded.type !== 'block') throw new Error(JSON.stringify(loaded));
    expect(loaded.summary).toMatchObject({
      txCount: 3,
      accessMode: 'exact',
      source: 'json',
      executable: { vm: 3, replayed: 0 },
    });
    expect(loaded.summary.warnings[0]).toMatch(/3 of 3 transactions exact.*1 state mismatch/);
    const single2 = await e2.send({ type: 'measureSequential' });
    expect(single2.type === 'measured' && single2.measured.stateHash).toBe(
      single.measured.stateHash,
    );
    expect(mock.log.length).toBe(before);
    const bad = await e2.send({
      type: 'importJson',
      text: file.json.replace('"version":1', '"version":7'),
    });
    expect(bad).toMatchObject({ type: 'error', message: expect.stringMatching(/version 7/) });
    // same block again: block, traces, classes and state all come from the cache (only the
    // node's spec version and chain id are asked again: the chain id scopes the cache's keys)
    const again = await e.send({
      type: 'fetchRpc',
      url: mock.url,
      blockId: chain.blockNumber,
      exact: true,
      maxRequests: 500,
    });
    expect(again.type).toBe('block');
    expect(
      mock.log
        .slice(used)
        .map((l) => l.method)
        .sort(),
    ).toEqual(['starknet_chainId', 'starknet_specVersion']);
  });

  it('a budget too small for re-execution is reported, not hidden', async () => {
    const e = engine();
    const r = await e.send({
      type: 'fetchRpc',
      url: mock.url,
      blockId: chain.blockNumber + 7,
      exact: true,
      maxRequests: 2,
    });
    expect(r.type).toBe('error');
    expect((r as { message: string }).message.length).toBeGreaterThan(10);
  });
});
