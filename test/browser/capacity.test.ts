import { describe, expect, inject, it } from 'vitest';
import { pageForFile } from './page-per-file';
import { buildPreset, presetInfo, type PresetId } from '../../lib/presets';
import { execute } from '../../lib/engine-worker/compute';
import type { BlockCapacity } from '../../engine/stm/bouncer';
import type { Variant } from '../../engine/stm/types';
import { waitForRun } from './wait-for-run';

/**
 * The block capacity in the page link: a link with `capacity=` reproduces the run (the engine's
 * numbers, recomputed here in Node, and "Block full at tx N"); the link the page writes after a
 * run with a capacity opens the same run; a bad capacity is shown with its reason; the sweep runs
 * with the capacity.
 */
const chrome = pageForFile();

function engineRun(id: PresetId, variant: Variant, cores: number, cap?: BlockCapacity) {
  const info = presetInfo(id)!;
  const ex = buildPreset(id, { n: info.defaultN, contention: 0.3, seed: 1 });
  const p = { variant, cores, costModel: info.costModel, seed: 1 };
  return execute(ex, cap ? { ...p, blockCapacity: cap } : p).metrics;
}

const stat = async (key: string) =>
  Number(await chrome.page.getByTestId(`stat-${key}`).getAttribute('data-value'));

/** The run on screen is the engine's run with that capacity, cut at tx `included`+1. */
async function expectRun(id: PresetId, variant: Variant, cores: number, cap: BlockCapacity) {
  const m = engineRun(id, variant, cores, cap);
  const end = m.blockEnd!;
  expect(end.full).toBe(true);
  expect(await stat('makespan')).toBe(m.makespan);
  expect(await stat('speedup')).toBeCloseTo(m.speedup, 9);
  expect(await stat('executions')).toBe(m.executions);
  expect(await stat('block-end')).toBe(end.included);
  expect(await chrome.page.getByTestId('stat-block-end-note').textContent()).toMatch(
    new RegExp(`^Block full at tx${end.included + 1} \\(it would exceed n_txs\\)`),
  );
  // the capacity shows in the figures: the whole block's speedup is another
  expect(engineRun(id, variant, cores).speedup).not.toBeCloseTo(m.speedup, 6);
}

describe('the block capacity in the page link', () => {
  it('a link with a capacity runs with it: block full at tx5', async () => {
    await chrome.page.goto(
      inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=blockifier&capacity=n_txs=4',
    );
    await waitForRun(chrome.page);
    await expectRun('seed-figure1', 'blockifier', 5, { n_txs: 4 });
    expect(await chrome.page.getByTestId('capacity').inputValue()).toBe('n_txs=4');
    expect(chrome.page.url()).toContain('capacity=n_txs=4');
  });

  it('the link written after a run with a typed capacity reopens the same run', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5&variant=block-stm');
    const seq = await waitForRun(chrome.page);
    await expect(chrome.page.getByTestId('stat-block-end').count()).resolves.toBe(0);
    // the control is folded while there is no capacity
    await chrome.page.locator('summary', { hasText: 'Block capacity (the bouncer)' }).click();
    await chrome.page.getByTestId('capacity').fill('n_txs=3');
    await chrome.page.getByTestId('run').click();
    await waitForRun(chrome.page, seq);
    await expectRun('seed-figure1', 'block-stm', 5, { n_txs: 3 });
    const link = chrome.page.url();
    expect(link).toMatch(/[?&]capacity=n_txs=3(&|$)/);
    const other = await chrome.browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await other.goto(link);
      await waitForRun(other);
      const m = engineRun('seed-figure1', 'block-stm', 5, { n_txs: 3 });
      expect(Number(await other.getByTestId('stat-makespan').getAttribute('data-value'))).toBe(
        m.makespan,
      );
      expect(await other.getByTestId('stat-block-end-note').textContent()).toMatch(
        /^Block full at tx4 /,
      );
    } finally {
      await other.close();
    }
  });

  it('a bad capacity in the link is shown with its reason; the run has none', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-figure1&cores=5&capacity=n_txs=six');
    await waitForRun(chrome.page);
    expect(await chrome.page.getByTestId('capacity-error').textContent()).toBe(
      `The link's block capacity "n_txs=six" is not valid: n_txs="six" is not a number. Runs have no block capacity until it is fixed.`,
    );
    expect(await chrome.page.getByTestId('capacity').inputValue()).toBe('n_txs=six');
    expect(await chrome.page.getByTestId('stat-block-end').count()).toBe(0);
    expect(await stat('makespan')).toBe(engineRun('seed-figure1', 'block-stm', 5).makespan);
    // fixing the text clears the link's message
    await chrome.page.getByTestId('capacity').fill('n_txs=6');
    expect(await chrome.page.getByTestId('capacity-error').count()).toBe(0);
  });

  it('a preset that brings its capacity keeps it from a bare link, and capacity=none drops it', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=seed-bouncer');
    await waitForRun(chrome.page);
    const cores = presetInfo('seed-bouncer')!.defaultCores;
    await expectRun('seed-bouncer', 'block-stm', cores, { n_txs: 6 });
    expect(chrome.page.url()).toContain('capacity=n_txs=6');
    await chrome.page.getByTestId('capacity').fill('');
    const seq = await chrome.page.getByTestId('timeline-body').getAttribute('data-received');
    await chrome.page.getByTestId('run').click();
    await waitForRun(chrome.page, seq ?? '0');
    expect(chrome.page.url()).toContain('capacity=none');
    await chrome.page.goto(chrome.page.url());
    await waitForRun(chrome.page);
    expect(await chrome.page.getByTestId('stat-block-end').count()).toBe(0);
    expect(await stat('makespan')).toBe(engineRun('seed-bouncer', 'block-stm', cores).makespan);
  });

  it('the core sweep runs with the capacity', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&cores=4&capacity=n_txs=20');
    await waitForRun(chrome.page);
    await chrome.page.getByTestId('sweep').click();
    await chrome.page.getByTestId('speedup-chart').waitFor({ timeout: 60_000 });
    expect(await chrome.page.getByTestId('sweep-cut').textContent()).toBe(
      "With the block capacity, every run's block holds 20 transactions (the bouncer's cut).",
    );
  });

  it('the what-ifs run with the capacity', async () => {
    await chrome.page.goto(inject('baseURL') + '/?preset=p2p&cores=4&capacity=n_txs=20');
    await waitForRun(chrome.page);
    await chrome.page.getByTestId('whatif-no-hotspot').click();
    const result = chrome.page.getByTestId('whatif-result');
    await result.waitFor({ timeout: 60_000 });
    // both sides' blocks hold the 20 transactions the main run's block holds
    expect(await result.locator('tr', { hasText: 'txs in block' }).textContent()).toBe(
      'txs in block2020=',
    );
    expect(await stat('block-end')).toBe(20);
  });
});
