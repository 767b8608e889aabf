import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('real parallel run in the page (Web Workers + SharedArrayBuffer)', () => {
  it('2 workers complete, show the result, and the state check passes', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseURL') + '/parallel-check');
    await page.waitForSelector('[data-testid=parallel-support][data-supported=true]', {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByLabel('Workers').fill('2');
    await page.getByTestId('parallel-run').click();
    await page.waitForSelector(
      '[data-testid=parallel-state][data-state=done], [data-testid=parallel-state][data-state=error]',
      {
        timeout: 120_000,
      },
    );
    if ((await page.getByTestId('parallel-error').count()) > 0) {
      throw new Error(`the run failed: ${await page.getByTestId('parallel-error').textContent()}`);
    }
    expect(await page.getByTestId('parallel-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('parallel-workers').textContent()).toBe('2');
    expect(await page.getByTestId('parallel-check').textContent()).toMatch(/^passed/);
    const hash = await page.getByTestId('parallel-hash').textContent();
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await page.getByTestId('sequential-hash').textContent()).toBe(hash);
    expect(Number(await page.getByTestId('parallel-events').textContent())).toBeGreaterThanOrEqual(
      600,
    );
    expect(errors).toEqual([]);
  });
});
