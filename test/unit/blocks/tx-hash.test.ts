/**
 * Transaction hashes of every kind (engine/blocks/reexecute tx-hash.ts) against real chain data:
 * every transaction of the Sepolia-integration fixture blocks and of mainnet's genesis (the
 * mainnet blocks with many pre-v3 transactions are in tx-hash-mainnet-{a,b}.test.ts), pathfinder's
 * real transactions of the kinds the fixtures lack, a one-felt change in every hashed field, the
 * RPC shape of the same transactions, and the reasons a hash cannot be recomputed.
 */
import { describe, expect, it } from 'vitest';
import {
  checkBlockTxHashes,
  checkTxHash,
  describeTxHashCheck,
} from '../../../engine/blocks/reexecute';
import { haveShared } from './helpers';
import {
  MAINNET_GENESIS,
  SEPOLIA_INTEGRATION,
  allMatch,
  checkFixture,
  transactionsOf,
} from './tx-hash-fixtures';
import { VECTORS } from './tx-hash-vectors';

type Tx = Record<string, unknown>;
const bump = (v: unknown) => '0x' + (BigInt(String(v)) + 1n).toString(16);

describe.skipIf(!haveShared)('transaction hashes of the real fixture blocks', () => {
  for (const b of [...SEPOLIA_INTEGRATION, MAINNET_GENESIS])
    it(`${b.file}: every hash recomputed equals the chain's`, () => {
      const { txs, report } = checkFixture(b);
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual(allMatch(b.kinds));
      expect(Object.values(b.kinds).reduce((a, n) => a + n, 0)).toBe(txs.length);
    });

  it("genesis is hashed with the legacy formulas (no version, no max fee), as pathfinder's verify_hash allows", () => {
    const { report } = checkFixture(MAINNET_GENESIS);
    expect(Object.keys(report.formulas).every((f) => f.startsWith('legacy'))).toBe(true);
  });

  it('the wrong network makes every hash differ (the chain id is part of it)', () => {
    const txs = transactionsOf(SEPOLIA_INTEGRATION[0].file);
    const r = checkBlockTxHashes(txs, 'SN_SEPOLIA');
    expect(r.counts).toEqual({ 'INVOKE v3': { match: 0, mismatch: 4, unrecomputable: 0 } });
  });
});

describe("real transactions of the kinds the fixtures lack (pathfinder's test data)", () => {
  for (const v of VECTORS)
    it(`${v.name} on ${v.chainId}`, () => {
      const c = checkTxHash(v.tx, String(v.tx.transaction_hash), v.chainId);
      expect(c.status, JSON.stringify(c)).toBe('match');
    });
});

/** One small transaction of each kind in the fixtures, and the fields its hash covers. */
const SAMPLES: { file: string; chainId: string; kind: string; fields: string[] }[] = [
  {
    file: MAINNET_GENESIS.file,
    chainId: 'SN_MAIN',
    kind: 'INVOKE v0',
    fields: ['contract_address', 'entry_point_selector', 'calldata'],
  },
  {
    file: MAINNET_GENESIS.file,
    chainId: 'SN_MAIN',
    kind: 'DEPLOY v0',
    fields: ['contract_address', 'constructor_calldata'],
  },
  {
    file: SEPOLIA_INTEGRATION[3].file,
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kind: 'INVOKE v1',
    fields: ['sender_address', 'calldata', 'max_fee', 'nonce'],
  },
  {
    file: SEPOLIA_INTEGRATION[5].file,
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kind: 'INVOKE v3',
    fields: [
      'sender_address',
      'calldata',
      'nonce',
      'tip',
      'resource_bounds.L1_DATA_GAS.max_amount',
      'nonce_data_availability_mode',
    ],
  },
  {
    file: SEPOLIA_INTEGRATION[2].file,
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kind: 'DECLARE v2',
    fields: ['sender_address', 'class_hash', 'compiled_class_hash', 'max_fee', 'nonce'],
  },
];

