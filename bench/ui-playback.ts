/**
 * Playback figures, as the UI benches measure them. Headless Chromium draws at most 60 frames a
 * second (its frame clock), so a rAF count on a page that keeps up says 60 and nothing about
 * headroom. `UNCAPPED` launches Chromium without the limit (`--disable-frame-rate-limit`,
 * `--disable-gpu-vsync`): a frame then starts as soon as the previous one is done, and rAF counts
 * how many frames the page can produce while playing; a blank page in the same browser that
 * repaints a tiny canvas each frame gives the ceiling (the browser's own cost per frame, here). Beside the rate, the main-thread
 * time per frame: from the frame's rAF timestamp (its begin time) to the first task after it,
 * posted from the frame's last rAF callback, which runs once the frame's script, style, layout,
 * paint and commit are done; a late start (the main thread busy with an earlier task) counts.
 * The script is passed to the page as a string: tsx would inject helpers (__name) into a function.
 */
import type { Browser, Page } from 'playwright-core';

export const UNCAPPED = ['--disable-frame-rate-limit', '--disable-gpu-vsync'];

export interface FrameFigures {
  fps: number;
  /** Main-thread time per frame, ms. */
  workMedian: number;
  workP95: number;
  /** Still playing at the end (a run that ends early measures a paused page). */
  playing: boolean;
}

const FRAMES = `(async ([ms, play]) => {
  const button = document.querySelector('[data-testid=play]');
  if (play) button.click();
  const canvas = play ? null : document.querySelector('canvas')?.getContext('2d');
  const frames = [];
  const work = [];
  const ch = new MessageChannel();
  let begun = -1;
  ch.port1.onmessage = () => {
    if (begun >= 0) work.push(performance.now() - begun);
    begun = -1;
  };
  await new Promise((res) => {
    const f = (t) => {
      frames.push(t);
      begun = t;
      if (canvas) {
        canvas.fillStyle = frames.length % 2 ? '#000' : '#fff';
        canvas.fillRect(0, 0, 8, 8);
      }
      ch.port2.postMessage(0);
      if (t - frames[0] < ms) requestAnimationFrame(f);
      else res();
    };
    requestAnimationFrame(f);
  });
  await new Promise((res) => setTimeout(res, 50));
  const playing = button?.getAttribute('aria-label') === 'Pause';
  if (play && playing) button.click();
  work.sort((a, b) => a - b);
  return {
    fps: ((frames.length - 1) * 1000) / (frames[frames.length - 1] - frames[0]),
    workMedian: work[work.length >> 1],
    workP95: work[Math.floor(work.length * 0.95)],
    playing,
  };
})`;

/** Frames while playing the page's run for `ms` (from where the playhead is), then paused. */
export async function playbackFrames(page: Page, ms = 4000): Promise<FrameFigures> {
  return (await page.evaluate(`${FRAMES}([${ms}, true])`)) as FrameFigures;
}

/**
 * The same on a blank page in `browser` that repaints an 8×8 canvas every frame (a page that
 * changes nothing gets no new frames to draw, uncapped or not, and stays at 60): the ceiling.
 */
export async function blankFrames(browser: Browser, ms = 2000): Promise<FrameFigures> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.setContent('<!doctype html><title>blank</title><canvas width=8 height=8></canvas>');
    return (await page.evaluate(`${FRAMES}([${ms}, false])`)) as FrameFigures;
  } finally {
    await page.close();
  }
}
