/**
 * The scenarios run on our engine and on blockifier (sierra-gas.ts). Classes come from
 * ../shared/fixtures/casm (the CASM, with the Sierra version read from its Sierra twin) plus our
 * assembled probe (sierra-gas-probe.ts). `SIERRA_GAS` (1.7.0) makes both sides track every call
 * in Sierra gas at 0.13.4 and later (`min_sierra_version_for_sierra_gas`); the `real-versions`
 * scenario keeps each class's own version, so pre-1.7.0 classes run in Cairo steps.
 *
 * The sequencer's test contract is casm/starknet-js/blake2s_verification_contract.casm
 * (blockifier_test_utils feature_contracts/cairo1/test_contract.cairo, Cairo 2.12.0): its
 * entry points and their parameters are those of that file in starkware-libs/sequencer.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CasmClassJson } from '../../engine/starknet/casm';
import { selectorOf, shortString } from '../../engine/starknet/execution';
import { type SierraVersion, sierraVersionFromProgram } from '../../engine/starknet/sierra-version';
import { FIXTURES } from './scenarios';
import { gasProbeClass } from './sierra-gas-probe';
import type { CallDef, ClassDef, Scenario } from './sierra-gas';

export const CASM_DIR = join(FIXTURES, 'casm');
export const hasFixtures = () => existsSync(CASM_DIR);
export const SIERRA_GAS: SierraVersion = [1, 7, 0];

const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as CasmClassJson;

/** The Sierra twin of a CASM file, if the fixtures have one. */
function twinOf(casmPath: string): string | undefined {
  const twin = casmPath
    .replace(/\.compiled_contract_class\.json$/, '.contract_class.json')
    .replace(/\.casm$/, '.sierra.json');
  return twin !== casmPath && existsSync(twin) ? twin : undefined;
}

/** The class's own Sierra version (its twin's program header), or `SIERRA_GAS` without a twin. */
export function ownSierraVersion(casmPath: string): SierraVersion {
  const twin = twinOf(casmPath);
  if (!twin) return SIERRA_GAS;
  const sierra = JSON.parse(readFileSync(twin, 'utf8')) as { sierra_program: string[] };
  return sierraVersionFromProgram(sierra.sierra_program);
}

const cache = new Map<string, CasmClassJson>();
function casm(rel: string): CasmClassJson {
  const p = join(CASM_DIR, rel);
  if (!cache.has(p)) cache.set(p, read(p));
  return cache.get(p)!;
}

const cls = (hash: bigint, rel: string, v = SIERRA_GAS): ClassDef => ({
  hash,
  casm: casm(rel),
  sierraVersion: v,
});

const sel = selectorOf;
const s = shortString;

export const TC = 0x7cn;
export const OTHER = 0x7dn;
export const FRESH = 0x7en;
export const PROBE = 0x9bn;
export const ACC = 0xacc0n;
const TC_CLASS = 0x7c1a55n;
const PROBE_CLASS = 0x9b1a55n;
const ACC_CLASS = 0xacc1a55n;
const TEST_CONTRACT = 'starknet-js/blake2s_verification_contract.casm';

function tc(label: string, name: string, calldata: bigint[] = [], more: Partial<CallDef> = {}) {
  return { label, contract: TC, selector: sel(name), calldata, ...more };
}

