/**
 * Run one entry point of a compiled contract class on a fresh in-memory state — what
 * `stm-explorer run-contract` prints, handy to check a contract. The class is declared and
 * deployed at `contract`; before the call, more classes can be declared, more contracts deployed
 * (their constructors run, caller 0) and the block hashes served to get_block_hash stored; an
 * optional constructor call of the main contract runs first (its writes become the state the entry
 * point sees). The call itself can be EXTERNAL, L1_HANDLER or CONSTRUCTOR, in execute or validate
 * mode, with the tx and block info given. Reads and writes are those of the entry point's call only.
 */
import { parseCell, hex, storageCell } from '../types';
import { type CasmClassJson, hasEntryPoint, loadCasmClass } from './casm';
import type { ContractClass } from './state';
import { isDeprecatedClass, isDeprecatedClassJson, loadDeprecatedClass } from './deprecated/class';
import { parseJsonExact } from '../vm/json';
import {
  BLOCK_HASH_CONTRACT_ADDRESS,
  type BlockInfo,
  type CallInfo,
  type CallRequest,
  ExecutionContext,
  type ExecutionMode,
  type TxInfo,
  emptyTxInfo,
  executeCall,
  selectorOf,
  shortString,
} from './execution';
import { InMemoryState, TxState } from './state';
import { panicMessage } from './panic';

export type RunEntryPointType = 'EXTERNAL' | 'L1_HANDLER' | 'CONSTRUCTOR';

export interface DeploySpec {
  address: bigint;
  classHash: bigint;
  /** Constructor calldata (the class must have a constructor when it is not empty). */
  calldata: bigint[];
}

export interface RunContractOptions {
  calldata?: bigint[];
  /** Address the class is deployed at (default 0x1234). */
  contract?: bigint;
  /** Class hash the main class is declared under (default 0xc1a55). */
  classHash?: bigint;
  caller?: bigint;
  /** Gas for the call (default 10^10, the OS's default initial budget order). */
  gas?: bigint;
  /** Storage of the contract before the call: key → value. */
  storage?: [bigint, bigint][];
  /** Run the main contract's CONSTRUCTOR with this calldata first. */
  constructorCalldata?: bigint[];
  /** More classes, declared under the given class hashes. */
  declare?: { classHash: bigint; json: CasmClassJson | string }[];
  /** More contracts, deployed in order before the call. */
  deploy?: DeploySpec[];
  /** Kind of entry point to call (default EXTERNAL). */
  entryPointType?: RunEntryPointType;
  /**
   * blockifier's validate mode: caller 0 and the result must be 'VALID'. The syscall restrictions
   * and block-info rounding of that mode are execution.ts's (`ExecutionContext.mode`).
   */
  validate?: boolean;
  /** Tx info seen by get_execution_info (defaults: `emptyTxInfo()`, account = caller). */
  tx?: Partial<TxInfo>;
  /** Block info (defaults: number 100, timestamp 1_700_000_000, sequencer 0x5e0). */
  block?: Partial<BlockInfo>;
  /** Block number → hash, served to get_block_hash (stored where the OS keeps them). */
  blockHashes?: [bigint, bigint][];
}

export interface AccessRow {
  contract: string;
  /** Storage key in hex, or 'nonce' / 'class_hash'. */
  key: string;
  value: string;
}

/** One call of the tree, in execution order (depth 0 = the entry point called). */
export interface CallRow {
  depth: number;
  contract: string;
  classHash: string;
  selector: string;
  entryPointType: string;
  callType: string;
  steps: number;
  gasConsumed: string;
  failed: boolean;
  error?: string;
}

export interface RunContractResult {
  selector: string;
  entryPointType: RunEntryPointType;
  retdata: string[];
  panicked: boolean;
  /** The failure reason: panic data as text (ByteArray and short strings decoded). */
  error?: string;
  /** Validate mode only: the entry point returned 'VALID'. */
  valid?: boolean;
  /** Cairo steps of the call and all its nested calls. */
  steps: number;
  /** Gas the call consumed (decimal). */
  gasConsumed: string;
  builtins: Record<string, number>;
  events: { from: string; keys: string[]; data: string[] }[];
  /** L2 → L1 messages sent by the call tree. */
  messages: { from: string; to: string; payload: string[] }[];
  calls: CallRow[];
  reads: AccessRow[];
  writes: AccessRow[];
}

export class ContractInputError extends Error {}

const CLASS_HASH = 0xc1a55n;
const VALID = shortString('VALID');

