import { writeFileSync } from 'node:fs';
import { isDeprecatedClassJson } from '../../starknet/deprecated/class';
import { deprecatedClassHash } from '../../starknet/deprecated/class-hash';
import { hash } from 'starknet';
import {
  ContractInputError,
  runContract,
  type RunContractOptions,
  type RunContractResult,
} from '../../starknet/run-contract';
import type { ResourceBounds, TxInfo } from '../../starknet/execution';
import { shortString } from '../../starknet/execution';
import { oneOf, parse, type Parsed } from '../args';
import { InputError, UsageError } from '../errors';
import { FORMATS, json, table } from '../output';
import { readClassFile } from '../class-file';

const CMD = 'run-contract';

export const RUN_CONTRACT_HELP = `Usage: stm-explorer run-contract <class.json> <name|selector> [calldata...] [options]

Run one entry point of a compiled contract class (CasmContractClass JSON) on the Cairo VM, with a
fresh in-memory state, and print its result, steps, gas, builtins, events, messages, calls, reads
and writes.

Arguments:
  <class.json>           compiled class (e.g. the output of starknet-sierra-compile), or a Cairo 0
                         class: starknet-compile-deprecated output or the JSON-RPC form
                         (starknet_getClass: base64 of the gzipped program)
  <name|selector>        entry point name (e.g. balance_of) or selector (0x…)
  [calldata...]          felts, decimal or 0x-hex

State before the call:
  --contract <address>   address the class is deployed at (default 0x1234)
  --class-hash <hash>    class hash of the class (default 0xc1a55)
  --constructor-calldata <felts>
                         run the contract's constructor first with this comma-separated calldata
  --storage <key=value>  contract storage before the call (repeatable; felts)
  --declare <[hash=]file>
                         declare another class (repeatable); hash default: its compiled class hash
  --deploy <address=hash[:felts]>
                         deploy a declared class at address, constructor calldata after ':'
                         (repeatable, in order; constructor caller 0)
The call:
  --entry-type <type>    external (default), l1_handler (calldata starts with from_address) or
                         constructor
  --validate             validate mode (caller 0, result must be 'VALID')
  --caller <address>     caller address (default 0)
  --gas <n>              initial gas (default 10000000000)
Tx info (get_execution_info):
  --tx-hash <felt>  --nonce <felt>  --version <felt>  --max-fee <felt>  --tip <felt>
  --signature <felts>    comma-separated
  --account <address>    account_contract_address (default: --caller)
  --chain-id <felt|name> e.g. SN_MAIN (default SN_SEPOLIA)
  --resource-bounds <l1_gas=amount:price,l2_gas=…,l1_data_gas=…>
  --paymaster-data <felts>  --account-deployment-data <felts>
  --nonce-da-mode <0|1>  --fee-da-mode <0|1>
Block info:
  --block-number <n>  --block-timestamp <n>  --sequencer <address>
  --block-hash <number=hash>
                         served to get_block_hash (repeatable)
Output:
  --format <fmt>         table (default) or json
  --out <file>           write to a file instead of stdout
  -h, --help             this help

Exit codes: 0 ok (also when the entry point panics: see 'panicked'), 1 bad input, 2 usage.`;

const FELT = /^(0x[0-9a-fA-F]+|\d+)$/;

function felt(flag: string, v: string): bigint {
  if (!FELT.test(v.trim()))
    throw new UsageError(`${flag}: '${v}' is not a felt (decimal or 0x-hex)`, CMD);
  return BigInt(v.trim());
}

function felts(flag: string, v: string): bigint[] {
  return v === '' ? [] : v.split(',').map((x) => felt(flag, x));
}

/** `--declare [hash=]file`: with no hash, the class's compiled class hash (starknet.js). */
function declared(spec: string): { classHash: bigint; json: string } {
  const m = /^(0x[0-9a-fA-F]+|\d+)=(.+)$/.exec(spec);
  const file = m ? m[2] : spec;
  const { text, rpcForm } = readClassFile(file);
  if (m) return { classHash: BigInt(m[1]), json: text };
  if (rpcForm)
    throw new InputError(
      `${file}: a Cairo 0 class in the JSON-RPC form: its class hash is not recomputed (the node's program is a re-serialization); give it as hash=file`,
    );
  try {
    const parsed = JSON.parse(text) as object;
    // a deprecated (Cairo 0) class has a class hash, not a compiled class hash
    if (isDeprecatedClassJson(parsed)) return { classHash: deprecatedClassHash(text), json: text };
    return { classHash: BigInt(hash.computeCompiledClassHash(parsed as never)), json: text };
  } catch (e) {
    throw new InputError(
      `${file}: cannot compute its compiled class hash (${String(e)}); give one as hash=file`,
    );
  }
}

