/**
 * `node --import tsx bench/ui-pixels.ts OUT_DIR [view…]`: the timeline canvas of a few views as PNGs
 * (production build in .next/), and `node --import tsx bench/ui-pixels.ts --diff DIR_A DIR_B`:
 * how far two sets differ, pixel by pixel. For checking that a change to the drawing draws the
 * same picture: capture with the old build, then with the new, and diff. Views: the 10,000-
 * transaction p2p run on 32 cores (sub-pixel bars), zoomed in, a 200-transaction run on 4 cores
 * (labels, access ticks) with a bar selected, and the bouncer's block-full preset (faded bars,
 * the halt line). A tool, not a figure.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { startServer } from '../test/browser/server';
import { launchChromium } from '../test/browser/chromium';

const VIEWS: { name: string; query: string; then?: (p: Page) => Promise<void> }[] = [
  { name: 'p2p-10000-32', query: 'preset=p2p&cores=32&n=10000' },
  { name: 'p2p-10000-32-zoomed', query: 'preset=p2p&cores=32&n=10000', then: zoomIn },
  { name: 'p2p-200-4-selected', query: 'preset=p2p&cores=4&n=200', then: clickFirstBar },
  { name: 'seed-bouncer', query: 'preset=seed-abc', then: bouncer },
];

/** The bouncer's preset as the page loads it from its button (with its block capacity), at the end. */
async function bouncer(page: Page): Promise<void> {
  const canvas = page.getByTestId('timeline-canvas');
  const before = await canvas.getAttribute('data-drawn');
  await page.getByTestId('preset-seed-bouncer').click();
  await page.waitForFunction(
    (b) =>
      document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-drawn') !== b,
    before,
  );
  await page.keyboard.press('End');
}

async function zoomIn(page: Page): Promise<void> {
  const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240);
}

async function clickFirstBar(page: Page): Promise<void> {
  const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
  await page.mouse.click(box.x + 60, box.y + 22 + 8);
}

async function capture(out: string, only: string[]): Promise<void> {
  mkdirSync(out, { recursive: true });
  const server = await startServer('start');
  const browser = await launchChromium();
  try {
    for (const v of VIEWS.filter((w) => only.length === 0 || only.includes(w.name))) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}/?${v.query}`);
      const canvas = page.getByTestId('timeline-canvas');
      await page.waitForFunction(
        () => !!document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-drawn'),
        null,
        { timeout: 300_000 },
      );
      await v.then?.(page);
      await page.waitForTimeout(500);
      const url = await canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
      writeFileSync(join(out, `${v.name}.png`), Buffer.from(url.split(',')[1], 'base64'));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function diff(a: string, b: string): Promise<void> {
  for (const f of readdirSync(a).filter((x) => x.endsWith('.png'))) {
    const [x, y] = await Promise.all(
      [a, b].map((d) =>
        sharp(join(d, f)).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
      ),
    );
    if (x.info.width !== y.info.width || x.info.height !== y.info.height) {
      console.log(`${f}: sizes differ`);
      continue;
    }
    let max = 0;
    let sum = 0;
    let off = 0;
    let off8 = 0;
    const px = x.data.length / 4;
    for (let i = 0; i < x.data.length; i += 4) {
      let d = 0;
      for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(x.data[i + k] - y.data[i + k]));
      max = Math.max(max, d);
      sum += d;
      if (d > 0) off++;
      if (d > 8) off8++;
    }
    console.log(
      `${f}: ${x.info.width}×${x.info.height}, pixels differing ${((100 * off) / px).toFixed(2)}%` +
        ` (by more than 8/255: ${((100 * off8) / px).toFixed(2)}%), max ${max}/255,` +
        ` mean ${(sum / px).toFixed(3)}/255`,
    );
  }
}

const args = process.argv.slice(2);
(args[0] === '--diff' ? diff(args[1], args[2]) : capture(args[0], args.slice(1))).catch((e) => {
  console.error(e);
  process.exit(1);
});
