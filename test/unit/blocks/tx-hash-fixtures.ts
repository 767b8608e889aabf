/**
 * The real blocks of ../shared/fixtures/blocks/pathfinder-feeder (README there: provenance), each
 * with its network's chain id and the number of transactions of each kind it holds (counted from
 * the files' `type`/`version` fields). The 0.14.3 `sepolia_integration_fake.json` is left out: the
 * README calls it a hand-modified fixture, not a block of the chain. The pathfinder-rpc fixtures
 * hold traces and simulation results, no transactions.
 */
import { expect } from 'vitest';
import {
  summarizeHashCheck,
  type ImportedBlock,
  type TxHashCheck,
} from '../../../engine/blocks/import';
import { shortStringFelt } from '../../../engine/blocks/import/tx-hash';
import { checkTxHash, describeTxHashCheck } from '../../../engine/blocks/reexecute';
import { shared } from './helpers';

export interface FixtureBlock {
  file: string;
  chainId: 'SN_MAIN' | 'SN_INTEGRATION_SEPOLIA';
  kinds: Record<string, number>;
}

export const SEPOLIA_INTEGRATION: FixtureBlock[] = [
  {
    file: '0.13.1/state_update_with_block/sepolia_integration_9703.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'INVOKE v3': 4 },
  },
  {
    file: '0.13.1/state_update_with_block/sepolia_integration_pending.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'INVOKE v1': 1, 'INVOKE v3': 2 },
  },
  {
    file: '0.13.2/block/sepolia_integration_35748.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'DECLARE v2': 2 },
  },
  {
    file: '0.13.4/block/sepolia_integration_63881.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'INVOKE v1': 3, 'INVOKE v3': 1 },
  },
  {
    file: '0.14.0/preconfirmed_block/sepolia_integration_955821.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'INVOKE v3': 9 },
  },
  {
    file: '0.14.1/state_update/sepolia_integration_3077642.json',
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kinds: { 'INVOKE v3': 201 },
  },
];

export const MAINNET_GENESIS: FixtureBlock = {
  file: 'pre_0.7.0/block/mainnet_genesis.json',
  chainId: 'SN_MAIN',
  kinds: { 'DEPLOY v0': 5, 'INVOKE v0': 13 },
};

/** Pedersen-heavy (mostly pre-v3 transactions): import-tx-hashes-mainnet.test.ts checks them. */
export const MAINNET: FixtureBlock[] = [
  {
    file: '0.11.1/block/mainnet_65000.json',
    chainId: 'SN_MAIN',
    kinds: { 'INVOKE v1': 223, 'DEPLOY_ACCOUNT v1': 9, 'L1_HANDLER v0': 4 },
  },
  {
    file: '0.9.0/block/mainnet_2800.json',
    chainId: 'SN_MAIN',
    kinds: { 'DEPLOY v0': 128, 'INVOKE v0': 50, 'L1_HANDLER v0': 6 },
  },
  {
    file: '0.8.0/block/mainnet_2500.json',
    chainId: 'SN_MAIN',
    kinds: { 'DEPLOY v0': 202, 'INVOKE v0': 217, 'L1_HANDLER v0': 7 },
  },
  {
    file: '0.7.0/block/mainnet_2240.json',
    chainId: 'SN_MAIN',
    kinds: { 'DEPLOY v0': 132, 'INVOKE v0': 152, 'L1_HANDLER v0': 14 },
  },
];

export function transactionsOf(file: string): Record<string, unknown>[] {
  const doc = JSON.parse(shared(`pathfinder-feeder/${file}`));
  return (doc.block ?? doc).transactions;
}

/** The check's per-kind counts when every transaction matches: what the tests expect. */
export function allMatch(kinds: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(kinds).map(([k, n]) => [k, { match: n, mismatch: 0, unrecomputable: 0 }]),
  );
}

export interface BlockHashReport {
  /** Per kind ("INVOKE v1"): how many matched, mismatched, could not be recomputed. */
  counts: Record<string, { match: number; mismatch: number; unrecomputable: number }>;
  /** How many transactions each rule matched ("DEPLOY, legacy": 132). */
  rules: Record<string, number>;
  /** One sentence per transaction that did not match (describeTxHashCheck). */
  problems: string[];
}

