import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { ROOT } from './server';
import { buildPreset, presetInfo, PRESETS, type PresetId } from '../../lib/presets';
import { execute } from '../../lib/engine-worker/compute';
import { buildChain, serveChain } from '../unit/reexecute/mock-chain';
import { waitForRun } from './wait-for-run';

/**
 * The explorer end to end: every preset loads, runs in the worker, plays to the end; the numbers
 * shown equal the engine's own (recomputed here in Node with the same parameters); inspector,
 * exports and the shareable URL work. Screenshots of each state go to test-results/.
 */
const shots = resolve(ROOT, 'test-results');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

async function statValue(p: Page, key: string): Promise<number> {
  return Number(await p.getByTestId(`stat-${key}`).getAttribute('data-value'));
}

async function playToEnd(p: Page) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.keyboard.press('Home');
  await p.getByTestId('play').click();
  await p.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid=playhead-time]');
      return el && Number(el.getAttribute('data-time')) >= Number(el.getAttribute('data-duration'));
    },
    null,
    { timeout: 60_000 },
  );
}

function engineMetrics(id: PresetId, cores: number, variant = 'block-stm' as const, n?: number) {
  const info = presetInfo(id)!;
  const ex = buildPreset(id, { n: n ?? info.defaultN, contention: 0.3, seed: 1 });
  // a preset that brings its block capacity (seed-bouncer) runs with it, as the explorer does
  const cap = info.catalog.blockCapacity;
  const params = { variant, cores, costModel: info.costModel, seed: 1 };
  return execute(ex, cap ? { ...params, blockCapacity: cap } : params).metrics;
}

