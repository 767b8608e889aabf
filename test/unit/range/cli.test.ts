import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { main } from '../../../engine/cli/main';
import { mockChain, type MockChain } from './mock-node';

let err: string[];
let out: string[];
let dir: string;
let chain: MockChain;
beforeEach(() => {
  err = [];
  out = [];
  vi.spyOn(console, 'error').mockImplementation((m) => void err.push(String(m)));
  vi.spyOn(console, 'log').mockImplementation((m) => void out.push(String(m)));
  dir = mkdtempSync(join(tmpdir(), 'range-cli-'));
  chain = mockChain(20);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  rmSync(dir, { recursive: true, force: true });
});

const range = (...a: string[]) => main(['analyze-range', '--out', dir, '--no-png', ...a]);

describe('stm-explorer analyze-range', () => {
  it('refuses from > to as a usage error, before any request', async () => {
    vi.stubGlobal('fetch', chain.fetch);
    expect(await range('--rpc', 'http://x.invalid', '--from', '9', '--to', '3')).toBe(2);
    expect(err[0]).toContain('--from 9 is after --to 3');
    expect(chain.log).toEqual([]);
  });

  it('names missing and malformed flags', async () => {
    expect(await range('--from', '1', '--to', '3')).toBe(2);
    expect(err.at(-1)).toContain('--rpc <url> is required');
    expect(await range('--rpc', 'http://x.invalid', '--from', 'one', '--to', '3')).toBe(2);
    expect(err.at(-1)).toContain("--from takes a block number (an integer ≥ 0), got 'one'");
  });

  it('says when the node cannot be reached (exit 1)', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    expect(await range('--rpc', 'http://127.0.0.1:9/rpc', '--from', '1', '--to', '3')).toBe(1);
    expect(err.at(-1)).toMatch(
      /cannot use http:\/\/127.0.0.1:9\/rpc as a Starknet JSON-RPC node: cannot reach/,
    );
  });

  it('writes the files and counts cache hits on a second run', async () => {
    vi.stubGlobal('fetch', chain.fetch);
    const args = ['--rpc', 'http://mock.invalid/rpc', '--from', '3', '--to', '8'];
    expect(await range(...args)).toBe(0);
    expect(err.join('\n')).toContain('cache: 0 hits, 6 misses');
    expect(err.join('\n')).toContain('no PNG: PNG not asked for (--no-png)');
    for (const f of ['blocks.csv', 'runs.csv', 'range.json', 'parallelism.svg', 'shape.svg'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(dir, 'cache.sqlite'))).toBe(true);
    // librsvg (through sharp) parses the plot or throws
    const svg = await sharp(join(dir, 'parallelism.svg')).metadata();
    expect([svg.format, svg.width, svg.height]).toEqual(['svg', 900, 440]);
    const runs = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
    // 6 blocks × (block-stm and oracle at 8 and 32 cores, sequential once)
    expect(runs).toHaveLength(1 + 6 * 5);
    expect(await range(...args, '--format', 'json')).toBe(0);
    expect(err.join('\n')).toContain('cache: 6 hits, 0 misses');
    expect(JSON.parse(out.at(-1)!).counters.blockFetches).toBe(0);
  });
});