/** Re-execution's check (checkTxHash) on every transaction of a list, counted per kind. */
export function checkBlockTxHashes(txs: Tx[], chainId: string): BlockHashReport {
  const out: BlockHashReport = { counts: {}, rules: {}, problems: [] };
  txs.forEach((tx, i) => {
    const h = String(tx.transaction_hash);
    const c = checkTxHash(tx, h, chainId);
    const n = (out.counts[c.kind] ??= { match: 0, mismatch: 0, unrecomputable: 0 });
    n[c.status]++;
    if (c.status === 'match') out.rules[c.rule] = (out.rules[c.rule] ?? 0) + 1;
    else out.problems.push(describeTxHashCheck(c, i, h));
  });
  return out;
}

export function checkFixture(b: FixtureBlock) {
  const txs = transactionsOf(b.file);
  return { txs, report: checkBlockTxHashes(txs, b.chainId) };
}

type Tx = Record<string, unknown>;

/** A kind's first transaction in a fixture block, and the fields its hash covers. */
export interface HashSample {
  file: string;
  chainId: string;
  kind: string;
  fields: string[];
}

/** One transaction of each kind the fixture blocks hold (both v3 bound shapes). */
export const SAMPLES: HashSample[] = [
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
    file: SEPOLIA_INTEGRATION[0].file,
    chainId: 'SN_INTEGRATION_SEPOLIA',
    kind: 'INVOKE v3',
    fields: ['calldata', 'nonce', 'tip', 'resource_bounds.L1_GAS.max_price_per_unit'],
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
  {
    file: MAINNET[0].file,
    chainId: 'SN_MAIN',
    kind: 'DEPLOY_ACCOUNT v1',
    fields: ['class_hash', 'contract_address_salt', 'constructor_calldata', 'nonce'],
  },
  {
    file: MAINNET[0].file,
    chainId: 'SN_MAIN',
    kind: 'L1_HANDLER v0',
    fields: ['calldata', 'nonce', 'entry_point_selector'],
  },
];

function kindOf(t: Tx): string {
  return `${t.type === 'INVOKE_FUNCTION' ? 'INVOKE' : t.type} v${BigInt(String(t.version ?? 0))}`;
}

/** The sample's transaction and its index in its block. */
export function sample(s: Pick<HashSample, 'file' | 'kind'>): { tx: Tx; index: number } {
  const txs = transactionsOf(s.file);
  const index = txs.findIndex((t) => kindOf(t) === s.kind);
  return { tx: txs[index], index };
}

/** `tx` with one felt of `path` changed: the first element of a list, a value + 1, a DA mode flipped. */
export function mutate(tx: Tx, path: string): Tx {
  const out = structuredClone(tx);
  const keys = path.split('.');
  let o = out;
  for (const k of keys.slice(0, -1)) o = o[k] as Tx;
  const last = keys[keys.length - 1];
  const bump = (v: unknown) => '0x' + (BigInt(String(v)) + 1n).toString(16);
  const v = o[last];
  if (Array.isArray(v)) v[0] = bump(v[0]);
  else if (typeof v === 'number') o[last] = 1 - v;
  else o[last] = bump(v);
  return out;
}

/** A chain id name as the felt hex the import reports. */
export const hexOf = (name: string) => '0x' + shortStringFelt(name).toString(16);

/** An imported fixture block's hash check: every transaction verified, on its chain. */
export function expectAllChecked(b: ImportedBlock, fx: FixtureBlock): TxHashCheck {
  const c = b.hashCheck!;
  const n = Object.values(fx.kinds).reduce((a, k) => a + k, 0);
  expect(c).toMatchObject({
    chainId: hexOf(fx.chainId),
    chainIdSource: 'detected',
    checked: n,
    notChecked: [],
  });
  expect(Object.values(c.rules).reduce((a, k) => a + k, 0)).toBe(n);
  expect(b.transactions).toHaveLength(n);
  expect(summarizeHashCheck(c)).toEqual({
    status: 'verified',
    text: `transaction hashes: ${n} of ${n} verified on ${fx.chainId} (detected)`,
  });
  return c;
}
