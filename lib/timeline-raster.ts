/**
 * The timeline's bars as pixels: one RGBA value per device pixel of the lanes, computed per pixel
 * column, for one `putImageData` instead of one canvas `fillRect` per bar.
 *
 * Why: at 10,000 transactions on 32 cores there are ~44,000 bars, most under a pixel wide; a
 * `fillRect` each (with its anti-aliasing) was the timeline's biggest cost before the first frame.
 * Here each bar adds its colour to the pixel columns it covers, weighted by how much of each
 * column it covers (a bar a third of a pixel wide tints its column by a third), in log order, so
 * a later bar paints over an earlier one as canvas `source-over` would. That is the same
 * arithmetic canvas anti-aliasing does for an axis-aligned rectangle: coverage = the covered
 * fraction of the pixel's width times that of its height (lane edges that fall inside a pixel
 * row give partial rows). Pure: no DOM; components/TimelineBars.ts puts the band on the canvas.
 */

/** The columns of the event log the bars need. */
export interface BarLog {
  count: number;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  core: ArrayLike<number>;
  tx: ArrayLike<number>;
}

export interface BarRasterSpec {
  /** Device pixels per CSS pixel, and the canvas's size in device pixels. */
  dpr: number;
  deviceWidth: number;
  deviceHeight: number;
  /** CSS pixels: where the lanes start (left of it: core labels; above: the axis) and end. */
  left: number;
  right: number;
  top: number;
  laneH: number;
  /** Empty CSS pixels above and below each lane's bars. */
  pad: number;
  cores: number;
  /** Transactions from this index on are faded with `fade` at `fadeAlpha` (the bouncer cut them). */
  excludedFrom?: number;
  fade: string;
  fadeAlpha: number;
}

/**
 * Device-pixel rows [top, top + height) of the canvas, full width, ImageData byte order, not
 * premultiplied; fully transparent where no bar is. `wide`: visible bars wider than `wideFrom`
 * CSS pixels (they get access ticks and labels on top); `visible`: every bar in view.
 */
export interface BarBand {
  top: number;
  width: number;
  height: number;
  pixels: Uint8ClampedArray<ArrayBuffer>;
  visible: Int32Array;
  wide: Int32Array;
}

/** Narrowest bar in CSS pixels: a task shorter than a pixel still shows. */
export const MIN_BAR_WIDTH = 0.75;

/**
 * The bars of every event whose time span meets the scale's domain. `x` maps log time to CSS
 * pixels (a d3 linear scale or anything with `domain()`); `colorOf` gives a bar's `#rrggbb`.
 */
export function rasterBars(
  log: BarLog,
  x: ((t: number) => number) & { domain(): number[] },
  colorOf: (e: number) => string,
  s: BarRasterSpec,
  wideFrom = 10,
): BarBand {
  const bars = placeBars(log, x, colorOf, s, wideFrom);
  const W = s.deviceWidth;
  const top = Math.max(0, Math.floor(s.top * s.dpr));
  const bottom = Math.min(s.deviceHeight, Math.ceil((s.top + s.cores * s.laneH) * s.dpr));
  const height = Math.max(0, bottom - top);
  const pixels = new Uint8ClampedArray(W * height * 4);
  const strip = new Float32Array(W * 4);
  const row = new Uint8ClampedArray(W * 4);
  const fade = parseHex(s.fade);
  // the last row written, so a row two lanes share (no padding, a fractional lane edge) blends
  let lastRow = -1;
  for (let c = 0; c < s.cores; c++) {
    const y0 = (s.top + c * s.laneH + s.pad) * s.dpr;
    const y1 = y0 + (s.laneH - 2 * s.pad) * s.dpr;
    let stripCov = -1;
    for (let r = Math.max(top, Math.floor(y0)); r < Math.min(bottom, Math.ceil(y1)); r++) {
      const cov = Math.min(r + 1, y1) - Math.max(r, y0);
      if (cov <= 0) continue;
      if (cov !== stripCov) {
        laneStrip(strip, bars, c, cov, fade, s.fadeAlpha);
        unpremultiply(strip, row);
        stripCov = cov;
      }
      const at = (r - top) * W * 4;
      if (r === lastRow) blendOver(pixels, at, row);
      else pixels.set(row, at);
      lastRow = r;
    }
  }
  return { top, width: W, height, pixels, visible: bars.visible, wide: bars.wide };
}

/** Visible bars grouped by lane (log order kept within a lane), in device-pixel columns. */
interface PlacedBars {
  /** Bars of lane c: indices laneStart[c] … laneStart[c+1]-1 into the arrays below. */
  laneStart: Int32Array;
  x0: Float64Array;
  x1: Float64Array;
  rgb: Uint8Array;
  faded: Uint8Array;
  visible: Int32Array;
  wide: Int32Array;
}

