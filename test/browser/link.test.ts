import { describe, expect, inject, it } from 'vitest';
import { pageForFile } from './page-per-file';
import { waitForRun } from './wait-for-run';

/**
 * A page link whose settings are not all usable (lib/url-state.ts `problems`): the page says which
 * and what it did instead, and runs with what it could use.
 */
const chrome = pageForFile();

describe('a link with settings the page cannot use', () => {
  it('names each one, runs with the rest, and hides the notice on request', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=nope&cores=999&variant=fast');
    await waitForRun(chrome.page);
    const notice = chrome.page.getByTestId('link-notice');
    const items = await notice.locator('li').allTextContents();
    expect(items).toEqual([
      expect.stringMatching(/^preset "nope" is not one of the examples \(seed-abc, /),
      'cores=999 is outside 1–128: 128 is used',
      expect.stringMatching(/^variant "fast" is not a variant \(block-stm, /),
    ]);
    // the default example on 128 cores, with the default variant
    expect(await chrome.page.getByLabel('Number of cores', { exact: true }).inputValue()).toBe(
      '128',
    );
    await chrome.page.getByRole('button', { name: 'Hide the link notice' }).click();
    expect(await chrome.page.getByTestId('link-notice').count()).toBe(0);
  });

  it('shows nothing for a link that is fine', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc&cores=2');
    await waitForRun(chrome.page);
    expect(await chrome.page.getByTestId('link-notice').count()).toBe(0);
  });
});
