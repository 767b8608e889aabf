/**
 * Screenshots of the dependency graph for the README: a real 236-transaction gallery block
 * (mainnet 65000) and 1,000- and 5,000-transaction p2p blocks, plus the 5,000 one zoomed into a
 * dense column. Production build (STM_SKIP_BUILD=1 reuses .next/), headless Chromium.
 *
 *   node --import tsx scripts/graph-screenshots.ts      → docs/graph-*.png
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp, ROOT, startServer } from '../test/browser/server';
import { launchChromium } from '../test/browser/chromium';
import { waitForRun } from '../test/browser/wait-for-run';

const OUT = resolve(ROOT, 'docs');

const SHOTS: { file: string; path: string; search?: string }[] = [
  { file: 'graph-236.png', path: '/?block=mainnet-65000&cores=8' },
  { file: 'graph-1000.png', path: '/?preset=p2p&n=1000&contention=0.5&cores=32' },
  { file: 'graph-5000.png', path: '/?preset=p2p&n=5000&contention=0.2&cores=32' },
  {
    file: 'graph-5000-zoomed.png',
    path: '/?preset=p2p&n=5000&contention=0.2&cores=32',
    search: '2500',
  },
];

/** Plays the run to its end, so every node shows its final state. */
async function toEnd(page: Page) {
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
}

async function shoot(page: Page, base: string, s: (typeof SHOTS)[number]) {
  await page.goto(base + s.path);
  await waitForRun(page);
  await page.getByTestId('graph-canvas').waitFor();
  await toEnd(page);
  if (s.search) {
    await page.getByTestId('graph-search').fill(s.search);
    await page.getByTestId('graph-search').press('Enter');
    await page.waitForTimeout(800); // the 250 ms zoom transition, then a frame
  }
  const file = resolve(OUT, s.file);
  await page.getByTestId('graph').screenshot({ path: file });
  console.log(`wrote ${file}`);
}

async function main() {
  if (process.env.STM_SKIP_BUILD !== '1') buildApp();
  mkdirSync(OUT, { recursive: true });
  const server = await startServer('start');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    for (const s of SHOTS) await shoot(page, server.url, s);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
