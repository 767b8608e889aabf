import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium';

/**
 * Accessibility: axe-core's WCAG 2 A/AA rules (labels, roles, names, contrast…) on the explorer
 * after a run, in the dark and the light theme, with the inspector open; and the main controls
 * reachable and usable from the keyboard alone.
 */
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function audit(p: Page): Promise<Violation[]> {
  await p.addScriptTag({ content: axeSource });
  const res = await p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return res.violations;
}

function describeViolations(v: Violation[]): string {
  return v
    .map(
      (x) =>
        `${x.id} (${x.impact}): ${x.help}\n${x.nodes
          .slice(0, 5)
          .map((n) => `   ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

async function waitForRun(p: Page) {
  await p.waitForFunction(() => !!document.querySelector('[data-testid=stat-speedup]'), null, {
    timeout: 60_000,
  });
}

describe('accessibility', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`has no WCAG 2 A/AA violations in the ${theme} theme`, async () => {
      await page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
      await waitForRun(page);
      const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
      if ((theme === 'dark') !== dark) await page.getByTestId('theme-toggle').click();
      await page.keyboard.press('End');
      const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
      await page.mouse.click(box.x + 60, box.y + 22 + 5);
      await page.getByTestId('inspector-tx').waitFor({ timeout: 10_000 });
      const v = await audit(page);
      expect(v, describeViolations(v)).toEqual([]);
    });
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`has no violations with a graph search, a hotspot and a what-if shown (${theme})`, async () => {
      await page.goto(inject('baseURL') + '/?preset=p2p&n=300&contention=0.8&cores=8');
      await waitForRun(page);
      const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
      if ((theme === 'dark') !== dark) await page.getByTestId('theme-toggle').click();
      await page.getByTestId('graph-search').fill('#3');
      await page.getByTestId('graph-search').press('Enter');
      await page.getByTestId('graph-search-result').waitFor();
      await page.getByTestId('graph-cell').first().click();
      await page.getByTestId('graph-cell-accessors').waitFor();
      await page.getByTestId('whatif-fee-deferred').click();
      await page.getByTestId('whatif-result').waitFor({ timeout: 60_000 });
      const v = await audit(page);
      expect(v, describeViolations(v)).toEqual([]);
    });
  }

  it('has no violations with the Cairo inspector and a real-workers result shown', async () => {
    await page.goto(inject('baseURL') + '/?preset=erc20-cairo&cores=2');
    await waitForRun(page);
    await page.getByTestId('mode-workers').check();
    await page.getByTestId('workers').fill('2');
    await page.getByTestId('run').click();
    await page.getByTestId('real-result').waitFor({ timeout: 120_000 });
    await page.keyboard.press('End');
    const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
    await page.mouse.click(box.x + 60, box.y + 22 + 5);
    await page.getByTestId('cairo-detail').waitFor({ timeout: 20_000 });
    await page.getByTestId('cairo-detail').locator('summary').first().click();
    const v = await audit(page);
    expect(v, describeViolations(v)).toEqual([]);
    await page.getByTestId('mode-simulated').check();
  });

  it('runs, plays and inspects from the keyboard alone', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-abc');
    await waitForRun(page);
    // Tab to the Run button and press Enter; Space plays; arrows step.
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'run',
      );
    }
    expect(found).toBe(true);
    const before = await page.getByTestId('timeline-body').getAttribute('data-received');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (prev) =>
        document.querySelector('[data-testid=timeline-body]')?.getAttribute('data-received') !==
        prev,
      before,
      { timeout: 30_000 },
    );
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const t = Number(await page.getByTestId('playhead-time').getAttribute('data-time'));
    expect(t).toBeGreaterThan(0);
  });
});
