/**
 * The truth comparison: re-execute a block over RPC (the code path of
 * `analyze --rpc <node> --block N --exact`) and compare every transaction with the node's own
 * receipt and trace: status, revert reason, events, messages, state diff, gas and fee. Every
 * field that differs is one `Difference`.
 */
import { reexecuteBlock } from '../../engine/blocks/reexecute';
import type { Finding, ReexecutedTx } from '../../engine/blocks/reexecute/model';
import type { TxExecution } from '../../engine/starknet/transactions';
import { type TxCallTruth, compareBlockCalls } from './calls';
import { rpc } from './devnet';

export type Field =
  | 'reexecuted'
  | 'tx_hash'
  | 'status'
  | 'revert_reason'
  | 'events'
  | 'messages'
  | 'state_diff'
  | 'l1_gas'
  | 'l1_data_gas'
  | 'l2_gas'
  | 'actual_fee';

export interface Difference {
  scenario: string;
  txIndex: number;
  txType: string;
  field: Field;
  expected?: string;
  got?: string;
  detail: string;
}

export interface TxTruth {
  scenario: string;
  txIndex: number;
  txType: string;
  differences: Difference[];
  /** The node's revert reason, when the receipt says reverted. */
  nodeRevertReason?: string;
}

export interface BlockTruth {
  scenario: string;
  block: number;
  txs: TxTruth[];
  /** Per-call comparison of the call trees (calls.ts), for the transactions we executed. */
  calls?: TxCallTruth[];
  ms: number;
}

type Obj = Record<string, unknown>;
const h = (v: unknown) => '0x' + BigInt(v as string).toString(16);
const hs = (v: unknown) => (Array.isArray(v) ? v.map(h) : []);

/** The node's events in our shape (felts canonical). */
const nodeEvents = (r: Obj) =>
  ((r.events as Obj[]) ?? []).map((e) => ({
    from: h(e.from_address),
    keys: hs(e.keys),
    data: hs(e.data),
  }));
const nodeMessages = (r: Obj) =>
  ((r.messages_sent as Obj[]) ?? []).map((m) => ({
    from: h(m.from_address),
    to: h(m.to_address),
    payload: hs(m.payload),
  }));

/**
 * Revert reasons we do not write in blockifier's format (the fee transfer's, …) are compared by
 * content, not layout: the node's text is blockifier's error
 * stack (contract addresses, class hashes, selectors, then the panic data as
 * `0x… ('short string')`); ours is `panic: a, b, …` (engine/starknet). Equal when every item of
 * our panic data appears in the node's text (and the node's text is not empty).
 */
export function reasonMatches(node: string, ours: string | undefined): boolean {
  if (!ours || !node) return false;
  const items = ours.startsWith('panic: ') ? ours.slice(7).split(', ') : [ours];
  return items.every((x) => node.includes(x));
}

const FEE_FIELDS: Field[] = ['l1_gas', 'l1_data_gas', 'l2_gas', 'actual_fee'];

function compareTx(
  scenario: string,
  i: number,
  tx: ReexecutedTx,
  receipt: Obj,
  type: string,
  findings: Finding[],
): TxTruth {
  const out: Difference[] = [];
  const diff = (field: Field, detail: string, expected?: string, got?: string) =>
    out.push({ scenario, txIndex: i, txType: type, field, detail, expected, got });
  const r = tx.reexecution;
  const mine = findings.filter((f) => f.txIndex === i);
  if (!r.exact) {
    // nothing of ours to compare past this point: a status mismatch is named as such, any other
    // fallback (unsupported, execution failed, missing class) as not re-executed
    const status = mine.find((f) => f.kind === 'status-mismatch');
    if (status) diff('status', status.message, status.expected, status.got);
    else diff('reexecuted', r.fallback ?? 'fell back');
    return { scenario, txIndex: i, txType: type, differences: out };
  }
  for (const f of mine.filter((f) => f.kind === 'tx-hash-mismatch'))
    diff('tx_hash', f.message, f.expected, f.got);
  const status = receipt.execution_status === 'REVERTED' ? 'reverted' : 'succeeded';
  if (r.outcome !== status)
    diff('status', `receipt ${status}, ours ${r.outcome}`, status, r.outcome);
  if (status === 'reverted' && r.outcome === 'reverted') {
    const reason = String(receipt.revert_reason ?? '');
    // blockifier's own text when we model it (engine/starknet error-stack.ts), else by content
    const same =
      r.revertTrace !== undefined
        ? reason === r.revertTrace
        : reasonMatches(reason, r.revertReason);
    if (!same)
      diff('revert_reason', `node: ${reason.slice(0, 300)}`, reason.slice(0, 300), r.revertReason);
  }
  const ne = JSON.stringify(nodeEvents(receipt));
  const oe = JSON.stringify(r.events ?? []);
  if (ne !== oe) diff('events', 'event lists differ', ne, oe);
  const nm = JSON.stringify(nodeMessages(receipt));
  const om = JSON.stringify(r.messages ?? []);
  if (nm !== om) diff('messages', 'message lists differ', nm, om);
  for (const f of mine.filter((f) => f.kind === 'state-mismatch'))
    diff('state_diff', `${f.detail}: ${f.message}`, f.expected, f.got);
  if (!r.fee) for (const field of FEE_FIELDS) diff(field, `fee not computed: ${r.feeUnsupported}`);
  for (const f of mine.filter((f) => f.kind === 'fee-mismatch'))
    diff(f.detail as Field, f.message, f.expected, f.got);
  const nodeRevertReason =
    receipt.execution_status === 'REVERTED' ? String(receipt.revert_reason ?? '') : undefined;
  return {
    scenario,
    txIndex: i,
    txType: type,
    differences: out,
    ...(nodeRevertReason !== undefined ? { nodeRevertReason } : {}),
  };
}

