/**
 * Truth per call: our re-execution's call trees (validate / execute or constructor or L1 handler
 * / fee transfer) against the node's `starknet_traceBlockTransactions`. First the shape (contract,
 * selector, entry point type, call type, number of inner calls), then per call its L2 gas (the
 * node reports each call's VM resources priced in L2 gas: engine/starknet/call-resources.ts),
 * events, messages, return data and failure flag. Every field that differs is one
 * `CallDifference` naming the call path, e.g. `execute.calls[1].l2_gas`.
 */
import type { CallInfo } from '../../engine/starknet/execution';
import type { TxExecution } from '../../engine/starknet/transactions';
import { type FeeConstants, feeConstantsFor } from '../../engine/starknet/fee';
import { callGas } from '../../engine/starknet/call-resources';
import { rpc } from './devnet';

export type CallField =
  | 'missing'
  | 'contract'
  | 'selector'
  | 'entry_point_type'
  | 'call_type'
  | 'calls'
  | 'l1_gas'
  | 'l2_gas'
  | 'events'
  | 'messages'
  | 'retdata'
  | 'failed';

export interface CallDifference {
  txIndex: number;
  /** Root (validate, execute, constructor, l1_handler, fee_transfer) then `.calls[i]` per level. */
  path: string;
  field: CallField;
  expected: string;
  got: string;
}

export interface TxCallTruth {
  txIndex: number;
  txType: string;
  /** Calls present in both trees with the same shape (their gas, events… were compared). */
  compared: number;
  /** Of those, the calls whose L2 gas equals the node's. */
  gasEqual: number;
  differences: CallDifference[];
}

type Obj = Record<string, unknown>;
const h = (v: unknown) => '0x' + BigInt(v as string).toString(16);
const hex = (v: bigint) => '0x' + v.toString(16);
const hs = (v: unknown) => (Array.isArray(v) ? v.map(h) : []);

const CALL_TYPES: Record<string, string> = { Call: 'CALL', Delegate: 'DELEGATE' };

/** The trace's roots by our phase name; a reverted execute (only `revert_reason`) has no tree. */
function nodeRoots(trace: Obj): [string, Obj | undefined][] {
  const tree = (v: unknown) =>
    v && typeof v === 'object' && 'contract_address' in v ? (v as Obj) : undefined;
  const middle: [string, string] =
    trace.type === 'DEPLOY_ACCOUNT'
      ? ['constructor', 'constructor_invocation']
      : trace.type === 'L1_HANDLER'
        ? ['l1_handler', 'function_invocation']
        : ['execute', 'execute_invocation'];
  return [
    ['validate', tree(trace.validate_invocation)],
    [middle[0], tree(trace[middle[1]])],
    ['fee_transfer', tree(trace.fee_transfer_invocation)],
  ];
}

function ourRoots(ex: TxExecution, type: string): [string, CallInfo | undefined][] {
  const middle =
    type === 'DEPLOY_ACCOUNT' ? 'constructor' : type === 'L1_HANDLER' ? 'l1_handler' : 'execute';
  return [
    ['validate', ex.validate],
    [middle, ex.execute],
    ['fee_transfer', ex.feeTransfer],
  ];
}

const nodeEvents = (c: Obj) =>
  JSON.stringify(((c.events as Obj[]) ?? []).map((e) => ({ keys: hs(e.keys), data: hs(e.data) })));
const ourEvents = (c: CallInfo) =>
  JSON.stringify(c.events.map((e) => ({ keys: e.keys.map(hex), data: e.data.map(hex) })));
const nodeMessages = (c: Obj) =>
  JSON.stringify(
    ((c.messages as Obj[]) ?? []).map((m) => ({ to: h(m.to_address), payload: hs(m.payload) })),
  );
const ourMessages = (c: CallInfo) =>
  JSON.stringify(c.messages.map((m) => ({ to: hex(m.to), payload: m.payload.map(hex) })));

/** The fields that decide whether two calls are the same call. */
function shapeOf(n: Obj, o: CallInfo): [CallField, string, string][] {
  return [
    ['contract', h(n.contract_address), hex(o.contract)],
    ['selector', h(n.entry_point_selector), hex(o.selector)],
    ['entry_point_type', String(n.entry_point_type), o.entryPointType],
    ['call_type', String(n.call_type), CALL_TYPES[o.callType] ?? o.callType],
  ];
}

class CallComparer {
  compared = 0;
  gasEqual = 0;
  readonly differences: CallDifference[] = [];
  constructor(
    private readonly txIndex: number,
    private readonly k: FeeConstants | undefined,
    private readonly mode: 'All' | 'NoL2Gas',
  ) {}

  private diff(path: string, field: CallField, expected: string, got: string) {
    this.differences.push({ txIndex: this.txIndex, path, field, expected, got });
  }

