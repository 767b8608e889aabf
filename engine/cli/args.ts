/**
 * Argument parsing on node:util parseArgs, with our errors: every problem becomes a UsageError
 * naming the flag, so main can print it with the command's help and exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VARIANTS, type Variant } from '../stm/types';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], options: Options): Parsed {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(
      e instanceof Error ? e.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(e),
      command,
    );
  }
}

export function intList(
  flag: string,
  value: string | undefined,
  fallback: number[],
  command: string,
): number[] {
  if (value === undefined) return fallback;
  const out = value.split(',').map((s) => s.trim());
  const nums = out.map(Number);
  if (out.some((s) => s === '') || nums.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(
      `--${flag} takes a comma-separated list of positive integers, got '${value}'`,
      command,
    );
  }
  return nums;
}

export function stringList(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
  command: string,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`, command);
  }
  return value as T;
}

/** `--param n=500 --param accounts=10` → { n: 500, accounts: 10 } */
export function keyValues(values: string[] | undefined, command: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kv of values ?? []) {
    const m = /^([A-Za-z]\w*)=(-?\d+(?:\.\d+)?)$/.exec(kv);
    if (!m) throw new UsageError(`--param takes name=number, got '${kv}'`, command);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** `--cores 1,2,4`: integers from 1 to 128. */
export function coreList(value: string | undefined, fallback: number[], command: string): number[] {
  const cores = intList('cores', value, fallback, command);
  for (const k of cores)
    if (k > 128) throw new UsageError(`core counts go up to 128, got ${k}`, command);
  return cores;
}

/** `--variant block-stm,oracle`: known variant names only. */
export function variantList(
  value: string | undefined,
  fallback: Variant[],
  command: string,
): Variant[] {
  const variants = stringList(value, fallback);
  for (const v of variants) {
    if (!(VARIANTS as readonly string[]).includes(v))
      throw new UsageError(`unknown variant '${v}' (known: ${VARIANTS.join(', ')})`, command);
  }
  return variants as Variant[];
}
