/**
 * The committed read and write sets of a finished simulation, and the access sets the block's
 * dependency graph is built from. This is the one place that decides how the sequencer-fee
 * credit enters the graph (the rule is stated in engine/graph/README.md, "Sequencer fees").
 */
import type { TxAccess } from '../graph';
import type { CellKey } from '../types';
import type { SimState } from './simulator';
import type { ReadRecord } from './types';

export interface CommittedSets {
  /** Per transaction: every committed read, the engine's own fee reads included (invariants). */
  reads: ReadRecord[][];
  /** Per transaction: every committed write, fee credits included (the state). */
  writes: [CellKey, bigint][][];
  /** Per transaction: the access set of the dependency graph (fee credits as `credits`). */
  access: TxAccess[];
}

/** Per transaction: the reads and writes of its last recorded (committed) incarnation. */
export function committedSets(st: SimState, n: number): CommittedSets {
  const reads: ReadRecord[][] = new Array(n);
  const writes: [CellKey, bigint][][] = new Array(n);
  const access: TxAccess[] = new Array(n);
  const mv = st.mv;
  const a = mv.arena;
  const keys = st.cells.keys;
  for (let tx = 0; tx < n; tx++) {
    const rs = mv.lastReadStart[tx];
    const re = rs + mv.lastReadLen[tx];
    const rr: ReadRecord[] = [];
    const readKeys: CellKey[] = [];
    // The engine's own read of the sequencer balance for an inline fee credit (always the last
    // read) is a committed read but not a read of the transaction: the credit is a commutative
    // `credit` in the graph. The commit-time read of commit-as-you-go is kept apart likewise.
    const ownEnd = st.runner.inlineFeeRead[tx] === 1 ? re - 1 : re;
    for (let i = rs; i < re; i++) {
      const key = keys[a.rCell[i]];
      rr.push({ cell: key, value: a.rVal[i] });
      if (i < ownEnd) readKeys.push(key);
    }
    if (st.feeReadCell[tx] >= 0) {
      rr.push({ cell: keys[st.feeReadCell[tx]], value: st.feeReadValue[tx] });
    }
    // The last recorded write set is final: its values are the transaction's committed writes.
    const ws = mv.lastWriteStart[tx];
    const we = ws + mv.lastWriteLen[tx];
    const ww: [CellKey, bigint][] = [];
    for (let i = ws; i < we; i++) ww.push([keys[a.wCell[i]], a.wVal[i]]);
    reads[tx] = rr;
    writes[tx] = ww;
    access[tx] = graphAccess(readKeys, ww, st.runner.creditCell[tx], keys, st.finalCost[tx]);
  }
  return { reads, writes, access };
}

/**
 * A credit to a cell the transaction's code did not write leaves the plain writes and becomes a
 * `credit`; a fee merged into the code's own write of the cell stays a plain write.
 */
function graphAccess(
  reads: CellKey[],
  ww: [CellKey, bigint][],
  creditCell: number,
  keys: readonly CellKey[],
  cost: number,
): TxAccess {
  if (creditCell < 0) return { reads, writes: ww, cost };
  const credit = keys[creditCell];
  return { reads, writes: ww.filter(([c]) => c !== credit), credits: [credit], cost };
}
