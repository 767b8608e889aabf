import { writeFileSync } from 'node:fs';
import { analyzeBlock } from '../../analyze';
import { VARIANTS } from '../../stm/types';
import { coreList, parse, variantList } from '../args';
import { BLOCK_SOURCE_OPTIONS, loadBlockFromArgs } from '../load-block';
import { progressBar } from '../progress';
import { speedupChartSvg, type Series } from '../svg-chart';

export const PLOT_HELP = `Usage: stm-explorer plot <file | --preset <id> | --rpc <url> --block <n>> --out <chart.svg> [options]

An SVG chart of speedup vs cores for the chosen variants, with the dependency graph's bound
min(k, total cost / critical path) as a dashed line.

Options:
  --preset <id>, --param <name=value>, --rpc <url> --block <n>   block source (see analyze --help)
  --chain-id <SN_MAIN|SN_SEPOLIA|0x…>, --no-hash-check   the transaction-hash check (see analyze --help)
  --cores <list>         default 1,2,4,8,16,32
  --variant <list>       default block-stm,oracle (any of ${VARIANTS.join(', ')})
  --title <text>         chart title
  --out <file>           where to write the SVG (default: stdout)
  -h, --help             this help

Exit codes: 0 ok, 1 bad input, 2 usage.`;

export async function plotCommand(argv: string[]): Promise<number> {
  const cmd = 'plot';
  const parsed = parse(cmd, argv, {
    ...BLOCK_SOURCE_OPTIONS,
    cores: { type: 'string' },
    variant: { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string' },
  });
  const { values } = parsed;
  if (values.help) {
    console.log(PLOT_HELP);
    return 0;
  }
  const cores = coreList(values.cores as string | undefined, [1, 2, 4, 8, 16, 32], cmd);
  const variants = variantList(values.variant as string | undefined, ['block-stm', 'oracle'], cmd);
  const loaded = await loadBlockFromArgs(parsed, cmd);
  const bar = progressBar('simulating');
  const report = analyzeBlock(loaded.executor, {
    cores,
    variants,
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