/** Syscalls through the sequencer's test contract, the probe and the cairo-lang account. */
function syscallCalls(): CallDef[] {
  const rw = sel('test_storage_read_write');
  const builtins = ['test_keccak', 'test_sha256', 'test_secp256k1', 'test_secp256r1'];
  const more = ['test_poseidon', 'test_pedersen', 'test_ecop', 'test_bitwise', 'test_range_check'];
  const rest = ['test_circuit', 'test_rc96_holes', 'segment_arena_builtin', 'empty_function'];
  return [
    tc('storage', 'test_storage_read_write', [0x55n, 0x77n]),
    tc('call_contract', 'test_call_contract', [OTHER, rw, 2n, 5n, 6n]),
    tc('library_call', 'test_library_call', [TC_CLASS, rw, 2n, 5n, 6n]),
    tc('call_two', 'test_call_two_contracts', [OTHER, rw, 2n, 1n, 2n, TC, rw, 2n, 3n, 4n]),
    tc('emit_event', 'test_emit_events', [2n, 3n, 1n, 1n, 1n, 2n, 2n, 2n]),
    tc('send_message', 'test_send_message_to_l1', [0xe1n, 2n, 1n, 2n]),
    tc('send_message_fixed', 'send_message', [0xe2n]),
    ...[...builtins, ...more, ...rest].map((n) => tc(n, n)),
    tc('secp256k1_point_from_x', 'test_secp256k1_point_from_x'),
    tc('get_block_hash', 'test_get_block_hash', [900n]),
    tc('get_block_hash_too_recent', 'test_get_block_hash', [995n]),
    tc('get_class_hash_at', 'test_get_class_hash_at', [OTHER, TC_CLASS]),
    tc('get_execution_info', 'add_signature_to_counters', [3n]),
    tc('deploy', 'test_deploy', [TC_CLASS, 7n, 2n, 3n, 4n, 0n]),
    tc('deploy_from_zero', 'test_deploy', [TC_CLASS, 8n, 2n, 3n, 4n, 1n]),
    tc('fail', 'fail'),
    tc('recursive_fail', 'recursive_fail', [3n]),
    tc('recursive_syscall', 'recursive_syscall', [TC, sel('recursive_syscall'), 5n]),
    tc('revert_helper', 'test_revert_helper', [TC_CLASS, 1n]),
    tc('revert_inner', 'test_revert_with_inner_call_and_reverted_storage', [OTHER, TC_CLASS]),
    tc('middle_revert', 'middle_revert_contract', [OTHER, rw, 2n, 9n, 9n]),
    tc('stack_overflow', 'test_stack_overflow', [1000n], { gas: 2_000_000n }),
    tc('execute_directly', 'call_execute_directly', [OTHER, 0n]),
    tc('counters', 'advance_counter', [0n, 1n, 2n]),
    tc('call_xor_counters', 'call_xor_counters', [OTHER, 0n, 3n, 4n]),
    tc('l1_handler', 'l1_handle', [0x123n, 5n], { entryPointType: 'L1_HANDLER' }),
    tc('l1_handler_set', 'l1_handler_set_value', [0x123n, 0x77n, 9n], {
      entryPointType: 'L1_HANDLER',
    }),
    {
      ...tc('constructor', 'constructor', [1n, 2n]),
      contract: FRESH,
      entryPointType: 'CONSTRUCTOR',
    },
    tc('probe_via_call', 'test_call_contract', [PROBE, sel('available_gas'), 0n]),
    tc('probe_via_library_call', 'test_library_call', [PROBE_CLASS, sel('available_gas'), 0n]),
    { label: 'probe', contract: PROBE, selector: sel('available_gas') },
    { label: 'probe_1e7', contract: PROBE, selector: sel('available_gas'), gas: 10_000_000n },
    {
      label: 'meta_tx_v0',
      contract: PROBE,
      selector: sel('meta_tx'),
      calldata: [ACC, sel('__execute__'), 0n],
    },
    tc('get_block_hash_validate', 'test_get_block_hash', [900n], { mode: 'validate' }),
    tc('get_block_hash_recent_validate', 'test_get_block_hash', [995n], { mode: 'validate' }),
    tc('deploy_validate', 'test_deploy', [TC_CLASS, 9n, 2n, 3n, 4n, 0n], { mode: 'validate' }),
    tc('replace_class', 'test_replace_class', [TC_CLASS]),
  ];
}

export function syscallScenario(): Scenario {
  return {
    name: 'syscalls',
    classes: [
      cls(TC_CLASS, TEST_CONTRACT),
      { hash: PROBE_CLASS, casm: gasProbeClass(), sierraVersion: SIERRA_GAS },
      cls(ACC_CLASS, 'cairo-lang/account__account.compiled_contract_class.json'),
    ],
    contracts: [
      { address: TC, classHash: TC_CLASS },
      { address: OTHER, classHash: TC_CLASS },
      { address: FRESH, classHash: TC_CLASS },
      { address: PROBE, classHash: PROBE_CLASS },
      { address: ACC, classHash: ACC_CLASS },
    ],
    storage: [{ address: 1n, key: 900n, value: 0xb10cn }],
    calls: syscallCalls(),
  };
}

const ALICE = 0xa11cen;
const BOB = 0xb0bn;

/** The cairo-lang ERC20: constructor, transfers, allowances, an overdraft. */
export function erc20Scenario(): Scenario {
  const T = 0xe20n;
  const call = (label: string, name: string, calldata: bigint[], caller = ALICE): CallDef => ({
    label,
    contract: T,
    selector: sel(name),
    calldata,
    caller,
  });
  return {
    name: 'erc20',
    classes: [cls(0xe20c1a55n, 'cairo-lang/erc20__erc_20.compiled_contract_class.json')],
    contracts: [{ address: T, classHash: 0xe20c1a55n }],
    calls: [
      {
        ...call('constructor', 'constructor', [s('TKN'), s('TK'), 18n, 1000n, 0n, ALICE]),
        entryPointType: 'CONSTRUCTOR',
      },
      call('transfer', 'transfer', [BOB, 10n, 0n]),
      call('approve', 'approve', [BOB, 50n, 0n]),
      call('transfer_from', 'transfer_from', [ALICE, 0xca1n, 5n, 0n], BOB),
      call('increase_allowance', 'increase_allowance', [BOB, 7n, 0n]),
      call('decrease_allowance', 'decrease_allowance', [BOB, 2n, 0n]),
      call('balance_of', 'balance_of', [ALICE]),
      call('allowance', 'allowance', [ALICE, BOB]),
      call('total_supply', 'get_total_supply', []),
      call('name', 'get_name', []),
      call('overdraft', 'transfer', [BOB, 1_000_000n, 0n]),
    ],
  };
}

