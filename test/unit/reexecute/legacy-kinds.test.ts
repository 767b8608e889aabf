/**
 * Which RPC transactions of Starknet 0.13.x blocks re-execution runs (tx-kinds.ts, rpc-tx.ts),
 * as blockifier 0.20.0-rc.0 does, and the DECLARE's declaration against the trace's state diff
 * (declarations.ts). The RPC shapes are the JSON-RPC spec's (starknet-specs
 * `api/starknet_api_openrpc.json`: INVOKE_TXN_V0, DEPLOY_ACCOUNT_TXN_V1, DECLARE_TXN_V1/V2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableTx, versionFallback } from '../../../engine/blocks/reexecute/tx-kinds';
import {
  declarationDifferences,
  traceDeclarations,
} from '../../../engine/blocks/reexecute/declarations';
import { reexecuteBlock } from '../../../engine/blocks/reexecute';
import { buildChain, serveChain, type Chain, type MockServer } from './mock-chain';

const HASH = '0xabc';
const run = (transaction: Record<string, unknown>, receipt?: Record<string, unknown>) =>
  runnableTx({ transaction, receipt }, HASH, 77n);

describe('pre-v3 transaction kinds', () => {
  it('DEPLOY_ACCOUNT v1 runs with its max_fee in tx_info, at the receipt address', () => {
    const r = run(
      {
        type: 'DEPLOY_ACCOUNT',
        version: '0x1',
        max_fee: '0x2386f26fc10000',
        class_hash: '0xc1a55',
        contract_address_salt: '0x5a17',
        constructor_calldata: ['0x1', '0x2'],
        nonce: '0x0',
        signature: ['0x3', '0x4'],
      },
      { contract_address: '0xacc' },
    );
    if ('unsupported' in r) throw new Error(r.unsupported);
    expect(r.tx).toMatchObject({
      kind: 'deploy-account',
      address: 0xaccn,
      classHash: 0xc1a55n,
      salt: 0x5a17n,
      constructorCalldata: [1n, 2n],
      maxFee: 77n,
      txInfo: { version: 1n, maxFee: 0x2386f26fc10000n },
    });
    expect(r.classes).toEqual([0xc1a55n]);
  });

  it('DECLARE v1 has no compiled class hash; v2 has it; v0 runs too', () => {
    const base = {
      type: 'DECLARE',
      sender_address: '0x5e4d',
      class_hash: '0xc1a55',
      max_fee: '0x100',
      nonce: '0x3',
      signature: [],
    };
    const v1 = run({ ...base, version: '0x1' });
    if ('unsupported' in v1) throw new Error(v1.unsupported);
    expect(v1.tx.kind).toBe('declare');
    expect(v1.tx).not.toHaveProperty('compiledClassHash');
    expect(v1.tx).toMatchObject({ sender: 0x5e4dn, classHash: 0xc1a55n, nonce: 3n });
    expect(v1.classes).toEqual([0xc1a55n]);
    const v2 = run({ ...base, version: '0x2', compiled_class_hash: '0xcc' });
    if ('unsupported' in v2) throw new Error(v2.unsupported);
    expect(v2.tx).toMatchObject({ compiledClassHash: 0xccn, txInfo: { version: 2n } });
    expect(run({ ...base, version: '0x2' })).toEqual({
      unsupported: 'DECLARE 0x2 without compiled_class_hash',
    });
    const v0 = run({ ...base, version: '0x0' });
    expect('unsupported' in v0).toBe(false);
  });

  it('INVOKE v0 calls contract_address.entry_point_selector with the calldata as sent', () => {
    const r = run({
      type: 'INVOKE',
      version: '0x0',
      contract_address: '0xc0de',
      entry_point_selector: '0x5e1',
      calldata: ['0x7', '0x8'],
      max_fee: '0x0',
      signature: [],
    });
    if ('unsupported' in r) throw new Error(r.unsupported);
    expect(r.tx).toMatchObject({
      kind: 'invoke',
      sender: 0xc0den,
      entryPointSelector: 0x5e1n,
      executeCalldata: [7n, 8n],
      txInfo: { version: 0n, maxFee: 0n },
    });
  });

  it('DEPLOY falls back: blockifier 0.20 has no DEPLOY transaction; other versions say which it runs', () => {
    expect(
      run({ type: 'DEPLOY', version: '0x0', class_hash: '0x1', contract_address_salt: '0x2' }),
    ).toEqual({ unsupported: 'blockifier 0.20 does not execute DEPLOY transactions' });
    expect(
      run(
        { type: 'DEPLOY_ACCOUNT', version: '0x2', class_hash: '0x1' },
        { contract_address: '0x1' },
      ),
    ).toEqual({
      unsupported: 'DEPLOY_ACCOUNT version 0x2 is not executed (blockifier 0.20 runs v1 and v3)',
    });
    expect(run({ type: 'INVOKE', version: '0x2', sender_address: '0x1' })).toEqual({
      unsupported: 'INVOKE version 0x2 is not executed (blockifier 0.20 runs v0, v1 and v3)',
    });
  });

  it('blocks before Starknet 0.13.0 fall back: blockifier has no versioned constants for them', () => {
    const why = 'Starknet 0.12.3: no versioned constants before 0.13.0, as in blockifier 0.20';
    expect(versionFallback('0.12.3')).toBe(why);
    expect(versionFallback('0.9.0')).toMatch(/^Starknet 0\.9\.0: no versioned constants/);
    for (const ok of ['0.13.0', '0.13.1.1', '0.14.4', '0.15.0', '1.0.0', undefined, 'abc'])
      expect(versionFallback(ok)).toBeUndefined();
  });
});

describe('declarations against the trace state diff', () => {
  const traces = [
    {
      transaction_hash: '0x01',
      trace_root: {
        state_diff: {
          declared_classes: [{ class_hash: '0x0a', compiled_class_hash: '0x0b' }],
          deprecated_declared_classes: [],
        },
      },
    },
    {
      transaction_hash: '0x2',
      trace_root: { state_diff: { declared_classes: [], deprecated_declared_classes: ['0xc0'] } },
    },
    { transaction_hash: '0x3', trace_root: { state_diff: { storage_diffs: [] } } },
  ];
  const d = traceDeclarations(traces);

  it('reads declared_classes (Cairo 1, with compiled class hash) and deprecated_declared_classes', () => {
    expect(d.get('0x1')).toEqual([{ classHash: '0xa', compiledClassHash: '0xb' }]);
    expect(d.get('0x2')).toEqual([{ classHash: '0xc0' }]);
    expect(d.get('0x3')).toEqual([]);
  });

  it('agrees only on the same class and compiled class hash (none for a v1 declare)', () => {
    expect(
      declarationDifferences({ classHash: 0xan, compiledClassHash: 0xbn }, d.get('0x1')!),
    ).toEqual([]);
    expect(declarationDifferences({ classHash: 0xc0n }, d.get('0x2')!)).toEqual([]);
    expect(declarationDifferences(undefined, d.get('0x3')!)).toEqual([]);
    expect(
      declarationDifferences({ classHash: 0xan, compiledClassHash: 0xcn }, d.get('0x1')!),
    ).toEqual([
      'declaration: trace has class 0xa with compiled class hash 0xb, re-execution class 0xa with compiled class hash 0xc',
    ]);
    expect(
      declarationDifferences({ classHash: 0xc0n, compiledClassHash: 1n }, d.get('0x2')!),
    ).toEqual([
      'declaration: trace has Cairo 0 class 0xc0 (no compiled class hash), re-execution class 0xc0 with compiled class hash 0x1',
    ]);
    expect(declarationDifferences({ classHash: 0xc0n }, [])).toEqual([
      'declaration: trace has no declaration, re-execution Cairo 0 class 0xc0 (no compiled class hash)',
    ]);
  });
});

describe('a block older than Starknet 0.13.0 on a mock node', () => {
  let chain: Chain;
  let mock: MockServer;
  beforeAll(async () => {
    chain = buildChain([
      { type: 'transfer', from: 0, to: 1, amount: 5n },
      { type: 'mint', from: 1 },
    ]);
    chain.block.starknet_version = '0.12.3';
    mock = await serveChain(chain);
  });
  afterAll(() => mock.close());

  it('falls back on every transaction, naming the version, with trace-inferred access sets', async () => {
    const r = await reexecuteBlock(mock.url, chain.blockNumber, {
      rpc: { backoffMs: 1, retries: 1 },
    });
    const why = 'Starknet 0.12.3: no versioned constants before 0.13.0, as in blockifier 0.20';
    expect(r.stats.exact).toBe(0);
    expect(r.block.transactions.map((t) => t.reexecution.fallback)).toEqual([why, why]);
    expect(r.block.transactions.every((t) => t.accessSets.inferred)).toBe(true);
    expect(r.findings.map((f) => [f.kind, f.message])).toEqual([
      ['unsupported-tx', why],
      ['unsupported-tx', why],
    ]);
    expect(r.block.warnings).toContain(`${why}: every transaction uses trace-inferred access sets`);
    // nothing ran: no pre-state was fetched
    expect(mock.log.some((l) => /getStorageAt|getNonce/.test(l.method))).toBe(false);
  });
});
