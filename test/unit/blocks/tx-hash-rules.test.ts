/**
 * The import's hash rules (engine/blocks/import tx-hash.ts on fast-hash.ts) held to starknet.js
 * and to the chain: the fast Poseidon and Pedersen equal @scure/starknet's and starknet.js's; each
 * rule gives what the starknet.js function it follows gives (starknetjs-tx-hash.ts, the tests'
 * reference, calls them) on real transactions of every kind, in feeder and RPC shape, and on
 * the same transactions with a hashed field changed; pathfinder's real transactions of the kinds
 * the fixture blocks lack match their chain hashes.
 */
import { describe, expect, it } from 'vitest';
import { Fp251, poseidonHashMany } from '@scure/starknet';
import { constants, hash } from 'starknet';
import { pedersenMany, poseidonMany } from '../../../engine/blocks/import/fast-hash';
import { shortStringFelt, txHashRules } from '../../../engine/blocks/import/tx-hash';
import { hashFormulas } from './starknetjs-tx-hash';
import { haveShared } from './helpers';
import { SAMPLES, mutate, sample } from './tx-hash-fixtures';
import { VECTORS } from './tx-hash-vectors';

type Tx = Record<string, unknown>;
const P = Fp251.ORDER;

/** Deterministic felts (a linear congruential walk), so a failure reproduces. */
function felts(n: number, seed: bigint): bigint[] {
  const out: bigint[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 0x5deece66dn + 0xbn + (x >> 17n)) % P;
    out.push(x);
  }
  return out;
}

describe('Poseidon and Pedersen of the import', () => {
  it('the sponge and the Pedersen chain equal @scure/starknet and starknet.js', () => {
    for (let n = 0; n < 9; n++) {
      const xs = felts(n, BigInt(n + 1));
      expect(poseidonMany(xs)).toBe(poseidonHashMany(xs));
      expect(poseidonMany(xs)).toBe(BigInt(hash.computePoseidonHashOnElements(xs)));
      expect(pedersenMany(xs)).toBe(BigInt(hash.computeHashOnElements(xs.map(String))));
    }
  });
  it('the prefixes are the short strings starknet.js uses', () => {
    const prefix = constants.TransactionHashPrefix;
    for (const [name, s] of [
      ['INVOKE', 'invoke'],
      ['DECLARE', 'declare'],
      ['DEPLOY', 'deploy'],
      ['DEPLOY_ACCOUNT', 'deploy_account'],
      ['L1_HANDLER', 'l1_handler'],
    ] as const)
      expect(shortStringFelt(s)).toBe(BigInt(prefix[name]));
    expect(shortStringFelt('SN_MAIN')).toBe(BigInt(constants.StarknetChainId.SN_MAIN));
    expect(shortStringFelt('SN_SEPOLIA')).toBe(BigInt(constants.StarknetChainId.SN_SEPOLIA));
  });
});

/** Every rule of `tx` equals the starknet.js formula at the same place (same order of rules). */
function expectSameAsStarknetJs(tx: Tx, chainId: string, label: string) {
  const ours = txHashRules(tx);
  const theirs = hashFormulas(tx, chainId);
  if (!('rules' in ours) || !('formulas' in theirs))
    throw new Error(`${label}: ${JSON.stringify({ ours, theirs })}`);
  expect(ours.rules.length, label).toBe(theirs.formulas.length);
  const chain = shortStringFelt(chainId);
  ours.rules.forEach((r, i) =>
    expect(r.compute(chain), `${label}: ${r.name}`).toBe(BigInt(theirs.formulas[i].compute())),
  );
}

describe.skipIf(!haveShared)('each rule is the starknet.js function it follows', () => {
  for (const s of SAMPLES)
    it(`${s.kind} (${s.file}), and with ${s.fields.join(', ')} changed`, () => {
      const { tx } = sample(s);
      expectSameAsStarknetJs(tx, s.chainId, s.kind);
      // RPC shape: a DEPLOY / DEPLOY_ACCOUNT carries no address, it is derived
      if (tx.type === 'DEPLOY' || tx.type === 'DEPLOY_ACCOUNT') {
        const { contract_address: _a, ...rpc } = tx;
        expectSameAsStarknetJs(rpc, s.chainId, `${s.kind} (RPC shape)`);
      }
      for (const f of s.fields) expectSameAsStarknetJs(mutate(tx, f), s.chainId, `${s.kind} ${f}`);
    });
});

describe("pathfinder's real transactions of the kinds the fixtures lack", () => {
  for (const v of VECTORS)
    it(`${v.name} on ${v.chainId}: the chain's hash, as starknet.js computes it`, () => {
      const r = txHashRules(v.tx);
      if (!('rules' in r)) throw new Error(r.reason);
      const chain = shortStringFelt(v.chainId);
      const want = BigInt(String(v.tx.transaction_hash));
      expect(r.rules.some((rule) => rule.compute(chain) === want)).toBe(true);
      expectSameAsStarknetJs(v.tx, v.chainId, v.name);
      if (v.tx.type === 'DEPLOY_ACCOUNT') {
        const { contract_address: _a, ...rpc } = v.tx;
        expectSameAsStarknetJs(rpc, v.chainId, `${v.name} (RPC shape)`);
      }
    });
});

describe('what the rules cannot check says why', () => {
  const v3 = VECTORS.find((v) => v.name === 'deploy_account_v3')!.tx;
  it('a version Starknet does not have, an unknown type, proof_facts', () => {
    expect(txHashRules({ type: 'INVOKE', version: '0x2' })).toEqual({
      kind: 'INVOKE v2',
      reason: 'Starknet has no INVOKE v2 transaction (no hash definition for it)',
    });
    expect(txHashRules({ type: 'MINT', version: '0x0' })).toMatchObject({
      reason: '"MINT" is not a transaction type',
    });
    const withProof = { ...v3, type: 'INVOKE', proof_facts: ['0x1'] };
    expect(txHashRules(withProof)).toMatchObject({ reason: expect.stringMatching(/proof_facts/) });
  });
});
