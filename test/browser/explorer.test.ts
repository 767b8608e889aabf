import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pageForFile } from './page-per-file';
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
const chrome = pageForFile({ acceptDownloads: true });

beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});

/**
 * Switch to real workers, run the loaded block on 2 (after run `seq` of the simulator) and wait
 * for the real run's result, which must pass its state check.
 */
async function runOnTwoWorkers(p: Page, seq: string): Promise<void> {
  await p.getByTestId('mode-workers').check();
  await p.getByTestId('workers').fill('2');
  await p.getByTestId('run').click();
  await waitForRun(p, seq);
  await p.getByTestId('real-result').waitFor({ timeout: 120_000 });
  expect(await p.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
}

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
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
    await waitForRun(chrome.page);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('3');
    const m = engineMetrics('seed-abc', 2);
    expect(await statValue(chrome.page, 'makespan')).toBe(m.makespan);
    expect(await statValue(chrome.page, 'speedup')).toBeCloseTo(m.speedup, 9);
    expect(await statValue(chrome.page, 'reExecutions')).toBe(m.reExecutions);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-seed-abc.png') });
  });

  for (const preset of PRESETS) {
    it(`loads, runs and plays the ${preset.id} preset`, async () => {
      await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
      const seq = await waitForRun(chrome.page);
      await chrome.page.getByTestId(`preset-${preset.id}`).click();
      await waitForRun(chrome.page, seq);
      const cores = Number(
        await chrome.page.getByLabel('Number of cores', { exact: true }).inputValue(),
      );
      const m = engineMetrics(preset.id, cores);
      expect(await statValue(chrome.page, 'makespan')).toBe(m.makespan);
      expect(await statValue(chrome.page, 'speedup')).toBeCloseTo(m.speedup, 9);
      expect(await statValue(chrome.page, 'executions')).toBe(m.executions);
      expect(await statValue(chrome.page, 'reExecutions')).toBe(m.reExecutions);
      expect(await statValue(chrome.page, 'aborts')).toBe(m.aborts.total);
      expect(await statValue(chrome.page, 'validations')).toBe(m.validations);
      expect(await statValue(chrome.page, 'wastedWork')).toBe(m.wastedWork);
      expect(await statValue(chrome.page, 'utilisation')).toBeCloseTo(m.utilisation, 9);
      await playToEnd(chrome.page);
      expect(chrome.page.url()).toContain(`preset=${preset.id}`);
      await chrome.page.screenshot({ path: resolve(shots, `explorer-${preset.id}.png`) });
    });
  }

  it('honours ?cores and ?variant, and re-runs with other settings', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=selective');
    const seq = await waitForRun(chrome.page);
    const m = engineMetrics('seed-figure1', 5, 'selective' as never);
    expect(await statValue(chrome.page, 'makespan')).toBe(m.makespan);
    expect(await chrome.page.getByLabel('Variant', { exact: true }).inputValue()).toBe('selective');
    await chrome.page.getByLabel('Number of cores', { exact: true }).fill('3');
    await chrome.page.getByTestId('run').click();
    await waitForRun(chrome.page, seq);
    expect(await statValue(chrome.page, 'makespan')).toBe(
      engineMetrics('seed-figure1', 3, 'selective' as never).makespan,
    );
    expect(chrome.page.url()).toContain('cores=3');
  });

  it('plays without relaying out the page or redrawing the timeline bars, and the time shown moves', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&cores=32');
    await waitForRun(chrome.page);
    await chrome.page.keyboard.press('Home');
    const canvas = chrome.page.getByTestId('timeline-canvas');
    const state = async () => ({
      draws: await canvas.getAttribute('data-static-draws'),
      canvasH: (await canvas.boundingBox())!.height,
      playH: (await chrome.page.getByTestId('play').boundingBox())!.height,
    });
    const before = await state();
    const time = async () =>
      Number(await chrome.page.getByTestId('playhead-time').getAttribute('data-time'));
    const t0 = await time();
    await chrome.page.getByTestId('play').click();
    expect(await chrome.page.getByTestId('play').getAttribute('aria-label')).toBe('Pause');
    await chrome.page.waitForTimeout(600);
    const playing = await state();
    // the text is throttled while playing, never frozen
    expect(await time()).toBeGreaterThan(t0);
    await chrome.page.getByTestId('play').click();
    expect(playing).toEqual(before);
    expect(await state()).toEqual(before);
  });

  it('inspects a transaction and a cell', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
    await waitForRun(chrome.page);
    // teaching narration steps
    await chrome.page.getByTestId('teach-next').click();
    expect((await chrome.page.getByTestId('narration').textContent())!.length).toBeGreaterThan(20);
    await chrome.page.keyboard.press('End');
    // click the first bar of core 0 in the timeline
    const box = (await chrome.page.getByTestId('timeline-canvas').boundingBox())!;
    await chrome.page.mouse.click(box.x + 60, box.y + 22 + 5);
    await chrome.page.getByTestId('inspector-tx').waitFor({ timeout: 10_000 });
    expect(await chrome.page.getByTestId('incarnation').count()).toBeGreaterThan(0);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-inspect-tx.png') });
    await chrome.page.getByTestId('inspector-cell').first().click();
    await chrome.page.getByTestId('inspector-cell-view').waitFor();
    expect(await chrome.page.getByTestId('cell-writers').locator('li').count()).toBeGreaterThan(0);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-inspect-cell.png') });
  });

  it('shows what a transaction did on the Cairo VM: calls, steps, events and CASM', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=erc20-cairo&cores=2');
    await waitForRun(chrome.page);
    await chrome.page.keyboard.press('End');
    const box = (await chrome.page.getByTestId('timeline-canvas').boundingBox())!;
    await chrome.page.mouse.click(box.x + 60, box.y + 22 + 5);
    await chrome.page.getByTestId('cairo-detail').waitFor({ timeout: 20_000 });
    expect(
      Number(await chrome.page.getByTestId('cairo-steps').getAttribute('data-value')),
    ).toBeGreaterThan(100);
    expect(await chrome.page.getByTestId('cairo-call').count()).toBeGreaterThanOrEqual(3);
    const text = (await chrome.page.getByTestId('cairo-detail').textContent())!;
    expect(text).toContain('__validate__');
    expect(text).toContain('transfer');
    await chrome.page.getByTestId('cairo-detail').locator('summary').first().click();
    expect((await chrome.page.getByTestId('cairo-ran').first().textContent())!).toMatch(/×\d+/);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-cairo-inspector.png') });
  });

  it('exports the run as JSON, metrics as CSV, and the timeline and graph as SVG and PNG', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5');
    await waitForRun(chrome.page);
    const m = engineMetrics('seed-figure1', 5);
    const grab = async (id: string) => {
      const [dl] = await Promise.all([
        chrome.page.waitForEvent('download'),
        chrome.page.getByTestId(id).click(),
      ]);
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
    await chrome.page.goto(
      inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=selective&vb=naive&cb=5',
    );
    await waitForRun(chrome.page);
    await chrome.page.getByTestId('compare-diff').waitFor();
    expect(await chrome.page.getByTestId('timeline-canvas-b').isVisible()).toBe(true);
    const a = engineMetrics('seed-figure1', 5, 'selective' as never);
    const b = engineMetrics('seed-figure1', 5, 'naive' as never);
    const text = (await chrome.page.getByTestId('compare-diff').textContent())!;
    expect(text).toContain(`re-executions ${b.reExecutions} vs ${a.reExecutions}`);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-compare.png') });
  });

  it('runs Block-STM for real on 2 Web Workers next to its simulation, with the state check', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&cores=2');
    const seq = await waitForRun(chrome.page);
    await runOnTwoWorkers(chrome.page, seq);
    expect(await chrome.page.getByTestId('real-check').textContent()).toContain('= sequential');
    expect(
      Number(await chrome.page.getByTestId('real-speedup').getAttribute('data-value')),
    ).toBeGreaterThan(0);
    expect(await chrome.page.getByTestId('timeline-canvas-real').isVisible()).toBe(true);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-real-workers.png') });
    await chrome.page.getByTestId('mode-simulated').check();
  });

  it('rejects malformed JSON with a specific error, imports a pasted block and runs it on real workers', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
    const seq = await waitForRun(chrome.page);
    await chrome.page.getByText('Paste or drop block JSON').click();
    await chrome.page.getByLabel('Block JSON').fill('{"block_number": 5, "transactions": [');
    await chrome.page.getByRole('button', { name: 'Import JSON' }).click();
    const alert = chrome.page.getByRole('alert').filter({ hasText: /JSON/ });
    await alert.waitFor({ timeout: 20_000 });
    expect((await alert.textContent())!).toMatch(/line|position|column|end of/i);
    // the previous block and run stay usable
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('3');

    // made-up hashes: the error says what that means and offers to import the same text unchecked
    const madeUp = readFileSync(
      resolve(ROOT, 'test/fixtures/blocks/feeder-block-minimal.json'),
      'utf8',
    );
    await chrome.page.getByLabel('Block JSON').fill(madeUp);
    await chrome.page.getByRole('button', { name: 'Import JSON' }).click();
    const mismatch = chrome.page.getByTestId('load-error');
    await mismatch.getByText(/does not match its hash/).waitFor({ timeout: 20_000 });
    expect(await mismatch.textContent()).toMatch(/hash mismatch: the block gives 0x71/);
    await chrome.page.getByRole('button', { name: 'Import without checking hashes' }).click();
    await chrome.page
      .getByTestId('summary-hash-check')
      .getByText('transaction hashes: not checked (turned off on request)')
      .waitFor({ timeout: 20_000 });
    const seqUnchecked = await waitForRun(chrome.page, seq);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('2');
    expect(await mismatch.count()).toBe(0);

    const text = readFileSync(
      resolve(ROOT, 'test/fixtures/blocks/rpc-traces-initial-reads.json'),
      'utf8',
    );
    await chrome.page.getByLabel('Block JSON').fill(text);
    await chrome.page.getByRole('button', { name: 'Import JSON' }).click();
    const seq2 = await waitForRun(chrome.page, seqUnchecked);
    expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('2');
    await runOnTwoWorkers(chrome.page, seq2);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-imported-real-workers.png') });
    await chrome.page.getByTestId('mode-simulated').check();
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
      await chrome.page.goto(inject('baseURL') + '/?preset=seed-abc');
      const seq = await waitForRun(chrome.page);
      await chrome.page.getByText('Load over RPC').click();
      await chrome.page.getByLabel('Starknet JSON-RPC URL').fill(mock.url);
      await chrome.page.getByLabel('Block number').fill(String(chain.blockNumber));
      await chrome.page.getByLabel(/Exact access sets/).check();
      await chrome.page.getByRole('button', { name: 'Fetch block' }).click();
      const seq2 = await waitForRun(chrome.page, seq);
      expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('4');
      expect(mock.log.some((l) => l.method === 'starknet_getCompiledCasm')).toBe(true);
      await chrome.page.getByTestId('mode-workers').check();
      expect(await chrome.page.getByTestId('mode-note').textContent()).toContain(
        'every worker runs its 4 transactions on its own Cairo VM',
      );
      await chrome.page.getByTestId('workers').fill('2');
      await chrome.page.getByTestId('run').click();
      await waitForRun(chrome.page, seq2);
      await chrome.page.getByTestId('real-result').waitFor({ timeout: 120_000 });
      expect(await chrome.page.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
      expect(await chrome.page.getByTestId('real-check').textContent()).toContain('= sequential');
      await chrome.page.screenshot({ path: resolve(shots, 'explorer-rpc-exact-real-workers.png') });
      await chrome.page.getByTestId('mode-simulated').check();

      // saved as a file, then pasted back: the same block, runnable, with no request to the node
      const [dl] = await Promise.all([
        chrome.page.waitForEvent('download'),
        chrome.page.getByTestId('save-reexecution').click(),
      ]);
      const saved = readFileSync((await dl.path())!, 'utf8');
      expect(JSON.parse(saved)).toMatchObject({ format: 'stm-explorer-reexecuted', version: 1 });
      const requests = mock.log.length;
      await chrome.page.getByText('Paste or drop block JSON').click();
      await chrome.page.getByLabel('Block JSON').fill(saved);
      await chrome.page.getByRole('button', { name: 'Import JSON' }).click();
      await chrome.page.getByText('(re-executed, saved)').waitFor({ timeout: 20_000 });
      expect(await chrome.page.getByTestId('summary-txs').textContent()).toBe('4');
      await chrome.page.getByTestId('mode-workers').check();
      expect(await chrome.page.getByTestId('mode-note').textContent()).toContain(
        'on its own Cairo VM',
      );
      await chrome.page.getByTestId('mode-simulated').check();
      expect(mock.log.length).toBe(requests);
    } finally {
      await mock.close();
    }
  });

  it('computes speedup vs cores in the worker, and switches to the light theme', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&cores=8');
    await waitForRun(chrome.page);
    await chrome.page.getByTestId('sweep').click();
    await chrome.page.getByTestId('speedup-chart').waitFor({ timeout: 60_000 });
    await chrome.page.getByTestId('theme-toggle').click();
    expect(
      await chrome.page.evaluate(() => document.documentElement.classList.contains('dark')),
    ).toBe(false);
    await chrome.page.screenshot({ path: resolve(shots, 'explorer-light-sweep.png') });
    await chrome.page.getByTestId('theme-toggle').click();
  });
});
