import { resolve } from 'node:path';
import {
  analyzeRange,
  RangeAnalysisError,
  type RangeReport,
  type RangeStore,
} from '../../blocks/range';
import { VARIANTS } from '../../stm/types';
import { coreList, parse, variantList } from '../args';
import { InputError, UsageError } from '../errors';
import { table } from '../output';
import { progressBar } from '../progress';
import { writeRangeFiles } from '../range-output';
import { SqliteRangeStore } from '../sqlite-store';

export const ANALYZE_RANGE_HELP = `Usage: stm-explorer analyze-range --rpc <url> --from <A> --to <B> [options]

Fetches every block from A to B (inclusive) from a Starknet JSON-RPC node (spec 0.8+) and analyses
each as \`analyze --rpc <url> --block N\` does (access sets inferred from traces): transactions,
dependency-graph columns, critical path, the bound at 8 and 32 cores, the simulated speedup of
each variant and core count, the top hotspot cells. Rows are cached in SQLite by chain id, block
hash and analysis version (and these options), so an interrupted run resumes where it stopped and
a repeated run fetches no block (it still asks the node for its chain id and block B's hash).

Options:
  --rpc <url>            the node (required)
  --from <A> --to <B>    the range, block numbers, A ≤ B (required)
  --cores <list>         simulated core counts, comma-separated (default 8,32)
  --variant <list>       variants, comma-separated (default block-stm,oracle,sequential); one of
                         ${VARIANTS.join(', ')}
  --seed <n>             seed of the simulator's duration jitter (default 1)
  --out <dir>            where the files go (default range-<A>-<B>): blocks.csv (a line per
                         block), runs.csv (a line per block, variant and cores), range.json,
                         blocks/<n>.json, parallelism.svg and shape.svg (+ .png when sharp loads)
  --cache <file>         the SQLite cache (default <out>/cache.sqlite)
  --no-png               SVG plots only
  --max-requests <n>     cap on JSON-RPC calls of this run (cache hits are free)
  --format <fmt>         the summary on stdout: table (default) or json (the range.json document)
  -h, --help             this help

Prints a progress bar on stderr (on a terminal) and, at the end, the cache hits and misses and
the blocks fetched. Exit codes: 0 ok, 1 bad input (unreachable node, blocks missing on the node,
unwritable files), 2 usage (from > to, bad flags).`;

function blockNumber(flag: string, v: unknown, cmd: string): number {
  if (v === undefined) throw new UsageError(`--${flag} <block number> is required`, cmd);
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new UsageError(`--${flag} takes a block number (an integer ≥ 0), got '${v}'`, cmd);
  return Number(v);
}

function positive(flag: string, v: unknown, cmd: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} takes a positive integer, got '${v}'`, cmd);
  return n;
}

function parseRangeArgs(argv: string[], cmd: string) {
  const { values, positionals } = parse(cmd, argv, {
    rpc: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    cores: { type: 'string' },
    variant: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    cache: { type: 'string' },
    'no-png': { type: 'boolean' },
    'max-requests': { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) return undefined;
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`, cmd);
  if (typeof values.rpc !== 'string') throw new UsageError('--rpc <url> is required', cmd);
  const from = blockNumber('from', values.from, cmd);
  const to = blockNumber('to', values.to, cmd);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`, cmd);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`--format must be table or json; got '${format}'`, cmd);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed takes an integer, got '${values.seed}'`, cmd);
  const out = (values.out as string | undefined) ?? `range-${from}-${to}`;
  return {
    url: values.rpc,
    from,
    to,
    cores: coreList(values.cores as string | undefined, [8, 32], cmd),
    variants: variantList(
      values.variant as string | undefined,
      ['block-stm', 'oracle', 'sequential'],
      cmd,
    ),
    seed,
    out,
    cache: (values.cache as string | undefined) ?? resolve(out, 'cache.sqlite'),
    png: values['no-png'] !== true,
    maxRequests: positive('max-requests', values['max-requests'], cmd),
    format,
  };
}

function summary(r: RangeReport): string {
  const runs = r.options.variants.flatMap((v) =>
    v === 'sequential' ? [] : r.options.cores.map((k) => [v, k] as const),
  );
  return table(
    [
      'block',
      'txs',
      'columns',
      'critical path',
      'bound 8',
      'bound 32',
      ...runs.map(([v, k]) => `${v} × ${k}`),
    ],
    r.blocks.map((b) => [
      b.number,
      b.transactions,
      b.columns,
      b.criticalPath,
      b.bound8,
      b.bound32,
      ...runs.map(([v, k]) => b.runs.find((x) => x.variant === v && x.cores === k)?.speedup ?? ''),
    ]),
  );
}

async function run(a: NonNullable<ReturnType<typeof parseRangeArgs>>, store: RangeStore) {
  const bar = progressBar('blocks');
  try {
    return await analyzeRange({
      ...a,
      store,
      rpc: a.maxRequests ? { maxRequests: a.maxRequests } : {},
      onProgress: (p) => bar.update(p.done, p.total, `#${p.block} ${p.source}`),
    });
  } catch (e) {
    if (!(e instanceof RangeAnalysisError)) throw e;
    if (e.code === 'BAD_RANGE') throw new UsageError(e.message, 'analyze-range');
    const resume =
      e.code === 'BLOCK_FAILED' ? ' (the blocks done so far are cached: run again to resume)' : '';
    throw new InputError(e.message + resume);
  } finally {
    bar.done();
  }
}

export async function analyzeRangeCommand(argv: string[]): Promise<number> {
  const cmd = 'analyze-range';
  const a = parseRangeArgs(argv, cmd);
  if (!a) {
    console.log(ANALYZE_RANGE_HELP);
    return 0;
  }
  const store = new SqliteRangeStore(a.cache);
  let report: RangeReport;
  try {
    report = await run(a, store);
  } finally {
    store.close();
  }
  const written = await writeRangeFiles(report, a.out, a.png);
  const c = report.counters;
  console.log(a.format === 'json' ? JSON.stringify(report, null, 2) : summary(report));
  console.error(
    `cache: ${c.cacheHits} hits, ${c.cacheMisses} misses (${a.cache}); ${c.blockFetches} blocks fetched, ${c.rpcCalls} RPC calls`,
  );
  console.error(
    `wrote ${written.files.length} files to ${a.out}${written.pngSkipped ? `; no PNG: ${written.pngSkipped}` : ''}`,
  );
  return 0;
}
