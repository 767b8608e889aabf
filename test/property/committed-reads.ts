import { EV_COMMIT, EV_EXECUTE, type EventLog } from '../../engine/stm/events';

/**
 * Per transaction, its committed reads in a (real-worker) log, in order: the reads of its last
 * execution, then those of its last commit event (blockifier reads the sequencer balance there
 * to credit the deferred fee) — the simulator's `committedReads`.
 */
export function committedReadsOf(log: EventLog): { cell: string; value: bigint }[][] {
  const last = new Int32Array(log.txCount).fill(-1);
  const commit = new Int32Array(log.txCount).fill(-1);
  for (let e = 0; e < log.count; e++) {
    if (log.kind[e] === EV_COMMIT) commit[log.tx[e]] = e;
    if (log.kind[e] !== EV_EXECUTE) continue;
    const prev = last[log.tx[e]];
    if (prev < 0 || log.incarnation[e] > log.incarnation[prev] || log.end[e] > log.end[prev])
      last[log.tx[e]] = e;
  }
  return Array.from(last, (e, tx) => {
    const out: { cell: string; value: bigint }[] = [];
    for (const ev of commit[tx] >= 0 ? [e, commit[tx]] : [e])
      for (let r = log.readOffset[ev]; r < log.readOffset[ev + 1]; r++)
        out.push({ cell: log.cells[log.readCell[r]], value: BigInt(log.values[log.readValue[r]]) });
    return out;
  });
}
