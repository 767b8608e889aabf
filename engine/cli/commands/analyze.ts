import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { analyzeBlock, analyzeWhatIfs, type AnalysisReport } from '../../analyze';
import { parseWhatIfs, WHAT_IFS, type WhatIfSummary } from '../../stm/what-if';
import { renderWhatIfs } from './what-if-output';
import { VARIANTS } from '../../stm/types';
import {
  CapacityInputError,
  parseBlockCapacity,
  WEIGHT_NAMES,
  type BlockCapacity,
} from '../../stm/bouncer';
import { coreList, oneOf, parse, variantList } from '../args';
import { UsageError } from '../errors';
import { BLOCK_SOURCE_OPTIONS, loadBlockFromArgs, type LoadedBlock } from '../load-block';
import { csv, FORMATS, json, table } from '../output';
import { progressBar } from '../progress';
import { hashCheckLine } from '../hash-check-args';
import { REAL_VARIANTS, renderWorkers, runWorkers } from './analyze-workers';
import type { SharedVariant } from '../../stm/parallel/shared';
import { reexecutionLine } from '../../blocks/reexecute';
import { DEFAULT_WARMUP_MS, DEFAULT_WARMUP_PASSES } from '../../stm/parallel/host';

export const ANALYZE_HELP = `Usage: stm-explorer analyze <file | --preset <id> | --rpc <url> --block <n>> [options]

Dependency-graph statistics of a block and, for each core count and variant, the metrics of a
simulated Block-STM run.

Block source (exactly one):
  <file>                 block JSON: JSON-RPC (getBlockWithTxs/WithReceipts, traceBlockTransactions,
                         getStateUpdate; spec 0.7-0.10), feeder gateway, an STM Explorer bundle,
                         or a re-execution saved with --save
  --preset <id>          a built-in block: seed-abc, seed-figure1, seed-bouncer (its own
                         --block-capacity n_txs=6), p2p, amm, nft, mixed
  --param <name=value>   preset parameter (repeatable), e.g. --param n=1000 --param accounts=10
  --rpc <url> --block <n>  fetch a block from a Starknet JSON-RPC node (spec 0.8+); its access sets
                         are inferred from traces unless --exact is given
  --exact                with --rpc: re-execute every transaction on the Cairo VM for exact read
                         and write sets, and report every difference from the block's state diffs
  --max-requests <n>     with --rpc: cap on JSON-RPC calls (the request budget)
  --save <file>          with --rpc --exact: also write the re-execution (block, findings,
                         pre-state, classes) to <file>; \`analyze <file>\` loads it with no RPC
                         node, and --mode workers runs its Cairo code
  --chain-id <SN_MAIN|SN_SEPOLIA|0x…>  a file or --rpc block: the chain its transaction hashes
                         are checked on (default: the bundle's or the node's, else the known
                         chains are tried: SN_MAIN, SN_SEPOLIA, SN_INTEGRATION_SEPOLIA, SN_GOERLI)
  --no-hash-check        a file or --rpc block: import it without checking that each
                         transaction's hash is its fields' hash (made-up or edited blocks); a
                         mismatch is otherwise an error (exit 1). The block info says how many
                         hashes were verified, on which chain (json: hashCheck)

Options:
  --cores <list>         core counts, comma-separated (default 1,2,4,8,16,32)
  --variant <list>       variants, comma-separated (default block-stm,oracle,sequential); one of
                         ${VARIANTS.join(', ')}.
                         selective is Block-STM: its version validation already re-executes
                         only the transitive readers of an aborted write; selective aborts them
                         at once instead, so its numbers equal block-stm's up to timing (~1%)
  --mode <sim|workers>   simulated cores (default) or real worker threads: Block-STM run for real
                         on k threads (presets, block files and --rpc blocks), reporting the
                         measured wall-clock ms, the speedup over 1 worker (always run), the
                         speedup over a plain sequential run and the state check (final state =
                         the sequential run's; a failed check exits 1). --cores lists the worker
                         counts (default 1,<cores of this machine>); --variant block-stm
                         (default) and/or blockifier (Starknet's sequencer: value-based
                         validation, no ESTIMATE, fee credited at an in-order commit).
                         Blocks re-executed with --exact (or saved with --save) run their Cairo
                         code on every worker; other imported blocks replay their access sets
  --warmup <n>           with --mode workers: transactions each worker runs untimed first, in
                         passes over the block run by all workers together (default:
                         ${DEFAULT_WARMUP_PASSES} × the block per worker, at most ${DEFAULT_WARMUP_MS / 1000} s)
  --repeat <n>           with --mode workers: runs per worker count, the fastest is reported
                         (default 1)
  --what-if <list>       also re-run the graph and the simulation with the block changed, side
                         by side with the block as it is, on the largest --cores count; any of
                         ${WHAT_IFS.join(', ')}: fee-deferred compares the sequencer fee
                         credited inline (every payer reads and writes its balance) with
                         credits deferred to commit; no-nonces ignores every nonce cell;
                         no-hotspot removes the top hotspot cell. Both sides replay the block's
                         access sets (json: whatIfs)
  --block-capacity <list>  the bouncer: a block capacity as name=value pairs, comma-separated
                         (e.g. n_txs=40,sierra_gas=5e6), or \`default\` (blockifier 0.20's
                         default capacity); weights:
                         ${WEIGHT_NAMES.slice(0, 4).join(', ')},
                         ${WEIGHT_NAMES.slice(4).join(', ')}.
                         blockifier halts at the commit of the first transaction that does not
                         fit, sequential stops there, the other variants run the whole block and
                         are cut at the same point; each run then says where the block ended and
                         the executions thrown away (json: runs[].blockEnd). With --mode
                         workers: --variant blockifier only
  --seed <n>             seed of the simulator's duration jitter (default 1)
  --format <fmt>         table (default), json or csv
  --out <file>           write the result to a file instead of stdout
  -h, --help             this help

Exit codes: 0 ok, 1 bad input (the message names the problem), 2 usage.`;

