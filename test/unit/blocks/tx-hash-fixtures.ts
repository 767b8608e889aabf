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
import { checkBlockTxHashes } from '../../../engine/blocks/reexecute';
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

/** Pedersen-heavy (mostly pre-v3 transactions): split over two test files to run in parallel. */
export const MAINNET_A: FixtureBlock[] = [
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
];
export const MAINNET_B: FixtureBlock[] = [
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

export function checkFixture(b: FixtureBlock) {
  const txs = transactionsOf(b.file);
  return { txs, report: checkBlockTxHashes(txs, b.chainId) };
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
