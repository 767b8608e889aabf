/**
 * The explorer against the real node, in the real browser: a starknet-devnet block of transfers
 * loaded over JSON-RPC in exact mode (every transaction re-executed on our Cairo VM in the page's
 * engine worker), run on 2 real Web Workers, and the final state checked against the sequential
 * run. Uses the production build in .next/ (test:all's browser step makes it just before; built
 * here when missing). Without the node it skips locally and FAILS under CI=true.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { ROOT, buildApp, startServer, type RunningServer } from '../browser/server';
import { waitForRun } from '../browser/wait-for-run';
import { type Devnet, findDevnet, startDevnet } from './devnet';
import { type Scenario, connect, transfersBlock } from './scenarios';

const TRANSFERS = 24;
const bin = findDevnet();

it.runIf(!bin && process.env.CI === 'true')('has starknet-devnet under CI', () => {
  throw new Error('starknet-devnet not found and CI=true: run scripts/setup/devnet.sh');
});

describe.skipIf(!bin)('the explorer against starknet-devnet (Chromium, real Web Workers)', () => {
  let node: Devnet | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let block: Scenario;

  beforeAll(async () => {
    node = await startDevnet();
    block = await transfersBlock(await connect(node.url), TRANSFERS);
    if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) buildApp();
    server = await startServer('start');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await node?.stop();
  });

  it('loads a node block over RPC in exact mode, runs its Cairo code on 2 workers, state equal to sequential', async () => {
    await page.goto(server!.url + '/?preset=seed-abc');
    const first = await waitForRun(page);
    await page.getByText('Load over RPC').click();
    await page.getByLabel('Starknet JSON-RPC URL').fill(node!.url);
    await page.getByLabel('Block number').fill(String(block.block));
    await page.getByLabel(/Exact access sets/).check();
    await page.getByRole('button', { name: 'Fetch block' }).click();
    const loaded = await waitForRun(page, first);
    expect(await page.getByTestId('summary-txs').textContent()).toBe(String(TRANSFERS));
    await page.getByTestId('mode-workers').check();
    // A transfer that reads the sequencer's balance after a fee credit is replayed with
    // re-execution's values (engine/blocks/reexecute/executable.ts); the others run their Cairo.
    const note = (await page.getByTestId('mode-note').textContent()) ?? '';
    const m = note.match(
      /every worker runs (?:(\d+) of )?its (\d+) transactions on its own Cairo VM/,
    );
    expect(m, note).not.toBeNull();
    expect(Number(m![2])).toBe(TRANSFERS);
    expect(Number(m![1] ?? TRANSFERS)).toBeGreaterThan(TRANSFERS / 2);
    await page.getByTestId('workers').fill('2');
    await page.getByTestId('run').click();
    await waitForRun(page, loaded);
    await page.getByTestId('real-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('real-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('real-check').textContent()).toContain('= sequential');
  });
});
