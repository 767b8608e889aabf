/**
 * `node --import tsx bench/ui-trace.ts [n] [--play]`: what the page's threads do from clicking Run
 * to the first timeline frame (or, with --play, during 2 s of playback) (p2p, 32 cores, default
 * 10,000 transactions), from a Chrome trace: per
 * thread, the time in each kind of trace event, outermost events only (a task's children are not
 * counted twice). The sampling profiler (bench/ui-profile.ts) lumps raster, layout, paint and
 * message decoding into "(program)"; the trace names them. Uses the production build in .next/.
 * A tool for finding hot spots, not a figure.
 */
import { startServer } from '../test/browser/server';
import { launchChromium } from '../test/browser/chromium';
import type { CDPSession } from 'playwright-core';
import { firstFrameMs } from './ui-first-frame';
import { playbackFrames, type FrameFigures } from './ui-playback';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

async function traced(cdp: CDPSession, body: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink,toplevel,cc,viz,gpu,' +
      'disabled-by-default-devtools.timeline.frame,ipc,mojom,benchmark,renderer.scheduler',
    transferMode: 'ReportEvents',
  });
  await body();
  const done = new Promise<void>((res) => cdp.once('Tracing.tracingComplete', () => res()));
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** Per thread with over 5 ms in tasks: self time (exclusive of nested events) and count by event name. */
function summarise(events: TraceEvent[]): void {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k)!.push(e);
  }
  for (const [k, evs] of byThread) {
    evs.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const self = new Map<string, number>();
    const count = new Map<string, number>();
    const stack: TraceEvent[] = [];
    let total = 0;
    for (const e of evs) {
      while (stack.length && e.ts >= stack.at(-1)!.ts + stack.at(-1)!.dur!) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
      else total += e.dur!;
      self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
      count.set(e.name, (count.get(e.name) ?? 0) + 1);
      stack.push(e);
    }
    if (total < 5000) continue;
    console.log(`\n## ${names.get(k) ?? k}: ${(total / 1000).toFixed(0)} ms in tasks`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
      console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name} (×${count.get(name)})`);
  }
}

async function main() {
  const play = process.argv.includes('--play');
  const n = Number(process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 10000);
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
    await firstFrameMs(page); // warm up
    const cdp = await page.context().newCDPSession(page);
    if (play) {
      let f: FrameFigures | null = null;
      const events = await traced(cdp, async () => (f = await playbackFrames(page, 2000)));
      console.log(`2 s of playback: ${JSON.stringify(f)}`);
      summarise(events);
      return;
    }
    let ms = 0;
    const events = await traced(cdp, async () => (ms = await firstFrameMs(page)));
    console.log(`first frame ${ms.toFixed(0)} ms`);
    summarise(events);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
