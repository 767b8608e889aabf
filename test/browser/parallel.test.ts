import { describe, expect, inject, it } from 'vitest';
import { pageForFile } from './page-per-file';

const chrome = pageForFile();

describe('real parallel run in the page (Web Workers + SharedArrayBuffer)', () => {
  it('2 workers complete, show the result, and the state check passes', async () => {
    const errors: string[] = [];
    chrome.page.on('pageerror', (e) => errors.push(e.message));
    await chrome.page.goto(inject('baseURL') + '/parallel-check');
    await chrome.page.waitForSelector('[data-testid=parallel-support][data-supported=true]', {
      timeout: 30_000,
    });
    expect(await chrome.page.evaluate(() => crossOriginIsolated)).toBe(true);
    await chrome.page.getByLabel('Workers').fill('2');
    await chrome.page.getByTestId('parallel-run').click();
    await chrome.page.waitForSelector(
      '[data-testid=parallel-state][data-state=done], [data-testid=parallel-state][data-state=error]',
      {
        timeout: 120_000,
      },
    );
    if ((await chrome.page.getByTestId('parallel-error').count()) > 0) {
      throw new Error(
        `the run failed: ${await chrome.page.getByTestId('parallel-error').textContent()}`,
      );
    }
    expect(await chrome.page.getByTestId('parallel-result').getAttribute('data-ok')).toBe('true');
    expect(await chrome.page.getByTestId('parallel-workers').textContent()).toBe('2');
    expect(await chrome.page.getByTestId('parallel-check').textContent()).toMatch(/^passed/);
    const hash = await chrome.page.getByTestId('parallel-hash').textContent();
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await chrome.page.getByTestId('sequential-hash').textContent()).toBe(hash);
    expect(
      Number(await chrome.page.getByTestId('parallel-events').textContent()),
    ).toBeGreaterThanOrEqual(600);
    expect(errors).toEqual([]);
  });
});
