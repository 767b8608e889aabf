/**
 * The block presets the explorer offers, by URL id. Shared by the engine worker and the tests
 * (which rebuild the same block in Node and compare the engine's numbers with the page's).
 */
import type { BlockExecutor, CostModel } from '../engine/stm/types';
import { DEFAULT_COST_MODEL, ZERO_OVERHEAD_COST_MODEL } from '../engine/stm/types';
import {
  abcPreset,
  ammSwaps,
  figure1Preset,
  mixedBlock,
  nftMints,
  p2pTransfers,
} from '../engine/blocks/workloads';

export type PresetId = 'seed-abc' | 'seed-figure1' | 'p2p' | 'amm' | 'nft' | 'mixed';

export interface PresetParams {
  /** Number of transactions (generated presets only). */
  n: number;
  /** 0 (no contention) … 1 (every transaction touches the same account / pool / collection). */
  contention: number;
  seed: number;
}

export interface PresetInfo {
  id: PresetId;
  title: string;
  description: string;
  /** The seed's hand-made examples have fixed transactions and unit costs. */
  teaching: boolean;
  generated: boolean;
  defaultCores: number;
  defaultN: number;
  costModel: CostModel;
}

export const PRESETS: PresetInfo[] = [
  {
    id: 'seed-abc',
    title: 'A / B / C (the seed example)',
    description:
      'Alice swaps USDC→ETH (A), then pays ETH for an NFT (B); Bob swaps USDT→BTC (C). B depends on A, C on nothing.',
    teaching: true,
    generated: false,
    defaultCores: 2,
    defaultN: 3,
    costModel: ZERO_OVERHEAD_COST_MODEL,
  },
  {
    id: 'seed-figure1',
    title: '9 transactions on 5 cores (the seed figure)',
    description:
      'Nine transfers in three dependency columns. tx4 finishes before tx1 and must be re-executed.',
    teaching: true,
    generated: false,
    defaultCores: 5,
    defaultN: 9,
    costModel: ZERO_OVERHEAD_COST_MODEL,
  },
  {
    id: 'p2p',
    title: 'Peer-to-peer transfers',
    description: 'Random transfers among accounts; contention shrinks the number of accounts.',
    teaching: false,
    generated: true,
    defaultCores: 8,
    defaultN: 200,
    costModel: DEFAULT_COST_MODEL,
  },
  {
    id: 'amm',
    title: 'AMM swaps',
    description: 'Swaps on a few pools; every swap on a pool reads and writes its reserves.',
    teaching: false,
    generated: true,
    defaultCores: 8,
    defaultN: 200,
    costModel: DEFAULT_COST_MODEL,
  },
  {
    id: 'nft',
    title: 'NFT mint rush',
    description: 'Everyone mints from the same collections: a shared "next id" counter.',
    teaching: false,
    generated: true,
    defaultCores: 8,
    defaultN: 200,
    costModel: DEFAULT_COST_MODEL,
  },
  {
    id: 'mixed',
    title: 'Mixed block',
    description: 'Transfers, swaps, mints and nonce bumps over shared accounts.',
    teaching: false,
    generated: true,
    defaultCores: 8,
    defaultN: 200,
    costModel: DEFAULT_COST_MODEL,
  },
];

export const PRESET_IDS = PRESETS.map((p) => p.id);

export function presetInfo(id: string): PresetInfo | undefined {
  return PRESETS.find((p) => p.id === id);
}

export const DEFAULT_PRESET_PARAMS: PresetParams = { n: 200, contention: 0.3, seed: 1 };

/** Maps the 0…1 contention slider onto a pool size: 0 → many distinct accounts, 1 → one. */
export function contentionToPool(n: number, contention: number, min = 1): number {
  const c = Math.min(1, Math.max(0, contention));
  const max = Math.max(min, n * 2);
  return Math.max(min, Math.round(max * Math.pow(min / max, c)));
}

/** Builds the executor of a preset (pure, deterministic in its parameters). */
export function buildPreset(id: PresetId, params: PresetParams): BlockExecutor {
  const n = Math.max(1, Math.round(params.n));
  const seed = params.seed;
  switch (id) {
    case 'seed-abc':
      return abcPreset();
    case 'seed-figure1':
      return figure1Preset();
    case 'p2p':
      return p2pTransfers({ n, seed, accounts: contentionToPool(n, params.contention, 2) });
    case 'amm':
      return ammSwaps({
        n,
        seed,
        pools: contentionToPool(Math.ceil(n / 8), params.contention, 1),
        traders: Math.max(2, n),
      });
    case 'nft':
      return nftMints({
        n,
        seed,
        collections: contentionToPool(Math.ceil(n / 4), params.contention, 1),
        minters: Math.max(2, n),
      });
    case 'mixed':
      return mixedBlock({ n, seed, accounts: contentionToPool(n, params.contention, 2) });
  }
}
