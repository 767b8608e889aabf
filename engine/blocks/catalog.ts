/**
 * The catalog of built-in blocks: one id per preset, shared by the UI (block-source panel,
 * shareable URLs `?preset=<id>`) and the CLI (`--preset <id>`). Each entry documents its
 * parameters so both front ends can render controls and validate input the same way.
 */
import type { BlockExecutor, CostModel } from '../stm/types';
import type { BlockCapacity } from '../stm/bouncer';
import { ZERO_OVERHEAD_COST_MODEL } from '../stm/types';
import {
  abcPreset,
  figure1Preset,
  ammSwaps,
  mixedBlock,
  nftMints,
  p2pTransfers,
} from './workloads';
import { ammCairoBlock, erc20CairoBlock } from '../starknet/demo/presets';

export interface PresetParam {
  name: string;
  label: string;
  min: number;
  max: number;
  step?: number;
  default: number;
  help: string;
}

export interface PresetInfo {
  id: string;
  title: string;
  description: string;
  /** Suggested number of cores for the story the preset tells. */
  defaultCores: number;
  /** Teaching presets use a zero-overhead cost model so durations are the story's units. */
  costModel?: Partial<CostModel>;
  params: PresetParam[];
  /** A block capacity the preset's story uses (the bouncer; the UI sets it when loading). */
  blockCapacity?: BlockCapacity;
  build(params?: Record<string, number>): BlockExecutor;
}

const SIZE: PresetParam = {
  name: 'n',
  label: 'Transactions',
  min: 1,
  max: 10_000,
  default: 200,
  help: 'Number of transactions in the block.',
};
const SEED: PresetParam = {
  name: 'seed',
  label: 'Seed',
  min: 1,
  max: 1_000_000,
  default: 1,
  help: 'Random seed: same seed, same block.',
};

function param(params: Record<string, number> | undefined, p: PresetParam): number {
  const v = params?.[p.name];
  if (v === undefined) return p.default;
  if (!Number.isFinite(v) || v < p.min || v > p.max) {
    throw new RangeError(`${p.label} (${p.name}) must be between ${p.min} and ${p.max}, got ${v}`);
  }
  return p.step === undefined || p.step >= 1 ? Math.round(v) : v;
}

function withParams(
  list: PresetParam[],
  params: Record<string, number> | undefined,
): Record<string, number> {
  const known = new Set(list.map((p) => p.name));
  for (const k of Object.keys(params ?? {})) {
    if (!known.has(k))
      throw new RangeError(
        `unknown parameter '${k}' (this preset takes: ${[...known].join(', ') || 'none'})`,
      );
  }
  return Object.fromEntries(list.map((p) => [p.name, param(params, p)]));
}

const ACCOUNTS: PresetParam = {
  name: 'accounts',
  label: 'Accounts',
  min: 2,
  max: 100_000,
  default: 100,
  help: 'Fewer accounts means more transactions touch the same balances: more contention.',
};

const POOLS: PresetParam = {
  name: 'pools',
  label: 'Pools',
  min: 1,
  max: 1000,
  default: 4,
  help: 'More pools, less contention.',
};
const COLLECTIONS: PresetParam = {
  name: 'collections',
  label: 'Collections',
  min: 1,
  max: 100,
  default: 1,
  help: 'Mints spread over this many collections.',
};
const MIXED_ACCOUNTS: PresetParam = { ...ACCOUNTS, default: 50 };
// Real-Cairo presets: every transaction runs on the Cairo VM, and building signs each one.
const CAIRO_SIZE: PresetParam = {
  ...SIZE,
  max: 2_000,
  default: 100,
  help: 'Number of transactions (each is executed on the Cairo VM; signing them at build time is slow, hence at most 2,000).',
};
const CAIRO_ACCOUNTS: PresetParam = { ...ACCOUNTS, max: 1_000, default: 10 };

