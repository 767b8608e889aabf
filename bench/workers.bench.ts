import { availableParallelism, loadavg } from 'node:os';
import type { Report } from './run';
import { runOnNodeWorkers } from '../engine/blocks/parallel/node';
import type { BlockDesc } from '../engine/blocks/parallel/blocks';

/**
 * Real parallel runs (Block-STM on worker_threads, real Cairo ERC20 transfers on engine/vm):
 * wall-clock speedup of k workers over 1 worker and over plain sequential execution, for k = 1…
 * the machine's core count (at least 2). Sequential = the same executor run in index order on a
 * plain map, on worker 0 right after the parallel run (warm JIT, warm pedersen memo: a
 * conservative baseline). Every worker first runs the whole block once, untimed, on a private
 * state (warm JIT, like the baseline). Each figure is the best of `REPS` runs (the machine may be
 * shared: the 1-minute load average is reported with the figures).
 * Set STM_BENCH_N to change the block size (default 2000).
 */
const REPS = 2;

export default async function (report: Report) {
  const cores = Math.max(2, availableParallelism());
  const n = Number(process.env.STM_BENCH_N ?? 2000);
  const blocks: [string, BlockDesc][] = [
    ['erc20_independent', { kind: 'erc20', n, accounts: 0, independent: true, seed: 1 }],
    ['erc20_contended_20_accounts', { kind: 'erc20', n, accounts: 20, seed: 1 }],
  ];
  report('workers.machine.cores', availableParallelism(), '');
  report('workers.machine.loadavg_1min_at_start', loadavg()[0], '');
  for (const [name, desc] of blocks) {
    let seq = Infinity;
    const walls: number[] = [];
    for (let k = 1; k <= cores; k++) {
      let best = Infinity;
      let aborts = 0;
      for (let rep = 0; rep < REPS; rep++) {
        const r = await runOnNodeWorkers(desc, { workers: k, timeoutMs: 600_000, warmup: n });
        if (!r.ok) throw new Error(`${name}: state check failed with ${k} workers`);
        if (r.wallMs < best) {
          best = r.wallMs;
          aborts = r.aborts;
        }
        seq = Math.min(seq, r.sequentialMs!);
      }
      walls.push(best);
      report(`workers.${name}.n${n}.k${k}.wall`, best, 'ms');
      report(`workers.${name}.n${n}.k${k}.aborts`, aborts, '');
    }
    report(`workers.${name}.n${n}.sequential.wall`, seq, 'ms');
    const curve: string[] = [];
    walls.forEach((w, i) => {
      report(`workers.${name}.n${n}.k${i + 1}.speedup_over_1_worker`, walls[0] / w, 'x');
      report(`workers.${name}.n${n}.k${i + 1}.speedup_over_sequential`, seq / w, 'x');
      curve.push(`${i + 1}:${(walls[0] / w).toFixed(2)}/${(seq / w).toFixed(2)}`);
    });
    console.error(`# ${name}: speedup by workers (over 1 worker / over sequential)  ${curve.join('  ')}`);
  }
}
