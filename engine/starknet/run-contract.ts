/**
 * Run one entry point of a compiled contract class on a fresh in-memory state — what
 * `stm-explorer run-contract` prints, handy to check a contract. The class is declared and
 * deployed at `contract`; an optional constructor call runs first (its writes become the state
 * the entry point sees). Reads and writes are those of the entry point's call only.
 */
import { parseCell, hex, storageCell } from '../types';
import { loadCasmClass, type CasmClassJson } from './casm';
import { type CallInfo, ExecutionContext, emptyTxInfo, executeCall, selectorOf } from './execution';
import { InMemoryState, TxState } from './state';

export interface RunContractOptions {
  calldata?: bigint[];
  /** Address the class is deployed at (default 0x1234). */
  contract?: bigint;
  caller?: bigint;
  /** Gas for the call (default 10^10, the OS's default initial budget order). */
  gas?: bigint;
  /** Storage of the contract before the call: key → value. */
  storage?: [bigint, bigint][];
  /** Run the CONSTRUCTOR with this calldata first. */
  constructorCalldata?: bigint[];
}

export interface AccessRow {
  contract: string;
  /** Storage key in hex, or 'nonce' / 'class_hash'. */
  key: string;
  value: string;
}

export interface RunContractResult {
  selector: string;
  retdata: string[];
  panicked: boolean;
  /** The failure reason (panic data decoded where it is a short string). */
  error?: string;
  steps: number;
  builtins: Record<string, number>;
  events: { from: string; keys: string[]; data: string[] }[];
  reads: AccessRow[];
  writes: AccessRow[];
}

export class ContractInputError extends Error {}

const CLASS_HASH = 0xc1a55n;

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
  const key = c.kind === 'storage' ? hex(c.key!) : c.kind === 'nonce' ? 'nonce' : 'class_hash';
  return { contract: hex(c.contract), key, value: hex(value) };
}

function collect(
  c: CallInfo,
  events: RunContractResult['events'],
  builtins: Record<string, number>,
): void {
  for (const e of c.events)
    events.push({ from: hex(c.contract), keys: e.keys.map(hex), data: e.data.map(hex) });
  for (const [name, n] of Object.entries(c.builtinUsage ?? {}))
    builtins[name] = (builtins[name] ?? 0) + n;
  for (const inner of c.inner) collect(inner, events, builtins);
}

export function runContract(
  classJson: CasmClassJson | string,
  nameOrSelector: string,
  opts: RunContractOptions = {},
): RunContractResult {
  let cls;
  try {
    cls = loadCasmClass(classJson);
  } catch (e) {
    throw new ContractInputError(
      `not a compiled contract class (CasmContractClass JSON): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const selector = resolveSelector(nameOrSelector);
  if (!cls.bySelector.EXTERNAL.has(selector)) {
    const known = cls.entryPoints.EXTERNAL.map((ep) => hex(ep.selectorBig));
    throw new ContractInputError(
      `the class has no EXTERNAL entry point with selector ${hex(selector)} (${nameOrSelector}); its ${known.length} external selectors: ${known.join(', ')}`,
    );
  }
  const contract = opts.contract ?? 0x1234n;
  const caller = opts.caller ?? 0n;
  const gas = opts.gas ?? 10_000_000_000n;
  const state = new InMemoryState();
  state.declare(CLASS_HASH, cls);
  state.setClassHashAt(contract, CLASS_HASH);
  for (const [k, v] of opts.storage ?? []) state.write(storageCell(contract, k), v);
  const block = { blockNumber: 100n, blockTimestamp: 1_700_000_000n, sequencerAddress: 0x5e0n };

  if (opts.constructorCalldata) {
    const ctorState = new TxState(state, state);
    const ctor = executeCall(new ExecutionContext(ctorState, block, emptyTxInfo()), {
      contract,
      selector: selectorOf('constructor'),
      calldata: opts.constructorCalldata,
      caller,
      entryPointType: 'CONSTRUCTOR',
      gas,
    });
    if (ctor.failed)
      throw new ContractInputError(`the constructor failed: ${ctor.error ?? 'panic'}`);
    state.apply(ctorState.writeSet());
  }

  const txState = new TxState(state, state);
  const info = executeCall(new ExecutionContext(txState, block, emptyTxInfo()), {
    contract,
    selector,
    calldata: opts.calldata ?? [],
    caller,
    gas,
  });
  const events: RunContractResult['events'] = [];
  const builtins: Record<string, number> = {};
  collect(info, events, builtins);
  return {
    selector: hex(selector),
    retdata: info.retdata.map(hex),
    panicked: info.failed,
    error: info.error,
    steps: info.steps,
    builtins,
    events,
    reads: txState.reads.map((r) => row(r.cell, r.value)),
    writes: [...txState.writeSet()].map(([c, v]) => row(c, v)),
  };
}
