/**
 * Real-Cairo presets for engine/blocks/catalog.ts: seeded demo blocks executed by engine/starknet
 * on the Cairo VM (engine/vm).
 *
 *  - `erc20CairoBlock`: full account transactions (`mode: 'account'`): each is a signed invoke —
 *    nonce check, `__validate__` (Stark ECDSA through the ecdsa builtin), `__execute__` calling
 *    ERC20 `transfer`, deferred fee transfer. Signing happens at build time (@scure/starknet,
 *    ~2–3 ms per transaction on this machine), hence the n ≤ 2,000 cap in the catalog.
 *  - `ammCairoBlock`: swaps on the demo AMM pool as direct calls (`mode: 'direct'`: no account,
 *    signature, nonce or fee). Chosen for speed — building is instant and each swap runs only the
 *    AMM's Cairo code; every swap reads and writes both reserves, so the block is a chain.
 */
import type { StarknetBlockExecutor } from '../transactions';
import { type DemoTxSpec, buildDemoBlock } from './block';
import { mulberry32 } from '../../random';

export interface CairoPresetSpec {
  n: number;
  accounts: number;
  seed: number;
}

/** n ERC20 transfers among `accounts` demo accounts, as signed account transactions. */
export function erc20CairoBlock(spec: CairoPresetSpec): StarknetBlockExecutor {
  const rand = mulberry32(spec.seed);
  const accounts = Math.max(2, spec.accounts);
  const txs: DemoTxSpec[] = [];
  for (let i = 0; i < spec.n; i++) {
    const from = Math.floor(rand() * accounts);
    const to = (from + 1 + Math.floor(rand() * (accounts - 1))) % accounts;
    txs.push({ type: 'transfer', from, to, amount: 1 + Math.floor(rand() * 1000) });
  }
  return buildDemoBlock({ txs, accounts, mode: 'account' }).executor;
}

/** n swaps on the demo AMM pool by `accounts` traders, as direct calls. */
export function ammCairoBlock(spec: CairoPresetSpec): StarknetBlockExecutor {
  const rand = mulberry32(spec.seed);
  const accounts = Math.max(2, spec.accounts);
  const txs: DemoTxSpec[] = [];
  for (let i = 0; i < spec.n; i++)
    txs.push({
      type: 'swap',
      from: Math.floor(rand() * accounts),
      aToB: rand() < 0.5,
      amount: 1 + Math.floor(rand() * 500),
    });
  return buildDemoBlock({
    txs,
    accounts,
    mode: 'direct',
    reserves: [1_000_000_000n, 1_000_000_000n],
  }).executor;
}
