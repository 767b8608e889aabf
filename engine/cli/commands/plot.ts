import { writeFileSync } from 'node:fs';
import { analyzeBlock } from '../../analyze';
import { VARIANTS, type Variant } from '../../stm/types';
import { intList, keyValues, parse, stringList } from '../args';
import { InputError, UsageError } from '../errors';
import { loadBlock } from '../load-block';
import { progressBar } from '../progress';
import { speedupChartSvg, type Series } from '../svg-chart';

export const PLOT_HELP = `Usage: stm-explorer plot <file | --preset <id> | --rpc <url> --block <n>> --out <chart.svg> [options]

An SVG chart of speedup vs cores for the chosen variants, with the dependency graph's bound
min(k, total cost / critical path) as a dashed line.

Options:
  --preset <id>, --param <name=value>, --rpc <url> --block <n>   block source (see analyze --help)
  --cores <list>         default 1,2,4,8,16,32
  --variant <list>       default block-stm,oracle (any of ${VARIANTS.join(', ')})
  --title <text>         chart title
  --out <file>           where to write the SVG (default: stdout)
  -h, --help             this help

Exit codes: 0 ok, 1 bad input, 2 usage.`;

export async function plotCommand(argv: string[]): Promise<number> {
  const cmd = 'plot';
  const { values, positionals } = parse(cmd, argv, {
    preset: { type: 'string' },
    param: { type: 'string', multiple: true },
    rpc: { type: 'string' },
    block: { type: 'string' },
    cores: { type: 'string' },
    variant: { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    console.log(PLOT_HELP);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`expected one block file, got ${positionals.length} arguments`, cmd);
  const cores = intList('cores', values.cores as string | undefined, [1, 2, 4, 8, 16, 32], cmd);
  for (const k of cores)
    if (k > 128) throw new UsageError(`core counts go up to 128, got ${k}`, cmd);
  const variants = stringList(values.variant as string | undefined, ['block-stm', 'oracle']);
  for (const v of variants)
    if (!(VARIANTS as readonly string[]).includes(v))
      throw new UsageError(`unknown variant '${v}' (known: ${VARIANTS.join(', ')})`, cmd);
  const loaded = await loadBlock(
    {
      file: positionals[0],
      preset: values.preset as string | undefined,
      params: keyValues(values.param as string[] | undefined, cmd),
      rpc: values.rpc as string | undefined,
      block: values.block as string | undefined,
    },
    cmd,
    progressBar('loading'),
  );
  if (loaded.executor.size === 0)
    throw new InputError(`${loaded.source}: the block has no transactions`);
  const bar = progressBar('simulating');
  const report = analyzeBlock(loaded.executor, {
    cores,
    variants: variants as Variant[],
    costModel: loaded.costModel,
    onProgress: (d, t, l) => bar.update(d, t, l),
  });
  bar.done();
  const series: Series[] = variants.map((v) => ({
    name: v,
    points: report.runs
      .filter((r) => r.variant === v)
      .map((r) => ({ x: v === 'sequential' ? 1 : r.cores, y: r.speedup })),
  }));
  const boundRuns = report.runs.filter((r) => r.variant !== 'sequential');
  const seen = new Set<number>();
  series.push({
    name: 'graph bound',
    dashed: true,
    points: boundRuns
      .filter((r) => !seen.has(r.cores) && seen.add(r.cores))
      .map((r) => ({ x: r.cores, y: r.bound })),
  });
  const svg = speedupChartSvg(
    (values.title as string | undefined) ??
      `Speedup vs cores — ${loaded.source} (${report.transactions} tx)`,
    series,
  );
  if (values.out) writeFileSync(values.out as string, svg + '\n');
  else console.log(svg);
  return 0;
}
