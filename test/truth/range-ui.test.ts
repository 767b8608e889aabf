/**
 * The explorer's range panel against the real node, in the real browser: a range of devnet
 * blocks analysed in the range Web Worker, then, after a page reload, the same range again from
 * the IndexedDB cache with no block fetched. Uses the production build in .next/ (built here
 * when missing). Without the node it skips locally and FAILS under CI=true.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { ROOT, buildApp, startServer, type RunningServer } from '../browser/server';
import { waitForRun } from '../browser/wait-for-run';
import { type Devnet, findDevnet, startDevnet } from './devnet';
import { connect } from './scenarios';
import { smallBlocks } from './small-blocks';

const BLOCKS = 8;
const bin = findDevnet();

it.runIf(!bin && process.env.CI === 'true')('has starknet-devnet under CI', () => {
  throw new Error('starknet-devnet not found and CI=true: run scripts/setup/devnet.sh');
});

describe.skipIf(!bin)('the range panel against starknet-devnet (Chromium, a Web Worker)', () => {
  let node: Devnet | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let from = 0;

  beforeAll(async () => {
    node = await startDevnet({ accounts: 10 });
    ({ from } = await smallBlocks(await connect(node.url), BLOCKS));
    if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) buildApp();
    server = await startServer('start');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await node?.stop();
  });

  async function analyseRange(): Promise<string> {
    await page.goto(server!.url + '/?preset=seed-abc');
    await waitForRun(page);
    await page.getByText('Analyse a block range').click();
    await page.getByLabel('Range node URL').fill(node!.url);
    await page.getByLabel('Range from block').fill(String(from));
    await page.getByLabel('Range to block').fill(String(from + BLOCKS - 1));
    await page.getByTestId('range-start').click();
    const counters = page.getByTestId('range-counters');
    await counters.waitFor({ timeout: 120_000 });
    return (await counters.textContent()) ?? '';
  }

  it('analyses the range in the worker and draws its plot', async () => {
    expect(await analyseRange()).toContain(`${BLOCKS} blocks: 0 from the cache, ${BLOCKS} fetched`);
    const plot = page.getByRole('img', { name: /Parallelism of blocks/ });
    expect(await plot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
      480,
    );
    expect(await page.locator('[data-testid=range-result] tbody tr').count()).toBe(BLOCKS);
  });

  it('after a reload the same range comes from IndexedDB: no block fetched', async () => {
    expect(await analyseRange()).toContain(`${BLOCKS} blocks: ${BLOCKS} from the cache, 0 fetched`);
  });
});
