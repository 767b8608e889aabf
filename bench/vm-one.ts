/**
 * One run of a compiled Cairo 0 program on our VM with the trace on, as a process of its own, so
 * `vm-rust.bench.ts` can time it beside the Rust VM's harness (bench/rust-vm) the same way. Prints
 * one JSON line: steps, the in-process wall and CPU milliseconds from reading the file to the
 * relocated trace, and the peak resident memory the run added, per step.
 * Bundled by the bench with esbuild (plain node, no TypeScript loader in the timed process).
 */
import { readFileSync } from 'node:fs';
import { parseCairo0, runCairo0 } from '../engine/vm/index';

const file = process.argv[2];
if (!file) {
  console.error('usage: vm-one <program.json>');
  process.exit(2);
}
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const program = parseCairo0(readFileSync(file, 'utf8'));
const r = runCairo0(program, { trace: true, stepLimit: 1e9 });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// peak resident set (ru_maxrss, KiB) above the resident set before the run: what the run needed
const grownBytes = process.resourceUsage().maxRSS * 1024 - rss0;
console.log(
  JSON.stringify({
    steps: r.steps,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytesPerStep: grownBytes / r.steps,
    trace: (r.trace?.length ?? 0) / 3,
  }),
);
