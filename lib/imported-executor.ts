/**
 * Adapter: an imported real block (per-transaction access sets, no re-execution yet) seen as a
 * BlockExecutor, so the Block-STM simulator can schedule it. Each transaction reads its read set
 * through the multi-version view and writes its write set. Written values are the recorded ones
 * when the import knows them; otherwise a deterministic function of the values read (so a
 * re-execution after a changed read still produces a value). Costs are the recorded Cairo steps
 * (or L2 gas) when known, else `fallbackCost`.
 */
import type { BlockExecutor, StateView, TxResult } from '../engine/stm/types';
import type { CellKey } from '../engine/types';
import type { ImportedBlock } from '../engine/blocks/import';
import { erc20BalanceKey, ETH_TOKEN, STRK_TOKEN } from '../engine/blocks/import';

export class ImportedBlockExecutor implements BlockExecutor {
  readonly size: number;
  private names = new Map<CellKey, string>();
  constructor(
    readonly block: ImportedBlock,
    readonly fallbackCost = 1000,
  ) {
    this.size = block.transactions.length;
    this.nameCells();
  }

  preState(_cell: CellKey): bigint {
    return 0n;
  }

  txLabel(tx: number): string {
    const t = this.block.transactions[tx];
    const who = t.sender ? ` from ${short(t.sender)}` : '';
    return `${t.type.toLowerCase()} ${short(t.hash)}${who}`;
  }

  cellName(cell: CellKey): string {
    return this.names.get(cell) ?? cell;
  }

  execute(tx: number, view: StateView): TxResult {
    const t = this.block.transactions[tx];
    let acc = BigInt(tx + 1);
    for (const r of t.accessSets.reads) acc += view.read(r.cell);
    const writes = new Map<CellKey, bigint>();
    for (const w of t.accessSets.writes) {
      writes.set(w.cell, w.value !== undefined ? BigInt(w.value) : acc);
    }
    const cost = t.steps && t.steps > 0 ? t.steps : this.fallbackCost;
    return { writes, cost, reverted: t.status === 'reverted' };
  }

  private nameCells(): void {
    const addrs = new Set<string>();
    if (this.block.sequencerAddress) addrs.add(this.block.sequencerAddress);
    for (const t of this.block.transactions) {
      if (t.sender) addrs.add(t.sender);
      for (const e of t.events) for (const v of [...e.keys, ...e.data]) if (v.length > 20) addrs.add(v);
    }
    const tokens: [string, string][] = [
      [canonHex(ETH_TOKEN), 'ETH'],
      [canonHex(STRK_TOKEN), 'STRK'],
    ];
    const byKey = new Map<string, string>();
    for (const a of addrs) {
      try {
        byKey.set('0x' + erc20BalanceKey(a).toString(16), a);
      } catch {
        /* not a felt */
      }
    }
    for (const t of this.block.transactions) {
      for (const c of [...t.accessSets.reads, ...t.accessSets.writes]) {
        if (this.names.has(c.cell)) continue;
        const parts = c.cell.split(':');
        if (parts[0] === 'n') this.names.set(c.cell, `nonce of ${short(parts[1])}`);
        else if (parts[0] === 'c') this.names.set(c.cell, `class of ${short(parts[1])}`);
        else if (parts[0] === 's') {
          const owner = byKey.get(parts[2]);
          const token = tokens.find(([h]) => h === parts[1])?.[1];
          if (owner) this.names.set(c.cell, `${token ?? 'ERC20'} balance of ${short(owner)}`);
          else this.names.set(c.cell, `${short(parts[1])} slot ${short(parts[2])}`);
        }
      }
    }
  }
}

function canonHex(h: string): string {
  return '0x' + BigInt(h).toString(16);
}

export function short(h: string): string {
  return h.length > 12 ? `${h.slice(0, 6)}…${h.slice(-4)}` : h;
}
