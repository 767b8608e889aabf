/**
 * Re-execution's transaction-hash check (engine/blocks/reexecute tx-hash-check.ts, on the
 * import's rules) against real chain data: every transaction of the Sepolia-integration fixture
 * blocks and of mainnet's genesis (the big pre-v3 mainnet blocks: import-tx-hashes-mainnet.test.ts),
 * pathfinder's real transactions of the kinds the fixtures lack, a one-felt change in every hashed
 * field, the RPC shape of the same transactions, the reasons a hash cannot be recomputed, and when
 * the import's verdict is reused.
 */
import { describe, expect, it } from 'vitest';
import { importBlock } from '../../../engine/blocks/import';
import {
  checkTxHash,
  describeTxHashCheck,
  verifiedByImport,
} from '../../../engine/blocks/reexecute';
import { haveShared, shared } from './helpers';
import {
  MAINNET_GENESIS,
  SAMPLES,
  SEPOLIA_INTEGRATION,
  allMatch,
  checkBlockTxHashes,
  checkFixture,
  hexOf,
  mutate,
  sample,
  transactionsOf,
} from './tx-hash-fixtures';
import { VECTORS } from './tx-hash-vectors';

type Tx = Record<string, unknown>;

describe.skipIf(!haveShared)('transaction hashes of the real fixture blocks', () => {
  for (const b of [...SEPOLIA_INTEGRATION, MAINNET_GENESIS])
    it(`${b.file}: every hash recomputed equals the chain's`, () => {
      const { txs, report } = checkFixture(b);
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual(allMatch(b.kinds));
      expect(Object.values(b.kinds).reduce((a, n) => a + n, 0)).toBe(txs.length);
    });

  it("genesis is hashed with the legacy rules (no version, no max fee), as pathfinder's verify_hash allows", () => {
    const { report } = checkFixture(MAINNET_GENESIS);
    expect(report.rules).toEqual({ 'INVOKE v0, legacy': 13, 'DEPLOY, legacy': 5 });
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

describe.skipIf(!haveShared)('a one-felt change in a hashed field is caught', () => {
  for (const s of SAMPLES)
    it(`${s.kind}: ${s.fields.join(', ')}`, () => {
      const { tx, index } = sample(s);
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
        expect(c.tried[0]).toBe(s.kind);
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
      const { tx } = sample({ file, kind });
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
    const { tx } = sample({ file: SEPOLIA_INTEGRATION[0].file, kind: 'INVOKE v3' });
    const rpc = toRpc(tx);
    (rpc.resource_bounds as Tx).l1_data_gas = { max_amount: '0x0', max_price_per_unit: '0x0' };
    const c = checkTxHash(rpc, String(tx.transaction_hash), 'SN_INTEGRATION_SEPOLIA');
    expect(c.status === 'match' && c.rule).toMatch(/L1\/L2 gas bounds only/);
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
      reason: '"MINT" is not a transaction type',
    });
  });
  it('an INVOKE v3 with proof_facts (SNIP-36): no rule hashes them yet', () => {
    const v = VECTORS.find((x) => x.name === 'deploy_account_v3')!.tx;
    const withProof = { ...v, type: 'INVOKE', proof_facts: ['0x1'] };
    expect(checkTxHash(withProof, '0x1', 'SN_GOERLI')).toEqual({
      status: 'unrecomputable',
      kind: 'INVOKE v3',
      reason: expect.stringMatching(/^it carries proof_facts \(SNIP-36/),
    });
  });
  it('a chain id that is none', () => {
    expect(checkTxHash(declare, String(declare.transaction_hash), 'x'.repeat(40))).toMatchObject({
      status: 'unrecomputable',
      reason: `"${'x'.repeat(40)}" is no chain id`,
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

describe.skipIf(!haveShared)("the import's verdict is reused only where it applies", () => {
  const fx = SEPOLIA_INTEGRATION[1];
  const text = shared(`pathfinder-feeder/${fx.file}`);
  const on = hexOf(fx.chainId);
  it('every transaction the import verified on the same chain, in hex or by name', () => {
    const b = importBlock(text);
    b.transactions.forEach((_, i) => {
      expect(verifiedByImport(b.hashCheck, i, on)).toBe(true);
      expect(verifiedByImport(b.hashCheck, i, fx.chainId)).toBe(true);
      expect(verifiedByImport(b.hashCheck, i, 'SN_MAIN')).toBe(false);
    });
  });
  it('not when the check was off, nor for a transaction it could not check', () => {
    const off = importBlock(text, { verifyTxHashes: false });
    expect(verifiedByImport(off.hashCheck, 0, on)).toBe(false);
    const partial = { chainId: on, checked: 2, notChecked: [{ index: 1, reason: 'x' }], rules: {} };
    expect([0, 1, 2].map((i) => verifiedByImport(partial, i, on))).toEqual([true, false, true]);
    expect(verifiedByImport(undefined, 0, on)).toBe(false);
  });
});
