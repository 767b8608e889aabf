import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from 'starknet';
import { getStarkKey, sign } from '@scure/starknet';
import { selectorOf, shortString } from '../../../engine/starknet/execution';
import { probeClass } from '../starknet/probe-class';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CASM = resolve(ROOT, '../shared/fixtures/casm/cairo-lang');
const BIN = resolve(ROOT, 'bin/stm-explorer.mjs');
const cls = (n: string) => join(CASM, `${n}.compiled_contract_class.json`);
const h = (v: bigint) => '0x' + v.toString(16);

function runContract(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run-contract', ...args, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('stm-explorer run-contract scenario options', () => {
  it('tx and block info, block hashes and L2→L1 messages reach the contract', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-contract-'));
    try {
      const file = join(dir, 'probe.json');
      writeFileSync(file, JSON.stringify(probeClass()));
      const out = runContract(
        file,
        'probe',
        '50',
        '7',
        '8',
        '--caller',
        '0xca11',
        '--tx-hash',
        '0x77',
        '--version',
        '3',
        '--nonce',
        '5',
        '--chain-id',
        'SN_MAIN',
        '--signature',
        '9,10',
        '--resource-bounds',
        'l1_gas=33:2,l2_gas=1000:1',
        '--tip',
        '4',
        '--block-number',
        '70',
        '--block-timestamp',
        '1234',
        '--sequencer',
        '0x5e9',
        '--block-hash',
        '50=0xabc',
      );
      expect(out.retdata.map(BigInt)).toEqual([
        70n,
        1234n,
        0x5e9n,
        0x77n,
        3n,
        5n,
        shortString('SN_MAIN'),
        9n,
        33n,
        4n,
        0xabcn,
        0xca11n,
        0x1234n,
      ]);
      expect(out.messages).toEqual([{ from: '0x1234', to: '0xe1', payload: ['0x7', '0x8'] }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(existsSync(CASM))('--declare and --deploy set up a call across contracts', () => {
    const out = runContract(
      cls('account__account'),
      '__execute__',
      '1',
      '0x7007',
      h(selectorOf('transfer')),
      '3',
      '0xdef',
      '250',
      '0',
      '--constructor-calldata',
      '1',
      '--declare',
      `0xe20=${cls('erc20__erc_20')}`,
      '--deploy',
      '0x7007=0xe20:1,2,18,1000,0,0x1234',
    );
    expect(out.panicked).toBe(false);
    expect(
      out.calls.map((c: { depth: number; contract: string }) => [c.depth, c.contract]),
    ).toEqual([
      [0, '0x1234'],
      [1, '0x7007'],
    ]);
    expect(out.steps).toBe(out.calls[0].steps + out.calls[1].steps);
    expect(Number(out.gasConsumed)).toBeGreaterThan(0);
    expect(out.events[0].data).toEqual(['0x1234', '0xdef', '0xfa', '0x0']);
  });

  it.runIf(existsSync(CASM))('--declare without a hash uses the compiled class hash', () => {
    const counter = cls('new_syntax_test_contract__counter_contract');
    const compiled = hash.computeCompiledClassHash(JSON.parse(readFileSync(counter, 'utf8')));
    const out = runContract(
      cls('proxy__proxy'),
      'increase_counter',
      '5',
      '--declare',
      counter,
      '--constructor-calldata',
      compiled,
    );
    expect(out.panicked).toBe(false);
    expect(out.calls[1]).toMatchObject({ depth: 1, callType: 'Delegate', classHash: compiled });
  });

  it.runIf(existsSync(CASM))(
    '--validate with the signature of --tx-hash; --entry-type l1_handler',
    () => {
      const key = '0x1234567890abcdef';
      const sig = sign('0x2a1b', key);
      const v = runContract(
        cls('account__account'),
        '__validate__',
        '0',
        '--constructor-calldata',
        getStarkKey(key),
        '--validate',
        '--tx-hash',
        '0x2a1b',
        '--signature',
        `${h(sig.r)},${h(sig.s)}`,
      );
      expect(v.valid).toBe(true);
      const l1 = runContract(
        cls('test_contract__test_contract'),
        'l1_handle',
        '0x99',
        '7',
        '--entry-type',
        'l1_handler',
      );
      expect([l1.entryPointType, l1.retdata]).toEqual(['L1_HANDLER', ['0x7']]);
    },
  );
});

describe('stm-explorer run-contract with a Cairo 0 class in the JSON-RPC form', () => {
  const PROBE = resolve(ROOT, 'test/fixtures/cairo0-contracts/syscalls_probe.json');
  /** The probe as a node serves it: the program's JSON text gzipped and base64'd. */
  function rpcForm(dir: string): string {
    const text = readFileSync(PROBE, 'utf8');
    const parsed = JSON.parse(text) as { abi: unknown; entry_points_by_type: unknown };
    // the program is the file's last member; its text is taken verbatim (felts beyond 2^53)
    const program = text.slice(text.indexOf('"program":') + 10, text.lastIndexOf('}')).trim();
    expect(program.startsWith('{')).toBe(true);
    const file = join(dir, 'probe-rpc.json');
    const body = {
      abi: parsed.abi,
      entry_points_by_type: parsed.entry_points_by_type,
      program: gzipSync(program).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(body));
    return file;
  }

  it('runs it as the compiled form runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-contract-rpc-'));
    try {
      const file = rpcForm(dir);
      const args = ['increase', '2', '--constructor-calldata', '40'];
      const rpc = runContract(file, ...args);
      const compiled = runContract(PROBE, ...args);
      expect(rpc.retdata).toEqual(['0x2a']);
      expect(rpc).toEqual(compiled);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('declares it under a given hash, and asks for one when none is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-contract-rpc-'));
    try {
      const file = rpcForm(dir);
      const getCounter = h(selectorOf('get_counter'));
      // the compiled probe calls get_counter on a contract of the declared RPC-form class
      const out = runContract(
        PROBE,
        'call_other',
        '0x777',
        getCounter,
        '0',
        '--declare',
        `0xabc=${file}`,
        '--deploy',
        '0x777=0xabc:9',
      );
      expect(out.retdata).toEqual(['0x1', '0x9']);
      const r = spawnSync(
        process.execPath,
        [BIN, 'run-contract', PROBE, 'get_counter', '--declare', file],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('give it as hash=file');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