function deployed(spec: string): { address: bigint; classHash: bigint; calldata: bigint[] } {
  const m = /^([^=]+)=([^:]+)(?::(.*))?$/.exec(spec);
  if (!m) throw new UsageError(`--deploy takes address=classhash[:calldata], got '${spec}'`, CMD);
  return {
    address: felt('--deploy address', m[1]),
    classHash: felt('--deploy class hash', m[2]),
    calldata: felts('--deploy calldata', m[3] ?? ''),
  };
}

const RESOURCES: Record<string, string> = {
  l1_gas: 'L1_GAS',
  l2_gas: 'L2_GAS',
  l1_data_gas: 'L1_DATA',
};

function resourceBounds(v: string): ResourceBounds[] {
  return v.split(',').map((part) => {
    const m = /^(\w+)=([^:]+):(.+)$/.exec(part.trim());
    if (!m || !RESOURCES[m[1]])
      throw new UsageError(
        `--resource-bounds takes l1_gas|l2_gas|l1_data_gas=amount:price, got '${part}'`,
        CMD,
      );
    return {
      resource: shortString(RESOURCES[m[1]]),
      maxAmount: felt('--resource-bounds', m[2]),
      maxPricePerUnit: felt('--resource-bounds', m[3]),
    };
  });
}

type Values = Parsed['values'];
const str = (v: Values, k: string) => v[k] as string | undefined;
const list = (v: Values, k: string) => (v[k] as string[] | undefined) ?? [];

function txInfo(v: Values): Partial<TxInfo> {
  const tx: Partial<TxInfo> = {};
  const f = (k: string) => (str(v, k) === undefined ? undefined : felt(`--${k}`, str(v, k)!));
  const set = <K extends keyof TxInfo>(key: K, val: TxInfo[K] | undefined) => {
    if (val !== undefined) tx[key] = val;
  };
  set('transactionHash', f('tx-hash'));
  set('nonce', f('nonce'));
  set('version', f('version'));
  set('maxFee', f('max-fee'));
  set('tip', f('tip'));
  set('accountContractAddress', f('account'));
  set('nonceDataAvailabilityMode', f('nonce-da-mode'));
  set('feeDataAvailabilityMode', f('fee-da-mode'));
  const chain = str(v, 'chain-id');
  if (chain !== undefined) tx.chainId = FELT.test(chain) ? BigInt(chain) : shortString(chain);
  if (str(v, 'signature') !== undefined) tx.signature = felts('--signature', str(v, 'signature')!);
  if (str(v, 'paymaster-data') !== undefined)
    tx.paymasterData = felts('--paymaster-data', str(v, 'paymaster-data')!);
  if (str(v, 'account-deployment-data') !== undefined)
    tx.accountDeploymentData = felts(
      '--account-deployment-data',
      str(v, 'account-deployment-data')!,
    );
  if (str(v, 'resource-bounds') !== undefined)
    tx.resourceBounds = resourceBounds(str(v, 'resource-bounds')!);
  return tx;
}

function blockOptions(v: Values): Pick<RunContractOptions, 'block' | 'blockHashes'> {
  const block: RunContractOptions['block'] = {};
  if (str(v, 'block-number') !== undefined)
    block.blockNumber = felt('--block-number', str(v, 'block-number')!);
  if (str(v, 'block-timestamp') !== undefined)
    block.blockTimestamp = felt('--block-timestamp', str(v, 'block-timestamp')!);
  if (str(v, 'sequencer') !== undefined)
    block.sequencerAddress = felt('--sequencer', str(v, 'sequencer')!);
  const blockHashes = list(v, 'block-hash').map((kv): [bigint, bigint] => {
    const [n, h, extra] = kv.split('=');
    if (h === undefined || extra !== undefined)
      throw new UsageError(`--block-hash takes number=hash, got '${kv}'`, CMD);
    return [felt('--block-hash number', n), felt('--block-hash hash', h)];
  });
  return { block, blockHashes };
}

