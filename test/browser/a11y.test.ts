import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pageForFile } from './page-per-file';

/**
 * Accessibility: axe-core's WCAG 2 A/AA rules (labels, roles, names, contrast…) on the explorer
 * after a run, in the dark and the light theme, with the inspector open; and the main controls
 * reachable and usable from the keyboard alone.
 */
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const chrome = pageForFile();

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
      await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
      await waitForRun(chrome.page);
      const dark = await chrome.page.evaluate(() =>
        document.documentElement.classList.contains('dark'),
      );
      if ((theme === 'dark') !== dark) await chrome.page.getByTestId('theme-toggle').click();
      await chrome.page.keyboard.press('End');
      const box = (await chrome.page.getByTestId('timeline-canvas').boundingBox())!;
      await chrome.page.mouse.click(box.x + 60, box.y + 22 + 5);
      await chrome.page.getByTestId('inspector-tx').waitFor({ timeout: 10_000 });
      const v = await audit(chrome.page);
      expect(v, describeViolations(v)).toEqual([]);
    });
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`has no violations with a graph search, a hotspot and a what-if shown (${theme})`, async () => {
      await chrome.page.goto(inject('baseURL') + '/?preset=p2p&n=300&contention=0.8&cores=8');
      await waitForRun(chrome.page);
      const dark = await chrome.page.evaluate(() =>
        document.documentElement.classList.contains('dark'),
      );
      if ((theme === 'dark') !== dark) await chrome.page.getByTestId('theme-toggle').click();
      await chrome.page.getByTestId('graph-search').fill('#3');
      await chrome.page.getByTestId('graph-search').press('Enter');
      await chrome.page.getByTestId('graph-search-result').waitFor();
      await chrome.page.getByTestId('graph-cell').first().click();
      await chrome.page.getByTestId('graph-cell-accessors').waitFor();
      await chrome.page.getByTestId('whatif-fee-deferred').click();
      await chrome.page.getByTestId('whatif-result').waitFor({ timeout: 60_000 });
      const v = await audit(chrome.page);
      expect(v, describeViolations(v)).toEqual([]);
    });
  }

  it('has no violations with the Cairo inspector and a real-workers result shown', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=erc20-cairo&cores=2');
    await waitForRun(chrome.page);
    await chrome.page.getByTestId('mode-workers').check();
    await chrome.page.getByTestId('workers').fill('2');
    await chrome.page.getByTestId('run').click();
    await chrome.page.getByTestId('real-result').waitFor({ timeout: 120_000 });
    await chrome.page.keyboard.press('End');
    const box = (await chrome.page.getByTestId('timeline-canvas').boundingBox())!;
    await chrome.page.mouse.click(box.x + 60, box.y + 22 + 5);
    await chrome.page.getByTestId('cairo-detail').waitFor({ timeout: 20_000 });
    await chrome.page.getByTestId('cairo-detail').locator('summary').first().click();
    const v = await audit(chrome.page);
    expect(v, describeViolations(v)).toEqual([]);
    await chrome.page.getByTestId('mode-simulated').check();
  });

  it('runs, plays and inspects from the keyboard alone', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
    await waitForRun(chrome.page);
    // Tab to the Run button and press Enter; Space plays; arrows step.
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await chrome.page.keyboard.press('Tab');
      found = await chrome.page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'run',
      );
    }
    expect(found).toBe(true);
    const before = await chrome.page.getByTestId('timeline-body').getAttribute('data-received');
    await chrome.page.keyboard.press('Enter');
    await chrome.page.waitForFunction(
      (prev) =>
        document.querySelector('[data-testid=timeline-body]')?.getAttribute('data-received') !==
        prev,
      before,
      { timeout: 30_000 },
    );
    await chrome.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await chrome.page.keyboard.press('Home');
    await chrome.page.keyboard.press('ArrowRight');
    const t = Number(await chrome.page.getByTestId('playhead-time').getAttribute('data-time'));
    expect(t).toBeGreaterThan(0);
  });
});
