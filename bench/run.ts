/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those whose name contains an argument:
 * `npm run bench -- vm stm`) and prints one figure per line as `name: value unit`.
 *
 * A benchmark file default-exports `async (report: Report) => void` and calls
 * `report(name, value, unit)` for each figure. Figures are targets to compare against, never
 * pass/fail assertions (those belong in tests).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Report = (name: string, value: number | string, unit: string) => void;

function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
}

async function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.error('no benchmark matched');
    process.exit(2);
  }
  const report: Report = (name, value, unit) => {
    console.log(`${name}: ${formatValue(value)} ${unit}`.trimEnd());
  };
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as {
      default: (r: Report) => Promise<void>;
    };
    console.error(`# ${f}`);
    await mod.default(report);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
