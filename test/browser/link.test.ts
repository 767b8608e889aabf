import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { waitForRun } from './wait-for-run';

/**
 * A page link whose settings are not all usable (lib/url-state.ts `problems`): the page says which
 * and what it did instead, and runs with what it could use.
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await browser?.close();
});

describe('a link with settings the page cannot use', () => {
  it('names each one, runs with the rest, and hides the notice on request', async () => {
    await page.goto(inject('baseURL') + '/?preset=nope&cores=999&variant=fast');
    await waitForRun(page);
    const notice = page.getByTestId('link-notice');
    const items = await notice.locator('li').allTextContents();
    expect(items).toEqual([
      expect.stringMatching(/^preset "nope" is not one of the examples \(seed-abc, /),
      'cores=999 is outside 1–128: 128 is used',
      expect.stringMatching(/^variant "fast" is not a variant \(block-stm, /),
    ]);
    // the default example on 128 cores, with the default variant
    expect(await page.getByLabel('Number of cores', { exact: true }).inputValue()).toBe('128');
    await page.getByRole('button', { name: 'Hide the link notice' }).click();
    expect(await page.getByTestId('link-notice').count()).toBe(0);
  });

  it('shows nothing for a link that is fine', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-abc&cores=2');
    await waitForRun(page);
    expect(await page.getByTestId('link-notice').count()).toBe(0);
  });
});
