/**
 * Seeded, reproducible workload generators for experiments.
 */
import { nonceCell, type CellKey } from '../../types';
import {
  balanceCell,
  counterCell,
  reserveCell,
  SyntheticBlock,
  type SyntheticBlockSpec,
  type SyntheticTx,
} from './synthetic';
import { mulberry32 } from '../../random';

/** Seeded PRNG (engine/random.ts); returns floats in [0, 1). */
export const rng = mulberry32;

export const ACCOUNT_BASE = 0x1000n;
export const account = (i: number): bigint => ACCOUNT_BASE + BigInt(i);
export const TOKEN_A = 0xa000n;
export const POOL_BASE = 0xb000n;
export const COLLECTION_BASE = 0xc000n;
export const SEQUENCER = 0x5e0n;

export interface CommonOptions {
  n: number;
  seed: number;
  /** Every transaction pays this fee (in TOKEN_A) to SEQUENCER. */
  fee?: bigint;
}

function withFee(spec: SyntheticBlockSpec, fee: bigint | undefined): SyntheticBlockSpec {
  if (fee !== undefined && fee > 0n)
    spec.fee = { token: TOKEN_A, sequencer: SEQUENCER, amount: fee };
  return spec;
}

function fund(
  pre: Map<CellKey, bigint>,
  names: Map<CellKey, string>,
  accounts: number,
  tokens: bigint[],
  amount: bigint,
): void {
  for (let i = 0; i < accounts; i++) {
    for (const t of tokens) {
      pre.set(balanceCell(t, account(i)), amount);
      names.set(balanceCell(t, account(i)), `token ${t.toString(16)} balance of account ${i}`);
    }
    names.set(nonceCell(account(i)), `nonce of account ${i}`);
  }
}

/**
 * Peer-to-peer transfers among `accounts` accounts (the Block-STM paper's benchmark): each
 * transaction moves a small amount from a random sender to a different random receiver.
 */
export function p2pTransfers(opts: CommonOptions & { accounts: number }): SyntheticBlock {
  const r = rng(opts.seed);
  const a = Math.max(1, opts.accounts);
  const pre = new Map<CellKey, bigint>();
  const names = new Map<CellKey, string>();
  fund(pre, names, a, [TOKEN_A], 1_000_000_000n);
  const txs: SyntheticTx[] = [];
  for (let i = 0; i < opts.n; i++) {
    const from = Math.floor(r() * a);
    let to = Math.floor(r() * a);
    if (a > 1 && to === from) to = (to + 1 + Math.floor(r() * (a - 1))) % a;
    txs.push({
      kind: 'transfer',
      sender: account(from),
      token: TOKEN_A,
      to: account(to),
      amount: 1n + BigInt(Math.floor(r() * 100)),
    });
  }
  return new SyntheticBlock(withFee({ txs, preState: pre, names }, opts.fee));
}

/** AMM swaps by `traders` traders on `pools` pools (pool p trades TOKEN_A against token p+1). */
export function ammSwaps(opts: CommonOptions & { pools: number; traders: number }): SyntheticBlock {
  const r = rng(opts.seed);
  const pre = new Map<CellKey, bigint>();
  const names = new Map<CellKey, string>();
  const tokens = [
    TOKEN_A,
    ...Array.from({ length: opts.pools }, (_, p) => TOKEN_A + 1n + BigInt(p)),
  ];
  fund(pre, names, opts.traders, tokens, 1_000_000n);
  for (let p = 0; p < opts.pools; p++) {
    const pool = POOL_BASE + BigInt(p);
    for (const t of [TOKEN_A, tokens[p + 1]]) {
      pre.set(reserveCell(pool, t), 1_000_000_000n);
      names.set(reserveCell(pool, t), `pool ${p} reserve of token ${t.toString(16)}`);
    }
  }
  const txs: SyntheticTx[] = [];
  for (let i = 0; i < opts.n; i++) {
    const p = Math.floor(r() * opts.pools);
    const dir = r() < 0.5;
    const other = tokens[p + 1];
    txs.push({
      kind: 'swap',
      sender: account(Math.floor(r() * opts.traders)),
      pool: POOL_BASE + BigInt(p),
      tokenIn: dir ? TOKEN_A : other,
      tokenOut: dir ? other : TOKEN_A,
      amountIn: 1n + BigInt(Math.floor(r() * 10_000)),
    });
  }
  return new SyntheticBlock(withFee({ txs, preState: pre, names }, opts.fee));
}

