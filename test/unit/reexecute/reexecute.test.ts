import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { classCell, hex } from '../../../engine/types';
import { RpcClient } from '../../../engine/blocks/import/rpc-client';
import { makePreStateReader } from '../../../engine/blocks/import/rpc-fetch';
import { ReexecutionSource } from '../../../engine/blocks/reexecute/source';
import type { CasmClass } from '../../../engine/starknet/casm';
import { sierraVersionOf } from '../../../engine/starknet/sierra-version';
import { reexecuteBlock, type ReexecuteProgress } from '../../../engine/blocks/reexecute';
import { MemoryCache } from '../../../engine/blocks/import';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import {
  buildChain,
  corruptStateDiff,
  MIXED_TXS,
  serveChain,
  type Chain,
  type MockServer,
} from './mock-chain';

const TXS = MIXED_TXS;

let chain: Chain;
let mock: MockServer;
const WRONG = '0x1234567';
let wrongCell = '';

beforeAll(async () => {
  chain = buildChain([...TXS]);
  // one deliberately wrong value in tx #2's state diff (the recipient's balance)
  wrongCell = corruptStateDiff(chain, 2, WRONG);
  mock = await serveChain(chain);
});
afterAll(() => mock.close());

const opts = { rpc: { backoffMs: 1, retries: 1 } };

