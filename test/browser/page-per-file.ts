import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

/** Options of `browser.newPage()`. */
export type PageOptions = NonNullable<Parameters<Browser['newPage']>[0]>;

/** The window most browser tests use (also Playwright's own default), stated so it is visible. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** What a test file's hooks opened: read it inside tests and hooks, once beforeAll has run. */
export interface BrowserForFile {
  readonly browser: Browser;
}
export interface PageForFile extends BrowserForFile {
  readonly page: Page;
}

/** The value a hook set, or a clear error when a test reads it before (or without) the hook. */
function opened<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`${what} is not open: read it inside a test or hook, after beforeAll ran`);
  return value;
}

/** One Chromium for the calling test file: launched before its tests, closed after them. */
export function browserForFile(): BrowserForFile {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return opened(browser, 'the browser');
    },
  };
}

/**
 * One Chromium and one page for the calling test file (the page is shared by its tests, in
 * order). `options` go to `newPage`, over a viewport of DEFAULT_VIEWPORT.
 */
export function pageForFile(options: PageOptions = {}): PageForFile {
  const chrome = browserForFile();
  let page: Page | undefined;
  beforeAll(async () => {
    page = await chrome.browser.newPage({ viewport: DEFAULT_VIEWPORT, ...options });
  });
  return {
    get browser() {
      return chrome.browser;
    },
    get page() {
      return opened(page, 'the page');
    },
  };
}
