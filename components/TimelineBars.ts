import type { RunPayload } from '@/lib/engine-worker/protocol';
import { barColorOf } from '@/lib/export/colors';
import type { Palette } from '@/lib/stores/theme';
import { rasterBars, type BarBand } from '@/lib/timeline-raster';

/** Width of the core labels left of the lanes, and height of the time axis above them (px). */
export const GUTTER = 52;
export const AXIS = 22;

type Log = RunPayload['log'];

export interface BarOptions {
  width: number;
  laneH: number;
  /** Bars outlined as selected (the selected transaction's, or those touching the cell); none if absent. */
  isSelected?: (e: number) => boolean;
  /** Text written on a bar wide and tall enough for it. */
  label: (e: number) => string;
  /** Transactions from this index on are not in the block (the bouncer cut them): drawn faded. */
  excludedFrom?: number;
}

/** Faded bars: the background colour over them at this alpha. */
const FADE_ALPHA = 0.6;

/**
 * Every task of the log in view as a bar in its core's lane, in log order (a later bar paints
 * over an earlier one where they share a pixel). Returns the selected bars.
 *
 * Why it looks like this: at 10,000 transactions on 32 cores there are ~44,000 bars, most under
 * a pixel wide. The bars are rasterised per pixel column (lib/timeline-raster.ts) and put on the
 * canvas as one image; only the few bars wide enough for access ticks or a label cost canvas
 * calls of their own, drawn over the image.
 */
export function drawBars(
  ctx: CanvasRenderingContext2D,
  log: Log,
  x: ((t: number) => number) & { domain(): number[] },
  p: Palette,
  o: BarOptions,
): Set<number> {
  const { width, laneH } = o;
  const pad = laneH > 6 ? 1 : 0;
  const barH = laneH - 2 * pad;
  const band = rasterBars(
    log,
    x,
    (e) => barColorOf(p, log.kind[e], log.flags[e], log.incarnation[e]),
    {
      // the canvas's scale (prepareCanvas: device pixels per CSS pixel)
      dpr: ctx.getTransform().a,
      deviceWidth: ctx.canvas.width,
      deviceHeight: ctx.canvas.height,
      left: GUTTER,
      right: width,
      top: AXIS,
      laneH,
      pad,
      cores: log.cores,
      excludedFrom: o.excludedFrom,
      fade: p.bg,
      fadeAlpha: FADE_ALPHA,
    },
  );
  putBand(ctx, band);
  if (laneH >= 8) drawWideBars(ctx, log, x, band.wide, { ...o, pad, barH });
  const selected = new Set<number>();
  if (o.isSelected) for (const e of band.visible) if (o.isSelected(e)) selected.add(e);
  return selected;
}

let scratch: HTMLCanvasElement | null = null;

/** The band's pixels over what the canvas holds (drawImage composites; putImageData would not). */
function putBand(ctx: CanvasRenderingContext2D, band: BarBand): void {
  if (band.height === 0) return;
  scratch ??= document.createElement('canvas');
  scratch.width = band.width;
  scratch.height = band.height;
  scratch.getContext('2d')!.putImageData(new ImageData(band.pixels, band.width, band.height), 0, 0);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(scratch, 0, band.top);
  ctx.restore();
}

/** Access ticks (lanes ≥ 8 px) and labels (≥ 13 px) on bars wider than 10 px. */
function drawWideBars(
  ctx: CanvasRenderingContext2D,
  log: Log,
  x: (t: number) => number,
  wide: Int32Array,
  o: BarOptions & { pad: number; barH: number },
): void {
  const { width, laneH, pad, barH } = o;
  for (const e of wide) {
    const xa = Math.max(GUTTER, x(log.start[e]));
    const xb = Math.min(width, x(log.end[e]));
    const w = xb - xa;
    const y = AXIS + log.core[e] * laneH + pad;
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    drawAccessTicks(ctx, log, e, x, y, barH, xa, xb);
    if (w > 26 && laneH >= 13) {
      ctx.fillStyle = '#fff';
      ctx.save();
      ctx.beginPath();
      ctx.rect(xa, y, w, laneH);
      ctx.clip();
      ctx.fillText(o.label(e), xa + 3, y + barH / 2);
      ctx.restore();
    }
  }
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
