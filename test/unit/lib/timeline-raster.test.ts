import { describe, expect, it } from 'vitest';
import { parseHex, rasterBars, type BarLog, type BarRasterSpec } from '@/lib/timeline-raster';

/** x = left + t (one time unit per CSS pixel), domain [0, span]. */
function scale(left: number, span: number) {
  return Object.assign((t: number) => left + t, { domain: () => [0, span] });
}

function log(bars: [start: number, end: number, core: number, tx?: number][]): BarLog {
  return {
    count: bars.length,
    start: bars.map((b) => b[0]),
    end: bars.map((b) => b[1]),
    core: bars.map((b) => b[2]),
    tx: bars.map((b, i) => b[3] ?? i),
  };
}

const SPEC: BarRasterSpec = {
  dpr: 1,
  deviceWidth: 20,
  deviceHeight: 30,
  left: 2,
  right: 20,
  top: 4,
  laneH: 10,
  pad: 1,
  cores: 2,
  fade: '#000000',
  fadeAlpha: 0.5,
};

/** RGBA of device pixel (x, y) of the canvas, or undefined above/below the band. */
function px(b: ReturnType<typeof rasterBars>, x: number, y: number): number[] {
  const at = ((y - b.top) * b.width + x) * 4;
  return [...b.pixels.slice(at, at + 4)];
}

const RED = '#ff0000';
const BLUE = '#0000ff';

describe('rasterBars', () => {
  it('fills whole pixels a bar covers with its colour, opaque, and leaves the rest clear', () => {
    // core 1: rows 4+10+1 = 15 … 22 (8 high), columns 2+3 = 5 … 8
    const b = rasterBars(log([[3, 7, 1]]), scale(2, 20), () => RED, SPEC);
    expect(b.top).toBe(4);
    expect(b.height).toBe(20);
    expect(px(b, 5, 15)).toEqual([255, 0, 0, 255]);
    expect(px(b, 8, 22)).toEqual([255, 0, 0, 255]);
    expect(px(b, 4, 15)).toEqual([0, 0, 0, 0]);
    expect(px(b, 9, 15)).toEqual([0, 0, 0, 0]);
    expect(px(b, 5, 14)).toEqual([0, 0, 0, 0]); // the lane's padding
    expect(px(b, 5, 23)).toEqual([0, 0, 0, 0]);
    expect(px(b, 5, 8)).toEqual([0, 0, 0, 0]); // core 0's lane
  });

  it('gives a sub-pixel bar its coverage as alpha, at least the minimum width', () => {
    const b = rasterBars(
      log([
        [3, 3.25, 0], // 0.25 wide: drawn 0.75 wide
        [6.5, 8, 0], // half of column 8, all of 9
      ]),
      scale(2, 20),
      () => BLUE,
      SPEC,
    );
    expect(px(b, 5, 6)).toEqual([0, 0, 255, Math.round(0.75 * 255)]);
    expect(px(b, 8, 6)).toEqual([0, 0, 255, Math.round(0.5 * 255)]);
    expect(px(b, 9, 6)).toEqual([0, 0, 255, 255]);
  });

  it('paints a later bar over an earlier one in a shared column (source-over)', () => {
    // red covers column 5 fully, then blue covers its right half
    const b = rasterBars(
      log([
        [3, 4, 0],
        [3.5, 4.5, 0],
      ]),
      scale(2, 20),
      (e) => (e === 0 ? RED : BLUE),
      SPEC,
    );
    const [r, g, bl, a] = px(b, 5, 6);
    expect(a).toBe(255);
    expect(r).toBe(Math.round(255 * 0.5));
    expect(g).toBe(0);
    expect(bl).toBe(Math.round(255 * 0.5));
  });

  it('fades the bars of transactions from excludedFrom on', () => {
    const b = rasterBars(
      log([
        [0, 2, 0, 0],
        [4, 6, 0, 1],
      ]),
      scale(2, 20),
      () => RED,
      { ...SPEC, excludedFrom: 1, fade: '#ffffff', fadeAlpha: 0.6 },
    );
    expect(px(b, 2, 6)).toEqual([255, 0, 0, 255]);
    const faded = Math.round(255 * 0.6);
    expect(px(b, 6, 6)).toEqual([255, faded, faded, 255]);
  });

  it('scales a row the lane covers partly, and blends a row two lanes share', () => {
    // no padding, lanes 2.5 px: lane 0 covers rows 4, 5 and half of 6; lane 1 the other half of 6
    const spec = { ...SPEC, laneH: 2.5, pad: 0 };
    const b = rasterBars(
      log([
        [0, 2, 0],
        [0, 2, 1],
      ]),
      scale(2, 20),
      (e) => (e === 0 ? RED : BLUE),
      spec,
    );
    expect(px(b, 2, 5)).toEqual([255, 0, 0, 255]);
    // half red, then half blue over it, as two anti-aliased canvas rectangles: ¾ covered, ⅓ red
    px(b, 2, 6).forEach((v, i) =>
      expect(Math.abs(v - [85, 0, 170, 191][i])).toBeLessThanOrEqual(1),
    );
    expect(px(b, 2, 7)).toEqual([0, 0, 255, 255]);
    const one = rasterBars(log([[0, 2, 0]]), scale(2, 20), () => RED, spec);
    expect(px(one, 2, 6)).toEqual([255, 0, 0, 128]);
  });

  it('skips bars outside the domain, lists the wide ones, and keeps a lane in log order', () => {
    const b = rasterBars(
      log([
        [30, 40, 0], // after the domain
        [0, 12, 1], // 12 px: wide
        [12, 13, 1],
      ]),
      scale(2, 20),
      () => RED,
      SPEC,
    );
    expect([...b.visible]).toEqual([1, 2]);
    expect([...b.wide]).toEqual([1]);
  });

  it('scales to device pixels', () => {
    const b = rasterBars(log([[1, 2, 0]]), scale(2, 20), () => RED, {
      ...SPEC,
      dpr: 2,
      deviceWidth: 40,
      deviceHeight: 60,
    });
    // CSS column 3 → device columns 6 and 7; lane 0's bars CSS rows 5…12 → device 10…25
    expect(px(b, 6, 10)).toEqual([255, 0, 0, 255]);
    expect(px(b, 7, 25)).toEqual([255, 0, 0, 255]);
    expect(px(b, 8, 10)).toEqual([0, 0, 0, 0]);
    expect(px(b, 6, 26)).toEqual([0, 0, 0, 0]);
  });
});

describe('parseHex', () => {
  it('reads #rgb and #rrggbb, and refuses anything else', () => {
    expect([...parseHex('#3b82f6')]).toEqual([0x3b, 0x82, 0xf6]);
    expect([...parseHex('#fff')]).toEqual([255, 255, 255]);
    expect(() => parseHex('rgba(0,0,0,0.5)')).toThrow();
  });
});
