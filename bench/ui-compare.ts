/**
 * `node --import tsx bench/ui-compare.ts A B [rounds]`: the ui bench's two figures for two
 * production builds side by side, on a noisy host. A and B are build directories in the repo
 * root (e.g. `.next-base` built from main, `.next-new` from a branch); each round moves A, then
 * B, into `.next`, starts `next start`, and measures Run → first timeline frame three times and
 * playback once, fps and main-thread time per frame (as bench/ui.bench.ts: p2p, 10,000
 * transactions, 32 cores; the default 60 Hz frame clock). Prints every
 * sample and the medians. `.next` is moved back to where it came from afterwards.
 */
import { existsSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, startServer } from '../test/browser/server';
import { launchChromium } from '../test/browser/chromium';
import type { CDPSession, Page } from 'playwright-core';
import { firstFrameMs } from './ui-first-frame';
import { playbackFrames } from './ui-playback';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

interface Sample {
  first: number[];
  sim: number[];
  fps: number[];
  /** Main-thread time per frame while playing, median of each playback (bench/ui-playback.ts). */
  frameMs: number[];
  /** Main-thread CPU time (CDP Performance ThreadTime) from Run to first frame, and per second of playback. */
  firstCpu: number[];
  playCpu: number[];
}

async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return 1000 * (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN);
}

async function measure(page: Page, url: string, into: Sample): Promise<void> {
  await page.goto(`${url}/?preset=p2p&cores=32&n=10000`);
  const canvas = page.getByTestId('timeline-canvas');
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-drawn'),
    null,
    { timeout: 300_000 },
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  for (let i = 0; i < 3; i++) {
    const c0 = await threadMs(cdp);
    into.first.push(await firstFrameMs(page));
    into.firstCpu.push((await threadMs(cdp)) - c0);
    into.sim.push(Number((await canvas.getAttribute('data-drawn'))?.split(':')[0]));
  }
  const c0 = await threadMs(cdp);
  const f = await playbackFrames(page);
  into.fps.push(f.fps);
  into.frameMs.push(f.workMedian);
  into.playCpu.push(((await threadMs(cdp)) - c0) / 4);
}

async function main() {
  const [a, b] = process.argv.slice(2, 4);
  const rounds = Number(process.argv[4] ?? 3);
  const dist = resolve(ROOT, '.next');
  const parked = resolve(ROOT, '.next-parked');
  if (!a || !b) throw new Error('usage: ui-compare.ts BUILD_DIR_A BUILD_DIR_B [rounds]');
  if (existsSync(dist)) renameSync(dist, parked);
  const samples: Record<string, Sample> = {
    [a]: { first: [], sim: [], fps: [], frameMs: [], firstCpu: [], playCpu: [] },
    [b]: { first: [], sim: [], fps: [], frameMs: [], firstCpu: [], playCpu: [] },
  };
  const browser = await launchChromium();
  try {
    for (let r = 0; r < rounds; r++)
      for (const name of [a, b]) {
        renameSync(resolve(ROOT, name), dist);
        const server = await startServer('start');
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
          await measure(page, server.url, samples[name]);
          await page.close();
        } finally {
          await server.stop();
          renameSync(dist, resolve(ROOT, name));
        }
        const s = samples[name];
        console.log(
          `round ${r} ${name}: first ${s.first.slice(-3).map((x) => x.toFixed(0))} ms` +
            ` (sim ${s.sim.slice(-3).map((x) => x.toFixed(0))};` +
            ` main-thread CPU ${s.firstCpu.slice(-3).map((x) => x.toFixed(0))}),` +
            ` fps ${s.fps.at(-1)!.toFixed(1)},` +
            ` ${s.frameMs.at(-1)!.toFixed(1)} ms/frame`,
        );
      }
  } finally {
    await browser.close();
    if (existsSync(parked)) renameSync(parked, dist);
  }
  for (const name of [a, b]) {
    const s = samples[name];
    console.log(
      `${name}: first frame median ${median(s.first).toFixed(0)} ms (simulation median ` +
        `${median(s.sim).toFixed(0)} ms; n=${s.first.length}), playback median ` +
        `${median(s.fps).toFixed(1)} fps, ${median(s.frameMs).toFixed(1)} ms main thread per frame ` +
        `(n=${s.fps.length}); main-thread CPU: first frame ` +
        `${median(s.firstCpu).toFixed(0)} ms, playback ${median(s.playCpu).toFixed(0)} ms/s`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
