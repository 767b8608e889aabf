/**
 * Sierra gas against blockifier itself: one scenario (classes, contracts, storage, calls) runs on
 * our engine (engine/starknet run-contract.ts `callOnState`: `executeCall`, each call in its own
 * TxState layer whose writes are kept when it succeeds) and in our blockifier harness (test/truth/blockifier-harness, built by
 * scripts/setup/blockifier-harness.sh), which does the same with blockifier 0.20.0-rc.0's
 * `CallEntryPoint::execute`. Both call trees are normalised to `CallNode` and compared field by
 * field: gas_consumed of every call, retdata, failure, events, messages, the entry point and the
 * tracked resource; an unrecoverable error by its message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classCell, storageCell } from '../../engine/types';
import { type CasmClassJson, loadCasmClass } from '../../engine/starknet/casm';
import {
  type BlockInfo,
  type CallInfo,
  type TxInfo,
  emptyTxInfo,
  shortString,
} from '../../engine/starknet/execution';
import { InMemoryState } from '../../engine/starknet/state';
import { callOnState } from '../../engine/starknet/run-contract';
import { type SierraVersion, setSierraVersion } from '../../engine/starknet/sierra-version';
import { gasConstantsFor } from '../../engine/starknet/versioned-constants';
import { txInitialGas, txPhaseGas } from '../../engine/starknet/tx-gas';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HARNESS = resolve(
  process.env.STM_BLOCKIFIER_HARNESS ??
    resolve(ROOT, '.tools/blockifier-harness/stm-explorer-blockifier-harness'),
);
export const hasHarness = () => existsSync(HARNESS);

export interface ClassDef {
  hash: bigint;
  casm: CasmClassJson;
  sierraVersion: SierraVersion;
}

export interface CallDef {
  /** Names the call in differences (defaults to its index). */
  label: string;
  contract: bigint;
  selector: bigint;
  calldata?: bigint[];
  caller?: bigint;
  entryPointType?: 'EXTERNAL' | 'L1_HANDLER' | 'CONSTRUCTOR';
  /** The call's initial gas; default: the transaction's (its L2 bound capped for the mode). */
  gas?: bigint;
  mode?: 'execute' | 'validate';
}

export interface Scenario {
  name: string;
  classes: ClassDef[];
  contracts: { address: bigint; classHash: bigint }[];
  storage?: { address: bigint; key: bigint; value: bigint }[];
  calls: CallDef[];
}

/** One call of a tree, as both sides report it. Felts and gas as 0x / decimal strings. */
export interface CallNode {
  contract: string;
  selector: string;
  entryPointType: string;
  callType: string;
  caller: string;
  gasConsumed: string;
  trackedResource: string;
  failed: boolean;
  retdata: string[];
  events: { keys: string[]; data: string[] }[];
  messages: { to: string; payload: string[] }[];
  inner: CallNode[];
}

/** A top-level call's outcome: its tree, or the unrecoverable error that ended it. */
export type Outcome = { call: CallNode } | { error: string };

const h = (v: bigint) => '0x' + v.toString(16);

export const BLOCK = { number: 1000n, timestamp: 1_700_000_000n, sequencer: 0x5e0n };
const L2_BOUND = 10_000_000_000n;
/** The v3 transaction every call runs in (its L2 bound sets the default gas). */
export const TX = {
  hash: 0x7a5n,
  sender: 0xacc0n,
  nonce: 3n,
  signature: [11n, 22n],
  tip: 0n,
};

function ourTx(): TxInfo {
  return {
    ...emptyTxInfo(),
    transactionHash: TX.hash,
    accountContractAddress: TX.sender,
    nonce: TX.nonce,
    signature: TX.signature,
    resourceBounds: [
      { resource: shortString('L1_GAS'), maxAmount: 0n, maxPricePerUnit: 0n },
      { resource: shortString('L2_GAS'), maxAmount: L2_BOUND, maxPricePerUnit: 0n },
      { resource: shortString('L1_DATA'), maxAmount: 0n, maxPricePerUnit: 0n },
    ],
  };
}

function ourNode(c: CallInfo): CallNode {
  return {
    contract: h(c.contract),
    selector: h(c.selector),
    entryPointType: c.entryPointType,
    callType: c.callType,
    caller: h(c.caller),
    gasConsumed: c.gasConsumed.toString(),
    trackedResource: c.trackedResource ?? '?',
    failed: c.failed,
    retdata: c.retdata.map(h),
    events: c.events.map((e) => ({ keys: e.keys.map(h), data: e.data.map(h) })),
    messages: c.messages.map((m) => ({ to: h(m.to), payload: m.payload.map(h) })),
    inner: c.inner.map(ourNode),
  };
}

