import { writeFileSync } from 'node:fs';
import { paperGrid } from '../../analyze';
import { p2pTransfers } from '../../blocks/workloads';
import { VARIANTS } from '../../stm/types';
import { coreList, intList, oneOf, parse, variantList } from '../args';
import { UsageError } from '../errors';
import { csv, FORMATS, json, table } from '../output';
import { progressBar } from '../progress';

export const BENCH_PAPER_HELP = `Usage: stm-explorer bench-paper [options]

The Block-STM paper's p2p experiment: transfers among N accounts, simulated on k cores.
Prints the speedup over sequential and the throughput for every cell of the grid.

Options:
  --accounts <list>      default 2,10,100,1000,10000
  --block-sizes <list>   default 1000,10000
  --cores <list>         default 1,2,4,8,16,32
  --variant <list>       default block-stm,oracle (any of ${VARIANTS.join(', ')})
  --steps-per-second <n> converts simulated Cairo steps to seconds for tps (default 2000000)
  --seed <n>             block generator seed (default 1)
  --format <fmt>         table (default), json or csv
  --out <file>           write to a file instead of stdout
  -h, --help             this help

Exit codes: 0 ok, 1 bad input, 2 usage.`;

export async function benchPaperCommand(argv: string[]): Promise<number> {
  const cmd = 'bench-paper';
  const { values, positionals } = parse(cmd, argv, {
    accounts: { type: 'string' },
    'block-sizes': { type: 'string' },
    cores: { type: 'string' },
    variant: { type: 'string' },
    'steps-per-second': { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    console.log(BENCH_PAPER_HELP);
    return 0;
  }
  if (positionals.length)
    throw new UsageError(`bench-paper takes no positional arguments, got '${positionals[0]}'`, cmd);
  const format = oneOf('format', values.format as string | undefined, FORMATS, 'table', cmd);
  const accounts = intList(
    'accounts',
    values.accounts as string | undefined,
    [2, 10, 100, 1000, 10000],
    cmd,
  );
  const blockSizes = intList(
    'block-sizes',
    values['block-sizes'] as string | undefined,
    [1000, 10000],
    cmd,
  );
  const cores = coreList(values.cores as string | undefined, [1, 2, 4, 8, 16, 32], cmd);
  const variants = variantList(values.variant as string | undefined, ['block-stm', 'oracle'], cmd);
  if (accounts.some((a) => a < 2))
    throw new UsageError('--accounts: a transfer needs at least 2 accounts', cmd);
  const sps =
    values['steps-per-second'] === undefined ? 2_000_000 : Number(values['steps-per-second']);
  if (!(sps > 0))
    throw new UsageError(
      `--steps-per-second takes a positive number, got '${values['steps-per-second']}'`,
      cmd,
    );
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed takes an integer, got '${values.seed}'`, cmd);

  const bar = progressBar('bench-paper');
  const rows = paperGrid(
    {
      accounts,
      blockSizes,
      cores,
      variants,
      stepsPerSecond: sps,
      seed,
      onProgress: (d, t, l) => bar.update(d, t, l),
    },
    (n, a, s) => p2pTransfers({ n, accounts: a, seed: s }),
  );
  bar.done();
  const headers = ['accounts', 'blockSize', 'cores', 'variant', 'speedup', 'tps'];
  const cells = rows.map((r) => [
    r.accounts,
    r.blockSize,
    r.cores,
    r.variant,
    r.speedup,
    Math.round(r.tps),
  ]);
  const text =
    format === 'json'
      ? json({ rows })
      : format === 'csv'
        ? csv(headers, cells)
        : table(headers, cells);
  if (values.out) writeFileSync(values.out as string, text + '\n');
  else console.log(text);
  return 0;
}
