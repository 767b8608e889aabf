/**
 * What-if transformations of a block's access sets: the same block with one source of conflicts
 * changed, so that the graph (and a simulation, engine/stm/what-if.ts) can be re-run on it and
 * compared with the block as it is. Pure functions; they never mutate their input.
 *
 * - `feeInline`: every sequencer-fee credit becomes a read and a write of the credited cell, as
 *   a variant that credits inline executes it (engine/fee-remark.ts); the graph's own rule
 *   treats credits as commuting (README "Sequencer fees"), i.e. deferred to commit.
 * - `withoutNonces`: the nonce cells (`n:<contract>`) dropped from reads and writes — what the
 *   block would allow if account nonces never conflicted (e.g. two transactions of one sender).
 * - `withoutCell`: one cell dropped from reads, writes and credits (the top hotspot).
 */
import type { CellKey } from '../types';
import type { AccessRead, TxAccess } from './graph';

type Writes = TxAccess['writes'];

function readKey(r: CellKey | AccessRead): CellKey {
  return typeof r === 'string' ? r : r.cell;
}

/** The written cells with their values (undefined when the access set records none). */
export function writeEntries(w: Writes): [CellKey, unknown][] {
  if (w instanceof Map) return [...(w as ReadonlyMap<CellKey, unknown>).entries()];
  return (w as ReadonlyArray<CellKey | readonly [CellKey, unknown]>).map((x) =>
    typeof x === 'string' ? [x, undefined] : [x[0], x[1]],
  );
}

/** The access sets with every cell for which `drop` is true removed from reads, writes, credits. */
export function filterCells(
  access: readonly TxAccess[],
  drop: (c: CellKey) => boolean,
): TxAccess[] {
  return access.map((a) => {
    const out: TxAccess = {
      reads: a.reads.filter((r) => !drop(readKey(r))),
      writes: writeEntries(a.writes).filter(([c]) => !drop(c)),
    };
    if (a.credits) out.credits = a.credits.filter((c) => !drop(c));
    if (a.cost !== undefined) out.cost = a.cost;
    return out;
  });
}

export const isNonceCell = (c: CellKey): boolean => c.startsWith('n:');

export function withoutNonces(access: readonly TxAccess[]): TxAccess[] {
  return filterCells(access, isNonceCell);
}

export function withoutCell(access: readonly TxAccess[], cell: CellKey): TxAccess[] {
  return filterCells(access, (c) => c === cell);
}

/**
 * Credits turned into plain accesses: the transaction reads the credited cell (after its own
 * reads: the engine credits after the code ran) and writes it, so every fee payer depends on
 * the previous one.
 */
export function feeInline(access: readonly TxAccess[]): TxAccess[] {
  return access.map((a) => {
    const credits = a.credits ?? [];
    const writes = writeEntries(a.writes);
    const out: TxAccess = {
      reads: [...a.reads, ...credits],
      writes: [...writes, ...credits.map((c): [CellKey, unknown] => [c, undefined])],
    };
    if (a.cost !== undefined) out.cost = a.cost;
    return out;
  });
}
