import type { RunMetrics } from '@/engine/stm/metrics';
import type { SweepSeries } from './engine-worker/protocol';

/**
 * What the summary says about the bouncer's stop (metrics.blockEnd), or null when the run had no
 * block capacity. `units`: the run's time unit ('' for cost units, ' ms' for real workers);
 * `name`: how the page names transaction i.
 */
export function blockEndText(
  m: RunMetrics,
  units = '',
  name: (tx: number) => string = (tx) => `#${tx}`,
): string | null {
  const e = m.blockEnd;
  if (!e) return null;
  const fmt = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(2));
  if (!e.full) return `The block did not fill up: all ${e.included} transactions are in it.`;
  const halt =
    e.haltedAt !== undefined ? ` The scheduler halted at t = ${fmt(e.haltedAt)}${units}.` : '';
  const waste =
    e.excludedExecutions > 0
      ? ` ${e.excludedExecutions} execution${e.excludedExecutions === 1 ? '' : 's'} of ${name(e.included)} and later thrown away (${fmt(e.excludedWork)}${units} of core time).`
      : '';
  return `Block full at ${name(e.included)} (it would exceed ${e.exceeded.join(', ')}): the ${e.included} transactions before it are in the block.${halt}${waste}`;
}

/** Whether transaction `tx` of the run is outside the block (the bouncer cut it off). */
export function excludedTx(m: RunMetrics, tx: number): boolean {
  return m.blockEnd !== undefined && tx >= m.blockEnd.included;
}

/**
 * Teaching narration at time t: the sentence for the bouncer's halt, when t is the instant the
 * scheduler was halted (blockifier with a block capacity), else null.
 */
export function haltNarration(
  m: RunMetrics,
  t: number,
  name: (tx: number) => string,
): string | null {
  const e = m.blockEnd;
  if (!e?.full || e.haltedAt === undefined || Math.abs(e.haltedAt - t) > 1e-9) return null;
  return `${name(e.included)} passed its commit validation but does not fit in the block (${e.exceeded.join(', ')} would exceed the capacity): it is not committed and the scheduler halts. The block ends before ${name(e.included)}; every execution of it and of later transactions is thrown away.`;
}

/**
 * What the speedup chart says when its runs had a block capacity: how many transactions the
 * bouncer let into the block (the same on every core count), or null without a capacity.
 */
export function sweepCutText(series: readonly SweepSeries[]): string | null {
  const counts = series.flatMap((s) => s.points.flatMap((p) => p.included ?? []));
  if (counts.length === 0) return null;
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi
    ? `With the block capacity, every run's block holds ${lo} transactions (the bouncer's cut).`
    : `With the block capacity, the runs' blocks hold ${lo} to ${hi} transactions.`;
}
