/**
 * The files `analyze-range` writes into --out: per-block CSV and JSON, the whole range as JSON,
 * and the plots as SVG (and PNG when sharp, a well-kept libvips binding already in
 * node_modules through Next, loads; else SVG only and the caller says so).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  blockTable,
  lineChartSvg,
  parallelismChart,
  runTable,
  shapeChart,
  toCsv,
  type RangeReport,
} from '../blocks/range';
import { InputError } from './errors';

export interface WrittenFiles {
  files: string[];
  /** Why no PNG was written, when none was. */
  pngSkipped?: string;
}

type Sharp = (input: Buffer) => { png(): { toFile(path: string): Promise<unknown> } };

async function loadSharp(): Promise<Sharp | string> {
  try {
    const mod = (await import('sharp')) as unknown as { default: Sharp };
    return mod.default;
  } catch (e) {
    return `sharp could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): SVG only`;
  }
}

function write(path: string, text: string, files: string[]): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  files.push(path);
}

export async function writeRangeFiles(
  r: RangeReport,
  dir: string,
  png = true,
): Promise<WrittenFiles> {
  const files: string[] = [];
  try {
    mkdirSync(join(dir, 'blocks'), { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  write(join(dir, 'blocks.csv'), toCsv(blockTable(r)), files);
  write(join(dir, 'runs.csv'), toCsv(runTable(r)), files);
  write(join(dir, 'range.json'), JSON.stringify(r, null, 2) + '\n', files);
  for (const b of r.blocks)
    write(join(dir, 'blocks', `${b.number}.json`), JSON.stringify(b, null, 2) + '\n', files);
  const plots = { parallelism: parallelismChart(r), shape: shapeChart(r) };
  const sharp = png ? await loadSharp() : 'PNG not asked for (--no-png)';
  for (const [name, chart] of Object.entries(plots)) {
    const svg = lineChartSvg(chart);
    write(join(dir, `${name}.svg`), svg + '\n', files);
    if (typeof sharp === 'string') continue;
    const path = join(dir, `${name}.png`);
    await sharp(Buffer.from(svg)).png().toFile(path);
    files.push(path);
  }
  return { files, ...(typeof sharp === 'string' ? { pngSkipped: sharp } : {}) };
}
