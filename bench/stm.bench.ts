import type { Report } from './run';
import { runBlock } from '../engine/stm';
import { p2pTransfers } from '../engine/blocks/workloads';

/**
 * Reproduces the Block-STM paper's p2p experiment (speedup over sequential vs threads, for
 * several account counts) on the simulator, with the default cost model (engine/stm/types.ts:
 * a ~1,300-unit transfer, ~6% per-execution overhead, validation ~12% of an execution).
 * Also reports the simulator's own speed.
 */
export default async function (report: Report) {
  const cores = [1, 2, 4, 8, 16, 32];
  for (const n of [1000, 10000]) {
    for (const accounts of [2, 10, 100, 1000, 10000]) {
      const block = p2pTransfers({ n, accounts, seed: 42 });
      const row: string[] = [];
      for (const k of cores) {
        const s = runBlock(block, { variant: 'block-stm', cores: k });
        const o = runBlock(block, { variant: 'oracle', cores: k });
        report(`stm.p2p.n${n}.accounts${accounts}.cores${k}.block-stm`, s.metrics.speedup, 'x');
        report(`stm.p2p.n${n}.accounts${accounts}.cores${k}.oracle`, o.metrics.speedup, 'x');
        row.push(`${k}:${s.metrics.speedup.toFixed(2)}/${o.metrics.speedup.toFixed(2)}`);
      }
      console.error(`# n=${n} accounts=${accounts} block-stm/oracle speedup by cores  ${row.join('  ')}`);
    }
  }
  // Simulator speed: 10,000 transactions on 32 cores (1,000 accounts), VM time excluded.
  const block = p2pTransfers({ n: 10000, accounts: 1000, seed: 7 });
  runBlock(block, { variant: 'block-stm', cores: 32 }); // warm-up
  let tasks = 0;
  let simMs = 0;
  let wall = 0;
  const reps = 3;
  for (let i = 0; i < reps; i++) {
    const r = runBlock(block, { variant: 'block-stm', cores: 32, profile: true });
    tasks += r.metrics.tasks;
    simMs += r.timing.wallMs - r.timing.vmMs;
    wall += r.timing.wallMs;
  }
  report('stm.sim.tasks_per_second_excluding_vm', tasks / (simMs / 1000), 'tasks/s');
  report('stm.sim.wall_10000tx_32cores', wall / reps, 'ms');
  const t0 = performance.now();
  const big = runBlock(block, { variant: 'block-stm', cores: 32 });
  report('stm.sim.wall_10000tx_32cores_with_log_and_metrics', performance.now() - t0, 'ms');
  const bytes = Object.values(big.log).reduce((a, v) => a + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
  report('stm.sim.log_typed_arrays_10000tx', bytes / 2 ** 20, 'MiB');
  report('stm.sim.log_events_10000tx', big.log.count, 'events');
}
