/**
 * `analyze-range` against the real node: 50 small blocks of 1–5 transfers each (one
 * devnet_createBlock per block), analysed over JSON-RPC by the installed command. Each block's
 * figures must equal `analyze --rpc <node> --block N` of that block; the plots must be SVG that
 * renders; a second run must come from the cache only; an interrupted run must resume.
 * Without the node it skips locally and FAILS under CI=true.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main';
import { type Devnet, findDevnet, rpc, startDevnet } from './devnet';
import { connect } from './scenarios';
import { smallBlocks } from './small-blocks';

const BLOCKS = 50;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = resolve(ROOT, 'bin/stm-explorer.mjs');
const bin = findDevnet();

it.runIf(!bin && process.env.CI === 'true')('has starknet-devnet under CI', () => {
  throw new Error('starknet-devnet not found and CI=true: run scripts/setup/devnet.sh');
});

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The installed command, asynchronously (the test's own process keeps serving nothing). */
function cli(...args: string[]): Promise<Out> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe.skipIf(!bin)(`analyze-range over ${BLOCKS} starknet-devnet blocks`, () => {
  let node: Devnet | undefined;
  let from = 0;
  let to = 0;
  let sizes: number[] = [];
  let dir = '';
  let first: Out;
  const args = () => ['--rpc', node!.url, '--from', String(from), '--to', String(to)];

  beforeAll(async () => {
    node = await startDevnet({ accounts: 10 });
    ({ from, sizes } = await smallBlocks(await connect(node.url), BLOCKS));
    to = from + BLOCKS - 1;
    dir = mkdtempSync(join(tmpdir(), 'stm-range-'));
    first = await cli('analyze-range', ...args(), '--out', dir, '--format', 'json');
  });
  afterAll(async () => {
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('analyses every block of the range, fetching each once', () => {
    expect(first.code, first.stderr).toBe(0);
    const r = JSON.parse(first.stdout);
    expect(r.blocks.map((b: { number: number }) => b.number)).toEqual(
      sizes.map((_, i) => from + i),
    );
    expect(r.blocks.map((b: { transactions: number }) => b.transactions)).toEqual(sizes);
    expect(r.counters).toMatchObject({ cacheHits: 0, cacheMisses: BLOCKS, blockFetches: BLOCKS });
    expect(first.stderr).toContain(`cache: 0 hits, ${BLOCKS} misses`);
  });

  it('gives each block the figures analyze --rpc --block gives it', async () => {
    const r = JSON.parse(readFileSync(join(dir, 'range.json'), 'utf8'));
    const file = join(dir, 'one.json');
    for (const row of r.blocks) {
      // in-process (the same main as the binary): 50 tsx start-ups would take minutes
      const code = await main([
        ...['analyze', '--rpc', node!.url, '--block', String(row.number), '--out', file],
        ...['--cores', '8,32', '--variant', 'block-stm,oracle,sequential', '--format', 'json'],
      ]);
      expect(code, `analyze --block ${row.number}`).toBe(0);
      const a = JSON.parse(readFileSync(file, 'utf8'));
      const fields = ['transactions', 'edges', 'columns', 'criticalPath', 'totalCost', 'runs'];
      for (const f of fields) expect(row[f], `block ${row.number} ${f}`).toEqual(a[f]);
      expect(row.criticalPathTxs).toBe(a.criticalPathTxs.length);
      expect(row.hotspots).toEqual(a.hotspots.slice(0, row.hotspots.length));
      const bound = (k: number) =>
        a.runs.find(
          (x: { variant: string; cores: number }) => x.variant === 'block-stm' && x.cores === k,
        ).bound;
      expect(row.bound8).toBeCloseTo(bound(8), 9);
      expect(row.bound32).toBeCloseTo(bound(32), 9);
    }
  });

  it('writes per-block CSV and JSON and the plots as SVG (and PNG) that render', async () => {
    const csv = readFileSync(join(dir, 'blocks.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(BLOCKS + 1);
    expect(csv[0]).toMatch(/^block,hash,.*,bound_8,bound_32,/);
    for (let i = 0; i < BLOCKS; i++)
      expect(existsSync(join(dir, 'blocks', `${from + i}.json`))).toBe(true);
    for (const name of ['parallelism', 'shape']) {
      const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
      const meta = await sharp(Buffer.from(svg)).metadata(); // librsvg parses it or throws
      expect(meta.format).toBe('svg');
      expect((await sharp(join(dir, `${name}.png`)).metadata()).format).toBe('png');
    }
  });

  it('a second run comes from the cache only: no block fetched', async () => {
    const again = await cli('analyze-range', ...args(), '--out', dir, '--format', 'json');
    expect(again.code, again.stderr).toBe(0);
    const r = JSON.parse(again.stdout);
    expect(r.counters).toEqual({ cacheHits: BLOCKS, cacheMisses: 0, blockFetches: 0, rpcCalls: 2 });
    expect(again.stderr).toContain(`cache: ${BLOCKS} hits, 0 misses`);
    expect(r.blocks).toEqual(JSON.parse(first.stdout).blocks);
  });

  it('resumes an interrupted run from its cache', async () => {
    const cache = join(dir, 'resume.sqlite');
    const cut = await cli(
      'analyze-range',
      ...args(),
      '--out',
      dir,
      '--cache',
      cache,
      '--max-requests',
      '40',
    );
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/request budget of 40 RPC calls exhausted.*run again to resume/);
    const rest = await cli(
      'analyze-range',
      ...args(),
      '--out',
      dir,
      '--cache',
      cache,
      '--format',
      'json',
    );
    expect(rest.code, rest.stderr).toBe(0);
    const c = JSON.parse(rest.stdout).counters;
    expect(c.cacheHits).toBeGreaterThan(0);
    expect(c.cacheHits + c.cacheMisses).toBe(BLOCKS);
    expect(c.blockFetches).toBe(c.cacheMisses);
  });

  it('names the blocks the node does not have', async () => {
    const latest = await rpc<number>(node!.url, 'starknet_blockNumber');
    const r = await cli(
      'analyze-range',
      '--rpc',
      node!.url,
      '--from',
      String(to),
      '--to',
      String(latest + 3),
      '--out',
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `blocks ${latest + 1}–${latest + 3} of ${to}–${latest + 3} are not on the node (its latest block is ${latest})`,
    );
  });
});
