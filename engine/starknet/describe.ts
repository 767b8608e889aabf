/**
 * What a Starknet transaction did on the Cairo VM, as plain JSON for an inspector: its call tree
 * (validate / execute / fee transfer), per call the entry point, calldata, return data, steps,
 * builtins, events, and the disassembled CASM of the entry point (with the hints attached to
 * each pc), and the instructions each call actually ran with their hit counts. Built by
 * re-executing the transaction with pc tracing on the values its last execution read — after any
 * complete run that is the committed incarnation, whose reads equal the sequential run's — so the
 * block's own executions stay untraced (fast). Cairo 1 (CASM) and Cairo 0 (deprecated) classes
 * are described alike (class-code.ts); a Cairo 0 class also names its selectors from its ABI.
 */
import { disassemble } from '../vm/disassembler';
import { type ClassCode, classCode } from './class-code';
import type { CallInfo } from './execution';
import { selectorOf } from './execution';
import type { CellKey } from '../types';
import {
  executeTransaction,
  type StarknetBlockExecutor,
  type StarknetTx,
  type TxExecution,
} from './transactions';

export interface CodeLine {
  pc: number;
  text: string;
  /** Names of the hints run before this instruction. */
  hints: string[];
}

export interface CallDetail {
  contract: string;
  contractName: string;
  classHash: string;
  entryPointType: string;
  selector: string;
  /** The function's name when the selector is a known one (sn_keccak of the name). */
  selectorName?: string;
  calldata: string[];
  retdata: string[];
  failed: boolean;
  error?: string;
  steps: number;
  gasConsumed: string;
  builtins: Record<string, number>;
  events: { keys: string[]; data: string[] }[];
  inner: CallDetail[];
  /** The entry point's code: first lines of its disassembly (absent when the class is unknown). */
  code?: { entryPc: number; lines: CodeLine[]; bytecodeWords: number; truncated: boolean };
  /**
   * The instructions this call's own run executed, in pc order, each with how many times it ran;
   * `gap` marks code skipped between two executed ranges.
   */
  ran?: {
    lines: (CodeLine & { hits: number; gap: boolean })[];
    distinct: number;
    truncated: boolean;
  };
}

/** Who a transaction runs as: the account, the caller, the L1 handler's contract, the new account. */
function txSender(t: StarknetTx): bigint {
  if (t.kind === 'invoke') return t.sender;
  if (t.kind === 'call') return t.caller;
  if (t.kind === 'l1-handler') return t.contract;
  if (t.kind === 'declare') return t.sender;
  return t.address;
}

export interface TxDetail {
  label: string;
  kind: StarknetTx['kind'];
  sender?: string;
  nonce?: string;
  steps: number;
  cost: number;
  fee: string;
  reverted: boolean;
  revertReason?: string;
  rejected?: string;
  phases: { phase: 'validate' | 'execute' | 'fee transfer'; call: CallDetail }[];
}

/** Common entry point names, so selectors print as names (ours and the usual Starknet ones). */
const KNOWN_NAMES = [
  '__execute__',
  '__validate__',
  '__validate_declare__',
  '__validate_deploy__',
  'constructor',
  'transfer',
  'transfer_from',
  'transferFrom',
  'approve',
  'allowance',
  'balance_of',
  'balanceOf',
  'total_supply',
  'totalSupply',
  'increase_allowance',
  'decrease_allowance',
  'name',
  'symbol',
  'decimals',
  'mint',
  'burn',
  'owner_of',
  'ownerOf',
  'safe_transfer_from',
  'set_approval_for_all',
  'swap',
  'add_liquidity',
  'remove_liquidity',
  'get_reserves',
  'multicall',
  'upgrade',
  'is_valid_signature',
];
let knownSelectors: Map<bigint, string> | undefined;

export function selectorName(selector: bigint): string | undefined {
  if (!knownSelectors) {
    knownSelectors = new Map();
    for (const n of KNOWN_NAMES) knownSelectors.set(selectorOf(n), n);
  }
  return knownSelectors.get(selector);
}

const hex = (v: bigint) => '0x' + v.toString(16);
const MAX_CODE_LINES = 120;
const MAX_RAN_LINES = 600;

/** The code of the class `c` ran (CASM or a Cairo 0 program), when the executor has it. */
function codeOf(ex: StarknetBlockExecutor, c: CallInfo): ClassCode | undefined {
  const cls = ex.config.classes.getClass(c.classHash);
  return cls ? classCode(cls) : undefined;
}

