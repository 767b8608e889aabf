/**
 * Writing an execution's reads and writes into the event log, each placed in time: when in its
 * bar the access happened (see README "When each access happens"). The one writer of access sets
 * for every variant (simulator, sequential, oracle).
 */
import type { LogBuilder } from './events';
import type { TxRunner } from './execution';
import type { AccessArena } from './mvmemory';

/**
 * How the executor's offsets of one attempt map to simulated time since its task started:
 * `lead` (the task's scheduling cost) + offset × `scale` (jitter) + `readOverhead` per read before.
 */
export interface AccessClock {
  lead: number;
  scale: number;
  readOverhead: number;
}
/** Offsets as the executor gave them (no overheads). */
export const RAW_CLOCK: AccessClock = { lead: 0, scale: 1, readOverhead: 0 };

/** Simulated time, since its task started, of read i of the attempt whose reads start at rs. */
export function readTime(a: AccessArena, rs: number, i: number, clk: AccessClock, cost: number) {
  return clk.lead + Math.min(a.rAt[rs + i], cost) * clk.scale + i * clk.readOverhead;
}

/** Simulated time, since its task started, of write w (reads [rs, rs + rl) of the same attempt). */
function writeTime(
  a: AccessArena,
  w: number,
  rs: number,
  rl: number,
  clk: AccessClock,
  cost: number,
) {
  const at = Math.min(a.wAt[w], cost);
  let before = 0;
  for (let i = rs; i < rs + rl; i++) if (a.rAt[i] <= at) before++;
  return clk.lead + at * clk.scale + before * clk.readOverhead;
}

/** Log reads [start, start + len) of the arena; values not interned yet are interned now, in order. */
export function logArenaReads(
  log: LogBuilder,
  a: AccessArena,
  start: number,
  len: number,
  clk: AccessClock = RAW_CLOCK,
  cost = Infinity,
): void {
  for (let i = 0; i < len; i++) {
    const r = start + i;
    let id = a.rValId[r];
    if (id < 0) {
      id = log.valueId(a.rVal[r]);
      a.rValId[r] = id;
    }
    log.readId(a.rCell[r], a.rTx[r], a.rInc[r], id, readTime(a, start, i, clk, cost));
  }
}

/** Log writes [ws, ws + wl) of the arena (see logArenaReads); reads [rs, rs + rl) place them. */
export function logArenaWrites(
  log: LogBuilder,
  a: AccessArena,
  ws: number,
  wl: number,
  rs: number,
  rl: number,
  clk: AccessClock = RAW_CLOCK,
  cost = Infinity,
): void {
  for (let w = ws; w < ws + wl; w++) {
    let id = a.wValId[w];
    if (id < 0) {
      id = log.valueId(a.wVal[w]);
      a.wValId[w] = id;
    }
    log.writeId(a.wCell[w], id, writeTime(a, w, rs, rl, clk, cost));
  }
}

/** Log the reads and writes of the runner's last attempt, placed in time by `clk`. */
export function logAttempt(
  log: LogBuilder,
  runner: TxRunner,
  arena: AccessArena,
  clk: AccessClock = RAW_CLOCK,
): void {
  const { readStart: rs, readLen: rl, cost } = runner;
  logArenaReads(log, arena, rs, rl, clk, cost);
  logArenaWrites(log, arena, runner.writeStart, runner.writeLen, rs, rl, clk, cost);
}
