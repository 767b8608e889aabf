import { readFileSync, writeFileSync } from 'node:fs';
import {
  ContractInputError,
  runContract,
  type RunContractResult,
} from '../../starknet/run-contract';
import { oneOf, parse } from '../args';
import { InputError, UsageError } from '../errors';
import { FORMATS, json, table } from '../output';

export const RUN_CONTRACT_HELP = `Usage: stm-explorer run-contract <class.json> <name|selector> [calldata...] [options]

Run one entry point of a compiled contract class (CasmContractClass JSON) on the Cairo VM, with a
fresh in-memory state, and print its result, steps, builtins, events, reads and writes.

Arguments:
  <class.json>           compiled class (e.g. the output of starknet-sierra-compile)
  <name|selector>        entry point name (e.g. balance_of) or selector (0x…)
  [calldata...]          felts, decimal or 0x-hex

Options:
  --constructor-calldata <felts>
                         run the constructor first with this comma-separated calldata
  --storage <key=value>  contract storage before the call (repeatable; felts)
  --contract <address>   address the class is deployed at (default 0x1234)
  --caller <address>     caller address (default 0)
  --gas <n>              initial gas (default 10000000000)
  --format <fmt>         table (default) or json
  --out <file>           write to a file instead of stdout
  -h, --help             this help

Exit codes: 0 ok (also when the entry point panics: see 'panicked'), 1 bad input, 2 usage.`;

function felt(flag: string, v: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(v))
    throw new UsageError(`${flag}: '${v}' is not a felt (decimal or 0x-hex)`, 'run-contract');
  return BigInt(v);
}

export async function runContractCommand(argv: string[]): Promise<number> {
  const cmd = 'run-contract';
  const { values, positionals } = parse(cmd, argv, {
    'constructor-calldata': { type: 'string' },
    storage: { type: 'string', multiple: true },
    contract: { type: 'string' },
    caller: { type: 'string' },
    gas: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    console.log(RUN_CONTRACT_HELP);
    return 0;
  }
  const format = oneOf(
    'format',
    values.format as string | undefined,
    FORMATS.filter((f) => f !== 'csv'),
    'table',
    cmd,
  );
  const [file, entry, ...rest] = positionals;
  if (!file || !entry)
    throw new UsageError('expected a class file and an entry point name or selector', cmd);
  const calldata = rest.map((v, i) => felt(`calldata[${i}]`, v));
  const storage = ((values.storage as string[] | undefined) ?? []).map((kv): [bigint, bigint] => {
    const [k, v, extra] = kv.split('=');
    if (v === undefined || extra !== undefined)
      throw new UsageError(`--storage takes key=value, got '${kv}'`, cmd);
    return [felt('--storage key', k), felt('--storage value', v)];
  });
  const ctor = values['constructor-calldata'] as string | undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let result: RunContractResult;
  try {
    result = runContract(text, entry, {
      calldata,
      storage,
      contract:
        values.contract === undefined ? undefined : felt('--contract', values.contract as string),
      caller: values.caller === undefined ? undefined : felt('--caller', values.caller as string),
      gas: values.gas === undefined ? undefined : felt('--gas', values.gas as string),
      constructorCalldata:
        ctor === undefined
          ? undefined
          : ctor === ''
            ? []
            : ctor.split(',').map((v) => felt('--constructor-calldata', v.trim())),
    });
  } catch (e) {
    if (e instanceof ContractInputError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
  const out = format === 'json' ? json(result) : render(result);
  if (values.out) writeFileSync(values.out as string, out + '\n');
  else console.log(out);
  return 0;
}

function render(r: RunContractResult): string {
  const lines = [
    `selector  ${r.selector}`,
    `result    ${r.panicked ? `PANICKED${r.error ? ` (${r.error})` : ''}` : 'ok'}`,
    `retdata   [${r.retdata.join(', ')}]`,
    `steps     ${r.steps}`,
    `builtins  ${
      Object.entries(r.builtins)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none)'
    }`,
    '',
    `events (${r.events.length})`,
    ...r.events.map((e) => `  keys [${e.keys.join(', ')}]  data [${e.data.join(', ')}]`),
    '',
    'reads',
    r.reads.length
      ? table(
          ['contract', 'key', 'value'],
          r.reads.map((x) => [x.contract, x.key, x.value]),
        )
      : '  (none)',
    '',
    'writes',
    r.writes.length
      ? table(
          ['contract', 'key', 'value'],
          r.writes.map((x) => [x.contract, x.key, x.value]),
        )
      : '  (none)',
  ];
  return lines.join('\n');
}