function sample(file: string, kind: string): { tx: Tx; index: number } {
  const txs = transactionsOf(file);
  const ok = (t: Tx) =>
    `${t.type === 'INVOKE_FUNCTION' ? 'INVOKE' : t.type} v${BigInt(String(t.version))}` === kind;
  const index = txs.findIndex(ok);
  return { tx: txs[index], index };
}

/** `tx` with one felt of `path` changed: the first element of a list, a value + 1. */
function mutate(tx: Tx, path: string): Tx {
  const out = structuredClone(tx);
  const keys = path.split('.');
  let o = out as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  const v = o[last];
  if (Array.isArray(v)) v[0] = bump(v[0]);
  else if (typeof v === 'number') o[last] = 1 - v;
  else o[last] = bump(v);
  return out;
}

describe.skipIf(!haveShared)('a one-felt change in a hashed field is caught', () => {
  for (const s of SAMPLES)
    it(`${s.kind}: ${s.fields.join(', ')}`, () => {
      const { tx, index } = sample(s.file, s.kind);
      const h = String(tx.transaction_hash);
      expect(checkTxHash(tx, h, s.chainId).status).toBe('match');
      for (const field of s.fields) {
        const c = checkTxHash(mutate(tx, field), h, s.chainId);
        expect(c.status, field).toBe('mismatch');
        if (c.status !== 'mismatch') continue;
        const canon = '0x' + BigInt(h).toString(16);
        expect(c.expected).toBe(canon);
        expect(c.computed).not.toBe(canon);
        const msg = describeTxHashCheck(c, index, h);
        expect(msg).toBe(
          `transaction #${index} ${canon} (${s.kind}): hash mismatch: the block says ${canon}, ` +
            `recomputed ${c.computed} (tried: ${c.tried.join('; ')})`,
        );
        expect(c.tried[0]).toMatch(/^starknet\.js /);
      }
      // the signature is not hashed (it signs the hash): changing it changes nothing
      if (Array.isArray(tx.signature) && tx.signature.length > 0)
        expect(checkTxHash(mutate(tx, 'signature'), h, s.chainId).status).toBe('match');
    });
});

/** The same transactions in JSON-RPC shape (starknet_getBlockWithTxs). */
function toRpc(t: Tx): Tx {
  const rb = t.resource_bounds as Record<string, unknown> | undefined;
  const da = (v: unknown) => (v === 1 ? 'L2' : 'L1');
  const out: Tx = { ...t, type: t.type === 'INVOKE_FUNCTION' ? 'INVOKE' : t.type };
  if (rb) {
    out.resource_bounds = Object.fromEntries(
      Object.entries(rb).map(([k, v]) => [k.toLowerCase(), v]),
    );
    out.nonce_data_availability_mode = da(t.nonce_data_availability_mode);
    out.fee_data_availability_mode = da(t.fee_data_availability_mode);
  }
  // RPC's DEPLOY / DEPLOY_ACCOUNT transactions carry no address (the receipt does)
  if (t.type === 'DEPLOY' || t.type === 'DEPLOY_ACCOUNT') delete out.contract_address;
  return out;
}

