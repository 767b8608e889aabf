/**
 * A synthetic but real-semantics transaction model, implementing the BlockExecutor interface
 * that engine/starknet will later implement with real Cairo execution.
 *
 * State layout (synthetic, documented so names can be shown):
 *   balance of `owner` in ERC-20 `token`     storageCell(token, owner)
 *   nonce of account `a`                     nonceCell(a)
 *   reserve of `token` in AMM pool `pool`    storageCell(pool, token)
 *   next id of NFT collection `c`            storageCell(c, 0)
 *   owner of NFT `id` of collection `c`      storageCell(c, OWNER_BASE + id)
 *
 * Cost model of the synthetic VM (deterministic in the values read):
 *   cost = STEPS[kind] (halved when the transaction reverts) + READ_COST × storage reads
 *          + WRITE_COST × cells written, unless the block gives explicit per-tx costs.
 *
 * Timing of the accesses (StateView.at / TxResult.writeOffsets, in the same units), only with the
 * cost model above and for a view that has `at`: a clock starts at 0 with the nonce read (the account's nonce check comes
 * first), then a quarter of STEPS[kind] passes (signature check), then each storage read takes
 * READ_COST and the first write of each cell WRITE_COST, in program order; the rest of the steps
 * follow the last access. A cell's write offset is the clock at its last write. With explicit
 * costs (teaching presets, random test costs) no offsets are given: reads at the start, writes
 * at the end, which is what those presets' stories are told with.
 *
 * Cells are numbered (BlockExecutor.cellKey): each transaction's fixed cells are looked up once,
 * on its first execution, and kept as numbers; a view with `readId`/`writeId` (Block-STM's
 * simulator) gets those numbers, any other view the key strings. Both paths make the same
 * accesses in the same order.
 */
import { nonceCell, storageCell, type CellKey } from '../../types';
import type { BlockExecutor, StateView, TxResult } from '../../stm/types';

export const OWNER_BASE = 1n << 32n;
export const STEPS = {
  transfer: 600,
  swap: 2000,
  mint: 900,
  nonce: 200,
  blind: 300,
  copy: 500,
} as const;
export const READ_COST = 100;
export const WRITE_COST = 100;

export type SyntheticTx =
  /** ERC-20 transfer; reverts (only the nonce moves) if the sender's balance is insufficient. */
  | { kind: 'transfer'; sender: bigint; token: bigint; to: bigint; amount: bigint }
  /** Constant-product swap (0.3% fee) of `amountIn` of tokenIn for tokenOut in `pool`. */
  | {
      kind: 'swap';
      sender: bigint;
      pool: bigint;
      tokenIn: bigint;
      tokenOut: bigint;
      amountIn: bigint;
    }
  /** Mint the collection's next id to the sender, optionally paying `price` of `payToken` to `treasury`. */
  | {
      kind: 'mint';
      sender: bigint;
      collection: bigint;
      payToken?: bigint;
      price?: bigint;
      treasury?: bigint;
    }
  /** Account nonce increment only (e.g. a no-op transaction). */
  | { kind: 'nonce'; sender: bigint }
  /** Blind write: set `owner`'s balance of `token` to `value` without reading it. */
  | { kind: 'blind'; sender: bigint; token: bigint; owner: bigint; value: bigint }
  /**
   * Dynamic read set: read `pointer`'s balance of `token` (v), then the balance of account
   * `base + v mod span` (which cell depends on the value read), and copy it to the sender's.
   */
  | { kind: 'copy'; sender: bigint; token: bigint; pointer: bigint; base: bigint; span: bigint };

export interface SyntheticFee {
  token: bigint;
  sequencer: bigint;
  amount: bigint;
}

export interface SyntheticBlockSpec {
  txs: SyntheticTx[];
  /** Pre-block state (missing cells are 0). */
  preState: Map<CellKey, bigint>;
  /** Optional fee every transaction pays to the sequencer (deferred to commit in commit-as-you-go). */
  fee?: SyntheticFee;
  /**
   * Optional per-transaction fee overriding `fee` (null: that transaction pays none); lets
   * several independent blocks, each with its own sequencer, run as one (test batches).
   */
  txFees?: (SyntheticFee | null)[];
  /** Optional explicit cost of each transaction (teaching presets use unit costs). */
  costs?: number[];
  labels?: string[];
  names?: Map<CellKey, string>;
}

export const balanceCell = (token: bigint, owner: bigint): CellKey => storageCell(token, owner);
export const reserveCell = (pool: bigint, token: bigint): CellKey => storageCell(pool, token);
export const counterCell = (collection: bigint): CellKey => storageCell(collection, 0n);
export const ownerCell = (collection: bigint, id: bigint): CellKey =>
  storageCell(collection, OWNER_BASE + id);

/** Slots of a transaction's fixed cells (TxCells); -1 where its kind has none. */
const NONCE = 0;
const C1 = 1;
const C2 = 2;
const C3 = 3;
const C4 = 4;
const PAYER = 5;
const SEQUENCER_CELL = 6;
const SLOTS = 7;