/** OpenZeppelin's account 0.8.0 and ERC20 1.0.0 (starknet.js mocks). */
export function ozScenario(v?: (rel: string) => SierraVersion): Scenario {
  const A = 0x0acc8n;
  const T = 0x0e28n;
  const acc = 'starknet-js/account/account_oz_080.casm';
  const erc = 'starknet-js/cairo294/erc20_oz100.casm';
  const version = (rel: string) => (v ? v(rel) : SIERRA_GAS);
  const byteArray = (text: string) => [0n, s(text), BigInt(text.length)];
  const call = (label: string, to: bigint, name: string, calldata: bigint[]): CallDef => ({
    label,
    contract: to,
    selector: sel(name),
    calldata,
    caller: ALICE,
  });
  const ctor = (c: CallDef): CallDef => ({ ...c, entryPointType: 'CONSTRUCTOR', caller: 0n });
  return {
    name: v ? 'oz-real-versions' : 'oz',
    classes: [cls(0xacc8c1an, acc, version(acc)), cls(0xe28c1an, erc, version(erc))],
    contracts: [
      { address: A, classHash: 0xacc8c1an },
      { address: T, classHash: 0xe28c1an },
    ],
    calls: [
      ctor(call('account_constructor', A, 'constructor', [0x1234n])),
      ctor(
        call('erc20_constructor', T, 'constructor', [
          ...byteArray('Tok'),
          ...byteArray('TK'),
          500n,
          0n,
          ALICE,
          ALICE,
        ]),
      ),
      call('get_public_key', A, 'get_public_key', []),
      call('supports_interface', A, 'supports_interface', [
        0x3f918d17e5ee77373b56385708f855659a07f75997f365cf87748628532a055n,
      ]),
      call('is_valid_signature', A, 'is_valid_signature', [0x99n, 2n, 1n, 2n]),
      { ...call('validate', A, '__validate__', [0n]), caller: 0n, mode: 'validate' },
      call('transfer', T, 'transfer', [BOB, 10n, 0n]),
      call('approve', T, 'approve', [BOB, 50n, 0n]),
      call('balance_of', T, 'balance_of', [ALICE]),
      call('mint', T, 'mint', [BOB, 5n, 0n]),
      call('burn', T, 'burn', [1n, 0n]),
      call('overdraft', T, 'transfer', [BOB, 10_000n, 0n]),
    ],
  };
}

/**
 * A Sierra-gas caller (the test contract, 1.7.0) calling a class of Sierra 1.6.0 (OZ's ERC20
 * 1.0.0 at its own version): the callee and everything below it run in Cairo steps.
 */
export function mixedScenario(): Scenario {
  const T = 0x0e28n;
  const ERC = 0xe28c1an;
  const erc = 'starknet-js/cairo294/erc20_oz100.casm';
  const byteArray = (text: string) => [0n, s(text), BigInt(text.length)];
  const ctorData = [...byteArray('Tok'), ...byteArray('TK'), 500n, 0n, ALICE, ALICE];
  const balance = [sel('balance_of'), 1n, ALICE];
  return {
    name: 'mixed',
    classes: [cls(TC_CLASS, TEST_CONTRACT), cls(ERC, erc, ownSierraVersion(join(CASM_DIR, erc)))],
    contracts: [
      { address: TC, classHash: TC_CLASS },
      { address: T, classHash: ERC },
    ],
    calls: [
      {
        label: 'erc20_constructor',
        contract: T,
        selector: sel('constructor'),
        calldata: ctorData,
        entryPointType: 'CONSTRUCTOR',
      },
      tc('call_steps_class', 'test_call_contract', [T, ...balance]),
      tc('library_call_steps_class', 'test_library_call', [ERC, ...balance]),
      tc('call_steps_class_transfer', 'test_call_contract', [T, sel('transfer'), 3n, BOB, 1n, 0n]),
    ],
  };
}

function classFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return classFiles(p);
    return p.endsWith('.compiled_contract_class.json') || p.endsWith('.casm') ? [p] : [];
  });
}

/** Every shared Cairo 1 class file (relative to CASM_DIR). */
export function sharedClassFiles(): string[] {
  return classFiles(CASM_DIR).map((p) => p.slice(CASM_DIR.length + 1));
}

/** A class deployed at 0xc0 alone, its EXTERNAL entry points called with the given calldata. */
export function classScenario(
  rel: string,
  calls: { selector: bigint; calldata: bigint[] }[],
): Scenario {
  return {
    name: rel,
    classes: [cls(0xc1a55n, rel)],
    contracts: [{ address: 0xc0n, classHash: 0xc1a55n }],
    calls: calls.map((c) => ({
      label: '0x' + c.selector.toString(16).slice(0, 10),
      contract: 0xc0n,
      selector: c.selector,
      calldata: c.calldata,
      caller: 0xca11n,
    })),
  };
}

export const ownVersion = (rel: string) => ownSierraVersion(join(CASM_DIR, rel));
export { casm as fixtureCasm };
