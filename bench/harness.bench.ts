import type { Report } from './run';

/** Sanity figure for the harness itself: how fast this machine runs a tight JS loop. */
export default async function (report: Report) {
  const n = 50_000_000;
  const t0 = performance.now();
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + i) | 0;
  const ms = performance.now() - t0;
  if (acc === 42) console.error('');
  report('harness.js_loop', (n / ms) * 1000, 'iterations/s');
  report('harness.peak_rss', process.memoryUsage().rss / 2 ** 20, 'MiB');
}
