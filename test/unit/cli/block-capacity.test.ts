import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBlock } from '../../../engine/analyze';
import { findPreset } from '../../../engine/blocks/catalog';
import { buildDependencyGraph, speedupBound } from '../../../engine/graph';
import { blockDependencyGraph } from '../../../engine/stm';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = resolve(ROOT, 'bin/stm-explorer.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BLOCK = ['--preset', 'p2p', '--param', 'n=100', '--param', 'accounts=10'];

describe('stm-explorer analyze --block-capacity', () => {
  it('JSON says where each run ended the block and what was thrown away (as the engine)', () => {
    const r = cli(
      'analyze',
      ...BLOCK,
      '--cores',
      '4',
      '--variant',
      'blockifier,block-stm,sequential',
      '--block-capacity',
      'n_txs=40',
      '--format',
      'json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const engine = analyzeBlock(findPreset('p2p').build({ n: 100, accounts: 10 }), {
      cores: [4],
      variants: ['blockifier', 'block-stm', 'sequential'],
      seed: 1,
      blockCapacity: { n_txs: 40 },
    });
    expect(out.runs).toHaveLength(3);
    for (const [i, run] of out.runs.entries()) {
      expect(run.blockEnd).toMatchObject({ included: 40, full: true, exceeded: ['n_txs'] });
      expect(run.blockEnd.excludedExecutions).toBe(engine.runs[i].blockEnd!.excludedExecutions);
      expect(run.blockEnd.excludedExecutions).toBeGreaterThan(0);
    }
    expect(out.runs[0].blockEnd.haltedAt).toBe(out.runs[0].makespan);
    // the bound is that of the 40 transactions in the block, not of the 100 given
    const { graph, access } = blockDependencyGraph(
      findPreset('p2p').build({ n: 100, accounts: 10 }),
    );
    const inBlock = speedupBound(buildDependencyGraph(access.slice(0, 40)), 4);
    expect(inBlock).not.toBeCloseTo(speedupBound(graph, 4), 3);
    expect(out.runs[0].bound).toBeCloseTo(inBlock, 12);
    expect(out.runs[2].bound).toBe(1);
  });

  it.each([
    ['n_tx=40', /unknown weight "n_tx"/],
    ['n_txs=forty', /n_txs="forty" is not a number/],
    ['sierra_gas=-5', /sierra_gas=-5 is negative/],
  ])('%s → exit 2 with a specific message', (value, message) => {
    const r = cli('analyze', ...BLOCK, '--cores', '2', '--block-capacity', value);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('what-ifs run with the capacity too: each side says how many transactions its block holds', () => {
    const args = ['analyze', ...BLOCK, '--cores', '4', '--variant', 'block-stm'];
    const what = ['--what-if', 'no-nonces', '--block-capacity', 'n_txs=40'];
    const json = cli(...args, ...what, '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const w = JSON.parse(json.stdout).whatIfs[0];
    expect(w.before.blockEnd).toEqual({ included: 40, full: true, exceeded: ['n_txs'] });
    expect(w.after.blockEnd.included).toBe(40);
    const table = cli(...args, ...what);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/txs in block/);
  });

  it('real workers: Block-STM has no bouncer (exit 2); blockifier is cut where sequential is', () => {
    const bad = cli('analyze', ...BLOCK, '--mode', 'workers', '--block-capacity', 'n_txs=4');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--block-capacity on real workers needs --variant blockifier/);
    const r = cli(
      'analyze',
      ...BLOCK,
      '--mode',
      'workers',
      '--cores',
      '2',
      '--variant',
      'blockifier',
      '--warmup',
      '0',
      '--block-capacity',
      'n_txs=30',
      '--format',
      'json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const run of out.runs) {
      expect(run.ok).toBe(true);
      expect(run.blockEnd).toMatchObject({ included: 30, full: true, exceeded: ['n_txs'] });
    }
  });
});