describe('reexecuteBlock against a mock JSON-RPC node', () => {
  it('records exactly the read and write sets of engine/starknet sequential execution', async () => {
    mock.log = [];
    const events: ReexecuteProgress[] = [];
    const r = await reexecuteBlock(mock.url, chain.blockNumber, {
      ...opts,
      onProgress: (p) => events.push(p),
    });
    expect(r.block.accessMode).toBe('exact');
    expect(r.stats.exact).toBe(TXS.length);
    expect(r.block.transactions).toHaveLength(TXS.length);
    r.block.transactions.forEach((t, i) => {
      const ref = chain.reference[i];
      expect(t.reexecution.exact).toBe(true);
      expect(t.reexecution.outcome).toBe('succeeded');
      expect(t.reexecution.computedHash).toBe(t.hash);
      expect(t.accessSets.reads).toEqual(
        ref.reads.map((x) => ({ cell: x.cell, value: hex(x.value), evidence: 'reexecution' })),
      );
      expect(t.accessSets.writes).toEqual(
        [...ref.writes].map(([cell, v]) => ({ cell, value: hex(v), evidence: 'reexecution' })),
      );
      expect(t.accessSets.deferredWrites.map((w) => w.cell)).toEqual([ref.feeCredit!.cell]);
      expect(t.accessSets.inferred).toBe(false);
    });
    // progress: fetch phase, one execute event per tx, done
    expect(events.some((e) => e.phase === 'fetch')).toBe(true);
    expect(events.filter((e) => e.phase === 'execute').map((e) => e.done)).toEqual([0, 1, 2, 3, 4]);
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: TXS.length, total: TXS.length });
    expect(events.at(-1)!.requests).toBe(r.stats.rpc.calls);
    // pre-state reads were at the parent block
    const stateCalls = mock.log.filter((l) =>
      /getStorageAt|getNonce|getClassHashAt/.test(l.method),
    );
    expect(stateCalls.length).toBeGreaterThan(0);
  });

  it('reports the deliberately wrong state-diff value, and nothing else', async () => {
    const r = await reexecuteBlock(mock.url, chain.blockNumber, opts);
    const mism = r.findings.filter((f) => f.kind === 'state-mismatch');
    const refValue = chain.diffs[2].get(wrongCell)!;
    expect(refValue).toBeDefined();
    expect(mism).toEqual([
      expect.objectContaining({
        txIndex: 2,
        txHash: r.block.transactions[2].hash,
        cell: wrongCell,
        expected: WRONG,
        got: refValue,
        detail: 'value',
      }),
    ]);
    expect(r.block.transactions[2].reexecution.mismatches).toBe(1);
    expect(r.stats.mismatches).toBe(1);
    expect(r.findings.filter((f) => f.kind !== 'state-mismatch')).toEqual([]);
  });

  it('hashes the import did not verify are recomputed: they match on the node chain, and each differs on another', async () => {
    const unchecked = { ...opts, verifyTxHashes: false };
    const same = await reexecuteBlock(mock.url, chain.blockNumber, unchecked);
    expect(same.block.hashCheck?.turnedOff).toBe(true);
    for (const t of same.block.transactions) expect(t.reexecution.computedHash).toBe(t.hash);
    expect(same.findings.filter((f) => f.kind.startsWith('tx-hash'))).toEqual([]);

    const other = await reexecuteBlock(mock.url, chain.blockNumber, {
      ...unchecked,
      chainId: 'SN_MAIN', // not the mock chain's; a name is encoded as the hash takes it
    });
    const found = other.findings.filter((f) => f.kind === 'tx-hash-mismatch');
    expect(found.map((f) => f.txIndex)).toEqual(TXS.map((_, i) => i));
    other.block.transactions.forEach((t, i) => {
      expect(found[i]).toMatchObject({ expected: t.hash, got: t.reexecution.computedHash });
      expect(t.reexecution.computedHash).not.toBe(t.hash);
      expect(found[i].message).toMatch(/: hash mismatch: the block says .*tried: INVOKE v3/);
    });
    const calls = mock.log.length;
    await expect(
      reexecuteBlock(mock.url, chain.blockNumber, { ...unchecked, chainId: 'SN MAIN ünicode' }),
    ).rejects.toMatchObject({ code: 'WRONG_TYPE', message: expect.stringMatching(/chain id/) });
    expect(mock.log.length).toBe(calls); // refused before any request
  });

  it('a class the node does not have becomes a per-tx finding with a fallback, the block continues', async () => {
    const nftClass = hex(chain.pre.read(`c:${hex(chain.addresses.nft)}`));
    mock.refuseClasses.add(nftClass);
    try {
      const r = await reexecuteBlock(mock.url, chain.blockNumber, opts);
      const f = r.findings.filter((x) => x.kind === 'missing-class');
      expect(f).toHaveLength(1);
      expect(f[0].txIndex).toBe(3);
      expect(f[0].message).toContain(nftClass);
      const t3 = r.block.transactions[3];
      expect(t3.reexecution.exact).toBe(false);
      expect(t3.reexecution.fallback).toMatch(/missing class/);
      expect(t3.accessSets.inferred).toBe(true);
      expect(t3.accessSets.writes.every((w) => w.evidence === 'state_diff')).toBe(true);
      expect(r.block.accessMode).not.toBe('exact');
      // the transaction after it is still exact and equal to the reference (the fallback applied the trace diff)
      const t4 = r.block.transactions[4];
      expect(t4.reexecution.exact).toBe(true);
      expect(t4.accessSets.writes).toEqual(
        [...chain.reference[4].writes].map(([cell, v]) => ({
          cell,
          value: hex(v),
          evidence: 'reexecution',
        })),
      );
      expect(r.stats.exact).toBe(TXS.length - 1);
    } finally {
      mock.refuseClasses.delete(nftClass);
    }
  });

  it('respects the request budget: later transactions fall back with a finding', async () => {
    mock.log = [];
    const budget = 12;
    const r = await reexecuteBlock(mock.url, chain.blockNumber, {
      ...opts,
      maxRequests: budget,
      cache: new MemoryCache(),
    });
    expect(r.stats.rpc.calls).toBeLessThanOrEqual(budget);
    expect(mock.log.length).toBeLessThanOrEqual(budget);
    const b = r.findings.filter((f) => f.kind === 'budget-exceeded');
    expect(b).toHaveLength(1);
    const first = b[0].txIndex!;
    for (const t of r.block.transactions.slice(first)) expect(t.reexecution.exact).toBe(false);
    expect(r.block.transactions).toHaveLength(TXS.length);
  });

  it('a shared cache makes a second run free', async () => {
    const cache = new MemoryCache();
    await reexecuteBlock(mock.url, chain.blockNumber, { ...opts, cache });
    mock.log = [];
    const r = await reexecuteBlock(mock.url, chain.blockNumber, { ...opts, cache });
    expect(r.stats.exact).toBe(TXS.length);
    // only starknet_specVersion and starknet_chainId are not cacheable (the chain id scopes the
    // cache's keys; getBlockWithReceipts by number is cached under it)
    expect(mock.log.map((l) => l.method).sort()).toEqual([
      'starknet_chainId',
      'starknet_specVersion',
    ]);
  });
});

