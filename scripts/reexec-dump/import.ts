/**
 * engine/blocks/import's results on every block fixture, for a before/after diff of changes to
 * the import: each JSON file of test/fixtures/blocks and ../shared/fixtures/blocks through
 * `partsFromDocument` and `importBlock` (result or error), the same documents with their RPC
 * traces mutated (no type, unknown type, a revert-only invocation, l2_gas resources, bad steps),
 * and `locateJsonError` on every prefix-cut and one-byte corruption of the small ones.
 *   node --import tsx scripts/reexec-dump/import.ts > import.jsonl
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importBlock,
  locateJsonError,
  partsFromDocument,
} from '../../engine/blocks/import/import-block';
import { stable } from './setup-stable';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const dirs = [join(ROOT, 'test/fixtures/blocks'), join(ROOT, '../shared/fixtures/blocks')];

function* jsonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* jsonFiles(p);
    else if (p.endsWith('.json')) yield p;
  }
}

const outcome = (f: () => unknown) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: String(e) };
  }
};

type Obj = Record<string, unknown>;
const MUTATIONS: [string, (t: Obj) => void][] = [
  ['no-type', (t) => delete t.type],
  ['bad-type', (t) => (t.type = 'FOO')],
  ['revert-only', (t) => (t.execute_invocation = { revert_reason: 'boom' })],
  ['l2-gas', (t) => (t.execution_resources = { l2_gas: 77 })],
  ['bad-steps', (t) => (t.execution_resources = { steps: 'x' })],
  [
    'fee-calldata',
    (t) => (t.fee_transfer_invocation = { ...(t.fee_transfer_invocation as Obj), calldata: [5] }),
  ],
];

/** Every trace object (has a `type` and an invocation) inside `doc`, depth first. */
function traces(doc: unknown, out: Obj[] = []): Obj[] {
  if (Array.isArray(doc)) for (const x of doc) traces(x, out);
  else if (doc && typeof doc === 'object') {
    const o = doc as Obj;
    if (
      typeof o.type === 'string' &&
      ('execute_invocation' in o || 'function_invocation' in o || 'constructor_invocation' in o)
    )
      out.push(o);
    for (const v of Object.values(o)) traces(v, out);
  }
  return out;
}

let n = 0;
for (const dir of dirs)
  for (const file of jsonFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const rel = file.slice(ROOT.length);
    const doc = JSON.parse(text) as unknown;
    const line = (what: string, v: unknown) => {
      n++;
      process.stdout.write(stable({ file: rel, what, v }) + '\n');
    };
    line(
      'parts',
      outcome(() => partsFromDocument(JSON.parse(text))),
    );
    line(
      'import',
      outcome(() => importBlock(text)),
    );
    const count = traces(doc).length;
    for (const [name, mutate] of MUTATIONS)
      for (let k = 0; k < Math.min(count, 3); k++) {
        const copy = JSON.parse(text) as unknown;
        mutate(traces(copy)[k]);
        line(
          `${name}#${k}`,
          outcome(() => partsFromDocument(copy)),
        );
      }
    if (text.length < 20_000) {
      const cuts: number[] = [];
      for (let i = 0; i < text.length; i += 7) cuts.push(locateJsonError(text.slice(0, i)));
      const flips: number[] = [];
      for (let i = 0; i < text.length; i += 5)
        flips.push(locateJsonError(text.slice(0, i) + '}' + text.slice(i + 1)));
      line('locate', { cuts, flips });
    }
  }
process.stderr.write(`${n} lines\n`);