describe.skipIf(!haveShared)('the RPC shape of the same transactions', () => {
  it('every kind matches; DEPLOY / DEPLOY_ACCOUNT addresses are derived (deployer 0)', () => {
    const seen: Record<string, number> = {};
    for (const [file, chainId, kind] of [
      [MAINNET_GENESIS.file, 'SN_MAIN', 'DEPLOY v0'],
      [SEPOLIA_INTEGRATION[1].file, 'SN_INTEGRATION_SEPOLIA', 'INVOKE v3'],
      [SEPOLIA_INTEGRATION[5].file, 'SN_INTEGRATION_SEPOLIA', 'INVOKE v3'],
      [SEPOLIA_INTEGRATION[2].file, 'SN_INTEGRATION_SEPOLIA', 'DECLARE v2'],
    ]) {
      const { tx } = sample(file, kind);
      const c = checkTxHash(toRpc(tx), String(tx.transaction_hash), chainId);
      expect(c.status, `${file} ${kind}`).toBe('match');
      seen[kind] = (seen[kind] ?? 0) + 1;
    }
    const da = VECTORS.find((v) => v.name === 'deploy_account_v3')!;
    expect(checkTxHash(toRpc(da.tx), String(da.tx.transaction_hash), da.chainId).status).toBe(
      'match',
    );
    expect(seen).toEqual({ 'DEPLOY v0': 1, 'INVOKE v3': 2, 'DECLARE v2': 1 });
  });

  it('a 0.13.1 v3 transaction served with a zero l1_data_gas bound (RPC 0.8+) still matches', () => {
    const { tx } = sample(SEPOLIA_INTEGRATION[0].file, 'INVOKE v3');
    const rpc = toRpc(tx);
    (rpc.resource_bounds as Tx).l1_data_gas = { max_amount: '0x0', max_price_per_unit: '0x0' };
    const c = checkTxHash(rpc, String(tx.transaction_hash), 'SN_INTEGRATION_SEPOLIA');
    expect(c.status === 'match' && c.formula).toMatch(/L1\/L2 gas bounds only/);
  });
});

describe('hashes that cannot be recomputed say why', () => {
  const declare = VECTORS.find((v) => v.name === 'declare_v1')!.tx;
  it('a field the hash needs is missing', () => {
    const { nonce: _n, ...noNonce } = declare;
    const c = checkTxHash(noNonce, String(declare.transaction_hash), 'SN_SEPOLIA');
    expect(c).toEqual({
      status: 'unrecomputable',
      kind: 'DECLARE v1',
      reason: 'the transaction has no "nonce", which the DECLARE v1 hash needs',
    });
    const v2 = { ...declare, version: '0x2' };
    expect(describeTxHashCheck(checkTxHash(v2, '0x5', 'SN_SEPOLIA'), 7, '0x5')).toBe(
      'transaction #7 0x5 (DECLARE v2): hash not recomputed: the transaction has no ' +
        '"compiled_class_hash", which the DECLARE v2 hash needs',
    );
  });
  it('a kind or version Starknet does not have', () => {
    expect(checkTxHash({ ...declare, type: 'INVOKE', version: '0x2' }, '0x1', 'SN_MAIN')).toEqual({
      status: 'unrecomputable',
      kind: 'INVOKE v2',
      reason: 'Starknet has no INVOKE v2 transaction (no hash definition for it)',
    });
    expect(checkTxHash({ type: 'MINT', version: '0x0' }, '0x1', 'SN_MAIN')).toMatchObject({
      status: 'unrecomputable',
      reason: '"MINT" is not a Starknet transaction type',
    });
  });
  it('an INVOKE v3 with proof_facts (SNIP-36): starknet.js leaves them out of its hash', () => {
    const v = VECTORS.find((x) => x.name === 'deploy_account_v3')!.tx;
    const withProof = { ...v, type: 'INVOKE', proof_facts: ['0x1'] };
    expect(checkTxHash(withProof, '0x1', 'SN_GOERLI')).toEqual({
      status: 'unrecomputable',
      kind: 'INVOKE v3',
      reason: 'it carries proof_facts (SNIP-36), which starknet.js 7.1 does not hash',
    });
  });
  it('a v3 transaction without its data-availability modes', () => {
    const v = VECTORS.find((x) => x.name === 'declare_v3')!.tx;
    const { fee_data_availability_mode: _f, ...noDa } = v;
    expect(checkTxHash(noDa, '0x1', 'SN_GOERLI')).toMatchObject({
      status: 'unrecomputable',
      reason:
        'the transaction has no "fee_data_availability_mode", which the DECLARE v3 hash needs',
    });
  });
});
