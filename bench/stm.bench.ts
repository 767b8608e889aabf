import type { Report } from './run';
import { DEFAULT_COST_MODEL, runBlock, taskOverhead } from '../engine/stm';
import { p2pTransfers } from '../engine/blocks/workloads';

/**
 * Reproduces the Block-STM paper's p2p experiment (speedup over sequential vs threads, for
 * several account counts) on the simulator, with the default cost model (engine/stm/types.ts and
 * README "Cost model": a ~1,300-unit transfer, per-task scheduling cost growing with the thread
 * count), and prints it as a table (block-stm, then the oracle's list-scheduling bound).
 * Also reports the simulator's own speed (scheduler tasks per second, executor time excluded).
 */
export default async function (report: Report) {
  const cores = [1, 2, 4, 8, 16, 32];
  const cm = DEFAULT_COST_MODEL;
  console.error(
    `# cost model: scheduleOverhead ${cm.scheduleOverhead} + schedulerContention ${cm.schedulerContention} per other thread ` +
      `(task overhead ${cores.map((k) => `${k}:${taskOverhead(cm, k)}`).join(' ')})`,
  );
  const head = `# ${'n'.padStart(5)} ${'accounts'.padStart(8)} ${'variant'.padEnd(9)} ` + cores.map((k) => `${k}c`.padStart(7)).join('');
  console.error(head);
  for (const n of [1000, 10000]) {
    for (const accounts of [2, 10, 100, 1000, 10000]) {
      const block = p2pTransfers({ n, accounts, seed: 42 });
      const s: number[] = [];
      const o: number[] = [];
      for (const k of cores) {
        const rs = runBlock(block, { variant: 'block-stm', cores: k });
        const ro = runBlock(block, { variant: 'oracle', cores: k });
        report(`stm.p2p.n${n}.accounts${accounts}.cores${k}.block-stm`, rs.metrics.speedup, 'x');
        report(`stm.p2p.n${n}.accounts${accounts}.cores${k}.oracle`, ro.metrics.speedup, 'x');
        s.push(rs.metrics.speedup);
        o.push(ro.metrics.speedup);
      }
      const row = (name: string, v: number[]) =>
        `# ${String(n).padStart(5)} ${String(accounts).padStart(8)} ${name.padEnd(9)} ` + v.map((x) => x.toFixed(2).padStart(7)).join('');
      console.error(row('block-stm', s));
      console.error(row('oracle', o));
    }
  }
  // Simulator speed: 10,000 transactions on 32 cores (1,000 accounts), VM time excluded.
  // Median (and best) of several runs: the machine is shared, single runs are noisy.
  const block = p2pTransfers({ n: 10000, accounts: 1000, seed: 7 });
  runBlock(block, { variant: 'block-stm', cores: 32 }); // warm-up
  runBlock(block, { variant: 'block-stm', cores: 32 });
  const rates: number[] = [];
  const walls: number[] = [];
  const reps = 9;
  for (let i = 0; i < reps; i++) {
    const r = runBlock(block, { variant: 'block-stm', cores: 32, profile: true });
    rates.push(r.metrics.tasks / ((r.timing.wallMs - r.timing.vmMs) / 1000));
    walls.push(r.timing.wallMs);
  }
  rates.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  report('stm.sim.tasks_per_second_excluding_vm', rates[reps >> 1], 'tasks/s (median of 9)');
  report('stm.sim.tasks_per_second_excluding_vm_best', rates[reps - 1], 'tasks/s');
  report('stm.sim.wall_10000tx_32cores', walls[reps >> 1], 'ms (median, executor time included)');
  const t0 = performance.now();
  const big = runBlock(block, { variant: 'block-stm', cores: 32 });
  report('stm.sim.wall_10000tx_32cores_with_log_and_metrics', performance.now() - t0, 'ms');
  const bytes = Object.values(big.log).reduce((a, v) => a + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
  report('stm.sim.log_typed_arrays_10000tx', bytes / 2 ** 20, 'MiB');
  report('stm.sim.log_events_10000tx', big.log.count, 'events');
  report('stm.sim.tasks_10000tx', big.metrics.tasks, 'tasks');
}
