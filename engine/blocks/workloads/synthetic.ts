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

export class SyntheticBlock implements BlockExecutor {
  readonly size: number;
  constructor(readonly spec: SyntheticBlockSpec) {
    this.size = spec.txs.length;
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

  execute(tx: number, view: StateView): TxResult {
    const t = this.spec.txs[tx];
    // Only a view that asks (Block-STM's simulator) gets offsets: real worker threads' views do
    // not, and skip the extra Map per execution.
    const timed = this.spec.costs === undefined && view.at !== undefined;
    const run = new SyntheticRun(view, STEPS[t.kind] >> 2, timed);
    const nc = nonceCell(t.sender);
    run.set(nc, run.get(nc) + 1n);
    const reverted = runTx(run, t);
    const over = this.spec.txFees?.[tx];
    const fee = chargeFee(run, t.sender, over === undefined ? this.spec.fee : over);
    const steps = reverted ? STEPS[t.kind] >> 1 : STEPS[t.kind];
    const cost =
      this.spec.costs?.[tx] ?? steps + READ_COST * run.reads + WRITE_COST * run.writes.size;
    return { writes: run.writes, cost, reverted, fee, writeOffsets: run.offsets };
  }
}

/**
 * One execution's state access: reads see its own writes first, and, when timed, the clock of
 * the cost model (module comment) moves with each access: the signature check's steps before the
 * second read, READ_COST per storage read, WRITE_COST per cell's first write.
 */
class SyntheticRun {
  readonly writes = new Map<CellKey, bigint>();
  readonly offsets: Map<CellKey, number> | undefined;
  /** Reads that went to the view (not answered by the transaction's own writes). */
  reads = 0;
  private now = 0;

  constructor(
    private readonly view: StateView,
    /** Steps of the signature check, between the nonce read and the next access. */
    private readonly signatureSteps: number,
    private readonly timed: boolean,
  ) {
    this.offsets = timed ? new Map<CellKey, number>() : undefined;
  }

  get(c: CellKey): bigint {
    const v = this.writes.get(c);
    if (v !== undefined) return v;
    this.reads++;
    if (this.timed) {
      this.view.at?.(this.now);
      this.now += this.reads === 1 ? this.signatureSteps : 0;
      this.now += READ_COST;
    }
    return this.view.read(c);
  }

  set(c: CellKey, v: bigint): void {
    if (this.offsets !== undefined) {
      if (!this.writes.has(c)) this.now += WRITE_COST;
      this.offsets.set(c, this.now);
    }
    this.writes.set(c, v);
  }
}

type TxOf<K extends SyntheticTx['kind']> = Extract<SyntheticTx, { kind: K }>;

/** The transaction's own effect, after the nonce increment; true when it reverts. */
function runTx(run: SyntheticRun, t: SyntheticTx): boolean {
  switch (t.kind) {
    case 'transfer':
      return transfer(run, t);
    case 'swap':
      return swap(run, t);
    case 'mint':
      return mint(run, t);
    case 'nonce':
      return false;
    case 'blind':
      run.set(balanceCell(t.token, t.owner), t.value);
      return false;
    case 'copy': {
      const v = run.get(balanceCell(t.token, t.pointer));
      const span = t.span > 0n ? t.span : 1n;
      run.set(balanceCell(t.token, t.sender), run.get(balanceCell(t.token, t.base + (v % span))));
      return false;
    }
  }
}

function transfer(run: SyntheticRun, t: TxOf<'transfer'>): boolean {
  const from = balanceCell(t.token, t.sender);
  const b = run.get(from);
  if (b < t.amount) return true;
  run.set(from, b - t.amount);
  const to = balanceCell(t.token, t.to);
  run.set(to, run.get(to) + t.amount);
  return false;
}

/** Constant product with a 0.3% fee; reverts on a short balance or an output the pool cannot pay. */
function swap(run: SyntheticRun, t: TxOf<'swap'>): boolean {
  const inBal = balanceCell(t.tokenIn, t.sender);
  const b = run.get(inBal);
  const rIn = run.get(reserveCell(t.pool, t.tokenIn));
  const rOut = run.get(reserveCell(t.pool, t.tokenOut));
  const out =
    rIn + t.amountIn === 0n ? 0n : (rOut * t.amountIn * 997n) / (rIn * 1000n + t.amountIn * 997n);
  if (b < t.amountIn || out === 0n || out >= rOut) return true;
  run.set(inBal, b - t.amountIn);
  run.set(reserveCell(t.pool, t.tokenIn), rIn + t.amountIn);
  run.set(reserveCell(t.pool, t.tokenOut), rOut - out);
  const outBal = balanceCell(t.tokenOut, t.sender);
  run.set(outBal, run.get(outBal) + out);
  return false;
}

/** Pays the price first (reverting when short), then takes the collection's next id. */
function mint(run: SyntheticRun, t: TxOf<'mint'>): boolean {
  const price = t.price ?? 0n;
  if (price > 0n && t.payToken !== undefined) {
    const pay = balanceCell(t.payToken, t.sender);
    const b = run.get(pay);
    if (b < price) return true;
    run.set(pay, b - price);
    const tr = balanceCell(t.payToken, t.treasury ?? t.collection);
    run.set(tr, run.get(tr) + price);
  }
  const cc = counterCell(t.collection);
  const id = run.get(cc);
  run.set(cc, id + 1n);
  run.set(ownerCell(t.collection, id), t.sender);
  return false;
}

/**
 * The fee, reverted or not: the sender pays what it has up to the amount, and the sequencer's
 * credit is deferred (`TxResult.fee`); nothing when it pays 0.
 */
function chargeFee(
  run: SyntheticRun,
  sender: bigint,
  f: SyntheticFee | null | undefined,
): TxResult['fee'] {
  if (!f) return undefined;
  const payer = balanceCell(f.token, sender);
  const b = run.get(payer);
  const charged = b < f.amount ? b : f.amount;
  if (charged <= 0n) return undefined;
  run.set(payer, b - charged);
  return { cell: balanceCell(f.token, f.sequencer), amount: charged };
}
