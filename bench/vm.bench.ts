import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './run';
import {
  runProgram,
  parseCairo0,
  runCairo0,
  assemble,
  memoryFileChunks,
  relocatedMemoryBytes,
  traceToBytes,
  segmentBases,
  type Memory,
} from '../engine/vm/index';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = resolve(here, '../../shared/fixtures');
const mib = () => process.memoryUsage().rss / 2 ** 20;

const FIB = `
fib:
  [ap] = 0, ap++;
  [ap] = 1, ap++;
  [ap] = [fp + -3], ap++;
loop:
  [ap] = [ap + -2], ap++;
  [ap] = [ap + -4] + [ap + -3], ap++;
  [ap] = [ap + -3] + -1, ap++;
  jmp loop if [ap + -1] != 0;
  [ap] = [ap + -3], ap++;
  ret;
`;
const CHAIN = `
chain:
  jmp body if [fp + -3] != 0;
  [ap] = [fp + -5], ap++;
  [ap] = [fp + -4], ap++;
  ret;
body:
  [fp + -4] = [[fp + -5]];
  [fp + -3] = [[fp + -5] + 1];
  [ap] = [[fp + -5] + 2], ap++;
  [ap] = [fp + -5] + 3, ap++;
  [ap] = [fp + 0], ap++;
  [ap] = [fp + -3] + -1, ap++;
  call chain;
  ret;
`;

export default async function (report: Report) {
  let peak = 0;
  const fib = assemble(FIB);
  for (const trace of [false, true]) {
    const t0 = performance.now();
    const r = runProgram(fib, { args: [1_000_000n], trace, stepLimit: 1e8 });
    const ms = performance.now() - t0;
    peak = Math.max(peak, mib());
    report(
      `vm.fibonacci_loop${trace ? '_trace' : ''}`,
      (r.steps / ms) * 1000,
      `steps/s (${r.steps} steps, rss ${mib().toFixed(0)} MiB)`,
    );
  }
  {
    const t0 = performance.now();
    const r = runProgram(CHAIN, { builtins: ['pedersen'], args: [1n, 500n], nReturn: 2 });
    const ms = performance.now() - t0;
    report(
      'vm.pedersen_chain',
      (r.steps / ms) * 1000,
      `steps/s (${r.steps} steps, 500 hashes, rss ${mib().toFixed(0)} MiB)`,
    );
  }
  if (existsSync(FIX)) {
    const p = parseCairo0(
      readFileSync(resolve(FIX, 'cairo0/benchmarks/big_fibonacci.json'), 'utf8'),
    );
    const t0 = performance.now();
    const r = runCairo0(p, { trace: true, stepLimit: 1e9 });
    const ms = performance.now() - t0;
    peak = Math.max(peak, mib());
    report(
      'vm.big_fibonacci_trace',
      (r.steps / ms) * 1000,
      `steps/s (${r.steps} steps incl. trace relocation, rss ${mib().toFixed(0)} MiB)`,
    );
    const [bytes, ms1, cpu1] = timed(() => memoryChunkBytes(r.vm.mem));
    report(
      'vm.export_memory_big_fibonacci',
      ms1,
      `ms (cpu ${cpu1.toFixed(0)} ms; ${bytes / 40} cells, half of them felts ≥ 2^53; records only)`,
    );
    const [, ms2, cpu2] = timed(() => writeMemoryFile(r.vm.mem));
    report(
      'vm.write_memory_file_big_fibonacci',
      ms2,
      `ms (cpu ${cpu2.toFixed(0)} ms; ${(bytes / 2 ** 20).toFixed(0)} MiB written in chunks, as run-program --memory-file)`,
    );
  } else console.error('# ../shared/fixtures missing: big_fibonacci skipped');
  peak = Math.max(peak, exportFigures(report));
  report('vm.peak_rss', Math.max(peak, mib()), 'MiB');
}

/** Bytes of the memory file's chunks, made and dropped one by one (no file). */
function memoryChunkBytes(mem: Memory): number {
  let n = 0;
  for (const chunk of memoryFileChunks(mem, segmentBases(mem))) n += chunk.length;
  return n;
}

/** The memory file written chunk by chunk to a temporary file (removed after), as run-program. */
function writeMemoryFile(mem: Memory): void {
  const file = join(tmpdir(), `stm-explorer-bench-memory-${process.pid}.bin`);
  const fd = openSync(file, 'w');
  try {
    for (const chunk of memoryFileChunks(mem, segmentBases(mem)))
      for (let done = 0; done < chunk.length;)
        done += writeSync(fd, chunk, done, chunk.length - done);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

/** Wall and CPU time (ms) of `f`: CPU time is the fairer figure on a loaded machine. */
function timed<T>(f: () => T): [T, number, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const v = f();
  const d = process.cpuUsage(c);
  return [v, performance.now() - t, (d.user + d.system) / 1000];
}

const COUNTDOWN = `
count:
  [ap] = [fp + -3], ap++;
loop:
  [ap] = [ap + -1] + -1, ap++;
  jmp loop if [ap + -1] != 0;
  ret;
`;

/** Writing the relocated memory and trace files of a 10 M-step run with small values. */
function exportFigures(report: Report): number {
  const r = runProgram(COUNTDOWN, { args: [5_000_000n], trace: true, stepLimit: 1e8 });
  const [mem, ms1, cpu1] = timed(() => relocatedMemoryBytes(r.vm.mem, segmentBases(r.vm.mem)));
  const [trace, ms2, cpu2] = timed(() => traceToBytes(r.trace!));
  const mb = (b: Uint8Array) => (b.length / 2 ** 20).toFixed(0);
  report(
    'vm.export_memory_countdown_10m',
    ms1,
    `ms (cpu ${cpu1.toFixed(0)} ms; ${r.steps} steps, ${mem.length / 40} cells, ${mb(mem)} MiB)`,
  );
  report(
    'vm.export_trace_countdown_10m',
    ms2,
    `ms (cpu ${cpu2.toFixed(0)} ms; ${r.steps} steps, ${mb(trace)} MiB)`,
  );
  return mib();
}
