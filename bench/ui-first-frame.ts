/**
 * Run → first frame, as the UI benches measure it: click Run, wait until the timeline canvas is
 * drawn for the new run (its `data-drawn` changes), then one more animation frame. The script is
 * passed to the page as a string: tsx would inject helpers (__name) into a function.
 */
import type { Page } from 'playwright-core';

const FIRST_FRAME = `(async (prev) => {
  const t0 = performance.now();
  document.querySelector('[data-testid=run]').click();
  await new Promise((res) => {
    const check = () => {
      const d = document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-drawn');
      if (d && d !== prev) requestAnimationFrame(() => res());
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  return performance.now() - t0;
})`;

/** Milliseconds from clicking Run to the first frame of the new run. */
export async function firstFrameMs(page: Page): Promise<number> {
  const prev = await page.getByTestId('timeline-canvas').getAttribute('data-drawn');
  return (await page.evaluate(`${FIRST_FRAME}(${JSON.stringify(prev)})`)) as number;
}