export async function analyzeCommand(argv: string[]): Promise<number> {
  const cmd = 'analyze';
  const parsed = parse(cmd, argv, {
    ...BLOCK_SOURCE_OPTIONS,
    cores: { type: 'string' },
    variant: { type: 'string' },
    mode: { type: 'string' },
    warmup: { type: 'string' },
    repeat: { type: 'string' },
    seed: { type: 'string' },
    'what-if': { type: 'string' },
    'block-capacity': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const { values } = parsed;
  if (values.help) {
    console.log(ANALYZE_HELP);
    return 0;
  }
  const format = oneOf('format', values.format as string | undefined, FORMATS, 'table', cmd);
  const mode = oneOf(
    'mode',
    values.mode as string | undefined,
    ['sim', 'workers'] as const,
    'sim',
    cmd,
  );
  if (mode === 'workers') return analyzeWorkers(parsed, format, cmd);
  for (const flag of ['warmup', 'repeat'])
    if (values[flag] !== undefined)
      throw new UsageError(`--${flag} only applies to --mode workers`, cmd);
  const cores = coreList(values.cores as string | undefined, [1, 2, 4, 8, 16, 32], cmd);
  const variants = variantList(
    values.variant as string | undefined,
    ['block-stm', 'oracle', 'sequential'],
    cmd,
  );
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed takes an integer, got '${values.seed}'`, cmd);

  const whatIfs = whatIfList(values['what-if'] as string | undefined, cmd);
  const blockCapacity = capacityArg(values['block-capacity'] as string | undefined, cmd);

  const loaded = await loadBlockFromArgs(parsed, cmd);
  const bar = progressBar('simulating');
  const capacity = blockCapacity ?? loaded.blockCapacity;
  const report = analyzeBlock(loaded.executor, {
    cores,
    variants,
    costModel: loaded.costModel,
    seed,
    blockCapacity: capacity,
    onProgress: (d, t, l) => bar.update(d, t, l),
  });
  bar.done();
  const wk = Math.max(...cores);
  const whatIfRows = whatIfs.length
    ? analyzeWhatIfs(loaded.executor, whatIfs, {
        cores: wk,
        variants,
        costModel: loaded.costModel,
        seed,
        blockCapacity: capacity,
      })
    : undefined;
  const text = render(report, format, loaded, whatIfRows, wk);
  if (values.out) writeFileSync(values.out as string, text + '\n');
  else console.log(text);
  return 0;
}

function whatIfList(v: string | undefined, cmd: string) {
  if (v === undefined) return [];
  try {
    return parseWhatIfs(v);
  } catch (e) {
    throw new UsageError((e as Error).message, cmd);
  }
}

function capacityArg(v: string | undefined, cmd: string): BlockCapacity | undefined {
  if (v === undefined) return undefined;
  try {
    return parseBlockCapacity(v);
  } catch (e) {
    if (e instanceof CapacityInputError) throw new UsageError(e.message, cmd);
    throw e;
  }
}

function count(flag: string, v: string | undefined, min: number, cmd: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min)
    throw new UsageError(`--${flag} takes an integer ≥ ${min}, got '${v}'`, cmd);
  return x;
}

async function analyzeWorkers(
  parsed: ReturnType<typeof parse>,
  format: (typeof FORMATS)[number],
  cmd: string,
): Promise<number> {
  const { values } = parsed;
  const workers = coreList(
    values.cores as string | undefined,
    [1, Math.max(2, availableParallelism())],
    cmd,
  );
  if (values['what-if'] !== undefined)
    throw new UsageError('--what-if applies to simulated runs (--mode sim)', cmd);
  const blockCapacity = capacityArg(values['block-capacity'] as string | undefined, cmd);
  const variants = variantList(values.variant as string | undefined, ['block-stm'], cmd);
  const onThreads = variants.filter((v): v is SharedVariant => REAL_VARIANTS.includes(v));
  if (onThreads.length < variants.length)
    throw new UsageError(
      `--mode workers runs ${REAL_VARIANTS.join(' and ')} (real threads); got --variant ${variants.join(',')}`,
      cmd,
    );
  if (blockCapacity && variants.some((v) => v !== 'blockifier'))
    throw new UsageError(
      '--block-capacity on real workers needs --variant blockifier (Block-STM on threads has no bouncer)',
      cmd,
    );
  const warmup = count('warmup', values.warmup as string | undefined, 0, cmd);
  const repeat = count('repeat', values.repeat as string | undefined, 1, cmd) ?? 1;
  const loaded = await loadBlockFromArgs(parsed, cmd);
  const report = await runWorkers(loaded, {
    workers,
    warmup,
    repeat,
    variants: onThreads,
    blockCapacity,
  });
  const text = renderWorkers(report, format);
  if (values.out) writeFileSync(values.out as string, text + '\n');
  else console.log(text);
  const failed = report.runs.filter((r) => !r.ok);
  if (failed.length) {
    console.error(
      `stm-explorer ${cmd}: state check failed with ${failed.map((r) => r.cores).join(', ')} worker(s): the final state differs from the sequential run's`,
    );
    return 1;
  }
  return 0;
}

