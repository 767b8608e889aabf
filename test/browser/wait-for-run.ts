import type { Page } from 'playwright-core';

/**
 * Waits for a run newer than `previous` (the timeline's data-received mark, '0' before any run)
 * to be drawn with its stats, and returns its mark.
 */
export async function waitForRun(p: Page, previous = '0'): Promise<string> {
  await p.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid=timeline-body]');
      return (
        !!el &&
        el.getAttribute('data-received') !== prev &&
        !!document.querySelector('[data-testid=stat-speedup]')
      );
    },
    previous,
    { timeout: 60_000 },
  );
  return (await p.getByTestId('timeline-body').getAttribute('data-received')) ?? '0';
}
