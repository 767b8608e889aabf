/**
 * The simulator's speed, old code against new, side by side in one process (the host is shared
 * and noisy: figures from separate runs minutes apart are not comparable).
 *
 *   node --import tsx bench/stm-sim-ab.ts [old-rev = HEAD~1] [rounds = 21] [accounts = 1000]
 *
 * Exports engine/ of `old-rev` (git archive) to a temporary directory in the repository, loads both engines, and
 * runs p2p 10,000 transactions on 32 cores with each, alternating the order every round. Per
 * run: simulator time (`timing.totalMs − timing.vmMs`, profile mode, as bench/stm.bench.ts) and
 * this thread's CPU time of a plain run (Linux schedstat: run-queue wait left out; executor
 * included). Each side runs its own executor (engine/blocks/workloads of its revision, since the
 * executor interface may change with the engine). Last, the simulator's CPU time measured without
 * clocks inside the run: thread CPU of a plain run minus thread CPU of that side's executor alone
 * replaying the run's execute calls (bench/stm-sim-replay.ts), which a loaded host disturbs far
 * less than profile mode's wall clocks. Prints medians and minimums; the minimum is the least
 * disturbed run, the median the typical one.
 */
import { readFileSync } from 'node:fs';
import { loadOldEngine } from './old-engine';
import { runBlock as runNew, type BlockExecutor } from '../engine/stm';
import { p2pTransfers as p2pNew } from '../engine/blocks/workloads';
import { record, replay, replayView, type Call, type ReplayView } from './stm-sim-replay';

type Run = typeof runNew;
type P2p = typeof p2pNew;

function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

interface Side {
  run: Run;
  block: BlockExecutor;
  calls: Call[];
  view: ReplayView;
}

function measure(s: Side) {
  const r = s.run(s.block, { variant: 'block-stm', cores: 32, profile: true });
  const c0 = threadCpuMs();
  s.run(s.block, { variant: 'block-stm', cores: 32 });
  const cpuMs = threadCpuMs() - c0;
  const execCpuMs = replay(s.block, s.calls, s.view, threadCpuMs);
  return {
    simMs: r.timing.totalMs - r.timing.vmMs,
    cpuMs,
    simCpuMs: cpuMs - execCpuMs,
    tasks: r.metrics.tasks,
  };
}

function makeSide(run: Run, p2p: P2p, accounts: number): Side {
  const block = p2p({ n: 10000, accounts, seed: 7 });
  return { run, block, calls: record(block, 32, run), view: replayView(block) };
}

async function main() {
  const [rev = 'HEAD~1', roundsArg = '21', accountsArg = '1000'] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const accounts = Number(accountsArg);
  const old = await loadOldEngine(rev);
  let oldSide: Side;
  try {
    oldSide = makeSide(old.runBlock, old.workloads.p2pTransfers, accounts);
  } finally {
    old.dispose(); // its modules are loaded by now
  }
  const sides = { old: oldSide, new: makeSide(runNew, p2pNew, accounts) } as const;
  const sim = { old: [] as number[], new: [] as number[] };
  const cpu = { old: [] as number[], new: [] as number[] };
  const simCpu = { old: [] as number[], new: [] as number[] };
  let tasks = 0;
  for (let i = 0; i < rounds + 2; i++) {
    const order = i % 2 === 0 ? (['new', 'old'] as const) : (['old', 'new'] as const);
    for (const side of order) {
      const m = measure(sides[side]);
      tasks = m.tasks;
      if (i < 2) continue; // warm-up
      sim[side].push(m.simMs);
      cpu[side].push(m.cpuMs);
      simCpu[side].push(m.simCpuMs);
    }
  }
  const line = (name: string, v: { old: number[]; new: number[] }, f: (a: number[]) => number) =>
    `${name}: old ${f(v.old).toFixed(1)} ms, new ${f(v.new).toFixed(1)} ms, ` +
    `old/new ${(f(v.old) / f(v.new)).toFixed(3)}; ` +
    `scheduler tasks/s old ${Math.round((tasks / f(v.old)) * 1000)}, new ${Math.round((tasks / f(v.new)) * 1000)}`;
  console.log(
    `# ${rev} vs working tree, p2p 10,000 txs, ${accountsArg} accounts, 32 cores, ${rounds} rounds`,
  );
  console.log(line('simulator time, median', sim, median));
  console.log(line('simulator time, min', sim, (a) => Math.min(...a)));
  console.log(line('thread CPU of a whole run (executor included), median', cpu, median));
  console.log(
    line('thread CPU of a whole run (executor included), min', cpu, (a) => Math.min(...a)),
  );
  console.log(line('simulator CPU (run − executor replayed alone), median', simCpu, median));
  console.log(
    line('simulator CPU (run − executor replayed alone), min', simCpu, (a) => Math.min(...a)),
  );
}

void main();
