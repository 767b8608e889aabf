/**
 * Byte-equal conformance with cairo-lang's own `cairo-run` (installed by
 * scripts/setup/cairo-lang.sh into .tools/cairo-lang): for every Cairo 0 program of the shared
 * fixtures, our relocated trace and relocated memory must equal cairo-run's --trace_file and
 * --memory_file byte for byte; a program cairo-run rejects must fail here too.
 * cairo-run's outputs are cached in .tools/cairo-run-cache/ by program hash, so reruns are fast.
 * Without cairo-lang the tests skip locally and FAIL when CI=true.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCairo0, runCairo0 } from '../../../engine/vm/cairo0';
import { memoryToBytes, traceToBytes } from '../../../engine/vm/trace';

const ROOT = resolve(__dirname, '../../..');
const FIX = resolve(ROOT, '../shared/fixtures/cairo0/programs');
const CAIRO_RUN = join(ROOT, '.tools/cairo-lang/bin/cairo-run');
const CACHE = join(ROOT, '.tools/cairo-run-cache');
const PYTHON = join(ROOT, '.tools/cairo-lang/bin/python');
const BATCH = join(ROOT, 'scripts/cairo-run-batch.py');
const haveFixtures = existsSync(FIX);
const haveCairoRun = existsSync(CAIRO_RUN);
const inCi = process.env.CI === 'true';
const MISSING = `cairo-lang not installed (${CAIRO_RUN}): run scripts/setup/cairo-lang.sh`;

/** The smallest cairo-run layout that has every builtin our fixtures use. */
function layoutFor(builtins: string[]): string {
  return builtins.length === 0 ? 'plain' : 'starknet_with_keccak';
}

interface Reference {
  ok: boolean;
  error?: string;
  trace?: Buffer;
  memory?: Buffer;
}

function cacheDir(file: string, layout: string): string {
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 24);
  return join(CACHE, `${hash}-${layout}`);
}

function readCached(dir: string): Reference | undefined {
  const status = join(dir, 'status.json');
  if (!existsSync(status)) return undefined;
  const s = JSON.parse(readFileSync(status, 'utf8')) as { ok: boolean; error?: string };
  if (!s.ok) return s;
  return {
    ok: true,
    trace: readFileSync(join(dir, 'trace')),
    memory: readFileSync(join(dir, 'memory')),
  };
}

interface Job {
  args: string[];
  status: string;
}

/** cairo-run's arguments for a program, writing its outputs into the cache folder. */
function job(file: string, layout: string, dir: string): Job {
  mkdirSync(dir, { recursive: true });
  const args = ['--program', file, '--layout', layout];
  args.push('--trace_file', join(dir, 'trace'), '--memory_file', join(dir, 'memory'));
  return { args, status: join(dir, 'status.json') };
}

/**
 * Run the jobs with scripts/cairo-run-batch.py (cairo-run's main() in one Python process per
 * core: its imports take seconds, a small program milliseconds).
 */
async function fillCache(jobs: Job[]): Promise<void> {
  if (jobs.length === 0) return;
  const width = Math.min(jobs.length, Math.max(1, cpus().length));
  const batches = Array.from({ length: width }, (_, i) => jobs.filter((_, j) => j % width === i));
  mkdirSync(CACHE, { recursive: true });
  await Promise.all(
    batches.map(
      (batch, i) =>
        new Promise<void>((done, fail) => {
          const list = join(CACHE, `jobs-${process.pid}-${i}.json`);
          writeFileSync(list, JSON.stringify(batch));
          const p = spawn(PYTHON, [BATCH, list], { stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          p.stderr.on('data', (d: Buffer) => (err += d.toString()));
          p.on('close', (code) => {
            rmSync(list, { force: true });
            if (code === 0) done();
            else fail(new Error(`cairo-run-batch.py exited with ${code}: ${err.slice(-2000)}`));
          });
        }),
    ),
  );
}

const programs = haveFixtures
  ? readdirSync(FIX)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe.skipIf(!haveFixtures)('Cairo 0 byte-equal to cairo-lang cairo-run', () => {
  if (!haveCairoRun) {
    if (inCi) it('cairo-lang is installed (CI=true)', () => expect.fail(MISSING));
    else it.skip(`skipped: ${MISSING}`, () => {});
    if (!inCi) console.warn(`[cairo-run conformance] ${MISSING}; skipping`);
    return;
  }
  const refs = new Map<string, Reference>();
  beforeAll(async () => {
    const jobs: Job[] = [];
    for (const f of programs) {
      const file = join(FIX, f);
      const layout = layoutFor(parseCairo0(readFileSync(file, 'utf8')).builtins);
      const dir = cacheDir(file, layout);
      if (!readCached(dir)) jobs.push(job(file, layout, dir));
    }
    await fillCache(jobs);
    for (const f of programs) {
      const file = join(FIX, f);
      const layout = layoutFor(parseCairo0(readFileSync(file, 'utf8')).builtins);
      refs.set(f, readCached(cacheDir(file, layout))!);
    }
  }, 1_800_000);

  for (const f of programs)
    it(`${f}: trace and memory equal cairo-run's`, () => {
      const ref = refs.get(f)!;
      const p = parseCairo0(readFileSync(join(FIX, f), 'utf8'));
      if (!ref.ok) {
        // cairo-run rejects it: so must we.
        expect(() => runCairo0(p, { stepLimit: 10_000_000 }), ref.error).toThrow();
        return;
      }
      const r = runCairo0(p, { trace: true, stepLimit: 10_000_000 });
      const trace = Buffer.from(traceToBytes(r.trace!));
      const memory = Buffer.from(memoryToBytes(r.memory!));
      expect(trace.length).toBe(ref.trace!.length);
      expect(trace.equals(ref.trace!)).toBe(true);
      expect(memory.length).toBe(ref.memory!.length);
      expect(memory.equals(ref.memory!)).toBe(true);
    });
});
