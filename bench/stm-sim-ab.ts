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
 * included, identical on both sides). Prints medians and minimums; the minimum is the least
 * disturbed run, the median the typical one.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBlock as runNew } from '../engine/stm';
import { p2pTransfers } from '../engine/blocks/workloads';

type Run = typeof runNew;

function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function loadOld(rev: string): Promise<{ run: Run; dir: string }> {
  // Inside the repository, so that tsx compiles it under the same tsconfig as the new code (a
  // copy under /tmp compiled differently and ran 1.2–1.4× slower in an A/A comparison).
  const dir = mkdtempSync(join(process.cwd(), '.stm-ab-'));
  execSync(`git archive ${rev} engine | tar -x -C ${dir}`);
  const mod = (await import(pathToFileURL(join(dir, 'engine/stm/index.ts')).href)) as {
    runBlock: Run;
  };
  return { run: mod.runBlock, dir };
}

function measure(run: Run, block: ReturnType<typeof p2pTransfers>) {
  const r = run(block, { variant: 'block-stm', cores: 32, profile: true });
  const c0 = threadCpuMs();
  run(block, { variant: 'block-stm', cores: 32 });
  return {
    simMs: r.timing.totalMs - r.timing.vmMs,
    cpuMs: threadCpuMs() - c0,
    tasks: r.metrics.tasks,
  };
}

async function main() {
  const [rev = 'HEAD~1', roundsArg = '21', accountsArg = '1000'] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const block = p2pTransfers({ n: 10000, accounts: Number(accountsArg), seed: 7 });
  const old = await loadOld(rev);
  const sides = { old: old.run, new: runNew } as const;
  const sim = { old: [] as number[], new: [] as number[] };
  const cpu = { old: [] as number[], new: [] as number[] };
  let tasks = 0;
  try {
    for (let i = 0; i < rounds + 2; i++) {
      const order = i % 2 === 0 ? (['new', 'old'] as const) : (['old', 'new'] as const);
      for (const side of order) {
        const m = measure(sides[side], block);
        tasks = m.tasks;
        if (i < 2) continue; // warm-up
        sim[side].push(m.simMs);
        cpu[side].push(m.cpuMs);
      }
    }
  } finally {
    rmSync(old.dir, { recursive: true, force: true });
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
}

void main();