function ranCode(code: ClassCode | undefined, c: CallInfo): CallDetail['ran'] {
  const pcs = c.executedPcs;
  if (!pcs || !code) return undefined;
  const hits = new Map<number, number>();
  for (const pc of pcs) hits.set(pc, (hits.get(pc) ?? 0) + 1);
  const words = code.words;
  const sorted = [...hits.keys()].filter((pc) => pc < words.length).sort((a, b) => a - b);
  const lines: NonNullable<CallDetail['ran']>['lines'] = [];
  let prevEnd = -1;
  for (const pc of sorted.slice(0, MAX_RAN_LINES)) {
    const [l] = disassemble(words, pc, pc + 1);
    lines.push({
      pc,
      text: l.text,
      hints: code.hintsAt(pc),
      hits: hits.get(pc)!,
      gap: prevEnd >= 0 && pc !== prevEnd,
    });
    prevEnd = pc + l.size;
  }
  return { lines, distinct: sorted.length, truncated: sorted.length > MAX_RAN_LINES };
}

function entryCode(code: ClassCode | undefined, c: CallInfo): CallDetail['code'] {
  const offset = code?.entryOffset(c.entryPointType, c.selector);
  if (!code || offset === undefined) return undefined;
  const words = code.words;
  // From the entry point to the next one (or the end), at most MAX_CODE_LINES instructions.
  const starts = code.entryOffsets.filter((o) => o > offset);
  const end = starts.length ? Math.min(...starts) : words.length;
  const all = disassemble(words, offset, end);
  const lines = all.slice(0, MAX_CODE_LINES).map((l) => ({
    pc: l.pc,
    text: l.text,
    hints: code.hintsAt(l.pc),
  }));
  return {
    entryPc: offset,
    lines,
    bytecodeWords: words.length,
    truncated: all.length > lines.length,
  };
}

function describeCall(ex: StarknetBlockExecutor, c: CallInfo): CallDetail {
  const code = codeOf(ex, c);
  return {
    contract: hex(c.contract),
    contractName: ex.contractName(c.contract),
    classHash: hex(c.classHash),
    entryPointType: c.entryPointType,
    selector: hex(c.selector),
    selectorName: code?.names.get(c.selector) ?? selectorName(c.selector),
    calldata: c.calldata.map(hex),
    retdata: c.retdata.map(hex),
    failed: c.failed,
    error: c.error,
    steps: c.steps,
    gasConsumed: c.gasConsumed.toString(),
    builtins: { ...(c.builtinUsage ?? {}) },
    events: c.events.map((e) => ({ keys: e.keys.map(hex), data: e.data.map(hex) })),
    inner: c.inner.map((i) => describeCall(ex, i)),
    code: entryCode(code, c),
    ran: ranCode(code, c),
  };
}

/** The detail of `tx`'s last execution, or undefined if it has not been executed yet. */
export function describeTx(ex: StarknetBlockExecutor, tx: number): TxDetail | undefined {
  const last: TxExecution | undefined = ex.last[tx];
  if (!last) return undefined;
  // Same transaction, same values read → the same execution, this time with pc tracing.
  const seen = new Map<CellKey, bigint>();
  for (const r of last.reads) if (!seen.has(r.cell)) seen.set(r.cell, r.value);
  const run = executeTransaction(
    ex.txs[tx],
    { read: (cell) => seen.get(cell) ?? ex.preState(cell) },
    ex.config,
    {
      tracePcs: true,
    },
  );
  const t = ex.txs[tx];
  const phases: TxDetail['phases'] = [];
  if (run.validate) phases.push({ phase: 'validate', call: describeCall(ex, run.validate) });
  if (run.execute) phases.push({ phase: 'execute', call: describeCall(ex, run.execute) });
  if (run.feeTransfer)
    phases.push({ phase: 'fee transfer', call: describeCall(ex, run.feeTransfer) });
  return {
    label: ex.txLabel(tx),
    kind: t.kind,
    sender: hex(txSender(t)),
    nonce: t.kind === 'call' ? undefined : t.nonce.toString(),
    steps: run.steps,
    cost: run.cost,
    fee: run.fee.toString(),
    reverted: run.reverted,
    revertReason: run.revertReason,
    rejected: run.rejected,
    phases,
  };
}
