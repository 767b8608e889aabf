/**
 * Serializable block descriptions for real parallel runs (engine/stm/parallel): what the host
 * sends to every worker so that each one rebuilds the same executor locally (its own VM, its own
 * contract classes). Plain JSON-compatible data (bigints as decimal or 0x strings), so it crosses
 * postMessage and URLs unchanged. `resolveBlock` is the `ResolveBlock` the worker entries inject.
 */
import { findPreset } from '../catalog';
import { ReplayExecutor } from '../replay';
import { ExecutableBlockExecutor, type ExecutableBlock } from '../reexecute/executable';
import type { ImportedBlock } from '../import/model';
import {
  SyntheticBlock,
  type SyntheticBlockSpec,
  type SyntheticFee,
  type SyntheticTx,
} from '../workloads/synthetic';
import type { BlockExecutor, StateView, TxResult } from '../../stm/types';
import type { BlockContext } from '../../stm/parallel/block-source';
import { buildErc20Block } from './starknet-blocks';

export type BlockDesc =
  /** A catalog preset (engine/blocks/catalog.ts), e.g. { kind: 'preset', id: 'p2p', params: { n: 200 } }. */
  | { kind: 'preset'; id: string; params?: Record<string, number> }
  /** Real Cairo: ERC20 `transfer`s on the demo ERC20 contract (engine/starknet), see starknet-blocks.ts. */
  | { kind: 'erc20'; n: number; accounts: number; seed?: number; independent?: boolean }
  /** A synthetic block given as plain data (values as strings). */
  | { kind: 'synthetic'; spec: PlainSyntheticSpec }
  /**
   * An imported real block (engine/blocks/import: plain data), replayed by `ReplayExecutor` with
   * its recorded access sets and costs — the same executor the simulator uses for it.
   */
  | { kind: 'replay'; block: ImportedBlock }
  /**
   * A block re-executed over RPC (engine/blocks/reexecute), with its pre-state and classes: every
   * worker runs its transactions on its own Cairo VM (`ExecutableBlockExecutor`).
   */
  | { kind: 'executable'; block: ExecutableBlock }
  /**
   * Test hook: `base` whose transaction `tx` throws an Error ('throw') or kills its thread
   * ('exit', worker_threads: process.exit) the first time it runs on worker `worker` (any if omitted).
   */
  | { kind: 'faulty'; base: BlockDesc; tx: number; mode: 'throw' | 'exit'; worker?: number };

export interface PlainSyntheticSpec {
  txs: Record<string, string | number>[];
  preState: [string, string][];
  fee?: { token: string; sequencer: string; amount: string };
  txFees?: ({ token: string; sequencer: string; amount: string } | null)[];
}

/** Turn a synthetic executor's spec into plain data (for tests and imported blocks). */
export function syntheticToPlain(spec: SyntheticBlockSpec): PlainSyntheticSpec {
  const str = (o: object) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? '0x' + v.toString(16) : v]),
    );
  return {
    txs: spec.txs.map(str) as Record<string, string | number>[],
    preState: [...spec.preState].map(([k, v]) => [k, '0x' + v.toString(16)]),
    fee: spec.fee && (str(spec.fee) as PlainSyntheticSpec['fee']),
    ...(spec.txFees
      ? { txFees: spec.txFees.map((f) => f && (str(f) as NonNullable<PlainSyntheticSpec['fee']>)) }
      : {}),
  };
}

function plainToSynthetic(p: PlainSyntheticSpec): SyntheticBlockSpec {
  const big = (o: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'kind' ? v : BigInt(v)]));
  return {
    txs: p.txs.map(big) as unknown as SyntheticTx[],
    preState: new Map(p.preState.map(([k, v]) => [k, BigInt(v)])),
    fee: p.fee && bigFee(p.fee),
    ...(p.txFees ? { txFees: p.txFees.map((f) => f && bigFee(f)) } : {}),
  };
}

function bigFee(f: NonNullable<PlainSyntheticSpec['fee']>): SyntheticFee {
  return { token: BigInt(f.token), sequencer: BigInt(f.sequencer), amount: BigInt(f.amount) };
}

/**
 * The executor of a description (a `ResolveBlock<BlockDesc>`): every worker calls it on the
 * description the host posted; `ctx.worker` is -1 on the host and for private warm-up copies.
 */
export function resolveBlock(desc: BlockDesc, ctx: BlockContext): BlockExecutor {
  switch (desc.kind) {
    case 'preset':
      return findPreset(desc.id).build(desc.params);
    case 'synthetic':
      return new SyntheticBlock(plainToSynthetic(desc.spec));
    case 'erc20':
      return buildErc20Block(desc);
    case 'replay':
      return new ReplayExecutor(desc.block);
    case 'executable':
      return new ExecutableBlockExecutor(desc.block);
    case 'faulty': {
      const base = resolveBlock(desc.base, ctx);
      if (desc.worker !== undefined && desc.worker !== ctx.worker) return base;
      return new FaultyExecutor(base, desc.tx, desc.mode, ctx);
    }
  }
}

/** Transaction count of a description, cheaply where possible (real-Cairo blocks are not built). */
export function blockSize(desc: BlockDesc): number {
  if (desc.kind === 'erc20') return desc.n;
  if (desc.kind === 'replay') return desc.block.transactions.length;
  if (desc.kind === 'executable') return desc.block.txs.length;
  if (desc.kind === 'faulty') return blockSize(desc.base);
  return resolveBlock(desc, { worker: -1 }).size;
}

export class FaultyExecutor implements BlockExecutor {
  readonly size: number;
  constructor(
    private readonly base: BlockExecutor,
    private readonly badTx: number,
    private readonly mode: 'throw' | 'exit',
    private readonly ctx: BlockContext,
  ) {
    this.size = base.size;
  }
  preState(cell: string): bigint {
    return this.base.preState(cell);
  }
  execute(tx: number, view: StateView): TxResult {
    if (tx === this.badTx && this.ctx.worker >= 0) {
      if (this.mode === 'exit' && this.ctx.exit) this.ctx.exit();
      throw new Error(`injected fault in transaction ${tx}`);
    }
    return this.base.execute(tx, view);
  }
}

/** Human-readable label of a description (UI, bench names). */
export function describeBlock(desc: BlockDesc): string {
  switch (desc.kind) {
    case 'preset':
      return `${desc.id}${desc.params ? ' ' + JSON.stringify(desc.params) : ''}`;
    case 'erc20':
      return `erc20 ×${desc.n} over ${desc.accounts} accounts (real Cairo)`;
    case 'synthetic':
      return `synthetic ×${desc.spec.txs.length}`;
    case 'replay':
      return `imported block${desc.block.number !== undefined ? ' ' + desc.block.number : ''} ×${desc.block.transactions.length}`;
    case 'executable':
      return `re-executed block${desc.block.number !== undefined ? ' ' + desc.block.number : ''} ×${desc.block.txs.length} (real Cairo)`;
    case 'faulty':
      return `faulty(${describeBlock(desc.base)})`;
  }
}