describe('transactions we cannot reproduce', () => {
  let c2: Chain;
  let m2: MockServer;
  let l1Hash = '';
  beforeAll(async () => {
    c2 = buildChain([
      { type: 'transfer', from: 0, to: 1, amount: 10n },
      { type: 'transfer', from: 0, to: 1, amount: 20n },
      { type: 'transfer', from: 0, to: 2, amount: 30n },
      { type: 'transfer', from: 2, to: 1, amount: 10n ** 15n }, // more than the balance: reverts
    ]);
    expect(c2.reference[3].reverted).toBe(true);
    const txs = c2.block.transactions as {
      transaction: Record<string, unknown>;
      receipt: Record<string, unknown>;
    }[];
    // tx #1: a corrupted signature (the chain accepted it; our account's ECDSA check must not)
    const sig = txs[1].transaction.signature as string[];
    sig[1] = hex(BigInt(sig[1]) + 1n);
    // an L1_HANDLER in the middle, on a contract with no L1 handler entry point (the demo NFT):
    // re-execution runs it, it fails with ENTRYPOINT_NOT_FOUND, the receipt says succeeded.
    // Its hash is the real one of its fields (L1 sender 0x1, no payload, nonce 0): the import
    // refuses a transaction whose fields do not give its hash.
    const h = hex(
      BigInt(
        hash.calculateL2MessageTxHash(
          '0x1',
          hex(c2.addresses.nft),
          '0x2',
          [],
          c2.chainId as never,
          0,
        ),
      ),
    );
    l1Hash = h;
    txs.splice(2, 0, {
      transaction: {
        transaction_hash: h,
        type: 'L1_HANDLER',
        version: '0x0',
        nonce: '0x0',
        contract_address: hex(c2.addresses.nft),
        entry_point_selector: '0x2',
        calldata: ['0x1'],
      },
      receipt: {
        type: 'L1_HANDLER',
        transaction_hash: h,
        message_hash: '0x1',
        actual_fee: { amount: '0x0', unit: 'WEI' },
        execution_status: 'SUCCEEDED',
        finality_status: 'ACCEPTED_ON_L2',
        messages_sent: [],
        events: [],
        execution_resources: { l1_gas: 0, l1_data_gas: 0, l2_gas: 10 },
      },
    });
    const fn = {
      contract_address: hex(c2.addresses.nft),
      entry_point_selector: '0x2',
      calldata: ['0x1'],
      caller_address: '0x0',
      class_hash: '0x1',
      entry_point_type: 'L1_HANDLER',
      call_type: 'CALL',
      result: [],
      calls: [],
      events: [],
      messages: [],
      execution_resources: { l1_gas: 0, l2_gas: 10 },
      is_reverted: false,
    };
    c2.traces.splice(2, 0, {
      transaction_hash: h,
      trace_root: {
        type: 'L1_HANDLER',
        function_invocation: fn,
        state_diff: {
          storage_diffs: [
            { address: hex(c2.addresses.nft), storage_entries: [{ key: '0x999', value: '0x5' }] },
          ],
          nonces: [],
          deployed_contracts: [],
          replaced_classes: [],
          declared_classes: [],
          deprecated_declared_classes: [],
        },
        execution_resources: { l1_gas: 0, l1_data_gas: 0, l2_gas: 10 },
      },
    });
    m2 = await serveChain(c2);
  });
  afterAll(() => m2.close());

  it('a rejected signature and a failing L1_HANDLER become findings with fallbacks; the rest stays exact', async () => {
    const r = await reexecuteBlock(m2.url, c2.blockNumber, opts);
    expect(r.block.transactions.map((t) => t.reexecution.exact)).toEqual([
      true,
      false,
      false,
      true,
      true,
    ]);
    const [status, l1] = r.findings.filter((f) => f.kind === 'status-mismatch');
    expect(status).toMatchObject({ txIndex: 1, expected: 'succeeded', got: 'rejected' });
    expect(status.message).toMatch(/validation failed/);
    expect(l1).toMatchObject({ txIndex: 2, txHash: l1Hash, got: 'reverted' });
    expect(l1.message).toMatch(/ENTRYPOINT_NOT_FOUND/);
    expect(r.block.transactions[2].accessSets.writes).toEqual([
      { cell: `s:${hex(c2.addresses.nft)}:0x999`, value: '0x5', evidence: 'state_diff' },
    ]);
    // tx #3 (same sender) sees the nonce bump of the fallen-back tx #1 through its trace diff
    expect(r.block.transactions[3].accessSets.writes).toEqual(
      [...c2.reference[2].writes].map(([cell, v]) => ({
        cell,
        value: hex(v),
        evidence: 'reexecution',
      })),
    );
    expect(r.findings.filter((f) => f.kind === 'state-mismatch')).toEqual([]);
    expect(r.block.accessMode).toBe('inferred');
    // a transaction reverted on chain reverts in re-execution too: exact, nonce + fee only
    const rev = r.block.transactions[4];
    expect(rev.status).toBe('reverted');
    expect(rev.reexecution.outcome).toBe('reverted');
    expect(rev.reexecution.revertReason).toMatch(/u256_sub Overflow/);
    expect(rev.accessSets.writes).toEqual(
      [...c2.reference[3].writes].map(([cell, v]) => ({
        cell,
        value: hex(v),
        evidence: 'reexecution',
      })),
    );
    expect(rev.accessSets.writes.some((w) => w.cell.startsWith('n:'))).toBe(true);
  });

  it(
    "the executable block replays the fallbacks and runs the rest on real workers, in the chain's state (credits included)",
    { timeout: 60_000 },
    async () => {
      const r = await reexecuteBlock(m2.url, c2.blockNumber, opts);
      const txs = r.executable.txs;
      expect(txs.map((t) => t.kind)).toEqual([
        'invoke',
        'recorded',
        'recorded',
        'invoke',
        'invoke',
      ]);
      expect(txs[2]).toMatchObject({
        kind: 'recorded',
        reason: expect.stringMatching(/status mismatch: reverted \(ENTRYPOINT_NOT_FOUND\)/),
        writes: [[`s:${hex(c2.addresses.nft)}:0x999`, '0x5']],
      });
      // the chain's state: every write in block order, the sequencer's credits included
      const expected = new Map<string, bigint>();
      for (const t of r.block.transactions)
        for (const w of [...t.accessSets.writes, ...t.accessSets.deferredWrites])
          expected.set(w.cell, BigInt(w.value!));
      const run = await runOnNodeWorkers(
        { kind: 'executable', block: r.executable },
        { workers: 2, timeoutMs: 30_000, warmup: 0 },
      );
      expect(run.ok).toBe(true);
      expect(run.finalState).toEqual(expected);
    },
  );
});

describe('the Sierra version of a class comes from the node', () => {
  it("its Sierra program header, not the CASM's compiler, decides Sierra gas or Cairo steps", async () => {
    const c = buildChain([{ type: 'transfer', from: 0, to: 1, amount: 10n }]);
    const m = await serveChain(c);
    try {
      // the account's Sierra says 1.6.0 (below min_sierra_version_for_sierra_gas 1.7.0); its CASM
      // (our demo assembly) alone would pass for current Sierra
      const accountHash = hex(c.pre.read(classCell(c.addresses.accounts[0])));
      m.sierraVersions.set(accountHash, [1, 6, 0]);
      const client = new RpcClient(m.url, opts.rpc);
      const source = new ReexecutionSource(makePreStateReader(client, undefined), client);
      await source.fetchClasses([...c.classJson.keys()]);
      for (const h of c.classJson.keys()) {
        const cls = source.classes.get(h) as CasmClass;
        expect(sierraVersionOf(cls)).toEqual(h === accountHash ? [1, 6, 0] : [1, 7, 0]);
      }
      expect(new Map(source.sierraVersions).get(accountHash)).toEqual([1, 6, 0]);
    } finally {
      await m.close();
    }
  });
});
