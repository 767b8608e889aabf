import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pedersen } from '@scure/starknet';
import {
  P,
  memoryToBytes,
  parseCairo0,
  readMemory,
  relocateMemory,
  runCairo0,
} from '../../../engine/vm/index';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = resolve(ROOT, '../shared/fixtures');
const C0 = join(FIXTURES, 'cairo0');
const BIN = resolve(ROOT, 'bin/stm-explorer.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run-program', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(existsSync(FIXTURES))('stm-explorer run-program', () => {
  it('writes the reference trace and the relocated memory of fibonacci', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-program-'));
    try {
      const trace = join(dir, 'fib.trace');
      const memory = join(dir, 'fib.memory');
      const prog = join(C0, 'programs/fibonacci.json');
      const r = cli(prog, '--trace-file', trace, '--memory-file', memory, '--format', 'json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ steps: 80, layout: 'plain', builtins: {} });
      expect(
        readFileSync(trace).equals(readFileSync(join(C0, 'traces/expected_fibonacci.trace'))),
      ).toBe(true);
      const bytes = readFileSync(memory);
      const p = parseCairo0(readFileSync(prog, 'utf8'));
      expect(bytes.equals(Buffer.from(memoryToBytes(relocateMemory(runCairo0(p).vm.mem))))).toBe(
        true,
      );
      const m = readMemory(bytes);
      expect(m.addrs[0]).toBe(1);
      expect(m.values.slice(0, p.data.length)).toEqual(p.data.map((x) => BigInt(x)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs a builtin program in a layout that has its builtins, with the reference trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-program-'));
    try {
      const trace = join(dir, 'b.trace');
      const prog = join(C0, 'programs/bitwise_builtin_test.json');
      const r = cli(prog, '--layout', 'all_cairo', '--trace-file', trace);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/steps\s+46/);
      const ref = readFileSync(join(C0, 'traces/expected_bitwise_builtin_test.trace'));
      expect(readFileSync(trace).equals(ref)).toBe(true);
      const bad = cli(prog, '--layout', 'small');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/layout 'small' has no bitwise builtin/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the output builtin like cairo-run (signed felts)', () => {
    const r = cli(join(C0, 'programs/pedersen_test.json'), '--layout', 'small', '--print-output');
    expect(r.code, r.stderr).toBe(0);
    const h = BigInt(pedersen(0n, 0n));
    const signed = h > P / 2n ? h - P : h;
    expect(r.stdout).toContain(`Program output:\n  ${signed}\n`);
  });

  it('names the problem for bad input and a bad layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-program-'));
    try {
      const notJson = join(dir, 'x.json');
      writeFileSync(notJson, 'hello');
      expect(cli(join(dir, 'missing.json'))).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/cannot read/),
      });
      expect(cli(notJson)).toMatchObject({ code: 1, stderr: expect.stringMatching(/not JSON/) });
      const casm = join(FIXTURES, 'casm/cairo-lang/erc20__erc_20.compiled_contract_class.json');
      expect(cli(casm)).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/Cairo 1 contract class.*run-contract/),
      });
      const lay = cli(join(C0, 'programs/fibonacci.json'), '--layout', 'huge');
      expect(lay.code).toBe(2);
      expect(lay.stderr).toMatch(/--layout must be one of plain, small/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
