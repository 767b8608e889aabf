/**
 * The one place where the dependency graph and a variant's execution part ways because of the
 * sequencer-fee rule: the graph treats fee credits as commuting (engine/graph/README.md,
 * "Sequencer fees"), but Block-STM (and its naive and selective variants) applies every credit
 * inline, as a read and a write of the sequencer's balance, so every fee-paying transaction
 * conflicts with the previous one on that cell. The remark says so in words, next to the numbers
 * (CLI table and JSON, the UI's stats panel); the front ends only display it.
 */
import { speedupBound, type DependencyGraph, type TxAccess } from './graph';
import type { Variant } from './stm/types';
import type { CellKey } from './types';

/** Variants that apply a transaction's fee credit inline (engine/stm/README.md "Variants"). */
export const INLINE_FEE_VARIANTS: readonly Variant[] = [
  'block-stm',
  'naive',
  'selective',
  'abort-on-dependency',
];

export interface FeeCredits {
  /** The cell credited by the most transactions (the sequencer's fee-token balance). */
  cell: CellKey;
  /** Transactions that credit it. */
  payers: number;
  /** Transactions in the block. */
  transactions: number;
}

/** The most credited cell of a block's access sets, or undefined when nothing is credited. */
export function feeCredits(access: readonly TxAccess[]): FeeCredits | undefined {
  const count = new Map<CellKey, number>();
  for (const a of access) for (const c of a.credits ?? []) count.set(c, (count.get(c) ?? 0) + 1);
  let best: FeeCredits | undefined;
  for (const [cell, payers] of count)
    if (!best || payers > best.payers) best = { cell, payers, transactions: access.length };
  return best;
}

/**
 * Why `variant` on `cores` cores cannot reach the graph's bound when the fee rule chains its transactions,
 * or undefined when it does not (no inline credits, one payer, one core, or a serial graph).
 * `included`: the transactions in the block when the bouncer ended it early (the bound is theirs).
 */
export function feeSerialRemark(
  variant: Variant,
  cores: number,
  credits: FeeCredits | undefined,
  graph: DependencyGraph,
  cellName: (cell: CellKey) => string,
  included?: number,
): string | undefined {
  if (!credits || credits.payers < 2 || cores < 2 || !INLINE_FEE_VARIANTS.includes(variant))
    return undefined;
  const bound = speedupBound(graph, cores, included);
  if (bound < 1.005) return undefined;
  const who =
    credits.payers === credits.transactions
      ? `all ${credits.payers} transactions pay`
      : `${credits.payers} of ${credits.transactions} transactions pay`;
  return (
    `${who} a fee, and ${variant} credits each fee inline: it reads and writes the cell ` +
    `"${cellName(credits.cell)}" (the sequencer's balance), so every fee-paying transaction ` +
    `conflicts with the one before it on that cell and waits or is re-executed whenever they ` +
    `overlap. The graph treats fee credits as commuting (applied at ` +
    `commit, as the Starknet sequencer does) and allows ${bound.toFixed(2)}× on ${cores} cores.`
  );
}