/** NFT mints on `collections` collections (a shared counter each), paid in TOKEN_A. */
export function nftMints(
  opts: CommonOptions & { collections: number; minters: number; price?: bigint },
): SyntheticBlock {
  const r = rng(opts.seed);
  const pre = new Map<CellKey, bigint>();
  const names = new Map<CellKey, string>();
  fund(pre, names, opts.minters, [TOKEN_A], 1_000_000n);
  for (let c = 0; c < opts.collections; c++)
    names.set(counterCell(COLLECTION_BASE + BigInt(c)), `collection ${c} next id`);
  const txs: SyntheticTx[] = [];
  for (let i = 0; i < opts.n; i++) {
    const c = COLLECTION_BASE + BigInt(Math.floor(r() * opts.collections));
    txs.push({
      kind: 'mint',
      sender: account(Math.floor(r() * opts.minters)),
      collection: c,
      payToken: TOKEN_A,
      price: opts.price ?? 100n,
    });
  }
  return new SyntheticBlock(withFee({ txs, preState: pre, names }, opts.fee));
}

/**
 * A mixed block: transfers, swaps, mints and nonce bumps in the given proportions, over shared
 * accounts. Random costs (`randomCosts`) give heterogeneous durations for tests.
 */
export function mixedBlock(
  opts: CommonOptions & {
    accounts: number;
    pools?: number;
    collections?: number;
    mix?: Mix;
    /** Low initial balances make some transactions revert. */
    initialBalance?: bigint;
    randomCosts?: boolean;
  },
): SyntheticBlock {
  const r = rng(opts.seed);
  const pools = Math.max(1, opts.pools ?? 2);
  const cols = Math.max(1, opts.collections ?? 1);
  const mix = opts.mix ?? { transfer: 0.5, swap: 0.25, mint: 0.15, nonce: 0.1 };
  const a = Math.max(1, opts.accounts);
  const pre = new Map<CellKey, bigint>();
  const names = new Map<CellKey, string>();
  const tokens = [TOKEN_A, ...Array.from({ length: pools }, (_, p) => TOKEN_A + 1n + BigInt(p))];
  fund(pre, names, a, tokens, opts.initialBalance ?? 1_000_000n);
  for (let p = 0; p < pools; p++) {
    const pool = POOL_BASE + BigInt(p);
    pre.set(reserveCell(pool, TOKEN_A), 1_000_000n);
    pre.set(reserveCell(pool, tokens[p + 1]), 1_000_000n);
  }
  const txs: SyntheticTx[] = [];
  const costs: number[] = [];
  for (let i = 0; i < opts.n; i++) {
    txs.push(mixedTx(r, mix, a, tokens, cols));
    costs.push(1 + Math.floor(r() * 20));
  }
  const spec: SyntheticBlockSpec = { txs, preState: pre, names };
  if (opts.randomCosts) spec.costs = costs;
  return new SyntheticBlock(withFee(spec, opts.fee));
}

type Mix = { transfer: number; swap: number; mint: number; nonce: number };

/**
 * One random transaction of a mixed block: its kind by `mix`'s weights, then its sender, then its
 * own fields (in this order of draws from `r`, which fixes the block a seed gives). `tokens` is
 * TOKEN_A and each pool's other token.
 */
function mixedTx(
  r: () => number,
  mix: Mix,
  accounts: number,
  tokens: bigint[],
  collections: number,
): SyntheticTx {
  const x = r() * (mix.transfer + mix.swap + mix.mint + mix.nonce);
  const sender = account(Math.floor(r() * accounts));
  if (x < mix.transfer) {
    const token = tokens[Math.floor(r() * tokens.length)];
    const to = account(Math.floor(r() * accounts));
    return { kind: 'transfer', sender, token, to, amount: BigInt(Math.floor(r() * 1000)) };
  }
  if (x < mix.transfer + mix.swap) {
    const p = Math.floor(r() * (tokens.length - 1));
    const dir = r() < 0.5;
    return {
      kind: 'swap',
      sender,
      pool: POOL_BASE + BigInt(p),
      tokenIn: dir ? TOKEN_A : tokens[p + 1],
      tokenOut: dir ? tokens[p + 1] : TOKEN_A,
      amountIn: BigInt(1 + Math.floor(r() * 5000)),
    };
  }
  if (x < mix.transfer + mix.swap + mix.mint)
    return {
      kind: 'mint',
      sender,
      collection: COLLECTION_BASE + BigInt(Math.floor(r() * collections)),
      payToken: TOKEN_A,
      price: BigInt(Math.floor(r() * 500)),
    };
  return { kind: 'nonce', sender };
}