const FLAGS = {
  'constructor-calldata': { type: 'string' },
  storage: { type: 'string', multiple: true },
  contract: { type: 'string' },
  'class-hash': { type: 'string' },
  declare: { type: 'string', multiple: true },
  deploy: { type: 'string', multiple: true },
  'entry-type': { type: 'string' },
  validate: { type: 'boolean' },
  caller: { type: 'string' },
  gas: { type: 'string' },
  'tx-hash': { type: 'string' },
  nonce: { type: 'string' },
  version: { type: 'string' },
  'max-fee': { type: 'string' },
  tip: { type: 'string' },
  signature: { type: 'string' },
  account: { type: 'string' },
  'chain-id': { type: 'string' },
  'resource-bounds': { type: 'string' },
  'paymaster-data': { type: 'string' },
  'account-deployment-data': { type: 'string' },
  'nonce-da-mode': { type: 'string' },
  'fee-da-mode': { type: 'string' },
  'block-number': { type: 'string' },
  'block-timestamp': { type: 'string' },
  sequencer: { type: 'string' },
  'block-hash': { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

const ENTRY_TYPES = {
  external: 'EXTERNAL',
  l1_handler: 'L1_HANDLER',
  constructor: 'CONSTRUCTOR',
} as const;

function options(v: Values, calldata: bigint[]): RunContractOptions {
  const opt = (k: string) => (str(v, k) === undefined ? undefined : felt(`--${k}`, str(v, k)!));
  const storage = list(v, 'storage').map((kv): [bigint, bigint] => {
    const [k, val, extra] = kv.split('=');
    if (val === undefined || extra !== undefined)
      throw new UsageError(`--storage takes key=value, got '${kv}'`, CMD);
    return [felt('--storage key', k), felt('--storage value', val)];
  });
  const ctor = str(v, 'constructor-calldata');
  const entry = oneOf(
    'entry-type',
    str(v, 'entry-type'),
    ['external', 'l1_handler', 'constructor'] as const,
    'external',
    CMD,
  );
  return {
    calldata,
    storage,
    contract: opt('contract'),
    classHash: opt('class-hash'),
    caller: opt('caller'),
    gas: opt('gas'),
    constructorCalldata: ctor === undefined ? undefined : felts('--constructor-calldata', ctor),
    declare: list(v, 'declare').map(declared),
    deploy: list(v, 'deploy').map(deployed),
    entryPointType: ENTRY_TYPES[entry],
    validate: v.validate === true,
    tx: txInfo(v),
    ...blockOptions(v),
  };
}

export async function runContractCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(CMD, argv, FLAGS);
  if (values.help) {
    console.log(RUN_CONTRACT_HELP);
    return 0;
  }
  const format = oneOf(
    'format',
    str(values, 'format'),
    FORMATS.filter((f) => f !== 'csv'),
    'table',
    CMD,
  );
  const [file, entry, ...rest] = positionals;
  if (!file || !entry)
    throw new UsageError('expected a class file and an entry point name or selector', CMD);
  const opts = options(
    values,
    rest.map((v, i) => felt(`calldata[${i}]`, v)),
  );
  const { text } = readClassFile(file);
  let result: RunContractResult;
  try {
    result = runContract(text, entry, opts);
  } catch (e) {
    if (e instanceof ContractInputError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
  const out = format === 'json' ? json(result) : render(result);
  if (values.out) writeFileSync(values.out as string, out + '\n');
  else console.log(out);
  return 0;
}

function accessTable(rows: RunContractResult['reads']): string {
  return rows.length
    ? table(
        ['contract', 'key', 'value'],
        rows.map((x) => [x.contract, x.key, x.value]),
      )
    : '  (none)';
}

function render(r: RunContractResult): string {
  const status = r.panicked ? `PANICKED${r.error ? ` (${r.error})` : ''}` : 'ok';
  const lines = [
    `selector  ${r.selector} (${r.entryPointType})`,
    `result    ${status}${r.valid === undefined ? '' : r.valid ? ' — VALID' : ' — NOT VALID'}`,
    `retdata   [${r.retdata.join(', ')}]`,
    `steps     ${r.steps} (all calls)`,
    `gas       ${r.gasConsumed}`,
    `builtins  ${
      Object.entries(r.builtins)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none)'
    }`,
    '',
    `calls (${r.calls.length})`,
    table(
      ['depth', 'contract', 'selector', 'type', 'steps', 'gas', 'result'],
      r.calls.map((c) => [
        c.depth,
        c.contract,
        c.selector,
        c.entryPointType,
        c.steps,
        c.gasConsumed,
        c.failed ? `failed: ${c.error ?? ''}` : 'ok',
      ]),
    ),
    '',
    `events (${r.events.length})`,
    ...r.events.map((e) => `  keys [${e.keys.join(', ')}]  data [${e.data.join(', ')}]`),
    '',
    `messages to L1 (${r.messages.length})`,
    ...r.messages.map((m) => `  from ${m.from} to ${m.to}  payload [${m.payload.join(', ')}]`),
    '',
    'reads',
    accessTable(r.reads),
    '',
    'writes',
    accessTable(r.writes),
  ];
  return lines.join('\n');
}
