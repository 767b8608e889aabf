/**
 * Our VM beside lambdaclass's cairo-vm (pinned in bench/rust-vm/Cargo.toml), on the same compiled
 * hint-free programs, with the trace on. Each round runs both as whole processes, alternating which
 * goes first (this host's vCPUs change speed for seconds at a time); figures are medians.
 *   vm.steps_per_s.<p>.trace / vm.rust.steps_per_s.<p>.trace: steps per second measured inside
 *     the process (file read → relocated trace), ours / Rust's
 *   vm.over_rust.<p>: our speed over Rust's (Rust's time / ours, so ≥ 1 means we are at least as
 *     fast), whole process wall time (runtime startup included) — the figure
 *   vm.over_rust_inprocess.<p>: the same, in-process time (no runtime startup)
 *   vm.over_rust_cpu.<p>: the same, whole process CPU time (user + system, all threads, from the
 *     children's rusage): the fairer figure when other jobs share the cores
 *   vm.bytes_per_step.<p>: peak resident memory our run added, per step (trace on)
 * The Rust harness is built here with `cargo build --release` (never by the tests); set
 * RUST_VM_BIN to an already built harness to skip the build (e.g. a main checkout's target/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './run';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = resolve(here, '../../shared/fixtures/cairo0/benchmarks');
const PROGRAMS = ['big_fibonacci', 'big_factorial', 'integration_builtins', 'pedersen'];
const ROUNDS = Number(process.env.VM_RUST_ROUNDS ?? 5);

interface Sample {
  steps: number;
  /** in-process wall ms, as the child measured it */
  ms: number;
  /** whole-process wall ms, measured here */
  wallMs: number;
  /** whole-process CPU ms (NaN where /proc is missing) */
  cpuMs: number;
  bytesPerStep?: number;
}

function buildRust(): string {
  if (process.env.RUST_VM_BIN) return process.env.RUST_VM_BIN;
  const dir = join(here, 'rust-vm');
  console.error('# building bench/rust-vm (cargo build --release; minutes the first time)');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: dir, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ?? join(dir, 'target');
  return join(target, 'release/stm-explorer-rust-vm-bench');
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

/**
 * CPU ms used so far by the waited-for children of this process (cutime + cstime of
 * /proc/self/stat, in clock ticks of 10 ms), or NaN off Linux.
 */
function childrenCpuMs(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
  return (Number(fields[13]) + Number(fields[14])) * 10; // 16th and 17th fields
}

function timed(cmd: string, args: string[]): Sample {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallMs = performance.now() - t0;
  const cpuMs = childrenCpuMs() - c0;
  const child = JSON.parse(out.trim().split('\n').pop()!) as Sample;
  return { ...child, wallMs, cpuMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** ROUNDS alternating runs of both VMs on one program. */
function rounds(rust: string, ours: string, file: string): { r: Sample[]; o: Sample[] } {
  const r: Sample[] = [];
  const o: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const runRust = () => r.push(timed(rust, [file, 'all_cairo']));
    const runOurs = () => o.push(timed(process.execPath, [ours, file]));
    const order = i % 2 === 0 ? [runRust, runOurs] : [runOurs, runRust];
    for (const run of order) run();
  }
  return { r, o };
}

export default async function (report: Report) {
  if (!existsSync(FIX)) return console.error('# ../shared/fixtures missing: vm-rust skipped');
  const rust = buildRust();
  const ours = await bundleOurs();
  for (const name of PROGRAMS) {
    const { r, o } = rounds(rust, ours, join(FIX, `${name}.json`));
    if (r[0].steps !== o[0].steps)
      throw new Error(`${name}: steps differ (rust ${r[0].steps}, ours ${o[0].steps})`);
    const steps = r[0].steps;
    const med = (xs: Sample[], k: 'ms' | 'wallMs' | 'cpuMs') => median(xs.map((s) => s[k]));
    const perS = (ms: number) => (steps / ms) * 1000;
    const inproc = `steps/s (${steps} steps, in-process, median of ${ROUNDS})`;
    report(`vm.steps_per_s.${name}.trace`, perS(med(o, 'ms')), inproc);
    report(`vm.rust.steps_per_s.${name}.trace`, perS(med(r, 'ms')), inproc);
    const speed = `× (ours/Rust speed = Rust's time / ours; ≥ 1: we are at least as fast)`;
    report(`vm.over_rust.${name}`, med(r, 'wallMs') / med(o, 'wallMs'), `${speed}, whole process`);
    report(`vm.over_rust_inprocess.${name}`, med(r, 'ms') / med(o, 'ms'), `× in-process`);
    const cpu = med(r, 'cpuMs') / med(o, 'cpuMs');
    if (Number.isFinite(cpu)) report(`vm.over_rust_cpu.${name}`, cpu, `× whole process, CPU time`);
    report(
      `vm.bytes_per_step.${name}`,
      median(o.map((s) => s.bytesPerStep ?? NaN)),
      'B/step (peak RSS added by our run, trace on)',
    );
  }
}
