/**
 * Teaching presets with human-readable names.
 *
 * ABC: A = Alice swaps USDC→ETH, B = Alice pays ETH for an NFT (reads the ETH balance A wrote:
 * B depends on A), C = Bob swaps USDT→BTC (independent). Unit costs: sequential = 3 units; with
 * 2+ cores the makespan is 2 (A ∥ C, then B).
 *
 * FIGURE 1: 9 transfers (labels tx1…tx9) whose dependency graph has three columns
 *   column 1: tx1 tx2 tx3 tx5   column 2: tx4 (←tx1) tx6 (←tx2) tx7 (←tx3)   column 3: tx8 (←tx4) tx9 (←tx6, tx7)
 * and costs chosen so that on 5 cores txs 1–5 start together and finish in the order 2,3,4,1,5;
 * tx4 runs before tx1 has written, so the dependency 1→4 is found only when tx1 finishes: tx4 is
 * re-executed, and selective re-execution re-runs only what read from tx4 (tx8) — not tx5.
 */
import { nonceCell, type CellKey } from '../../types';
import {
  balanceCell,
  counterCell,
  ownerCell,
  reserveCell,
  SyntheticBlock,
  type SyntheticTx,
} from './synthetic';

export const TOKENS = { ETH: 0xe7en, USDC: 0x05dcn, USDT: 0x05d7n, BTC: 0xb7cn } as const;
export const PEOPLE = {
  Alice: 0xa11cen,
  Bob: 0xb0bn,
  Carol: 0xca201n,
  Dave: 0xda7en,
  Erin: 0xe21n,
  Frank: 0xf2a4n,
  Gina: 0x614an,
  Hank: 0x4a4bn,
  Ivan: 0x17a4n,
  Judy: 0x70d1n,
  Ken: 0x4e4n,
  Leo: 0x1e0n,
} as const;
export const POOLS = { 'ETH/USDC': 0x9001n, 'USDT/BTC': 0x9002n } as const;
export const NFT_COLLECTION = 0x9f7n;
export const NFT_TREASURY = 0x7ea5n;

function nameCells(): Map<CellKey, string> {
  const names = new Map<CellKey, string>();
  for (const [p, a] of Object.entries(PEOPLE)) {
    names.set(nonceCell(a), `nonce of ${p}`);
    for (const [t, addr] of Object.entries(TOKENS))
      names.set(balanceCell(addr, a), `${t} balance of ${p}`);
  }
  for (const [pool, addr] of Object.entries(POOLS)) {
    for (const [t, taddr] of Object.entries(TOKENS))
      names.set(reserveCell(addr, taddr), `${t} reserve of the ${pool} pool`);
  }
  names.set(counterCell(NFT_COLLECTION), 'next id of the NFT collection');
  for (let i = 0n; i < 16n; i++) names.set(ownerCell(NFT_COLLECTION, i), `owner of NFT #${i}`);
  for (const [t, addr] of Object.entries(TOKENS))
    names.set(balanceCell(addr, NFT_TREASURY), `${t} balance of the NFT treasury`);
  return names;
}

export function abcPreset(): SyntheticBlock {
  const pre = new Map<CellKey, bigint>([
    [balanceCell(TOKENS.USDC, PEOPLE.Alice), 50_000n],
    [balanceCell(TOKENS.ETH, PEOPLE.Alice), 0n],
    [balanceCell(TOKENS.USDT, PEOPLE.Bob), 10_000n],
    [reserveCell(POOLS['ETH/USDC'], TOKENS.ETH), 1_000n],
    [reserveCell(POOLS['ETH/USDC'], TOKENS.USDC), 3_000_000n],
    [reserveCell(POOLS['USDT/BTC'], TOKENS.USDT), 60_000_000n],
    [reserveCell(POOLS['USDT/BTC'], TOKENS.BTC), 6_000_000n],
  ]);
  const txs: SyntheticTx[] = [
    {
      kind: 'swap',
      sender: PEOPLE.Alice,
      pool: POOLS['ETH/USDC'],
      tokenIn: TOKENS.USDC,
      tokenOut: TOKENS.ETH,
      amountIn: 30_000n,
    },
    {
      kind: 'mint',
      sender: PEOPLE.Alice,
      collection: NFT_COLLECTION,
      payToken: TOKENS.ETH,
      price: 5n,
      treasury: NFT_TREASURY,
    },
    {
      kind: 'swap',
      sender: PEOPLE.Bob,
      pool: POOLS['USDT/BTC'],
      tokenIn: TOKENS.USDT,
      tokenOut: TOKENS.BTC,
      amountIn: 10_000n,
    },
  ];
  return new SyntheticBlock({
    txs,
    preState: pre,
    costs: [1, 1, 1],
    labels: ['A: Alice swaps USDC→ETH', 'B: Alice pays ETH for an NFT', 'C: Bob swaps USDT→BTC'],
    names: nameCells(),
  });
}

/** Costs of the figure-1 preset's transactions tx1…tx9 (see the module comment). */
export const FIGURE1_COSTS = [4, 1, 2, 3, 5, 3, 2, 1, 1];

export function figure1Preset(): SyntheticBlock {
  const P = PEOPLE;
  const pairs: [bigint, bigint][] = [
    [P.Alice, P.Bob], // tx1
    [P.Dave, P.Erin], // tx2
    [P.Gina, P.Hank], // tx3
    [P.Bob, P.Carol], // tx4 ← tx1 (Bob's balance)
    [P.Judy, P.Ken], // tx5
    [P.Erin, P.Frank], // tx6 ← tx2 (Erin's balance)
    [P.Hank, P.Ivan], // tx7 ← tx3 (Hank's balance)
    [P.Carol, P.Leo], // tx8 ← tx4 (Carol's balance)
    [P.Frank, P.Ivan], // tx9 ← tx6 (Frank), tx7 (Ivan)
  ];
  const pre = new Map<CellKey, bigint>();
  for (const a of Object.values(P)) pre.set(balanceCell(TOKENS.USDC, a), 100n);
  const txs: SyntheticTx[] = pairs.map(([from, to]) => ({
    kind: 'transfer',
    sender: from,
    token: TOKENS.USDC,
    to,
    amount: 10n,
  }));
  const who = (a: bigint): string => Object.entries(P).find(([, v]) => v === a)![0];
  return new SyntheticBlock({
    txs,
    preState: pre,
    costs: FIGURE1_COSTS.slice(),
    labels: pairs.map(([f, t], i) => `tx${i + 1}: ${who(f)} pays ${who(t)} 10 USDC`),
    names: nameCells(),
  });
}
