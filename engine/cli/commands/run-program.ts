/**
 * `run-program`: cairo-run's role for compiled Cairo 0 programs (non-proof mode). Runs `main`,
 * optionally writes the relocated trace and memory in cairo-lang's binary formats and prints the
 * output builtin's cells.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import {
  type Cairo0Program,
  type Cairo0RunResult,
  LAYOUTS,
  P,
  checkLayout,
  isRel,
  parseCairo0,
  memoryFileChunks,
  runCairo0,
  showVal,
  traceFileChunks,
} from '../../vm/index';
import { HALF_P } from '../../vm/felt';
import { oneOf, parse } from '../args';
import { InputError, UsageError } from '../errors';
import { FORMATS, json } from '../output';

const CMD = 'run-program';

export const RUN_PROGRAM_HELP = `Usage: stm-explorer run-program <program.json> [options]

Run a compiled Cairo 0 program (the JSON of cairo-compile) from its main function on the Cairo VM,
in non-proof mode, as cairo-run does.

Options:
  --layout <name>        builtins available to the program (default plain): ${Object.keys(LAYOUTS).join(', ')}
  --entrypoint <name>    function to run (default main)
  --max-steps <n>        step limit (default 50000000)
  --trace-file <file>    write the relocated trace (per step ap, fp, pc as u64 LE)
  --memory-file <file>   write the relocated memory (per cell u64 LE address, 32-byte LE value)
  --print-output         print the output builtin's cells (as signed felts, like cairo-run)
  --format <fmt>         table (default) or json
  -h, --help             this help

Python hints other than 'memory[ap] = segments.add()' are not executed: a program reaching one stops
with an error naming the hint. Exit codes: 0 ok, 1 bad input or failed run, 2 usage.`;

export interface RunProgramSummary {
  steps: number;
  layout: string;
  builtins: Record<string, number>;
  output?: (string | null)[];
  traceFile?: string;
  memoryFile?: string;
}

function loadProgram(file: string): Cairo0Program {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: not JSON, so not a compiled Cairo 0 program`);
  }
  const obj = (raw ?? {}) as Record<string, unknown>;
  if ('bytecode' in obj)
    throw new InputError(
      `${file}: a Cairo 1 contract class (it has 'bytecode'), not a Cairo 0 program; use run-contract`,
    );
  if (!Array.isArray(obj.data) || !Array.isArray(obj.builtins))
    throw new InputError(
      `${file}: not a compiled Cairo 0 program (expected 'data' and 'builtins' arrays)`,
    );
  return parseCairo0(obj);
}

/** The output builtin's cells as signed decimal felts (null for a hole), as cairo-run prints them. */
function programOutput(r: Cairo0RunResult): (string | null)[] {
  const out = r.builtins.find((b) => b.name === 'output');
  if (!out) return [];
  const cells = r.vm.mem.segment(out.segment).toArray();
  const values: (string | null)[] = [];
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === undefined) values.push(null);
    else if (isRel(v)) values.push(showVal(v));
    else values.push((BigInt(v) > HALF_P ? BigInt(v) - P : BigInt(v)).toString());
  }
  return values;
}

/** Write a file chunk by chunk (each chunk is written before the next is made). */
function writeChunks(file: string, chunks: Iterable<Uint8Array>): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw new InputError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    for (const chunk of chunks) {
      for (let done = 0; done < chunk.length;)
        done += writeSync(fd, chunk, done, chunk.length - done);
    }
  } finally {
    closeSync(fd);
  }
}

function positiveInt(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} takes a positive integer, got '${v}'`, CMD);
  return n;
}

export async function runProgramCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(CMD, argv, {
    layout: { type: 'string' },
    entrypoint: { type: 'string' },
    'max-steps': { type: 'string' },
    'trace-file': { type: 'string' },
    'memory-file': { type: 'string' },
    'print-output': { type: 'boolean' },
    format: { type: 'string' },
  });
  if (values.help) {
    console.log(RUN_PROGRAM_HELP);
    return 0;
  }
  const format = oneOf(
    'format',
    values.format as string | undefined,
    FORMATS.filter((f) => f !== 'csv'),
    'table',
    CMD,
  );
  const layout = oneOf(
    'layout',
    values.layout as string | undefined,
    Object.keys(LAYOUTS),
    'plain',
    CMD,
  );
  const stepLimit = positiveInt('max-steps', values['max-steps'] as string | undefined, 50_000_000);
  if (positionals.length !== 1) throw new UsageError('expected one program file', CMD);
  const file = positionals[0];
  const program = loadProgram(file);
  checkLayout(layout, program.builtins);
  const traceFile = values['trace-file'] as string | undefined;
  const memoryFile = values['memory-file'] as string | undefined;
  const r = runCairo0(program, {
    entrypoint: values.entrypoint as string | undefined,
    stepLimit,
    trace: traceFile !== undefined,
  });
  if (traceFile !== undefined) writeChunks(traceFile, traceFileChunks(r.trace!));
  if (memoryFile !== undefined) writeChunks(memoryFile, memoryFileChunks(r.vm.mem, r.bases));
  const summary: RunProgramSummary = { steps: r.steps, layout, builtins: r.builtinUsage };
  if (values['print-output']) summary.output = programOutput(r);
  if (traceFile !== undefined) summary.traceFile = traceFile;
  if (memoryFile !== undefined) summary.memoryFile = memoryFile;
  console.log(format === 'json' ? json(summary) : render(summary));
  return 0;
}

function render(s: RunProgramSummary): string {
  const lines: string[] = [];
  if (s.output) {
    lines.push('Program output:', ...s.output.map((v) => `  ${v ?? '<missing>'}`), '');
  }
  lines.push(`steps     ${s.steps}`);
  lines.push(
    `builtins  ${
      Object.entries(s.builtins)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none)'
    }`,
  );
  if (s.traceFile) lines.push(`trace     ${s.traceFile}`);
  if (s.memoryFile) lines.push(`memory    ${s.memoryFile}`);
  return lines.join('\n');
}
