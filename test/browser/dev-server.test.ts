import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserForFile } from './page-per-file';
import { startServer, type RunningServer } from './server';

/** The isolation headers must hold under `next dev` too, worker scripts included. */
let server: RunningServer;
const chrome = browserForFile();

beforeAll(async () => {
  server = await startServer('dev');
});
afterAll(async () => {
  await server?.stop();
});

describe('next dev', () => {
  it('serves an isolated page whose Worker shares memory', async () => {
    const res = await fetch(server.url + '/');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const page = await chrome.browser.newPage();
    await page.goto(server.url + '/');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=isolation]')?.getAttribute('data-state') !== 'probing',
      null,
      { timeout: 120_000 },
    );
    const badge = page.getByTestId('isolation');
    expect(await badge.getAttribute('data-shared-memory')).toBe('true');
    expect(await badge.getAttribute('data-worker-isolated')).toBe('true');
  });
});
