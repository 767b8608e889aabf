/**
 * Replays an imported block (access sets from traces, state diffs or events) through Block-STM.
 *
 * A real block comes with what each transaction read and wrote, but without the code to run it
 * again. The replay executor makes each transaction read its recorded read set through the
 * scheduler's state view, in recorded order, and then write its recorded values. A read can
 * still hit an ESTIMATE or fail validation, so the run's aborts, re-executions and timing are
 * real. Cost = the transaction's recorded Cairo steps (or L2 gas), or `defaultCost` when the
 * source has none. The pre-state is taken from `initial_reads` values when the source has them.
 * Each fee-paying transaction carries its sequencer-fee credit as `TxResult.fee`
 * (import/fee-credit.ts), as an executed block does: the access sets leave the sequencer's
 * balance out, the engine applies the credit by each variant's rule, and the block's graph
 * treats it as commuting (engine/graph README "Sequencer fees").
 *
 * A write known only from an event has no value. By default (`unknownWrites: 'writer'`) it is
 * marked with the writer's position, so the final state says who wrote last and cannot differ
 * between variants; with `unknownWrites: 'reads'` it is a deterministic function of the
 * transaction's position and the values it read, so a re-execution after a changed read
 * produces a new value (the explorer shows that).
 *
 * Cells get readable names ("ETH balance of 0x1234…abcd", "nonce of 0x…") from the senders,
 * the sequencer and the addresses seen in events.
 */
import type { BlockExecutor, StateView, TxResult } from '../stm/types';
import type { CellKey } from '../types';
import type { ImportedBlock } from './import/model';
import { erc20BalanceKey } from './import/access-sets';
import { sequencerFeeCredit, type FeeCredit } from './import/fee-credit';
import { ETH_TOKEN, STRK_TOKEN } from './import/common';

export interface ReplayOptions {
  /** Cost of a transaction whose source records no steps (default 1,000). */
  defaultCost?: number;
  /** Value of a write with no recorded value (default 'writer', see above). */
  unknownWrites?: 'writer' | 'reads';
}

interface ReplayTx {
  reads: CellKey[];
  /** Recorded value, or undefined when the source has none. */
  writes: [CellKey, bigint | undefined][];
  cost: number;
  reverted: boolean;
  /** The sequencer-fee credit the engine applies (import/fee-credit.ts). */
  fee?: FeeCredit;
}

export class ReplayExecutor implements BlockExecutor {
  readonly size: number;
  readonly accessMode: ImportedBlock['accessMode'];
  private readonly txs: ReplayTx[];
  private readonly pre = new Map<CellKey, bigint>();
  private readonly labels: string[];
  private readonly names: Map<CellKey, string>;
  private readonly unknownWrites: 'writer' | 'reads';

  constructor(block: ImportedBlock, opts: ReplayOptions = {}) {
    const defaultCost = opts.defaultCost ?? 1000;
    this.unknownWrites = opts.unknownWrites ?? 'writer';
    this.size = block.transactions.length;
    this.accessMode = block.accessMode;
    this.labels = block.transactions.map(importedTxLabel);
    this.txs = block.transactions.map((t) => {
      for (const r of t.accessSets.reads) {
        if (r.value !== undefined && r.evidence === 'initial_reads' && !this.pre.has(r.cell))
          this.pre.set(r.cell, BigInt(r.value));
      }
      return {
        reads: [...new Set(t.accessSets.reads.map((r) => r.cell))],
        writes: t.accessSets.writes.map((w) => [
          w.cell,
          w.value !== undefined ? BigInt(w.value) : undefined,
        ]),
        cost: t.steps !== undefined && t.steps > 0 ? t.steps : defaultCost,
        reverted: t.status === 'reverted',
        fee: sequencerFeeCredit(block, t),
      };
    });
    this.names = nameCells(block);
  }

  preState(cell: CellKey): bigint {
    return this.pre.get(cell) ?? 0n;
  }

  execute(tx: number, view: StateView): TxResult {
    const t = this.txs[tx];
    let acc = BigInt(tx + 1);
    for (const c of t.reads) {
      const v = view.read(c);
      if (this.unknownWrites === 'reads') acc = (acc * 31n + v) % FELT;
    }
    const writes: [CellKey, bigint][] = t.writes.map(([c, v]) => [
      c,
      v !== undefined ? v : this.unknownWrites === 'reads' ? acc : BigInt(tx + 1),
    ]);
    const result: TxResult = { writes, cost: t.cost, reverted: t.reverted };
    if (t.fee) result.fee = t.fee;
    return result;
  }

  txLabel(tx: number): string {
    return this.labels[tx];
  }

  cellName(cell: CellKey): string {
    return this.names.get(cell) ?? cell;
  }
}

const FELT = 2n ** 251n + 17n * 2n ** 192n + 1n;

/** "0x1234…abcd" for long hex strings. */
/** "tx 3 invoke 0x1234…abcd from 0x…": how the UI and the CLI name an imported transaction. */
export function importedTxLabel(t: ImportedBlock['transactions'][number]): string {
  const who = t.sender ? ` from ${shortHex(t.sender)}` : '';
  return `tx ${t.index} ${t.type.toLowerCase()} ${shortHex(t.hash)}${who}`;
}

export function shortHex(h: string): string {
  return h.length > 12 ? `${h.slice(0, 6)}…${h.slice(-4)}` : h;
}

function canonHex(h: string): string {
  return '0x' + BigInt(h).toString(16);
}

/** Readable names of a block's cells: nonces, classes, ERC20 balances of known addresses. */
function nameCells(block: ImportedBlock): Map<CellKey, string> {
  const names = new Map<CellKey, string>();
  const addrs = new Set<string>();
  if (block.sequencerAddress) addrs.add(block.sequencerAddress);
  for (const t of block.transactions) {
    if (t.sender) addrs.add(t.sender);
    for (const e of t.events)
      for (const v of [...e.keys, ...e.data]) if (v.length > 20) addrs.add(v);
  }
  const tokens = new Map<string, string>([
    [canonHex(ETH_TOKEN), 'ETH'],
    [canonHex(STRK_TOKEN), 'STRK'],
  ]);
  const owners = new Map<string, string>();
  for (const a of addrs) {
    try {
      owners.set('0x' + erc20BalanceKey(a).toString(16), a);
    } catch {
      /* not a felt */
    }
  }
  for (const t of block.transactions) {
    // the fee credit's cell too: the fee remark and the fee-deferred what-if name it
    const credit = sequencerFeeCredit(block, t);
    const cells = [...t.accessSets.reads, ...t.accessSets.writes].map((a) => a.cell);
    for (const cell of credit ? [...cells, credit.cell] : cells) {
      if (names.has(cell)) continue;
      const parts = cell.split(':');
      if (parts[0] === 'n') names.set(cell, `nonce of ${shortHex(parts[1])}`);
      else if (parts[0] === 'c') names.set(cell, `class of ${shortHex(parts[1])}`);
      else if (parts[0] === 'd') names.set(cell, `declaration of class ${shortHex(parts[1])}`);
      else if (parts[0] === 's') {
        const owner = owners.get(canon(parts[2]));
        const token = tokens.get(canon(parts[1]));
        if (owner) names.set(cell, `${token ?? 'ERC20'} balance of ${shortHex(owner)}`);
        else names.set(cell, `${shortHex(parts[1])} slot ${shortHex(parts[2])}`);
      }
    }
  }
  return names;
}

function canon(h: string | undefined): string {
  if (!h) return '';
  try {
    return canonHex(h);
  } catch {
    return h;
  }
}