const NO_WRITES: readonly (readonly [CellKey, bigint])[] = Object.freeze([]);

/** The view of no execution (between executions). */
const NO_VIEW: StateView = {
  read() {
    throw new Error('SyntheticBlock: no execution in progress');
  },
};

/** A view that offers the numbered fast path (StateView.readId / writeId). */
type NumberedView = StateView & Required<Pick<StateView, 'readId' | 'writeId'>>;

/** The effective fee of transaction `tx` (its own, or the block's), or undefined. */
function feeOf(spec: SyntheticBlockSpec, tx: number): SyntheticFee | null | undefined {
  const over = spec.txFees?.[tx];
  return over === undefined ? spec.fee : over;
}

export class SyntheticBlock implements BlockExecutor {
  readonly size: number;
  /** Cell numbering: number → key, key → number (BlockExecutor.cellKey). */
  private readonly keys: CellKey[] = [];
  private readonly numbers = new Map<CellKey, number>();
  /** Per transaction, its fixed cells' numbers (SLOTS each), filled on its first execution. */
  private readonly txCells: Int32Array;
  private readonly txCellsDone: Uint8Array;
  /** Scratch of the execution in progress (execute is not re-entrant). */
  private readonly run = new SyntheticRun(this);

  constructor(readonly spec: SyntheticBlockSpec) {
    this.size = spec.txs.length;
    this.txCells = new Int32Array(this.size * SLOTS).fill(-1);
    this.txCellsDone = new Uint8Array(this.size);
  }

  preState(cell: CellKey): bigint {
    return this.spec.preState.get(cell) ?? 0n;
  }

  txLabel(tx: number): string {
    return this.spec.labels?.[tx] ?? `${this.spec.txs[tx].kind} #${tx}`;
  }

  cellName(cell: CellKey): string {
    return this.spec.names?.get(cell) ?? cell;
  }

  cellKey(id: number): CellKey {
    return this.keys[id];
  }

  /** The number of `cell`, given on first sight. */
  cellNumber(cell: CellKey): number {
    let n = this.numbers.get(cell);
    if (n === undefined) {
      n = this.keys.length;
      this.keys.push(cell);
      this.numbers.set(cell, n);
    }
    return n;
  }

  /** Offset of transaction `tx`'s fixed cells in txCells (numbered on first use). */
  private cellsOf(tx: number): number {
    const base = tx * SLOTS;
    if (this.txCellsDone[tx] === 1) return base;
    const c = this.txCells;
    const num = (cell: CellKey) => this.cellNumber(cell);
    const t = this.spec.txs[tx];
    c[base + NONCE] = num(nonceCell(t.sender));
    switch (t.kind) {
      case 'transfer':
        c[base + C1] = num(balanceCell(t.token, t.sender));
        c[base + C2] = num(balanceCell(t.token, t.to));
        break;
      case 'swap':
        c[base + C1] = num(balanceCell(t.tokenIn, t.sender));
        c[base + C2] = num(reserveCell(t.pool, t.tokenIn));
        c[base + C3] = num(reserveCell(t.pool, t.tokenOut));
        c[base + C4] = num(balanceCell(t.tokenOut, t.sender));
        break;
      case 'mint':
        if (t.payToken !== undefined) {
          c[base + C1] = num(balanceCell(t.payToken, t.sender));
          c[base + C2] = num(balanceCell(t.payToken, t.treasury ?? t.collection));
        }
        c[base + C3] = num(counterCell(t.collection));
        break;
      case 'blind':
        c[base + C1] = num(balanceCell(t.token, t.owner));
        break;
      case 'copy':
        c[base + C1] = num(balanceCell(t.token, t.pointer));
        c[base + C2] = num(balanceCell(t.token, t.sender));
        break;
    }
    const f = feeOf(this.spec, tx);
    if (f) {
      c[base + PAYER] = num(balanceCell(f.token, t.sender));
      c[base + SEQUENCER_CELL] = num(balanceCell(f.token, f.sequencer));
    }
    this.txCellsDone[tx] = 1;
    return base;
  }

  execute(tx: number, view: StateView): TxResult {
    const r = this.run;
    // Only a view that asks (Block-STM's simulator) gets offsets: real worker threads' views do
    // not.
    const kind = this.spec.txs[tx].kind;
    r.start(view, this.spec.costs === undefined && view.at !== undefined, STEPS[kind]);
    try {
      return this.executeOn(tx, r);
    } finally {
      r.end(); // also after an ESTIMATE: the block keeps no reference to the engine's view
    }
  }

  private executeOn(tx: number, r: SyntheticRun): TxResult {
    const t = this.spec.txs[tx];
    const b = this.cellsOf(tx);
    const c = this.txCells;
    const nc = c[b + NONCE];
    r.set(nc, r.get(nc) + 1n);
    const reverted = this.body(t, b, r);
    let fee: TxResult['fee'];
    const f = feeOf(this.spec, tx);
    if (f) {
      const payer = c[b + PAYER];
      const bal = r.get(payer);
      const charged = bal < f.amount ? bal : f.amount;
      if (charged > 0n) {
        r.set(payer, bal - charged);
        fee = { cell: this.keys[c[b + SEQUENCER_CELL]], amount: charged };
      }
    }
    const steps = reverted ? STEPS[t.kind] >> 1 : STEPS[t.kind];
    const cost = this.spec.costs?.[tx] ?? steps + READ_COST * r.reads + WRITE_COST * r.nw;
    return r.finish(cost, reverted, fee);
  }

