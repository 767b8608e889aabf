/**
 * Every SyntheticBlock transaction result, for a before/after diff of changes to
 * engine/blocks/workloads/synthetic.ts: the catalog's synthetic presets at a few seeds and
 * sizes, plus random blocks of every kind (insufficient balances, fees, per-transaction fees,
 * explicit costs) and mixedBlock with every option, each block's spec and each run in order on
 * a view with timing (`at`) and on one without.
 *   node --import tsx scripts/reexec-dump/synthetic.ts > synthetic.jsonl
 */
import { PRESETS } from '../../engine/blocks/catalog';
import {
  SyntheticBlock,
  type SyntheticBlockSpec,
  type SyntheticTx,
  mixedBlock,
  rng,
} from '../../engine/blocks/workloads';
import { type CellKey, storageCell } from '../../engine/types';
import { stable } from './setup-stable';

function runInOrder(b: SyntheticBlock, timed: boolean): unknown[] {
  const state = new Map<CellKey, bigint>();
  const out: unknown[] = [];
  for (let i = 0; i < b.size; i++) {
    const at: number[] = [];
    const read = (c: CellKey) => state.get(c) ?? b.preState(c);
    const view = timed ? { read, at: (o: number) => void at.push(o) } : { read };
    const r = b.execute(i, view);
    for (const [c, v] of r.writes) state.set(c, v);
    if (r.fee) state.set(r.fee.cell, read(r.fee.cell) + r.fee.amount);
    out.push({ i, r, at });
  }
  return out;
}

function randomBlock(seed: number, n: number): SyntheticBlockSpec {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  const big = (k: number) => BigInt(pick(k));
  const acct = () => 0x100n + big(6);
  const token = () => 0xa0n + big(2);
  const txs: SyntheticTx[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(6);
    const sender = acct();
    if (kind === 0)
      txs.push({ kind: 'transfer', sender, token: token(), to: acct(), amount: big(300) });
    else if (kind === 1)
      txs.push({
        kind: 'swap',
        sender,
        pool: 0xb0n,
        tokenIn: 0xa0n,
        tokenOut: 0xa1n,
        amountIn: big(400),
      });
    else if (kind === 2)
      txs.push({
        kind: 'mint',
        sender,
        collection: 0xc0n,
        ...(r() < 0.5
          ? { payToken: token(), price: big(200), ...(r() < 0.5 ? { treasury: acct() } : {}) }
          : {}),
      });
    else if (kind === 3) txs.push({ kind: 'nonce', sender });
    else if (kind === 4)
      txs.push({ kind: 'blind', sender, token: token(), owner: acct(), value: big(999) });
    else
      txs.push({
        kind: 'copy',
        sender,
        token: token(),
        pointer: acct(),
        base: 0x100n,
        span: big(4),
      });
  }
  const preState = new Map<CellKey, bigint>();
  for (let a = 0; a < 6; a++)
    for (const t of [0xa0n, 0xa1n]) preState.set(storageCell(t, 0x100n + BigInt(a)), big(1000));
  preState.set(storageCell(0xb0n, 0xa0n), big(5000));
  preState.set(storageCell(0xb0n, 0xa1n), big(5000));
  const fee = { token: 0xa0n, sequencer: 0x5e0n, amount: big(50) };
  return {
    txs,
    preState,
    ...(seed % 3 !== 0 ? { fee } : {}),
    ...(seed % 4 === 1
      ? { txFees: txs.map((_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? fee : undefined!)) }
      : {}),
    ...(seed % 5 === 2 ? { costs: txs.map((_, i) => 1 + (i % 7)) } : {}),
  };
}

const blocks: [string, SyntheticBlock][] = [];
for (const p of PRESETS)
  for (const seed of [1, 2, 3])
    for (const size of [10, 200]) {
      const names = new Set(p.params.map((x) => x.name));
      const params: Record<string, number> = {};
      if (names.has('seed')) params.seed = seed;
      if (names.has('n')) params.n = size;
      if (p.id.includes('cairo')) continue;
      const b = p.build(params);
      if (b instanceof SyntheticBlock) blocks.push([`${p.id}/${seed}/${size}`, b]);
    }
for (let seed = 0; seed < 40; seed++)
  blocks.push([`random/${seed}`, new SyntheticBlock(randomBlock(seed, 60))]);
for (let seed = 0; seed < 12; seed++)
  blocks.push([
    `mixedBlock/${seed}`,
    mixedBlock({
      n: 80,
      seed,
      accounts: 1 + (seed % 5),
      pools: seed % 3,
      collections: seed % 4,
      ...(seed % 2 ? { fee: 3n, randomCosts: true } : {}),
      ...(seed % 3 === 1 ? { initialBalance: 300n } : {}),
      ...(seed % 4 === 3 ? { mix: { transfer: 1, swap: 2, mint: 3, nonce: 0.5 } } : {}),
    }),
  ]);
let txs = 0;
for (const [name, b] of blocks) process.stdout.write(stable({ name, spec: b.spec }) + '\n');
for (const [name, b] of blocks)
  for (const timed of [true, false]) {
    txs += b.size;
    process.stdout.write(stable({ name, timed, results: runInOrder(b, timed) }) + '\n');
  }
process.stderr.write(`${blocks.length} blocks, ${txs} executions\n`);