const RUN_COLUMNS = [
  'variant',
  'cores',
  'makespan',
  'speedup',
  'bound',
  'executions',
  'reExecutions',
  'aborts',
  'validations',
  'wastedWork',
  'utilisation',
] as const;

/** Each run's remark (fee-remark.ts) under the table, with the run it belongs to. */
function remarkLines(r: AnalysisReport): string[] {
  const out: string[] = [];
  for (const x of r.runs) if (x.remark) out.push(`note: ${x.variant} × ${x.cores}: ${x.remark}`);
  return out.length ? ['', ...out] : [];
}

/** Where the bouncer ended the block, per run (only with --block-capacity). */
function blockEndLines(r: AnalysisReport): string[] {
  const out: string[] = [];
  for (const x of r.runs) {
    const e = x.blockEnd;
    if (!e) continue;
    const where = e.full
      ? `block full at tx ${e.included} (exceeds ${e.exceeded.join(', ')}): ${e.included} of ${r.transactions} transactions in the block`
      : `the block did not fill up: all ${e.included} transactions in it`;
    const halt = e.haltedAt !== undefined ? `, halted at t = ${e.haltedAt}` : '';
    const waste = e.excludedExecutions
      ? `; ${e.excludedExecutions} execution(s) of excluded transactions thrown away (${e.excludedWork} units)`
      : '';
    out.push(`block: ${x.variant} × ${x.cores}: ${where}${halt}${waste}`);
  }
  return out.length ? ['', ...out] : [];
}

function render(
  r: AnalysisReport,
  format: string,
  loaded: LoadedBlock,
  whatIfs: WhatIfSummary[] | undefined,
  whatIfCores: number,
): string {
  const { source, accessMode, reexecution, hashCheck } = loaded;
  if (format === 'json')
    return json({
      source,
      accessMode,
      ...(hashCheck ? { hashCheck } : {}),
      ...r,
      ...(reexecution ? { reexecution } : {}),
      ...(whatIfs ? { whatIfs } : {}),
    });
  const runRows = r.runs.map((x) => RUN_COLUMNS.map((c) => x[c]));
  if (format === 'csv') return csv([...RUN_COLUMNS], runRows);
  const summary = table(
    ['transactions', 'edges', 'columns', 'critical path', 'total cost', 'access sets'],
    [[r.transactions, r.edges, r.columns, r.criticalPath, r.totalCost, accessMode]],
  );
  const hot = r.hotspots.length
    ? table(
        ['contract', 'key', 'edges'],
        r.hotspots.slice(0, 10).map((h) => [h.contract, h.key, h.edges]),
      )
    : '(no edges: every transaction is independent)';
  const hashes = hashCheckLine(hashCheck);
  const out = [
    `Block ${source}`,
    ...(hashes ? [hashes] : []),
    '',
    summary,
    '',
    'Hotspots (cells that cause the most edges)',
    hot,
    '',
    'Runs',
    table([...RUN_COLUMNS], runRows),
    ...remarkLines(r),
    ...blockEndLines(r),
    ...(whatIfs ? renderWhatIfs(whatIfs, whatIfCores) : []),
  ];
  if (reexecution) {
    const { stats, findings } = reexecution;
    out.push('', reexecutionLine(stats));
    if (findings.length) {
      out.push(
        table(
          ['tx', 'kind', 'cell', 'expected', 'got', 'message'],
          findings.map((f) => [
            f.txIndex,
            f.kind,
            f.cell ?? '',
            f.expected ?? '',
            f.got ?? '',
            f.message,
          ]),
        ),
      );
    }
  }
  return out.join('\n');
}