  /** The transaction's own logic on its cells (slots from `b`); true if it reverted. */
  private body(t: SyntheticTx, b: number, r: SyntheticRun): boolean {
    const c = this.txCells;
    switch (t.kind) {
      case 'transfer': {
        const bal = r.get(c[b + C1]);
        if (bal < t.amount) return true;
        r.set(c[b + C1], bal - t.amount);
        r.set(c[b + C2], r.get(c[b + C2]) + t.amount);
        return false;
      }
      case 'swap': {
        const bal = r.get(c[b + C1]);
        const rIn = r.get(c[b + C2]);
        const rOut = r.get(c[b + C3]);
        const out =
          rIn + t.amountIn === 0n
            ? 0n
            : (rOut * t.amountIn * 997n) / (rIn * 1000n + t.amountIn * 997n);
        if (bal < t.amountIn || out === 0n || out >= rOut) return true;
        r.set(c[b + C1], bal - t.amountIn);
        r.set(c[b + C2], rIn + t.amountIn);
        r.set(c[b + C3], rOut - out);
        r.set(c[b + C4], r.get(c[b + C4]) + out);
        return false;
      }
      case 'mint': {
        const price = t.price ?? 0n;
        if (price > 0n && t.payToken !== undefined) {
          const bal = r.get(c[b + C1]);
          if (bal < price) return true;
          r.set(c[b + C1], bal - price);
          r.set(c[b + C2], r.get(c[b + C2]) + price);
        }
        const id = r.get(c[b + C3]);
        r.set(c[b + C3], id + 1n);
        r.set(this.cellNumber(ownerCell(t.collection, id)), t.sender);
        return false;
      }
      case 'nonce':
        return false;
      case 'blind':
        r.set(c[b + C1], t.value);
        return false;
      case 'copy': {
        const v = r.get(c[b + C1]);
        const span = t.span > 0n ? t.span : 1n;
        const src = this.cellNumber(balanceCell(t.token, t.base + (v % span)));
        r.set(c[b + C2], r.get(src));
        return false;
      }
    }
  }
}

/**
 * One execution's state: the transaction's own writes (read-your-writes; numbers, in order of
 * first write), its storage-read count and its clock. Reused by every execution of the block.
 */
class SyntheticRun {
  private view: StateView = NO_VIEW;
  private numbered = false;
  private timed = false;
  private steps = 0;
  private now = 0;
  reads = 0;
  /** Writes: cell numbers, values, offsets (timed only), count. */
  nw = 0;
  private readonly wNum: number[] = [];
  private readonly wVal: bigint[] = [];
  private readonly wAt: number[] = [];

  constructor(private readonly block: SyntheticBlock) {}

  end(): void {
    this.view = NO_VIEW;
  }

  start(view: StateView, timed: boolean, steps: number): void {
    this.view = view;
    this.numbered = view.readId !== undefined && view.writeId !== undefined;
    this.timed = timed;
    this.steps = steps;
    this.now = 0;
    this.reads = 0;
    this.nw = 0;
  }

  get(cell: number): bigint {
    for (let i = 0; i < this.nw; i++) if (this.wNum[i] === cell) return this.wVal[i];
    this.reads++;
    if (this.timed) {
      this.view.at?.(this.now);
      this.now += this.reads === 1 ? this.steps >> 2 : 0;
      this.now += READ_COST;
    }
    return this.numbered
      ? (this.view as NumberedView).readId(cell)
      : this.view.read(this.block.cellKey(cell));
  }

  set(cell: number, v: bigint): void {
    let i = 0;
    while (i < this.nw && this.wNum[i] !== cell) i++;
    if (i === this.nw) {
      this.nw++;
      this.wNum[i] = cell;
      if (this.timed) this.now += WRITE_COST;
    }
    this.wVal[i] = v;
    if (this.timed) this.wAt[i] = this.now;
  }

  /** The result: writes handed to the view (numbered) or as a Map of keys. */
  finish(cost: number, reverted: boolean, fee: TxResult['fee']): TxResult {
    if (this.numbered) {
      const view = this.view as NumberedView;
      for (let i = 0; i < this.nw; i++)
        view.writeId(this.wNum[i], this.wVal[i], this.timed ? this.wAt[i] : undefined);
      return { writes: NO_WRITES, cost, reverted, fee };
    }
    const writes = new Map<CellKey, bigint>();
    const offsets = this.timed ? new Map<CellKey, number>() : undefined;
    for (let i = 0; i < this.nw; i++) {
      const key = this.block.cellKey(this.wNum[i]);
      writes.set(key, this.wVal[i]);
      offsets?.set(key, this.wAt[i]);
    }
    return { writes, cost, reverted, fee, writeOffsets: offsets };
  }
}
