/**
 * `node --import tsx bench/ui-profile.ts [n]`: where the page's main thread spends the time from
 * clicking Run to the first timeline frame, and during 4 s of playback, for the p2p preset on
 * 32 cores (default 10,000 transactions). Uses the production build in .next/ (run
 * `npm run bench -- ui` or `next build` first) and the Chrome DevTools protocol's sampling
 * Profiler; prints the top functions by self time. A tool for finding hot spots, not a figure.
 */
import { startServer } from '../test/browser/server';
import { launchChromium } from '../test/browser/chromium';
import type { CDPSession, Page } from 'playwright-core';
import { firstFrameMs } from './ui-first-frame';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function, from the samples' time deltas, biggest first. */
function selfTimes(p: Profile): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const acc = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const f = byId.get(p.samples[i])!.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anon)'} ${file}:${f.lineNumber}:${f.columnNumber}`;
    acc.set(key, (acc.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  return [...acc].sort((a, b) => b[1] - a[1]);
}

/** Total time (ms) per function: samples with the function anywhere on their stack, biggest first. */
function totalTimes(p: Profile): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of p.nodes as (ProfileNode & { children?: number[] })[])
    for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const acc = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (!f.url) continue;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      acc.set(key, (acc.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    }
  }
  return [...acc].sort((a, b) => b[1] - a[1]);
}

async function profiled<T>(cdp: CDPSession, body: () => Promise<T>): Promise<[T, Profile]> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const r = await body();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return [r, profile];
}

function print(title: string, p: Profile, top = 25): void {
  const rows = selfTimes(p);
  const total = rows.reduce((s, r) => s + r[1], 0);
  console.log(`\n## ${title}: ${total.toFixed(0)} ms sampled`);
  for (const [k, ms] of rows.slice(0, top)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  console.log(`-- by total time (the function and what it calls)`);
  for (const [k, ms] of totalTimes(p)
    .filter(([k]) => !k.includes('39_j1'))
    .slice(0, top))
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

async function playback(page: Page): Promise<number> {
  return (await page.evaluate(`(async () => {
    document.querySelector('[data-testid=play]').click();
    const frames = [];
    await new Promise((res) => {
      const t0 = performance.now();
      const f = (t) => { frames.push(t); if (t - t0 < 4000) requestAnimationFrame(f); else res(); };
      requestAnimationFrame(f);
    });
    document.querySelector('[data-testid=play]').click();
    return ((frames.length - 1) * 1000) / (frames[frames.length - 1] - frames[0]);
  })()`)) as number;
}

async function main() {
  const n = Number(process.argv[2] ?? 10000);
  const server = await startServer('start');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/?preset=p2p&cores=32&n=${n}`);
    await page.waitForFunction(
      () => !!document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-drawn'),
      null,
      { timeout: 300_000 },
    );
    const cdp = await page.context().newCDPSession(page);
    const [ms, p1] = await profiled(cdp, () => firstFrameMs(page));
    const drawn = await page.getByTestId('timeline-canvas').getAttribute('data-drawn');
    console.log(`first frame ${ms.toFixed(0)} ms (simulation ${drawn?.split(':')[0]} ms)`);
    print('run → first frame', p1);
    await page.keyboard.press('Home');
    // the first play's first frames alone (a one-off stall there costs the whole 4 s figure)
    const [, p3] = await profiled(cdp, () =>
      page.evaluate(`(async () => {
        document.querySelector('[data-testid=play]').click();
        await new Promise((res) => setTimeout(res, 400));
        document.querySelector('[data-testid=play]').click();
      })()`),
    );
    print('first 400 ms of the first play', p3, 15);
    await page.keyboard.press('Home');
    const [fps, p2] = await profiled(cdp, () => playback(page));
    console.log(`\nplayback ${fps.toFixed(1)} fps`);
    print('4 s of playback', p2);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
