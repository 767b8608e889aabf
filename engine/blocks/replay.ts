/**
 * Replays an imported block (access sets from traces, state diffs or events) through Block-STM.
 *
 * A real block comes with what each transaction read and wrote, but without the code to run it
 * again. The replay executor makes each transaction read its recorded read set through the
 * scheduler's state view, in recorded order, and then write its recorded values. A read can
 * still hit an ESTIMATE or fail validation, so the run's aborts, re-executions and timing are
 * real. The written values are fixed, so the final state cannot differ between variants. Cost =
 * the transaction's recorded Cairo steps (or L2 gas), or `defaultCost` when the source has none.
 */
import type { BlockExecutor, StateView, TxResult } from '../stm/types';
import type { CellKey } from '../types';
import type { ImportedBlock } from './import/model';

export interface ReplayOptions {
  /** Cost of a transaction whose source records no steps (default 1,000). */
  defaultCost?: number;
}

interface ReplayTx {
  reads: CellKey[];
  writes: [CellKey, bigint][];
  cost: number;
  reverted: boolean;
}

export class ReplayExecutor implements BlockExecutor {
  readonly size: number;
  readonly accessMode: ImportedBlock['accessMode'];
  private readonly txs: ReplayTx[];
  private readonly pre = new Map<CellKey, bigint>();
  private readonly labels: string[];

  constructor(block: ImportedBlock, opts: ReplayOptions = {}) {
    const defaultCost = opts.defaultCost ?? 1000;
    this.size = block.transactions.length;
    this.accessMode = block.accessMode;
    this.labels = block.transactions.map((t) => `tx ${t.index} ${t.hash.slice(0, 10)}…`);
    this.txs = block.transactions.map((t, i) => {
      for (const r of t.accessSets.reads) {
        if (r.value !== undefined && r.evidence === 'initial_reads' && !this.pre.has(r.cell))
          this.pre.set(r.cell, BigInt(r.value));
      }
      const writes: [CellKey, bigint][] = t.accessSets.writes.map((w) => [
        w.cell,
        // A write known only from an event has no value: mark it with the writer's position so
        // the final state still says who wrote last.
        w.value !== undefined ? BigInt(w.value) : BigInt(i + 1),
      ]);
      return {
        reads: [...new Set(t.accessSets.reads.map((r) => r.cell))],
        writes,
        cost: t.steps !== undefined && t.steps > 0 ? t.steps : defaultCost,
        reverted: t.status === 'reverted',
      };
    });
  }

  preState(cell: CellKey): bigint {
    return this.pre.get(cell) ?? 0n;
  }

  execute(tx: number, view: StateView): TxResult {
    const t = this.txs[tx];
    for (const c of t.reads) view.read(c);
    return { writes: t.writes, cost: t.cost, reverted: t.reverted };
  }

  txLabel(tx: number): string {
    return this.labels[tx];
  }
}