function placeBars(
  log: BarLog,
  x: ((t: number) => number) & { domain(): number[] },
  colorOf: (e: number) => string,
  s: BarRasterSpec,
  wideFrom: number,
): PlacedBars {
  const [d0, d1] = x.domain();
  const visible: number[] = [];
  const wide: number[] = [];
  const laneStart = new Int32Array(s.cores + 1);
  for (let e = 0; e < log.count; e++) {
    if (log.end[e] < d0 || log.start[e] > d1) continue;
    const c = log.core[e];
    if (c < 0 || c >= s.cores) continue;
    visible.push(e);
    laneStart[c + 1]++;
  }
  for (let c = 0; c < s.cores; c++) laneStart[c + 1] += laneStart[c];
  const n = visible.length;
  const next = laneStart.slice(0, s.cores);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const rgb = new Uint8Array(3 * n);
  const faded = new Uint8Array(n);
  for (const e of visible) {
    const i = next[log.core[e]]++;
    const xa = Math.max(s.left, x(log.start[e]));
    const w = Math.max(MIN_BAR_WIDTH, Math.min(s.right, x(log.end[e])) - xa);
    if (w > wideFrom) wide.push(e);
    x0[i] = xa * s.dpr;
    x1[i] = (xa + w) * s.dpr;
    rgb.set(parseHex(colorOf(e)), 3 * i);
    faded[i] = s.excludedFrom !== undefined && log.tx[e] >= s.excludedFrom ? 1 : 0;
  }
  return {
    laneStart,
    x0,
    x1,
    rgb,
    faded,
    visible: Int32Array.from(visible),
    wide: Int32Array.from(wide),
  };
}

/**
 * One pixel row of lane c, premultiplied RGBA (0…255 colour, 0…1 alpha), for a row the lane's
 * bars cover `cov` of vertically: each bar, in order, over what is there (source-over).
 */
function laneStrip(
  strip: Float32Array,
  b: PlacedBars,
  c: number,
  cov: number,
  fade: Uint8Array,
  fadeAlpha: number,
): void {
  strip.fill(0);
  const W = strip.length / 4;
  for (let i = b.laneStart[c]; i < b.laneStart[c + 1]; i++) {
    const r = b.rgb[3 * i];
    const g = b.rgb[3 * i + 1];
    const bl = b.rgb[3 * i + 2];
    paint(strip, W, b.x0[i], b.x1[i], cov, r, g, bl);
    if (b.faded[i]) paint(strip, W, b.x0[i], b.x1[i], cov * fadeAlpha, fade[0], fade[1], fade[2]);
  }
}

/** Source-over of colour (r,g,b) at alpha `alpha` × horizontal coverage on columns [x0, x1). */
function paint(
  strip: Float32Array,
  W: number,
  x0: number,
  x1: number,
  alpha: number,
  r: number,
  g: number,
  b: number,
): void {
  const last = Math.min(W, Math.ceil(x1));
  for (let col = Math.max(0, Math.floor(x0)); col < last; col++) {
    const a = (Math.min(col + 1, x1) - Math.max(col, x0)) * alpha;
    if (a <= 0) continue;
    const k = 4 * col;
    const keep = 1 - a;
    strip[k] = strip[k] * keep + r * a;
    strip[k + 1] = strip[k + 1] * keep + g * a;
    strip[k + 2] = strip[k + 2] * keep + b * a;
    strip[k + 3] = strip[k + 3] * keep + a;
  }
}

/** Premultiplied float RGBA → ImageData bytes (straight alpha). */
function unpremultiply(strip: Float32Array, out: Uint8ClampedArray): void {
  for (let k = 0; k < strip.length; k += 4) {
    const a = strip[k + 3];
    if (a <= 0) {
      out[k] = out[k + 1] = out[k + 2] = out[k + 3] = 0;
      continue;
    }
    out[k] = strip[k] / a;
    out[k + 1] = strip[k + 1] / a;
    out[k + 2] = strip[k + 2] / a;
    out[k + 3] = a * 255;
  }
}

/** `row` over the pixels at `at` (straight-alpha bytes), for a row two lanes share. */
function blendOver(pixels: Uint8ClampedArray, at: number, row: Uint8ClampedArray): void {
  for (let k = 0; k < row.length; k += 4) {
    const sa = row[k + 3] / 255;
    if (sa === 0) continue;
    const da = (pixels[at + k + 3] / 255) * (1 - sa);
    const a = sa + da;
    for (let j = 0; j < 3; j++)
      pixels[at + k + j] = (row[k + j] * sa + pixels[at + k + j] * da) / a;
    pixels[at + k + 3] = a * 255;
  }
}

const parsed = new Map<string, Uint8Array>();

/** `#rgb` or `#rrggbb` as bytes (the palette's bar colours are all hex). */
export function parseHex(color: string): Uint8Array {
  let v = parsed.get(color);
  if (v) return v;
  const h = color.trim().replace(/^#/, '');
  const full = h.length === 3 ? [...h].map((d) => d + d).join('') : h;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) throw new Error(`not a #rrggbb colour: ${color}`);
  v = Uint8Array.of(
    parseInt(full.slice(0, 2), 16),
    parseInt(full.slice(2, 4), 16),
    parseInt(full.slice(4, 6), 16),
  );
  parsed.set(color, v);
  return v;
}