export const PRESETS: PresetInfo[] = [
  {
    id: 'seed-abc',
    title: 'Roadmap example: A, B, C',
    description:
      'A swaps USDC for ETH, B pays ETH for an NFT, C swaps USDT for BTC. B reads the ETH balance that A writes, C is independent: 3 units of work finish in 2 on two cores.',
    defaultCores: 2,
    costModel: ZERO_OVERHEAD_COST_MODEL,
    params: [],
    build: (p) => (withParams([], p), abcPreset()),
  },
  {
    id: 'seed-figure1',
    title: 'Roadmap figure: 9 transactions, 5 cores',
    description:
      'Nine transactions in three columns. Txs 1–5 start together, tx 4 finishes before tx 1 and so read stale state: it is re-executed, and only what depended on tx 4 is redone.',
    defaultCores: 5,
    costModel: ZERO_OVERHEAD_COST_MODEL,
    params: [],
    build: (p) => (withParams([], p), figure1Preset()),
  },
  {
    id: 'seed-bouncer',
    title: 'Block full: the bouncer stops at tx 7',
    description:
      'The roadmap figure’s nine transactions with a block capacity of 6 transactions (n_txs=6). With the Blockifier variant the commit of tx 7 finds no room: the scheduler halts, txs 7–9 are not in the block and their executions are thrown away. Other variants run all nine and are cut afterwards; sequential stops after executing tx 7.',
    defaultCores: 5,
    costModel: ZERO_OVERHEAD_COST_MODEL,
    blockCapacity: { n_txs: 6 },
    params: [],
    build: (p) => (withParams([], p), figure1Preset()),
  },
  {
    id: 'p2p',
    title: 'Peer-to-peer transfers',
    description:
      'Token transfers between random accounts, as in the Block-STM paper. The account count sets the contention.',
    defaultCores: 8,
    params: [SIZE, ACCOUNTS, SEED],
    build: (p) => {
      const v = withParams([SIZE, ACCOUNTS, SEED], p);
      return p2pTransfers({ n: v.n, accounts: v.accounts, seed: v.seed });
    },
  },
  {
    id: 'amm',
    title: 'AMM swaps',
    description:
      'Traders swap on a few pools: every swap on a pool reads and writes both of its reserves.',
    defaultCores: 8,
    params: [SIZE, POOLS, SEED],
    build: (p) => {
      const v = withParams([SIZE, POOLS, SEED], p);
      return ammSwaps({ n: v.n, pools: v.pools, traders: Math.max(2, v.n), seed: v.seed });
    },
  },
  {
    id: 'nft',
    title: 'NFT mint rush',
    description:
      'Everyone mints from the same collection: each mint reads and bumps the shared counter, a chain of dependencies.',
    defaultCores: 8,
    params: [SIZE, COLLECTIONS, SEED],
    build: (p) => {
      const v = withParams([SIZE, COLLECTIONS, SEED], p);
      return nftMints({
        n: v.n,
        collections: v.collections,
        minters: Math.max(2, v.n),
        seed: v.seed,
      });
    },
  },
  {
    id: 'mixed',
    title: 'Mixed block',
    description: 'Transfers, swaps, mints and account calls together, over shared accounts.',
    defaultCores: 8,
    params: [SIZE, MIXED_ACCOUNTS, SEED],
    build: (p) => {
      const v = withParams([SIZE, MIXED_ACCOUNTS, SEED], p);
      return mixedBlock({ n: v.n, accounts: v.accounts, seed: v.seed });
    },
  },
  {
    id: 'erc20-cairo',
    title: 'ERC20 transfers, executed on the Cairo VM',
    description:
      'Full Starknet account transactions on real Cairo code: nonce check, __validate__ with a Stark ECDSA signature check, __execute__ calling the ERC20 transfer, and the fee transfer. The sequencer’s credit is one balance every transaction adds to: Block-STM applies it inside each transaction (a hotspot that serialises the block), commit-as-you-go applies it at commit as Starknet does — compare the two. Fewer accounts, more conflicts on balances and nonces.',
    defaultCores: 4,
    params: [CAIRO_SIZE, CAIRO_ACCOUNTS, SEED],
    build: (p) => {
      const v = withParams([CAIRO_SIZE, CAIRO_ACCOUNTS, SEED], p);
      return erc20CairoBlock({ n: v.n, accounts: v.accounts, seed: v.seed });
    },
  },
  {
    id: 'amm-cairo',
    title: 'AMM swaps, executed on the Cairo VM',
    description:
      "Swaps on one constant-product pool, run by the pool's Cairo code as direct calls (no account, signature or fee, so it builds instantly). Every swap reads and writes both reserves: a dependency chain.",
    defaultCores: 4,
    params: [CAIRO_SIZE, CAIRO_ACCOUNTS, SEED],
    build: (p) => {
      const v = withParams([CAIRO_SIZE, CAIRO_ACCOUNTS, SEED], p);
      return ammCairoBlock({ n: v.n, accounts: v.accounts, seed: v.seed });
    },
  },
];

export function findPreset(id: string): PresetInfo {
  const p = PRESETS.find((x) => x.id === id);
  if (!p)
    throw new RangeError(`unknown preset '${id}' (known: ${PRESETS.map((x) => x.id).join(', ')})`);
  return p;
}