  compare(path: string, n: Obj | undefined, o: CallInfo | undefined): void {
    if (!n || !o) {
      if (n || o) this.diff(path, 'missing', n ? 'a call' : 'none', o ? 'a call' : 'none');
      return;
    }
    const shape = shapeOf(n, o).filter(([, e, g]) => e !== g);
    for (const [field, e, g] of shape) this.diff(path, field, e, g);
    if (shape.length > 0) return; // a different call: its contents say nothing more
    this.compared++;
    this.compareContents(path, n, o);
    const inner = (n.calls as Obj[]) ?? [];
    if (inner.length !== o.inner.length)
      this.diff(path, 'calls', String(inner.length), String(o.inner.length));
    const k = Math.min(inner.length, o.inner.length);
    for (let i = 0; i < k; i++) this.compare(`${path}.calls[${i}]`, inner[i], o.inner[i]);
  }

  private compareContents(path: string, n: Obj, o: CallInfo) {
    const res = (n.execution_resources as Obj | undefined) ?? {};
    const ours = this.k ? callGas(o, this.k, this.mode) : undefined;
    const gas: [CallField, string, string][] = [
      ['l1_gas', String(res.l1_gas ?? ''), ours ? ours.l1Gas.toString() : 'no fee constants'],
      ['l2_gas', String(res.l2_gas ?? ''), ours ? ours.l2Gas.toString() : 'no fee constants'],
    ];
    const gasDiffs = gas.filter(([, e, g]) => e !== g);
    if (gasDiffs.length === 0) this.gasEqual++;
    for (const [field, e, g] of gasDiffs) this.diff(path, field, e, g);
    const pairs: [CallField, string, string][] = [
      ['events', nodeEvents(n), ourEvents(o)],
      ['messages', nodeMessages(n), ourMessages(o)],
      ['retdata', JSON.stringify(hs(n.result)), JSON.stringify(o.retdata.map(hex))],
      ['failed', String(n.is_reverted === true), String(o.failed)],
    ];
    for (const [field, e, g] of pairs) if (e !== g) this.diff(path, field, e, g);
  }
}

/** Compare one transaction's call trees; `starknetVersion` picks the fee constants. */
export function compareTxCalls(
  txIndex: number,
  trace: Obj,
  ex: TxExecution,
  starknetVersion: string,
): TxCallTruth {
  const type = String(trace.type);
  const mode = type === 'L1_HANDLER' ? 'NoL2Gas' : 'All';
  const cmp = new CallComparer(txIndex, feeConstantsFor(starknetVersion), mode);
  const ours = new Map(ourRoots(ex, type));
  for (const [root, n] of nodeRoots(trace)) {
    // the node drops a reverted execute's tree (revert_reason only): nothing to compare
    if (!n && root !== 'validate' && root !== 'fee_transfer' && trace[`${root}_invocation`])
      continue;
    cmp.compare(root, n, ours.get(root));
  }
  return {
    txIndex,
    txType: type,
    compared: cmp.compared,
    gasEqual: cmp.gasEqual,
    differences: cmp.differences,
  };
}

/**
 * Compare every transaction of `block` for which we have an execution (transactions that fell
 * back have none and are left to the transaction-level comparison).
 */
export async function compareBlockCalls(
  url: string,
  block: number,
  executions: Map<number, TxExecution>,
  starknetVersion: string,
): Promise<TxCallTruth[]> {
  const traces = await rpc<{ trace_root: Obj }[]>(url, 'starknet_traceBlockTransactions', [
    { block_number: block },
  ]);
  const out: TxCallTruth[] = [];
  traces.forEach((t, i) => {
    const ex = executions.get(i);
    if (ex) out.push(compareTxCalls(i, t.trace_root, ex, starknetVersion));
  });
  return out;
}

/** Calls whose L2 gas equals the node's, over all calls compared. */
export function callGasEqualRatio(txs: TxCallTruth[]): number {
  const compared = txs.reduce((n, t) => n + t.compared, 0);
  return compared ? txs.reduce((n, t) => n + t.gasEqual, 0) / compared : 0;
}

/** `scenario root field txType` → calls differing, with one example (the known-list key). */
export function callDifferenceGroups(
  blocks: { scenario: string; calls?: TxCallTruth[] }[],
): Map<string, { count: number; example: CallDifference }> {
  const out = new Map<string, { count: number; example: CallDifference }>();
  for (const b of blocks)
    for (const t of b.calls ?? [])
      for (const d of t.differences) {
        const key = `${b.scenario} ${d.path.split('.')[0]} ${d.field} ${t.txType}`;
        const g = out.get(key);
        out.set(key, { count: (g?.count ?? 0) + 1, example: g?.example ?? d });
      }
  return out;
}
