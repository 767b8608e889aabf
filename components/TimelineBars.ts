import type { RunPayload } from '@/lib/engine-worker/protocol';
import { barColorOf } from '@/lib/export/colors';
import type { Palette } from '@/lib/stores/theme';

/** Width of the core labels left of the lanes, and height of the time axis above them (px). */
export const GUTTER = 52;
export const AXIS = 22;

type Log = RunPayload['log'];

export interface BarOptions {
  width: number;
  laneH: number;
  /** Bars outlined as selected (the selected transaction's, or those touching the cell). */
  isSelected: (e: number) => boolean;
  /** Text written on a bar wide and tall enough for it. */
  label: (e: number) => string;
  /** Transactions from this index on are not in the block (the bouncer cut them): drawn faded. */
  excludedFrom?: number;
}

/**
 * Every task of the log in view as a bar in its core's lane, in log order (a later bar paints
 * over an earlier one where they share a pixel, as before). Returns the selected bars.
 *
 * Why it looks like this: at 10,000 transactions on 32 cores there are ~44,000 bars, most under
 * a pixel wide, so the loop's cost is per bar. Assigning `fillStyle` parses a CSS colour each
 * time, so it is assigned only when the colour changes (the colours are the palette's own
 * strings, compared by identity); ticks, labels and selection only run when a bar can show them.
 */
export function drawBars(
  ctx: CanvasRenderingContext2D,
  log: Log,
  x: (t: number) => number,
  p: Palette,
  o: BarOptions,
): Set<number> {
  const [d0, d1] = (x as unknown as { domain(): number[] }).domain();
  const { width, laneH } = o;
  const pad = laneH > 6 ? 1 : 0;
  const barH = laneH - 2 * pad;
  const ticks = laneH >= 8;
  const labels = laneH >= 13;
  const selected = new Set<number>();
  let color = '';
  for (let e = 0; e < log.count; e++) {
    const s = log.start[e];
    const en = log.end[e];
    if (en < d0 || s > d1) continue;
    const xa = Math.max(GUTTER, x(s));
    const xb = Math.min(width, x(en));
    const w = Math.max(0.75, xb - xa);
    const y = AXIS + log.core[e] * laneH + pad;
    const c = barColorOf(p, log.kind[e], log.flags[e], log.incarnation[e]);
    if (c !== color) ctx.fillStyle = color = c;
    ctx.fillRect(xa, y, w, barH);
    if (o.excludedFrom !== undefined && log.tx[e] >= o.excludedFrom) {
      ctx.globalAlpha = 0.6;
      ctx.fillStyle = p.bg;
      ctx.fillRect(xa, y, w, barH);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color;
    }
    if (o.isSelected(e)) selected.add(e);
    if (w <= 10) continue;
    if (ticks) {
      ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      drawAccessTicks(ctx, log, e, x, y, barH, xa, xb);
    }
    if (w > 26 && labels) {
      ctx.fillStyle = color = '#fff';
      ctx.save();
      ctx.beginPath();
      ctx.rect(xa, y, w, laneH);
      ctx.clip();
      ctx.fillText(o.label(e), xa + 3, y + barH / 2);
      ctx.restore();
    }
  }
  return selected;
}

/**
 * Tick marks where in bar e each access happened (the log's readAt/writeAt, time since the bar's
 * start): reads hang from the top edge, writes stand on the bottom edge. Logs without timing
 * (NaN, or an older log without the columns) draw none.
 */
function drawAccessTicks(
  ctx: CanvasRenderingContext2D,
  log: Log,
  e: number,
  x: (t: number) => number,
  y: number,
  h: number,
  xa: number,
  xb: number,
): void {
  const tick = Math.max(2, Math.round(h * 0.35));
  const s = log.start[e];
  ctx.beginPath();
  const mark = (at: number | undefined, top: boolean) => {
    if (at === undefined || Number.isNaN(at)) return;
    const xx = Math.round(x(s + at)) + 0.5;
    if (xx < xa || xx > xb) return;
    ctx.moveTo(xx, top ? y : y + h - tick);
    ctx.lineTo(xx, top ? y + tick : y + h);
  };
  for (let r = log.readOffset[e]; r < log.readOffset[e + 1]; r++) mark(log.readAt?.[r], true);
  for (let w = log.writeOffset[e]; w < log.writeOffset[e + 1]; w++) mark(log.writeAt?.[w], false);
  ctx.stroke();
}
