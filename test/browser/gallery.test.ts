import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pageForFile } from './page-per-file';
import { ROOT } from './server';
import type { GalleryIndex } from '../../lib/gallery';
import { waitForRun } from './wait-for-run';

/**
 * Real blocks without an RPC node: a gallery block opened by its `?block=` link and from the
 * picker, and a block file opened with the "Open file…" button (good and bad input).
 */
const shots = resolve(ROOT, 'test-results');
const gallery = JSON.parse(
  readFileSync(resolve(ROOT, 'public/gallery/index.json'), 'utf8'),
) as GalleryIndex;
const entry = (id: string) => gallery.blocks.find((b) => b.id === id)!;
const chrome = pageForFile();

beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});

describe('the block gallery', () => {
  it('opens a gallery block from its ?block= link, runs it, and switches blocks from the picker', async () => {
    const small = entry('sepolia-integration-63881');
    await chrome.page.goto(inject('baseURL') + `/?block=${small.id}`);
    const seq = await waitForRun(chrome.page);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe(String(small.txCount));
    expect(await chrome.page.getByTestId('block-summary').textContent()).toContain(small.title);
    expect(
      Number(await chrome.page.getByTestId('stat-makespan').getAttribute('data-value')),
    ).toBeGreaterThan(0);
    expect(chrome.page.url()).toContain(`block=${small.id}`);
    expect(await chrome.page.getByTestId(`gallery-${small.id}`).getAttribute('aria-pressed')).toBe(
      'true',
    );

    const large = entry('mainnet-2500');
    await chrome.page.getByTestId(`gallery-${large.id}`).click();
    await waitForRun(chrome.page, seq);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe(
      large.txCount.toLocaleString('en-US'),
    );
    expect(chrome.page.url()).toContain(`block=${large.id}`);
    expect(chrome.page.url()).not.toContain('preset=');
    await chrome.page.screenshot({ path: resolve(shots, 'gallery-mainnet-2500.png') });
  });

  it('an unknown gallery id says so and shows the default block', async () => {
    await chrome.page.goto(inject('baseURL') + '/?block=mainnet-1');
    await waitForRun(chrome.page);
    const alert = chrome.page.getByRole('alert').filter({ hasText: /gallery/ });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(/no gallery block "mainnet-1"/);
  });
});

describe('Open file…', () => {
  it('imports a chosen file like a dropped one, and a bad file gives the same specific error', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
    const seq = await waitForRun(chrome.page);
    await chrome.page.getByText('Paste or drop block JSON').click();
    const input = chrome.page.getByTestId('open-file-input');

    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"block_number": 5, "transactions": ['),
    });
    const alert = chrome.page.getByRole('alert').filter({ hasText: /JSON/ });
    await alert.waitFor({ timeout: 20_000 });
    expect((await alert.textContent())!).toMatch(/line|position|column|end of/i);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('3');

    // the button opens the same (hidden) input
    const chooser = chrome.page.waitForEvent('filechooser');
    await chrome.page.getByRole('button', { name: /Open file/ }).click();
    await (
      await chooser
    ).setFiles(resolve(ROOT, 'test/fixtures/blocks/rpc-traces-initial-reads.json'));
    await waitForRun(chrome.page, seq);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('2');
    // the import error is gone (Next's route announcer is an empty alert too, hence the filter)
    expect(await chrome.page.getByRole('alert').filter({ hasText: /JSON/ }).count()).toBe(0);
    // the preset's link no longer describes what is on screen: it is dropped, and Copy link is off
    expect(chrome.page.url()).not.toContain('preset=');
    expect(await chrome.page.getByTestId('copy-link').isDisabled()).toBe(true);
  });
});