describe('the explorer', () => {
  it('opens the seed A/B/C example from the demo URL and shows the engine’s numbers', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-abc');
    await waitForRun(page);
    expect(await page.getByTestId('summary-txs').textContent()).toBe('3');
    const m = engineMetrics('seed-abc', 2);
    expect(await statValue(page, 'makespan')).toBe(m.makespan);
    expect(await statValue(page, 'speedup')).toBeCloseTo(m.speedup, 9);
    expect(await statValue(page, 'reExecutions')).toBe(m.reExecutions);
    await page.screenshot({ path: resolve(shots, 'explorer-seed-abc.png') });
  });

  for (const preset of PRESETS) {
    it(`loads, runs and plays the ${preset.id} preset`, async () => {
      await page.goto(inject('baseURL') + '/?preset=seed-abc');
      const seq = await waitForRun(page);
      await page.getByTestId(`preset-${preset.id}`).click();
      await waitForRun(page, seq);
      const cores = Number(await page.getByLabel('Number of cores', { exact: true }).inputValue());
      const m = engineMetrics(preset.id, cores);
      expect(await statValue(page, 'makespan')).toBe(m.makespan);
      expect(await statValue(page, 'speedup')).toBeCloseTo(m.speedup, 9);
      expect(await statValue(page, 'executions')).toBe(m.executions);
      expect(await statValue(page, 'reExecutions')).toBe(m.reExecutions);
      expect(await statValue(page, 'aborts')).toBe(m.aborts.total);
      expect(await statValue(page, 'validations')).toBe(m.validations);
      expect(await statValue(page, 'wastedWork')).toBe(m.wastedWork);
      expect(await statValue(page, 'utilisation')).toBeCloseTo(m.utilisation, 9);
      await playToEnd(page);
      expect(page.url()).toContain(`preset=${preset.id}`);
      await page.screenshot({ path: resolve(shots, `explorer-${preset.id}.png`) });
    });
  }

  it('honours ?cores and ?variant, and re-runs with other settings', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=selective');
    const seq = await waitForRun(page);
    const m = engineMetrics('seed-figure1', 5, 'selective' as never);
    expect(await statValue(page, 'makespan')).toBe(m.makespan);
    expect(await page.getByLabel('Variant', { exact: true }).inputValue()).toBe('selective');
    await page.getByLabel('Number of cores', { exact: true }).fill('3');
    await page.getByTestId('run').click();
    await waitForRun(page, seq);
    expect(await statValue(page, 'makespan')).toBe(
      engineMetrics('seed-figure1', 3, 'selective' as never).makespan,
    );
    expect(page.url()).toContain('cores=3');
  });

  it('plays without relaying out the page or redrawing the timeline bars, and the time shown moves', async () => {
    await page.goto(inject('baseURL') + '/?preset=p2p&cores=32');
    await waitForRun(page);
    await page.keyboard.press('Home');
    const canvas = page.getByTestId('timeline-canvas');
    const state = async () => ({
      draws: await canvas.getAttribute('data-static-draws'),
      canvasH: (await canvas.boundingBox())!.height,
      playH: (await page.getByTestId('play').boundingBox())!.height,
    });
    const before = await state();
    const time = async () =>
      Number(await page.getByTestId('playhead-time').getAttribute('data-time'));
    const t0 = await time();
    await page.getByTestId('play').click();
    expect(await page.getByTestId('play').getAttribute('aria-label')).toBe('Pause');
    await page.waitForTimeout(600);
    const playing = await state();
    // the text is throttled while playing, never frozen
    expect(await time()).toBeGreaterThan(t0);
    await page.getByTestId('play').click();
    expect(playing).toEqual(before);
    expect(await state()).toEqual(before);
  });

  it('inspects a transaction and a cell', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
    await waitForRun(page);
    // teaching narration steps
    await page.getByTestId('teach-next').click();
    expect((await page.getByTestId('narration').textContent())!.length).toBeGreaterThan(20);
    await page.keyboard.press('End');
    // click the first bar of core 0 in the timeline
    const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
    await page.mouse.click(box.x + 60, box.y + 22 + 5);
    await page.getByTestId('inspector-tx').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('incarnation').count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(shots, 'explorer-inspect-tx.png') });
    await page.getByTestId('inspector-cell').first().click();
    await page.getByTestId('inspector-cell-view').waitFor();
    expect(await page.getByTestId('cell-writers').locator('li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(shots, 'explorer-inspect-cell.png') });
  });

  it('shows what a transaction did on the Cairo VM: calls, steps, events and CASM', async () => {
    await page.goto(inject('baseURL') + '/?preset=erc20-cairo&cores=2');
    await waitForRun(page);
    await page.keyboard.press('End');
    const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
    await page.mouse.click(box.x + 60, box.y + 22 + 5);
    await page.getByTestId('cairo-detail').waitFor({ timeout: 20_000 });
    expect(
      Number(await page.getByTestId('cairo-steps').getAttribute('data-value')),
    ).toBeGreaterThan(100);
    expect(await page.getByTestId('cairo-call').count()).toBeGreaterThanOrEqual(3);
    const text = (await page.getByTestId('cairo-detail').textContent())!;
    expect(text).toContain('__validate__');
    expect(text).toContain('transfer');
    await page.getByTestId('cairo-detail').locator('summary').first().click();
    expect((await page.getByTestId('cairo-ran').first().textContent())!).toMatch(/×\d+/);
    await page.screenshot({ path: resolve(shots, 'explorer-cairo-inspector.png') });
  });

  it('exports the run as JSON, metrics as CSV, and the timeline and graph as SVG and PNG', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
    await waitForRun(page);
    const m = engineMetrics('seed-figure1', 5);
    const grab = async (id: string) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      const path = resolve(shots, `export-${dl.suggestedFilename()}`);
      await dl.saveAs(path);
      return readFileSync(path);
    };
    const run = JSON.parse((await grab('export-json')).toString('utf8'));
    expect(run.format).toBe('stm-explorer-run/1');
    expect(run.metrics.makespan).toBe(m.makespan);
    expect(run.log.count).toBe(run.log.kind.length);
    const csv = (await grab('export-csv')).toString('utf8').trim().split('\n');
    const head = csv[0].split(',');
    const row = csv[1].split(',');
    expect(Number(row[head.indexOf('makespan')])).toBe(m.makespan);
    expect(Number(row[head.indexOf('reExecutions')])).toBe(m.reExecutions);
    for (const id of ['export-timeline-svg', 'export-graph-svg']) {
      const svg = (await grab(id)).toString('utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
    }
    const tl = await grab('export-timeline-svg');
    expect((tl.toString('utf8').match(/<rect /g) ?? []).length).toBe(run.log.count + 1);
    for (const id of ['export-timeline-png', 'export-graph-png']) {
      const png = await grab(id);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThan(100); // width
    }
  });

  it('compares two variants side by side and spells out the difference', async () => {
    await page.goto(
      inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=selective&vb=naive&cb=5',
    );
    await waitForRun(page);
    await page.getByTestId('compare-diff').waitFor();
    expect(await page.getByTestId('timeline-canvas-b').isVisible()).toBe(true);
    const a = engineMetrics('seed-figure1', 5, 'selective' as never);
    const b = engineMetrics('seed-figure1', 5, 'naive' as never);
    const text = (await page.getByTestId('compare-diff').textContent())!;
    expect(text).toContain(`re-executions ${b.reExecutions} vs ${a.reExecutions}`);
    await page.screenshot({ path: resolve(shots, 'explorer-compare.png') });
  });

  it('runs Block-STM for real on 2 Web Workers next to its simulation, with the state check', async () => {
    await page.goto(inject('baseURL') + '/?preset=p2p&cores=2');
    const seq = await waitForRun(page);
    await page.getByTestId('mode-workers').check();
    await page.getByTestId('workers').fill('2');
    await page.getByTestId('run').click();
    await waitForRun(page, seq);
    await page.getByTestId('real-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('real-check').textContent()).toContain('= sequential');
    expect(
      Number(await page.getByTestId('real-speedup').getAttribute('data-value')),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-canvas-real').isVisible()).toBe(true);
    await page.screenshot({ path: resolve(shots, 'explorer-real-workers.png') });
    await page.getByTestId('mode-simulated').check();
  });

  it('rejects malformed JSON with a specific error, imports a pasted block and runs it on real workers', async () => {
    await page.goto(inject('baseURL') + '/?preset=seed-abc');
    const seq = await waitForRun(page);
    await page.getByText('Paste or drop block JSON').click();
    await page.getByLabel('Block JSON').fill('{"block_number": 5, "transactions": [');
    await page.getByRole('button', { name: 'Import JSON' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /JSON/ });
    await alert.waitFor({ timeout: 20_000 });
    expect((await alert.textContent())!).toMatch(/line|position|column|end of/i);
    // the previous block and run stay usable
    expect(await page.getByTestId('summary-txs').textContent()).toBe('3');

    const text = readFileSync(
      resolve(ROOT, 'test/fixtures/blocks/rpc-traces-initial-reads.json'),
      'utf8',
    );
    await page.getByLabel('Block JSON').fill(text);
    await page.getByRole('button', { name: 'Import JSON' }).click();
    const seq2 = await waitForRun(page, seq);
    expect(await page.getByTestId('summary-txs').textContent()).toBe('2');
    await page.getByTestId('mode-workers').check();
    await page.getByTestId('workers').fill('2');
    await page.getByTestId('run').click();
    await waitForRun(page, seq2);
    await page.getByTestId('real-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
    await page.screenshot({ path: resolve(shots, 'explorer-imported-real-workers.png') });
    await page.getByTestId('mode-simulated').check();
  });

  it('loads a block over RPC with exact access sets and runs its Cairo code on 2 real workers', async () => {
    const chain = buildChain([
      { type: 'transfer', from: 0, to: 1, amount: 100n },
      { type: 'swap', from: 1, aToB: true, amount: 50n },
      { type: 'transfer', from: 0, to: 2, amount: 7n },
      { type: 'transfer', from: 1, to: 0, amount: 3n },
    ]);
    const mock = await serveChain(chain);
    try {
      await page.goto(inject('baseURL') + '/?preset=seed-abc');
      const seq = await waitForRun(page);
      await page.getByText('Load over RPC').click();
      await page.getByLabel('Starknet JSON-RPC URL').fill(mock.url);
      await page.getByLabel('Block number').fill(String(chain.blockNumber));
      await page.getByLabel(/Exact access sets/).check();
      await page.getByRole('button', { name: 'Fetch block' }).click();
      const seq2 = await waitForRun(page, seq);
      expect(await page.getByTestId('summary-txs').textContent()).toBe('4');
      expect(mock.log.some((l) => l.method === 'starknet_getCompiledCasm')).toBe(true);
      await page.getByTestId('mode-workers').check();
      expect(await page.getByTestId('mode-note').textContent()).toContain(
        'every worker runs its 4 transactions on its own Cairo VM',
      );
      await page.getByTestId('workers').fill('2');
      await page.getByTestId('run').click();
      await waitForRun(page, seq2);
      await page.getByTestId('real-result').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('real-check').textContent()).toContain('= sequential');
      await page.screenshot({ path: resolve(shots, 'explorer-rpc-exact-real-workers.png') });
      await page.getByTestId('mode-simulated').check();

      // saved as a file, then pasted back: the same block, runnable, with no request to the node
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('save-reexecution').click(),
      ]);
      const saved = readFileSync((await dl.path())!, 'utf8');
      expect(JSON.parse(saved)).toMatchObject({ format: 'stm-explorer-reexecuted', version: 1 });
      const requests = mock.log.length;
      await page.getByText('Paste or drop block JSON').click();
      await page.getByLabel('Block JSON').fill(saved);
      await page.getByRole('button', { name: 'Import JSON' }).click();
      await page.getByText('(re-executed, saved)').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('summary-txs').textContent()).toBe('4');
      await page.getByTestId('mode-workers').check();
      expect(await page.getByTestId('mode-note').textContent()).toContain('on its own Cairo VM');
      await page.getByTestId('mode-simulated').check();
      expect(mock.log.length).toBe(requests);
    } finally {
      await mock.close();
    }
  });

  it('computes speedup vs cores in the worker, and switches to the light theme', async () => {
    await page.goto(inject('baseURL') + '/?preset=p2p&cores=8');
    await waitForRun(page);
    await page.getByTestId('sweep').click();
    await page.getByTestId('speedup-chart').waitFor({ timeout: 60_000 });
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
      false,
    );
    await page.screenshot({ path: resolve(shots, 'explorer-light-sweep.png') });
    await page.getByTestId('theme-toggle').click();
  });
});
