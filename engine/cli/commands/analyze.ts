import { writeFileSync } from 'node:fs';
import { analyzeBlock, type AnalysisReport } from '../../analyze';
import { VARIANTS } from '../../stm/types';
import { coreList, oneOf, parse, variantList } from '../args';
import { InputError, UsageError } from '../errors';
import { BLOCK_SOURCE_OPTIONS, loadBlockFromArgs, type LoadedBlock } from '../load-block';
import { csv, FORMATS, json, table } from '../output';
import { progressBar } from '../progress';

export const ANALYZE_HELP = `Usage: stm-explorer analyze <file | --preset <id> | --rpc <url> --block <n>> [options]

Dependency-graph statistics of a block and, for each core count and variant, the metrics of a
simulated Block-STM run.

Block source (exactly one):
  <file>                 block JSON: JSON-RPC (getBlockWithTxs/WithReceipts, traceBlockTransactions,
                         getStateUpdate; spec 0.7-0.10), feeder gateway, or an STM Explorer bundle
  --preset <id>          a built-in block: seed-abc, seed-figure1, p2p, amm, nft, mixed
  --param <name=value>   preset parameter (repeatable), e.g. --param n=1000 --param accounts=10
  --rpc <url> --block <n>  fetch a block from a Starknet JSON-RPC node (spec 0.8+); its access sets
                         are inferred from traces unless --exact is given
  --exact                with --rpc: re-execute every transaction on the Cairo VM for exact read
                         and write sets, and report every difference from the block's state diffs
  --max-requests <n>     with --rpc: cap on JSON-RPC calls (the request budget)

Options:
  --cores <list>         core counts, comma-separated (default 1,2,4,8,16,32)
  --variant <list>       variants, comma-separated (default block-stm,oracle,sequential); one of
                         ${VARIANTS.join(', ')}
  --mode <sim|workers>   simulated cores (default) or real worker threads
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
    seed: { type: 'string' },
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
  if (mode === 'workers') {
    throw new InputError(
      '--mode workers is not available yet: real worker-thread runs are not built into the CLI; use --mode sim',
    );
  }
  const cores = coreList(values.cores as string | undefined, [1, 2, 4, 8, 16, 32], cmd);
  const variants = variantList(
    values.variant as string | undefined,
    ['block-stm', 'oracle', 'sequential'],
    cmd,
  );
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed takes an integer, got '${values.seed}'`, cmd);

  const loaded = await loadBlockFromArgs(parsed, cmd);
  const bar = progressBar('simulating');
  const report = analyzeBlock(loaded.executor, {
    cores,
    variants,
    costModel: loaded.costModel,
    seed,
    onProgress: (d, t, l) => bar.update(d, t, l),
  });
  bar.done();
  const text = render(report, format, loaded);
  if (values.out) writeFileSync(values.out as string, text + '\n');
  else console.log(text);
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

function render(r: AnalysisReport, format: string, loaded: LoadedBlock): string {
  const { source, accessMode, reexecution } = loaded;
  if (format === 'json')
    return json({ source, accessMode, ...r, ...(reexecution ? { reexecution } : {}) });
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
  const out = [
    `Block ${source}`,
    '',
    summary,
    '',
    'Hotspots (cells that cause the most edges)',
    hot,
    '',
    'Runs',
    table([...RUN_COLUMNS], runRows),
  ];
  if (reexecution) {
    const { stats, findings } = reexecution;
    out.push(
      '',
      `Re-execution: ${stats.exact} of ${stats.transactions} transactions exact, ${stats.fallback} fell back to trace-inferred sets, ${stats.mismatches} state mismatches, ${stats.rpc.calls} RPC calls`,
    );
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
