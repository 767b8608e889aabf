/**
 * Our VM beside lambdaclass's cairo-vm (pinned in bench/rust-vm/Cargo.toml), on the same compiled
 * hint-free programs, with the trace on. Each round runs both as whole processes, alternating which
 * goes first (this host's vCPUs change speed for seconds at a time); figures are medians.
 *   vm.rust.<p> / vm.ours.<p>: steps per second measured inside the process (file read → relocated trace)
 *   vm.over_rust.<p>: ours / Rust, whole process wall time (startup included)
 *   vm.over_rust_inprocess.<p>: ours / Rust, in-process time (no runtime startup)
 * The Rust harness is built here with `cargo build --release` (never by the tests).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './run';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = resolve(here, '../../shared/fixtures/cairo0/benchmarks');
const PROGRAMS = ['big_fibonacci', 'big_factorial', 'integration_builtins', 'pedersen'];
const ROUNDS = Number(process.env.VM_RUST_ROUNDS ?? 5);

interface Sample {
  steps: number;
  ms: number;
  wallMs: number;
}

function buildRust(): string {
  const dir = join(here, 'rust-vm');
  console.error('# building bench/rust-vm (cargo build --release; minutes the first time)');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: dir, stdio: 'inherit' });
  return join(dir, 'target/release/stm-explorer-rust-vm-bench');
}

async function bundleOurs(): Promise<string> {
  const out = join(here, '../bench-results/vm-one.mjs');
  mkdirSync(dirname(out), { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(here, 'vm-one.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

function timed(cmd: string, args: string[]): Sample {
  const t0 = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallMs = performance.now() - t0;
  const { steps, ms } = JSON.parse(out.trim().split('\n').pop()!) as Sample;
  return { steps, ms, wallMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export default async function (report: Report) {
  if (!existsSync(FIX)) return console.error('# ../shared/fixtures missing: vm-rust skipped');
  const rust = buildRust();
  const ours = await bundleOurs();
  for (const name of PROGRAMS) {
    const file = join(FIX, `${name}.json`);
    const r: Sample[] = [];
    const o: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const runRust = () => r.push(timed(rust, [file, 'all_cairo']));
      const runOurs = () => o.push(timed(process.execPath, [ours, file]));
      const order = i % 2 === 0 ? [runRust, runOurs] : [runOurs, runRust];
      for (const run of order) run();
    }
    if (r[0].steps !== o[0].steps)
      throw new Error(`${name}: steps differ (rust ${r[0].steps}, ours ${o[0].steps})`);
    const steps = r[0].steps;
    const perS = (ms: number) => (steps / ms) * 1000;
    report(
      `vm.rust.${name}`,
      perS(median(r.map((s) => s.ms))),
      `steps/s (${steps} steps, in-process)`,
    );
    report(
      `vm.ours.${name}`,
      perS(median(o.map((s) => s.ms))),
      `steps/s (${steps} steps, in-process)`,
    );
    const wall = median(r.map((s) => s.wallMs)) / median(o.map((s) => s.wallMs));
    const inproc = median(r.map((s) => s.ms)) / median(o.map((s) => s.ms));
    report(`vm.over_rust.${name}`, wall, `× (ours/Rust speed, whole process, median of ${ROUNDS})`);
    report(`vm.over_rust_inprocess.${name}`, inproc, `× (ours/Rust speed, in-process)`);
  }
}