/** `transfer` → sn_keccak selector; `0x83af…` or a decimal number → that selector. */
export function resolveSelector(nameOrSelector: string): bigint {
  if (/^0x[0-9a-fA-F]+$/.test(nameOrSelector) || /^\d+$/.test(nameOrSelector))
    return BigInt(nameOrSelector);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameOrSelector)) {
    throw new ContractInputError(
      `'${nameOrSelector}' is neither an entry point name nor a selector`,
    );
  }
  return selectorOf(nameOrSelector);
}

function row(cell: string, value: bigint): AccessRow {
  const c = parseCell(cell);
  const key =
    c.kind === 'storage'
      ? hex(c.key!)
      : c.kind === 'nonce'
        ? 'nonce'
        : c.kind === 'declared'
          ? 'declared'
          : 'class_hash';
  return { contract: hex(c.contract), key, value: hex(value) };
}

function callRow(c: CallInfo, depth: number): CallRow {
  return {
    depth,
    contract: hex(c.contract),
    classHash: hex(c.classHash),
    selector: hex(c.selector),
    entryPointType: c.entryPointType,
    callType: c.callType,
    steps: c.steps,
    gasConsumed: c.gasConsumed.toString(),
    failed: c.failed,
    ...(c.failed ? { error: panicMessage(c.retdata) } : {}),
  };
}

/** Events, messages, builtins and call rows of a call tree, depth first. */
function collect(c: CallInfo, out: RunContractResult, depth = 0): void {
  out.calls.push(callRow(c, depth));
  out.steps += c.steps;
  for (const e of c.events)
    out.events.push({ from: hex(c.contract), keys: e.keys.map(hex), data: e.data.map(hex) });
  for (const m of c.messages)
    out.messages.push({ from: hex(m.from), to: hex(m.to), payload: m.payload.map(hex) });
  for (const [name, n] of Object.entries(c.builtinUsage ?? {}))
    out.builtins[name] = (out.builtins[name] ?? 0) + n;
  for (const inner of c.inner) collect(inner, out, depth + 1);
}

