import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pageForFile } from './page-per-file';
import { ROOT } from './server';

const shots = resolve(ROOT, 'test-results');
const chrome = pageForFile();

beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});

describe('the explorer page (production server)', () => {
  it('is served with the cross-origin isolation headers', async () => {
    const res = await fetch(inject('baseURL') + '/');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('shows the skeleton a person expects', async () => {
    await chrome.page.goto(inject('baseURL') + '/');
    // waitFor, not isVisible: the page may still be rendering when the load event fires (a
    // clean-clone CI run once read the heading as not visible yet)
    await chrome.page
      .getByRole('heading', { name: 'STM Explorer', level: 1 })
      .waitFor({ state: 'visible', timeout: 30_000 });
    for (const name of [
      'Block source',
      'Run',
      'Timeline — one lane per core',
      'Dependency graph',
      'Stats',
    ]) {
      await chrome.page
        .getByRole('heading', { name, exact: true })
        .waitFor({ state: 'visible', timeout: 30_000 });
    }
    const cores = chrome.page.getByLabel('Number of cores', { exact: true });
    await cores.fill('16');
    expect(await chrome.page.getByLabel('Number of cores (slider)').inputValue()).toBe('16');
  });

  it('is cross-origin isolated, and a real Worker shares memory with it', async () => {
    await chrome.page.goto(inject('baseURL') + '/');
    expect(await chrome.page.evaluate(() => crossOriginIsolated)).toBe(true);
    const badge = chrome.page.getByTestId('isolation');
    await chrome.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=isolation]')?.getAttribute('data-state') !== 'probing',
      null,
      { timeout: 30_000 },
    );
    expect(await badge.getAttribute('data-worker-isolated')).toBe('true');
    expect(await badge.getAttribute('data-shared-memory')).toBe('true');
    expect(await badge.getAttribute('data-state')).toBe('isolated');
    await chrome.page.screenshot({ path: resolve(shots, 'app-shell.png'), fullPage: true });
  });
});