/** Re-execute block `block` on the node at `url` and compare it, transaction by transaction. */
export async function compareBlock(
  url: string,
  scenario: string,
  block: number,
): Promise<BlockTruth> {
  const t0 = Date.now();
  const executions = new Map<number, TxExecution>();
  const result = await reexecuteBlock(url, block, {
    maxRequests: 200_000,
    onExecution: (i, ex) => executions.set(i, ex),
  });
  const raw = await rpc<{
    starknet_version: string;
    transactions: { transaction: Obj; receipt: Obj }[];
  }>(url, 'starknet_getBlockWithReceipts', { block_id: { block_number: block } });
  const txs = result.block.transactions.map((tx, i) => {
    const { transaction, receipt } = raw.transactions[i];
    const type = String(transaction.type);
    if (h(receipt.transaction_hash) !== h(tx.hash)) throw new Error(`tx order differs at #${i}`);
    return compareTx(scenario, i, tx, receipt, type, result.findings);
  });
  const calls = await compareBlockCalls(url, block, executions, raw.starknet_version);
  return { scenario, block, txs, calls, ms: Date.now() - t0 };
}

/** One line per group of equal differences: `scenario field txType ×count`. */
export function differenceGroups(blocks: BlockTruth[]): Map<string, number> {
  const groups = new Map<string, number>();
  for (const b of blocks)
    for (const t of b.txs)
      for (const d of new Set(t.differences.map((d) => d.field))) {
        const key = `${b.scenario} ${d} ${t.txType}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
  return groups;
}

/** Each group of `differenceGroups` with its count (transactions) and one example. */
export function differenceExamples(
  blocks: BlockTruth[],
): Map<string, { count: number; example: Difference }> {
  const txs = new Map<string, Set<number>>();
  const out = new Map<string, { count: number; example: Difference }>();
  for (const b of blocks)
    for (const t of b.txs)
      for (const d of t.differences) {
        const key = `${b.scenario} ${d.field} ${t.txType}`;
        const seen = txs.get(key) ?? new Set<number>();
        txs.set(key, seen.add(t.txIndex));
        out.set(key, { count: seen.size, example: out.get(key)?.example ?? d });
      }
  return out;
}

export interface Figures {
  transactions: number;
  exactRatio: number;
  findings: number;
  feeEqualRatio: number;
  gasEqualRatio: number;
}

export function figures(blocks: BlockTruth[]): Figures {
  const all = blocks.flatMap((b) => b.txs);
  const n = all.length || 1;
  // a transaction we could not re-execute (or whose status differs) has no fee or gas of ours
  const unmeasured = new Set<Field>(['reexecuted', 'status']);
  const without = (fields: Field[]) =>
    all.filter(
      (t) => !t.differences.some((d) => fields.includes(d.field) || unmeasured.has(d.field)),
    ).length;
  return {
    transactions: all.length,
    exactRatio: all.filter((t) => t.differences.length === 0).length / n,
    findings: all.reduce((k, t) => k + t.differences.length, 0),
    feeEqualRatio: without(['actual_fee']) / n,
    gasEqualRatio: without(['l1_gas', 'l1_data_gas', 'l2_gas']) / n,
  };
}
