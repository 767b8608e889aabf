import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pageForFile } from './page-per-file';
import { ROOT } from './server';
import { waitForRun } from './wait-for-run';
import { importBlock } from '../../engine/blocks/import';

/**
 * The dependency graph of a real gallery block: zoom, search (index and hash), a hotspot's
 * readers and writers, a what-if; and a 5,000-transaction block whose dense columns are density
 * bars that open up into nodes when zoomed.
 */
const shots = resolve(ROOT, 'test-results');
const chrome = pageForFile({ viewport: { width: 1280, height: 900 } });

const zoomOf = async () =>
  Number(await chrome.page.getByTestId('graph-canvas').getAttribute('data-zoom'));
const barsOf = async () =>
  Number(await chrome.page.getByTestId('graph-canvas').getAttribute('data-bars'));

/** Waits until the graph's zoom attribute satisfies `ok` (zoom transitions last 250 ms). */
async function waitZoom(ok: (k: number) => boolean) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (ok(await zoomOf())) return;
    await chrome.page.waitForTimeout(100);
  }
  throw new Error(`graph zoom stayed at ${await zoomOf()}`);
}

beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});

describe('dependency graph of a gallery block', () => {
  it('zooms, finds a transaction by index and by hash, and highlights a hotspot', async () => {
    await chrome.page.goto(inject('baseURL') + '/?block=mainnet-65000');
    await waitForRun(chrome.page);
    const canvas = chrome.page.getByTestId('graph-canvas');
    await canvas.waitFor();
    await waitZoom((k) => k > 0);
    const fit = await zoomOf();

    // wheel over the graph zooms in
    const box = (await canvas.boundingBox())!;
    await chrome.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await chrome.page.mouse.wheel(0, -400);
    await waitZoom((k) => k > fit * 1.2);

    // search by index: the transaction is selected (inspector) and centred
    await chrome.page.getByTestId('graph-fit').click();
    await waitZoom((k) => Math.abs(k - fit) < 1e-3);
    await chrome.page.getByTestId('graph-search').fill('#17');
    await chrome.page.getByTestId('graph-search').press('Enter');
    await chrome.page.getByTestId('graph-search-result').filter({ hasText: '1 match' }).waitFor();
    expect(await chrome.page.getByTestId('inspector-tx').getAttribute('data-tx')).toBe('17');
    expect(await canvas.getAttribute('data-matches')).toBe('1');

    // search by hash (the block's own, zero-padded as the feeder gateway writes it)
    const block = importBlock(
      readFileSync(resolve(ROOT, 'public/gallery/mainnet-65000.json'), 'utf8'),
    );
    const hash = block.transactions[42].hash;
    await chrome.page.getByTestId('graph-search').fill(hash);
    await chrome.page.getByTestId('graph-search').press('Enter');
    await chrome.page.waitForFunction(
      () => document.querySelector('[data-testid=inspector-tx]')?.getAttribute('data-tx') === '42',
      null,
      { timeout: 10_000 },
    );

    // a hotspot cell: its readers and writers are counted and ringed
    await chrome.page.getByTestId('graph-cell').first().click();
    const who = chrome.page.getByTestId('graph-cell-accessors');
    await who.waitFor();
    expect(await who.textContent()).toMatch(/\d+ readers.*\d+ writers/);
    await chrome.page.screenshot({ path: resolve(shots, 'graph-mainnet-65000.png') });
  });

  it('runs a what-if and shows both sides', async () => {
    await chrome.page.getByTestId('whatif-no-nonces').click();
    const result = chrome.page.locator('[data-testid=whatif-result][data-whatif=no-nonces]');
    await result.waitFor({ timeout: 60_000 });
    const text = (await result.textContent())!;
    expect(text).toContain('as is');
    expect(text).toContain('nonces ignored');
    expect(text).toMatch(/columns/);
    await chrome.page
      .getByTestId('whatif')
      .screenshot({ path: resolve(shots, 'whatif-no-nonces.png') });
    await chrome.page.getByTestId('whatif-no-hotspot').click();
    await chrome.page.locator('[data-testid=whatif-result][data-whatif=no-hotspot]').waitFor({
      timeout: 60_000,
    });
  });
});

describe('a 5,000-transaction graph', () => {
  it('draws dense columns as bars that open into nodes when zoomed', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&n=5000&contention=0.2&cores=32');
    await waitForRun(chrome.page);
    await waitZoom((k) => k > 0);
    const before = await barsOf();
    expect(before).toBeGreaterThan(0);
    const fit = await zoomOf();
    // a search for a transaction in a dense column zooms until its column shows nodes
    await chrome.page.getByTestId('graph-search').fill('2500');
    await chrome.page.getByTestId('graph-search').press('Enter');
    await chrome.page.getByTestId('graph-search-result').filter({ hasText: '1 match' }).waitFor();
    await waitZoom((k) => k > fit * 2);
    await chrome.page.waitForTimeout(400);
    expect(await barsOf()).toBeLessThan(before);
    await chrome.page.screenshot({ path: resolve(shots, 'graph-p2p-5000.png') });
  });
});
