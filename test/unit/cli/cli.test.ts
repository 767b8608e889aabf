import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBlock, paperGrid } from '../../../engine/analyze';
import { findPreset } from '../../../engine/blocks/catalog';
import { p2pTransfers } from '../../../engine/blocks/workloads';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = resolve(ROOT, '../shared/fixtures');
const BIN = resolve(ROOT, 'bin/stm-explorer.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('stm-explorer analyze', () => {
  it('JSON output has the documented shape and equals the engine', () => {
    const r = cli(
      'analyze',
      '--preset',
      'p2p',
      '--param',
      'n=200',
      '--param',
      'accounts=20',
      '--cores',
      '1,4,8',
      '--variant',
      'block-stm,oracle',
      '--format',
      'json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const engine = analyzeBlock(findPreset('p2p').build({ n: 200, accounts: 20 }), {
      cores: [1, 4, 8],
      variants: ['block-stm', 'oracle'],
      seed: 1,
    });
    for (const key of ['transactions', 'edges', 'columns', 'criticalPath', 'hotspots', 'runs'])
      expect(out).toHaveProperty(key);
    expect(out.transactions).toBe(200);
    expect(out.edges).toBe(engine.edges);
    expect(out.columns).toBe(engine.columns);
    expect(out.criticalPath).toBe(engine.criticalPath);
    expect(out.hotspots).toEqual(engine.hotspots);
    expect(out.runs).toEqual(JSON.parse(JSON.stringify(engine.runs)));
    for (const run of out.runs) {
      for (const k of [
        'variant',
        'cores',
        'makespan',
        'speedup',
        'executions',
        'aborts',
        'validations',
      ])
        expect(run).toHaveProperty(k);
    }
    expect(out.hotspots[0]).toEqual({
      contract: expect.stringMatching(/^0x/),
      key: expect.any(String),
      edges: expect.any(Number),
    });
  });

  it('the table and CSV agree with the JSON', () => {
    const args = [
      'analyze',
      '--preset',
      'seed-figure1',
      '--cores',
      '5',
      '--variant',
      'block-stm,selective,naive',
    ];
    const j = JSON.parse(cli(...args, '--format', 'json').stdout);
    const c = parseCsv(cli(...args, '--format', 'csv').stdout);
    const t = cli(...args).stdout;
    expect(
      c.map((row) => [
        row.variant,
        Number(row.cores),
        Number(row.makespan),
        Number(row.executions),
      ]),
    ).toEqual(
      j.runs.map((x: { variant: string; cores: number; makespan: number; executions: number }) => [
        x.variant,
        x.cores,
        x.makespan,
        x.executions,
      ]),
    );
    expect(t).toContain('Hotspots');
    expect(t).toMatch(/block-stm\s+5\s+8\s/);
    // the seed's story: naive re-executes more than selective on the figure-1 block
    const naive = j.runs.find((x: { variant: string }) => x.variant === 'naive');
    const selective = j.runs.find((x: { variant: string }) => x.variant === 'selective');
    expect(naive.executions).toBeGreaterThan(selective.executions);
  });

  it('writes to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stm-cli-'));
    const out = join(dir, 'r.json');
    const r = cli(
      'analyze',
      '--preset',
      'seed-abc',
      '--cores',
      '2',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).transactions).toBe(3);
  });

  it.runIf(existsSync(FIXTURES))(
    'analyses a real feeder-gateway block from ../shared/fixtures',
    () => {
      const file = join(
        FIXTURES,
        'blocks/pathfinder-feeder/0.14.1/state_update/sepolia_integration_3077642.json',
      );
      const r = cli(
        'analyze',
        file,
        '--cores',
        '1,4',
        '--variant',
        'block-stm,oracle',
        '--format',
        'json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.transactions).toBe(201);
      expect(out.accessMode).toMatch(/inferred|partial/);
      expect(out.runs).toHaveLength(4);
    },
  );

  it.runIf(existsSync(FIXTURES))(
    'the transaction-hash check: summary in the block info; a mismatch names --chain-id and --no-hash-check',
    { timeout: 120_000 },
    () => {
      const feeder = join(FIXTURES, 'blocks/pathfinder-feeder');
      const fake = join(feeder, '0.14.3/state_update/sepolia_integration_fake.json');
      const run = ['--cores', '2', '--variant', 'block-stm'];
      const ok = cli('analyze', fake, ...run);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout.split('\n')[1]).toMatch(
        /^transaction hashes: 200 of 201 verified on SN_INTEGRATION_SEPOLIA \(detected\); 1 not checked \(#0: it carries proof_facts/,
      );
      // made-up hashes: exit 1, the message names the CLI's flags, not the TypeScript option
      const made = resolve(ROOT, 'test/fixtures/blocks/feeder-block-minimal.json');
      const bad = cli('analyze', made, ...run);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/hash mismatch: the block gives 0x71/);
      expect(bad.stderr).toMatch(/--chain-id <SN_MAIN\|SN_SEPOLIA\|0x…>.*--no-hash-check/);
      expect(bad.stderr).not.toMatch(/verifyTxHashes|ImportOptions/);
      const off = cli('analyze', made, ...run, '--no-hash-check', '--format', 'json');
      expect(off.code, off.stderr).toBe(0);
      expect(JSON.parse(off.stdout).hashCheck).toMatchObject({ checked: 0, turnedOff: true });
      // a wrong chain given: the mismatch says the chain id was given
      const b9703 = join(feeder, '0.13.1/state_update_with_block/sepolia_integration_9703.json');
      const wrong = cli('analyze', b9703, ...run, '--chain-id', 'SN_MAIN');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/on SN_MAIN \(0x534e5f4d41494e\) \(chain id given\)/);
      expect(wrong.stderr).toMatch(/--no-hash-check/);
      const right = cli(
        'analyze',
        b9703,
        ...run,
        '--chain-id',
        '0x534e5f494e544547524154494f4e5f5345504f4c4941',
      );
      expect(right.code, right.stderr).toBe(0);
      expect(right.stdout).toMatch(
        /transaction hashes: 4 of 4 verified on SN_INTEGRATION_SEPOLIA \(given\)/,
      );
    },
  );

  it.runIf(existsSync(FIXTURES))('analyses real JSON-RPC traces with initial_reads', () => {
    const file = join(
      FIXTURES,
      'blocks/pathfinder-rpc/traces/multiple_txs_with_initial_reads.json',
    );
    const r = cli('analyze', file, '--cores', '2', '--variant', 'block-stm', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).transactions).toBeGreaterThan(0);
  });

  it('--what-if adds both sides of each what-if, computed by the engine', () => {
    const args = ['--preset', 'p2p', '--param', 'n=120', '--param', 'accounts=6', '--cores', '4'];
    const r = cli('analyze', ...args, '--what-if', 'no-nonces,no-hotspot', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.whatIfs.map((w: { whatIf: string }) => w.whatIf)).toEqual([
      'no-nonces',
      'no-hotspot',
    ]);
    const hot = out.whatIfs[1];
    expect(hot.before.edges).toBe(out.edges); // the replay keeps the block's own graph
    expect(hot.after.edges).toBeLessThan(hot.before.edges);
    expect(hot.before.runs.map((x: { variant: string }) => x.variant)).toEqual([
      'block-stm',
      'oracle',
    ]);
    const bad = cli('analyze', ...args, '--what-if', 'free-lunch');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown what-if 'free-lunch'/);
  });

  it('--what-if fee-deferred on a real gallery block shows what the fee rule costs', () => {
    const file = resolve(ROOT, 'public/gallery/mainnet-65000.json');
    const args = ['--cores', '8', '--variant', 'block-stm,oracle', '--what-if', 'fee-deferred'];
    const r = cli('analyze', file, ...args, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const [w] = out.whatIfs;
    expect(w.description).toMatch(/credited inline/);
    // deferred credits commute: that side is the block's own graph
    expect([w.after.edges, w.after.columns]).toEqual([out.edges, out.columns]);
    expect(w.before.columns).toBeGreaterThan(20 * w.after.columns); // 232 payers in a chain
    expect(w.before.bound).toBeLessThan(w.after.bound / 4);
    const bs = (side: { runs: { variant: string; speedup: number }[] }) =>
      side.runs.find((x) => x.variant === 'block-stm')!.speedup;
    expect(bs(w.after)).toBeGreaterThan(3 * bs(w.before));
    const text = cli('analyze', file, ...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/What-if fee-deferred \(8 cores\)/);
    expect(text.stdout).toMatch(/fee inline +\d+ +2\d\d /); // edges, then columns (one per payer)
  });

  // Ten CLI processes: each start is seconds when other test files load both cores.
  it('bad arguments exit 2 with a message naming the problem', { timeout: 180_000 }, () => {
    const cases: [string[], RegExp][] = [
      [['analyze', '--preset', 'p2p', '--cores', 'x'], /--cores takes a comma-separated list/],
      [['analyze', '--preset', 'p2p', '--variant', 'fastest'], /unknown variant 'fastest'/],
      [
        ['analyze', '--preset', 'p2p', '--format', 'xml'],
        /--format must be one of table, json, csv/,
      ],
      [['analyze', '--preset', 'p2p', '--bogus'], /bogus/],
      [['analyze'], /exactly one block source/],
      [['analyze', '--preset', 'nope'], /unknown preset 'nope'/],
      [
        ['analyze', 'x.json', '--chain-id', 'not a chain id, far too long to be one'],
        /--chain-id takes a chain name such as SN_MAIN/,
      ],
      [
        ['analyze', '--preset', 'p2p', '--param', 'n=0'],
        /Transactions \(n\) must be between 1 and 10000/,
      ],
      [['nonsense'], /unknown command 'nonsense'/],
      [[], /Usage: stm-explorer <command>/],
      [['bench-paper', '--accounts', '1'], /at least 2 accounts/],
    ];
    for (const [args, re] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(re);
    }
  });

  it('bad files exit 1 with a message naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stm-cli-'));
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"block_number": 5, "transactions": [');
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, '{"hello": "world"}');
    const r1 = cli('analyze', truncated);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/truncated\.json: .*(truncated|JSON)/i);
    const r2 = cli('analyze', unknown);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/unknown\.json/);
    const r3 = cli('analyze', join(dir, 'missing.json'));
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/cannot read .*missing\.json/);
  });

  it('every command has --help', () => {
    for (const c of ['analyze', 'bench-paper', 'plot', 'run-contract', 'run-program']) {
      const r = cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: stm-explorer ${c}`));
    }
    expect(cli('--help').stdout).toMatch(/Commands:/);
  });
});

describe('stm-explorer bench-paper', () => {
  it('prints the documented JSON rows, equal to the engine grid', () => {
    const r = cli(
      'bench-paper',
      '--accounts',
      '2,100',
      '--block-sizes',
      '300',
      '--cores',
      '1,8',
      '--format',
      'json',
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).rows;
    const engine = paperGrid(
      { accounts: [2, 100], blockSizes: [300], cores: [1, 8], variants: ['block-stm', 'oracle'] },
      (n, a, s) => p2pTransfers({ n, accounts: a, seed: s }),
    );
    expect(rows).toEqual(JSON.parse(JSON.stringify(engine)));
    expect(rows).toHaveLength(8);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual([
        'accounts',
        'blockSize',
        'cores',
        'speedup',
        'tps',
        'variant',
      ]);
    const at = (a: number, k: number, v: string) =>
      rows.find(
        (x: { accounts: number; cores: number; variant: string }) =>
          x.accounts === a && x.cores === k && x.variant === v,
      ).speedup;
    expect(at(100, 8, 'block-stm')).toBeGreaterThan(at(2, 8, 'block-stm'));
  });
});

describe('stm-explorer plot', () => {
  it('writes an SVG chart with one line per variant and the bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stm-cli-'));
    const out = join(dir, 'chart.svg');
    const r = cli(
      'plot',
      '--preset',
      'p2p',
      '--param',
      'n=200',
      '--cores',
      '1,2,4,8',
      '--variant',
      'block-stm,oracle',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('graph bound');
    expect(svg).toMatch(/block-stm: [\d.]+× on 8 cores/);
  });
});

describe('stm-explorer run-contract', () => {
  const ERC20 = join(FIXTURES, 'casm/cairo-lang/erc20__erc_20.compiled_contract_class.json');
  // name, symbol, decimals, initial_supply (u256 low, high), recipient
  const CTOR = ['--constructor-calldata', '0x4e414d45,0x53594d,18,1000,0,0xabc'];

  it.runIf(existsSync(FIXTURES))(
    'transfers on the real ERC20 class: result, events, reads and writes',
    () => {
      const r = cli(
        'run-contract',
        ERC20,
        'transfer',
        '0xdef',
        '250',
        '0',
        '--caller',
        '0xabc',
        ...CTOR,
        '--format',
        'json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      for (const k of ['retdata', 'panicked', 'steps', 'builtins', 'events', 'reads', 'writes'])
        expect(out).toHaveProperty(k);
      expect(out.panicked).toBe(false);
      expect(out.steps).toBeGreaterThan(0);
      expect(out.builtins.pedersen).toBeGreaterThan(0);
      // Transfer(from, to, value: u256)
      expect(out.events).toHaveLength(1);
      expect(out.events[0].data).toEqual(['0xabc', '0xdef', '0xfa', '0x0']);
      // balances: 1000 - 250 for the sender, 250 for the recipient (u256 low words)
      const values = out.writes.map((w: { value: string }) => w.value);
      expect(values).toContain('0x2ee');
      expect(values).toContain('0xfa');
      expect(out.reads.some((x: { value: string }) => x.value === '0x3e8')).toBe(true);
    },
  );

  it.runIf(existsSync(FIXTURES))(
    'a transfer over the balance panics, reported in the result with exit code 0',
    () => {
      const r = cli(
        'run-contract',
        ERC20,
        'transfer',
        '0xdef',
        '5000',
        '0',
        '--caller',
        '0xabc',
        ...CTOR,
        '--format',
        'json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.panicked).toBe(true);
      expect(out.writes).toEqual([]);
    },
  );

  it.runIf(existsSync(FIXTURES))(
    'reads a view with a selector instead of a name, table output',
    () => {
      const r = cli(
        'run-contract',
        ERC20,
        '0x16d9d5d83f8eecc5d7450519aad7e6e649be1a6c9d6df85bd0b177cc59a926a',
        ...CTOR,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/retdata\s+\[0x12\]/);
      expect(r.stdout).toMatch(/builtins\s+range_check=\d+/);
    },
  );

  it('bad inputs give exit 1 or 2 with a specific message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stm-cli-'));
    const notClass = join(dir, 'x.json');
    writeFileSync(notClass, '{"hello": 1}');
    const r1 = cli('run-contract', notClass, 'transfer');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/not a compiled contract class/);
    const r2 = cli('run-contract', notClass);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/expected a class file and an entry point/);
    const r3 = cli('run-contract', notClass, 'transfer', 'abc');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/calldata\[0\]: 'abc' is not a felt/);
    if (existsSync(FIXTURES)) {
      const r4 = cli('run-contract', ERC20, 'no_such_entry_point');
      expect(r4.code).toBe(1);
      expect(r4.stderr).toMatch(
        /no EXTERNAL entry point with selector 0x[0-9a-f]+ \(no_such_entry_point\)/,
      );
    }
  });
});

describe('stm-explorer analyze --rpc (a local mock JSON-RPC node)', () => {
  it(
    '--exact re-executes the block for exact access sets and reports the mismatch',
    { timeout: 180_000 },
    async () => {
      const { buildChain, corruptStateDiff, serveChain } = await import('../reexecute/mock-chain');
      const chain = buildChain([
        { type: 'transfer', from: 0, to: 1, amount: 100n },
        { type: 'transfer', from: 1, to: 2, amount: 40n },
        { type: 'transfer', from: 0, to: 2, amount: 7n },
      ]);
      corruptStateDiff(chain, 1, '0x7777777', 0);
      const mock = await serveChain(chain);
      try {
        const cliAsync = (...args: string[]) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
            // spawn (not spawnSync): the mock server lives in this process and must keep answering
            import('node:child_process').then(({ spawn }) => {
              const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
              let stdout = '';
              let stderr = '';
              p.stdout.on('data', (d) => (stdout += d));
              p.stderr.on('data', (d) => (stderr += d));
              p.on('close', (code) => res({ code, stdout, stderr }));
            });
          });
        const base = [
          'analyze',
          '--rpc',
          mock.url,
          '--block',
          String(chain.blockNumber),
          '--cores',
          '2',
          '--variant',
          'block-stm',
          '--format',
          'json',
        ];
        const exact = await cliAsync(...base, '--exact');
        expect(exact.code, exact.stderr).toBe(0);
        const out = JSON.parse(exact.stdout);
        expect(out.accessMode).toBe('exact');
        expect(out.transactions).toBe(3);
        expect(out.reexecution.stats.exact).toBe(3);
        const mism = out.reexecution.findings.filter(
          (f: { kind: string }) => f.kind === 'state-mismatch',
        );
        expect(mism).toHaveLength(1);
        expect(mism[0]).toMatchObject({ txIndex: 1, expected: '0x7777777' });
        // --save writes the re-execution; the file loads again with no node and runs on workers
        const saved = resolve(tmpdir(), `stm-reexecuted-${process.pid}.json`);
        const save = await cliAsync(...base, '--exact', '--save', saved);
        expect(save.code, save.stderr).toBe(0);
        const fromFile = cli(
          'analyze',
          saved,
          ...'--mode workers --cores 2 --format json'.split(' '),
        );
        expect(fromFile.code, fromFile.stderr).toBe(0);
        const ff = JSON.parse(fromFile.stdout);
        expect(ff).toMatchObject({ accessMode: 'exact', transactions: 3 });
        expect(ff.execution).toEqual({ kind: 'cairo', replayed: 0 });
        expect(ff.runs.map((x: { ok: boolean }) => x.ok)).toEqual([true, true]);
        const sim = cli('analyze', saved, '--format', 'json');
        expect(JSON.parse(sim.stdout).reexecution.stats.exact).toBe(3);
        writeFileSync(
          saved,
          JSON.stringify({ ...JSON.parse(readFileSync(saved, 'utf8')), version: 9 }),
        );
        const bad = cli('analyze', saved);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(/saved re-execution: version 9 is not supported/);
        rmSync(saved);
        const noExact = await cliAsync(...base, '--save', saved);
        expect(noExact.code).toBe(2);
        expect(noExact.stderr).toMatch(/--save writes a re-execution: use it with --rpc … --exact/);
        const asked = mock.log.length;
        const nowhere = await cliAsync(...base, '--exact', '--save', '/no-such-dir/x.json');
        expect(nowhere.code).toBe(1);
        expect(nowhere.stderr).toMatch(/cannot write \/no-such-dir\/x.json/);
        expect(mock.log.length).toBe(asked); // refused before asking the node anything
        const text = await cliAsync(...base.slice(0, -2), '--exact');
        expect(text.stdout).toContain(
          "Re-executed on the Cairo VM: 3 of 3 transactions exact, 0 fell back to trace-inferred sets, 1 state mismatch with the block's own diffs",
        );
        // real workers run the re-executed block's transactions on their own Cairo VMs
        const onWorkers = await cliAsync(...base, '--exact', '--mode', 'workers');
        expect(onWorkers.code, onWorkers.stderr).toBe(0);
        const w = JSON.parse(onWorkers.stdout);
        expect(w.execution).toEqual({ kind: 'cairo', replayed: 0 });
        expect(w.runs.map((x: { ok: boolean }) => x.ok)).toEqual([true, true]);
        const table = await cliAsync(...base.slice(0, -2), '--exact', '--mode', 'workers');
        expect(table.stdout).toContain("Transactions run on each worker's Cairo VM (3 of 3).");
        const usage = await cliAsync('analyze', '--preset', 'p2p', '--exact');
        expect(usage.code).toBe(2);
        expect(usage.stderr).toMatch(/--exact re-executes a block fetched with --rpc/);
      } finally {
        mock.close();
      }
    },
  );
});

describe('stm-explorer analyze --mode workers (real worker threads)', () => {
  it(
    'runs a preset on 1 and 2 workers: state check ok, measured times and speedups',
    { timeout: 120_000 },
    () => {
      const r = cli(
        'analyze',
        '--preset',
        'p2p',
        '--param',
        'n=120',
        '--param',
        'accounts=12',
        '--mode',
        'workers',
        '--cores',
        '2',
        '--format',
        'json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({
        source: 'preset:p2p',
        accessMode: 'executed',
        mode: 'workers',
        transactions: 120,
      });
      expect(out.runs.map((x: { cores: number }) => x.cores)).toEqual([1, 2]); // the 1-worker baseline is always run
      for (const run of out.runs) {
        expect(run.variant).toBe('block-stm');
        expect(run.ok).toBe(true);
        expect(run.wallMs).toBeGreaterThan(0);
        expect(run.sequentialMs).toBeGreaterThan(0);
        expect(run.speedup).toBeCloseTo(out.runs[0].wallMs / run.wallMs, 9);
        expect(run.speedupOverSequential).toBeCloseTo(run.sequentialMs / run.wallMs, 9);
        expect(run.executions).toBeGreaterThanOrEqual(120);
        expect(run.validations).toBeGreaterThanOrEqual(120);
        expect(run.stateHash).toBe(out.runs[0].stateHash);
      }
      expect(out.runs[0].speedup).toBe(1);
    },
  );

  it(
    '--variant block-stm,blockifier: each on 1 and 2 workers, each against its own 1-worker run',
    { timeout: 120_000 },
    () => {
      const r = cli(
        'analyze',
        ...'--preset p2p --param n=80 --param accounts=6 --mode workers --cores 2'.split(' '),
        ...'--variant block-stm,blockifier --format json'.split(' '),
      );
      expect(r.code, r.stderr).toBe(0);
      const runs = JSON.parse(r.stdout).runs as {
        variant: string;
        cores: number;
        ok: boolean;
        speedup: number;
        stateHash: string;
      }[];
      expect(runs.map((x) => `${x.variant}/${x.cores}`)).toEqual([
        'block-stm/1',
        'block-stm/2',
        'blockifier/1',
        'blockifier/2',
      ]);
      for (const x of runs) {
        expect(x.ok).toBe(true);
        expect(x.stateHash).toBe(runs[0].stateHash);
      }
      expect(runs[2].speedup).toBe(1);
    },
  );

  it(
    'table output; an imported block file as CSV; bad combinations are usage errors',
    { timeout: 120_000 },
    () => {
      const t = cli('analyze', '--preset', 'seed-figure1', '--mode', 'workers', '--cores', '2');
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout).toMatch(/wall ms\s+speedup/);
      expect(t.stdout).toMatch(/block-stm\s+1\s+[\d.]+\s+1\s/);
      expect(t.stdout).toMatch(/block-stm\s+2\s+[\d.]+/);
      expect(t.stdout).toContain('state check');
      expect(t.stdout).toContain("Transactions run on each worker's own copy of the executor.");
      expect(t.stdout).not.toContain('FAILED');

      const file = resolve(ROOT, 'test/fixtures/blocks/rpc-traces-initial-reads.json');
      const f = cli('analyze', file, '--mode', 'workers', '--cores', '2', '--format', 'csv');
      expect(f.code, f.stderr).toBe(0);
      const ft = cli('analyze', file, '--mode', 'workers', '--cores', '2');
      expect(ft.stdout).toContain('replayed from their recorded access sets');
      const rows = parseCsv(f.stdout);
      expect(rows.map((x) => x.cores)).toEqual(['1', '2']);
      for (const x of rows) {
        expect(x.ok).toBe('true');
        expect(Number(x.wallMs)).toBeGreaterThan(0);
        expect(Number(x.speedup)).toBeGreaterThan(0);
      }

      const v = cli('analyze', '--preset', 'p2p', '--mode', 'workers', '--variant', 'oracle');
      expect(v.code).toBe(2);
      expect(v.stderr).toMatch(/--mode workers runs block-stm and blockifier/);
      const w = cli('analyze', '--preset', 'p2p', '--warmup', '5');
      expect(w.code).toBe(2);
      expect(w.stderr).toMatch(/--warmup only applies to --mode workers/);
    },
  );
});