/** A CASM class, or a deprecated (Cairo 0) one in its compiled form (program inline). */
function loadClass(json: CasmClassJson | string, what: string): ContractClass {
  try {
    const parsed = typeof json === 'string' ? parseJsonExact(json) : json;
    if (isDeprecatedClassJson(parsed)) return loadDeprecatedClass(parsed);
    return loadCasmClass(json);
  } catch (e) {
    throw new ContractInputError(
      `${what}: not a compiled contract class (CasmContractClass JSON): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * One top-level call on `state`, as blockifier's `CallEntryPoint::execute` runs one in an
 * `EntryPointExecutionContext` of `mode` (blockifier 0.20.0-rc.0 `src/execution/entry_point.rs`):
 * in its own transaction layer over `state`, so the call's reads and writes are the layer's. The
 * writes stay there: the caller applies them (`state.apply(layer.writeSet())`) if it keeps them.
 * `runContract` and the Sierra gas truth test (test/truth/sierra-gas.ts) both call through here.
 */
export function callOnState(
  state: InMemoryState,
  block: BlockInfo,
  tx: TxInfo,
  req: CallRequest,
  mode: ExecutionMode = 'execute',
): { info: CallInfo; layer: TxState } {
  const layer = new TxState(state, state);
  const ctx = new ExecutionContext(layer, block, tx);
  ctx.mode = mode;
  return { info: executeCall(ctx, req), layer };
}

/** Run a setup call (a constructor) in its own layer and keep its writes. */
function setupCall(
  state: InMemoryState,
  block: BlockInfo,
  tx: TxInfo,
  req: CallRequest,
  what: string,
): void {
  const { info, layer } = callOnState(state, block, tx, req);
  if (info.failed) throw new ContractInputError(`${what} failed: ${panicMessage(info.retdata)}`);
  state.apply(layer.writeSet());
}

function deployContract(state: InMemoryState, block: BlockInfo, tx: TxInfo, d: DeploySpec): void {
  const what = `deploying ${hex(d.address)}`;
  const cls = state.getCompiledClass(d.classHash);
  if (!cls) throw new ContractInputError(`${what}: class ${hex(d.classHash)} is not declared`);
  state.setClassHashAt(d.address, d.classHash);
  const ctor = cls.entryPoints.CONSTRUCTOR[0];
  if (!ctor) {
    if (d.calldata.length)
      throw new ContractInputError(`${what}: class has no constructor but calldata was given`);
    return;
  }
  const selector = 'selectorBig' in ctor ? ctor.selectorBig : ctor.selector;
  const req = { contract: d.address, selector, calldata: d.calldata };
  setupCall(
    state,
    block,
    tx,
    { ...req, caller: 0n, entryPointType: 'CONSTRUCTOR', gas: 10_000_000_000n },
    `${what}: the constructor`,
  );
}

function checkEntryPoint(
  cls: ContractClass,
  type: RunEntryPointType,
  selector: bigint,
  name: string,
) {
  if (hasEntryPoint(cls, type, selector)) return;
  const known = isDeprecatedClass(cls)
    ? cls.entryPoints[type].map((ep) => hex(ep.selector))
    : cls.entryPoints[type].map((ep) => hex(ep.selectorBig));
  throw new ContractInputError(
    `the class has no ${type} entry point with selector ${hex(selector)} (${name}); its ${known.length} ${type} selectors: ${known.join(', ') || '(none)'}`,
  );
}

/** The state before the call: classes declared, contracts deployed, storage and block hashes set. */
function prepareState(
  cls: ContractClass,
  opts: RunContractOptions,
  block: BlockInfo,
  tx: TxInfo,
): InMemoryState {
  const contract = opts.contract ?? 0x1234n;
  const state = new InMemoryState();
  state.declare(opts.classHash ?? CLASS_HASH, cls);
  for (const d of opts.declare ?? [])
    state.declare(d.classHash, loadClass(d.json, `class ${hex(d.classHash)}`));
  state.setClassHashAt(contract, opts.classHash ?? CLASS_HASH);
  for (const [k, v] of opts.storage ?? []) state.write(storageCell(contract, k), v);
  for (const [n, h] of opts.blockHashes ?? [])
    state.write(storageCell(BLOCK_HASH_CONTRACT_ADDRESS, n), h);
  if (opts.constructorCalldata) {
    const req = {
      contract,
      selector: selectorOf('constructor'),
      calldata: opts.constructorCalldata,
    };
    const caller = opts.caller ?? 0n;
    const call = { ...req, caller, entryPointType: 'CONSTRUCTOR' as const, gas: 10_000_000_000n };
    setupCall(state, block, tx, call, 'the constructor');
  }
  for (const d of opts.deploy ?? []) deployContract(state, block, tx, d);
  return state;
}

export function runContract(
  classJson: CasmClassJson | string,
  nameOrSelector: string,
  opts: RunContractOptions = {},
): RunContractResult {
  const cls = loadClass(classJson, 'the class');
  const type: RunEntryPointType = opts.validate ? 'EXTERNAL' : (opts.entryPointType ?? 'EXTERNAL');
  const selector = resolveSelector(nameOrSelector);
  checkEntryPoint(cls, type, selector, nameOrSelector);
  const contract = opts.contract ?? 0x1234n;
  const caller = opts.validate ? 0n : (opts.caller ?? 0n);
  const block: BlockInfo = {
    blockNumber: 100n,
    blockTimestamp: 1_700_000_000n,
    sequencerAddress: 0x5e0n,
    ...opts.block,
  };
  const tx: TxInfo = { ...emptyTxInfo(), accountContractAddress: opts.caller ?? 0n, ...opts.tx };
  const state = prepareState(cls, opts, block, tx);

  const req = { contract, selector, calldata: opts.calldata ?? [], caller, entryPointType: type };
  const { info, layer: txState } = callOnState(
    state,
    block,
    tx,
    { ...req, gas: opts.gas ?? 10_000_000_000n },
    opts.validate ? 'validate' : 'execute',
  );
  const result: RunContractResult = {
    selector: hex(selector),
    entryPointType: type,
    retdata: info.retdata.map(hex),
    panicked: info.failed,
    steps: 0,
    gasConsumed: info.gasConsumed.toString(),
    builtins: {},
    events: [],
    messages: [],
    calls: [],
    reads: txState.reads.map((r) => row(r.cell, r.value)),
    writes: [...txState.writeSet()].map(([c, v]) => row(c, v)),
  };
  if (info.failed)
    result.error = info.error?.startsWith('panic') ? panicMessage(info.retdata) : info.error;
  // a Cairo 0 account's __validate__ returns nothing (blockifier checks Cairo 1 ones only)
  if (opts.validate)
    result.valid =
      !info.failed && (info.cairo0 || (info.retdata.length === 1 && info.retdata[0] === VALID));
  collect(info, result);
  return result;
}