function ourState(s: Scenario): InMemoryState {
  const state = new InMemoryState();
  for (const c of s.classes) {
    const cls = loadCasmClass(c.casm);
    setSierraVersion(cls, c.sierraVersion);
    state.declare(c.hash, cls);
  }
  for (const c of s.contracts) state.write(classCell(c.address), c.classHash);
  for (const e of s.storage ?? []) state.write(storageCell(e.address, e.key), e.value);
  return state;
}

/** The scenario on our engine, under `version`'s constants. */
export function runOurs(s: Scenario, version: string): Outcome[] {
  const state = ourState(s);
  const block: BlockInfo = {
    blockNumber: BLOCK.number,
    blockTimestamp: BLOCK.timestamp,
    sequencerAddress: BLOCK.sequencer,
    starknetVersion: version,
  };
  const tx = ourTx();
  const g = gasConstantsFor(version);
  return s.calls.map((c) => {
    const mode = c.mode ?? 'execute';
    const req = {
      contract: c.contract,
      selector: c.selector,
      calldata: c.calldata ?? [],
      caller: c.caller ?? 0n,
      entryPointType: c.entryPointType ?? 'EXTERNAL',
      gas: c.gas ?? txPhaseGas(g, txInitialGas(g, tx), mode),
    };
    // each call in its own layer, kept when it succeeds (as the harness does)
    const { info, layer } = callOnState(state, block, tx, req, mode);
    if (info.unrecoverable) return { error: info.error ?? '' };
    if (!info.failed) state.apply(layer.writeSet());
    return { call: ourNode(info) };
  });
}

/** The harness's JSON request for the scenario (test/truth/blockifier-harness/src/request.rs). */
export function harnessRequest(s: Scenario, version: string): unknown {
  return {
    starknet_version: version,
    classes: s.classes.map((c) => ({
      class_hash: h(c.hash),
      compiled: c.casm,
      sierra_version: c.sierraVersion.join('.'),
    })),
    contracts: s.contracts.map((c) => ({ address: h(c.address), class_hash: h(c.classHash) })),
    storage: (s.storage ?? []).map((e) => ({
      address: h(e.address),
      key: h(e.key),
      value: h(e.value),
    })),
    block: {
      number: Number(BLOCK.number),
      timestamp: Number(BLOCK.timestamp),
      sequencer_address: h(BLOCK.sequencer),
    },
    tx: {
      hash: h(TX.hash),
      sender_address: h(TX.sender),
      nonce: h(TX.nonce),
      signature: TX.signature.map(h),
      tip: Number(TX.tip),
      l2_gas: { max_amount: Number(L2_BOUND), max_price_per_unit: 0 },
    },
    calls: s.calls.map((c) => ({
      contract: h(c.contract),
      selector: h(c.selector),
      calldata: (c.calldata ?? []).map(h),
      caller: h(c.caller ?? 0n),
      entry_point_type: c.entryPointType ?? 'EXTERNAL',
      initial_gas: c.gas === undefined ? 'tx_default' : c.gas.toString(),
      mode: c.mode ?? 'execute',
    })),
  };
}

interface HarnessNode {
  contract: string;
  selector: string;
  entry_point_type: string;
  call_type: string;
  caller: string;
  gas_consumed: string;
  tracked_resource: string;
  failed: boolean;
  retdata: string[];
  events: { keys: string[]; data: string[] }[];
  messages: { to: string; payload: string[] }[];
  inner: HarnessNode[];
}

function theirNode(n: HarnessNode): CallNode {
  return {
    contract: n.contract,
    selector: n.selector,
    entryPointType: n.entry_point_type,
    callType: n.call_type,
    caller: n.caller,
    gasConsumed: n.gas_consumed,
    trackedResource: n.tracked_resource,
    failed: n.failed,
    retdata: n.retdata,
    events: n.events.map((e) => ({ keys: e.keys, data: e.data })),
    messages: n.messages.map((m) => ({ to: m.to, payload: m.payload })),
    inner: n.inner.map(theirNode),
  };
}

/** The scenario in blockifier (the harness binary; request on stdin). */
export function runBlockifier(s: Scenario, version: string): Outcome[] {
  const out = execFileSync(HARNESS, [], {
    input: JSON.stringify(harnessRequest(s, version), (_k, v: unknown) =>
      typeof v === 'bigint' ? h(v) : v,
    ),
    maxBuffer: 256 << 20,
    encoding: 'utf8',
  });
  const parsed = JSON.parse(out) as {
    fatal?: string;
    results?: ({ call: HarnessNode } | { error: string })[];
  };
  if (!parsed.results) throw new Error(`harness: ${parsed.fatal ?? out.slice(0, 500)}`);
  return parsed.results.map((r) => ('call' in r ? { call: theirNode(r.call) } : r));
}
