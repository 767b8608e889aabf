/**
 * Validators + normalizers for Starknet JSON-RPC results (spec 0.7 – 0.10):
 * starknet_getBlockWithTxs, starknet_getBlockWithReceipts, starknet_traceBlockTransactions
 * (incl. the 0.10.1 `{traces, initial_reads}` shape) and starknet_getStateUpdate.
 */
import { ImportError, at } from './errors';
import type { BlockStateDiff, CallNode, ImportedEvent } from './model';
import type { HeaderPart, InitialReadsPart, Parts, ReceiptPart, TracePart, TxPart } from './parts';
import { emptyParts } from './parts';
import { txTypeAt } from './common';
import {
  type Obj,
  type TxCtx,
  arr,
  fail,
  feltAt,
  feltList,
  field,
  isObj,
  obj,
  optArr,
  optBool,
  optFelt,
  optInt,
  optStr,
  strAt,
} from './validate';

export const SUPPORTED_RPC_SPECS = ['0.7', '0.8', '0.9', '0.10'] as const;

/** Throws UNSUPPORTED_VERSION unless `v` is 0.7.x … 0.10.x. */
export function checkSpecVersion(v: string, path: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  const mm = m ? `${m[1]}.${m[2]}` : '';
  if (!m || !(SUPPORTED_RPC_SPECS as readonly string[]).includes(mm)) {
    throw new ImportError(
      'UNSUPPORTED_VERSION',
      path,
      `RPC spec version ${JSON.stringify(v)} is not supported (supported: ${SUPPORTED_RPC_SPECS.join(', ')})`,
    );
  }
  return v.replace(/^v/, '');
}

export function parseRpcHeader(o: Obj, path: string): HeaderPart {
  if (o.l1_gas_price !== undefined && o.l1_data_gas_price === undefined) {
    throw new ImportError(
      'UNSUPPORTED_VERSION',
      at(path, 'l1_data_gas_price'),
      'block header has l1_gas_price but no l1_data_gas_price: this is RPC spec 0.6 or older (supported: 0.7 – 0.10)',
    );
  }
  return {
    number: optInt(o, 'block_number', path),
    hash: optFelt(o, 'block_hash', path),
    parentHash: optFelt(o, 'parent_hash', path),
    timestamp: optInt(o, 'timestamp', path),
    sequencerAddress: optFelt(o, 'sequencer_address', path),
    starknetVersion: optStr(o, 'starknet_version', path),
  };
}

function specFromHeader(o: Obj): string | undefined {
  if (o.l2_gas_price !== undefined) return '0.8+';
  if (o.l1_data_gas_price !== undefined) return '0.7';
  return undefined;
}

export function parseRpcTx(o: Obj, path: string, index: number): TxPart {
  const tx: TxCtx = { index };
  const hash = feltAt(o, 'transaction_hash', path, tx);
  tx.hash = hash;
  const type = txTypeAt(o, path, tx);
  const calldata =
    o.calldata !== undefined ? feltList(o.calldata, at(path, 'calldata'), tx) : undefined;
  return {
    hash,
    type,
    version: optFelt(o, 'version', path, tx),
    sender: optFelt(o, 'sender_address', path, tx) ?? optFelt(o, 'contract_address', path, tx),
    nonce: optFelt(o, 'nonce', path, tx),
    classHash:
      type === 'DEPLOY' || type === 'DEPLOY_ACCOUNT'
        ? optFelt(o, 'class_hash', path, tx)
        : undefined,
    calldata,
    entryPointSelector: optFelt(o, 'entry_point_selector', path, tx),
    path,
    raw: o,
  };
}

function parseEvents(v: unknown, path: string, tx: TxCtx, fallbackFrom?: string): ImportedEvent[] {
  return arr(v, path, tx).map((e, i) => {
    const p = at(path, i);
    const eo = obj(e, p, tx);
    const from = optFelt(eo, 'from_address', p, tx) ?? fallbackFrom;
    if (from === undefined) feltAt(eo, 'from_address', p, tx);
    return {
      from: from as string,
      keys: feltList(field(eo, 'keys', p, tx), at(p, 'keys'), tx),
      data: feltList(field(eo, 'data', p, tx), at(p, 'data'), tx),
      order: optInt(eo, 'order', p, tx),
    };
  });
}

export function parseRpcReceipt(o: Obj, path: string, tx: TxCtx): ReceiptPart {
  const hash = feltAt(o, 'transaction_hash', path, tx);
  const ctx = { ...tx, hash };
  const st = optStr(o, 'execution_status', path, ctx);
  let fee: ReceiptPart['fee'];
  if (o.actual_fee !== undefined) {
    if (typeof o.actual_fee === 'string') {
      throw new ImportError(
        'UNSUPPORTED_VERSION',
        at(path, 'actual_fee'),
        'actual_fee is a plain string: this is RPC spec 0.5 or older (supported: 0.7 – 0.10)',
        ctx,
      );
    }
    const f = obj(o.actual_fee, at(path, 'actual_fee'), ctx);
    const unit = strAt(f, 'unit', at(path, 'actual_fee'), ctx);
    if (unit !== 'WEI' && unit !== 'FRI')
      fail(at(at(path, 'actual_fee'), 'unit'), '"WEI" or "FRI"', unit, ctx);
    fee = { amount: feltAt(f, 'amount', at(path, 'actual_fee'), ctx), unit };
  }
  let used: StepsPart = NO_STEPS;
  if (o.execution_resources !== undefined) {
    const rp = at(path, 'execution_resources');
    used = stepsOf(obj(o.execution_resources, rp, ctx), rp, ctx);
  }
  const { steps, stepsUnit } = used;
  return {
    hash,
    status: st === 'SUCCEEDED' ? 'succeeded' : st === 'REVERTED' ? 'reverted' : 'unknown',
    revertReason: optStr(o, 'revert_reason', path, ctx),
    fee,
    events: parseEvents(o.events ?? [], at(path, 'events'), ctx),
    steps,
    stepsUnit,
    contractAddress: optFelt(o, 'contract_address', path, ctx),
    path,
  };
}

function blockTxs(doc: Obj, path: string): unknown[] {
  return arr(field(doc, 'transactions', path), at(path, 'transactions'));
}

export function parseRpcBlockWithTxs(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('rpc:getBlockWithTxs');
  parts.header = parseRpcHeader(doc, path);
  parts.rpcSpecVersion = specFromHeader(doc);
  parts.txs = blockTxs(doc, path).map((t, i) => {
    const p = at(at(path, 'transactions'), i);
    return parseRpcTx(obj(t, p, { index: i }), p, i);
  });
  return parts;
}

export function parseRpcBlockWithReceipts(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('rpc:getBlockWithReceipts');
  parts.header = parseRpcHeader(doc, path);
  parts.rpcSpecVersion = specFromHeader(doc);
  parts.txs = [];
  parts.receipts = [];
  blockTxs(doc, path).forEach((t, i) => {
    const p = at(at(path, 'transactions'), i);
    const pair = obj(t, p, { index: i });
    const rp = at(p, 'receipt');
    const receipt = obj(field(pair, 'receipt', p, { index: i }), rp, { index: i });
    const tp = at(p, 'transaction');
    const txo = obj(field(pair, 'transaction', p, { index: i }), tp, { index: i });
    // 0.7 puts the hash only in the receipt; later versions in both.
    const withHash =
      txo.transaction_hash === undefined
        ? { ...txo, transaction_hash: receipt.transaction_hash }
        : txo;
    const tx = parseRpcTx(withHash, tp, i);
    const r = parseRpcReceipt(receipt, rp, { index: i, hash: tx.hash });
    if (r.hash !== tx.hash) {
      throw new ImportError(
        'MISMATCH',
        at(rp, 'transaction_hash'),
        `receipt hash ${r.hash} ≠ transaction hash ${tx.hash}`,
        { index: i },
      );
    }
    if (r.stepsUnit === 'n_steps') parts.rpcSpecVersion = '0.7';
    parts.txs!.push(tx);
    parts.receipts!.push(r);
  });
  return parts;
}

export function parseRpcStateDiff(o: Obj, path: string, tx?: TxCtx): BlockStateDiff {
  const d: BlockStateDiff = { storage: [], nonces: [], deployed: [], replaced: [], declared: [] };
  optArr(o, 'storage_diffs', path, tx).forEach((sd, i) => {
    const p = at(at(path, 'storage_diffs'), i);
    const so = obj(sd, p, tx);
    const contract = feltAt(so, 'address', p, tx);
    arr(field(so, 'storage_entries', p, tx), at(p, 'storage_entries'), tx).forEach((e, j) => {
      const ep = at(at(p, 'storage_entries'), j);
      const eo = obj(e, ep, tx);
      d.storage.push({
        contract,
        key: feltAt(eo, 'key', ep, tx),
        value: feltAt(eo, 'value', ep, tx),
      });
    });
  });
  optArr(o, 'nonces', path, tx).forEach((n, i) => {
    const p = at(at(path, 'nonces'), i);
    const no = obj(n, p, tx);
    d.nonces.push({
      contract: feltAt(no, 'contract_address', p, tx),
      nonce: feltAt(no, 'nonce', p, tx),
    });
  });
  optArr(o, 'deployed_contracts', path, tx).forEach((c, i) => {
    const p = at(at(path, 'deployed_contracts'), i);
    const co = obj(c, p, tx);
    d.deployed.push({
      contract: feltAt(co, 'address', p, tx),
      classHash: feltAt(co, 'class_hash', p, tx),
    });
  });
  optArr(o, 'replaced_classes', path, tx).forEach((c, i) => {
    const p = at(at(path, 'replaced_classes'), i);
    const co = obj(c, p, tx);
    d.replaced.push({
      contract: feltAt(co, 'contract_address', p, tx),
      classHash: feltAt(co, 'class_hash', p, tx),
    });
  });
  optArr(o, 'declared_classes', path, tx).forEach((c, i) => {
    const p = at(at(path, 'declared_classes'), i);
    d.declared.push(feltAt(obj(c, p, tx), 'class_hash', p, tx));
  });
  optArr(o, 'deprecated_declared_classes', path, tx).forEach((c, i) => {
    d.declared.push(feltList([c], at(at(path, 'deprecated_declared_classes'), i), tx)[0]);
  });
  return d;
}

export function parseRpcStateUpdate(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('rpc:getStateUpdate');
  parts.header = { hash: optFelt(doc, 'block_hash', path) };
  parts.stateDiff = parseRpcStateDiff(
    obj(field(doc, 'state_diff', path), at(path, 'state_diff')),
    at(path, 'state_diff'),
  );
  return parts;
}

interface CallOut {
  events: ImportedEvent[];
  reverted: boolean;
}

function parseRpcCall(v: unknown, path: string, tx: TxCtx, out: CallOut): CallNode {
  const o = obj(v, path, tx);
  const contract = feltAt(o, 'contract_address', path, tx);
  const isReverted = optBool(o, 'is_reverted', path, tx);
  if (isReverted) out.reverted = true;
  // Events are emitted in call order; `order` gives the global order within the tx.
  out.events.push(...parseEvents(o.events ?? [], at(path, 'events'), tx, contract));
  const calls = optArr(o, 'calls', path, tx).map((c, i) =>
    parseRpcCall(c, at(at(path, 'calls'), i), tx, out),
  );
  return {
    contract,
    selector: optFelt(o, 'entry_point_selector', path, tx),
    classHash: optFelt(o, 'class_hash', path, tx),
    callType: optStr(o, 'call_type', path, tx),
    entryPointType: optStr(o, 'entry_point_type', path, tx),
    caller: optFelt(o, 'caller_address', path, tx),
    reverted: isReverted,
    calls,
  };
}

const INVOCATION_FIELDS = [
  'validate_invocation',
  'execute_invocation',
  'constructor_invocation',
  'function_invocation',
  'fee_transfer_invocation',
] as const;

/** The invocations of an RPC trace, in field order: their call trees, events and fee transfer. */
interface Invocations {
  calls: CallNode[];
  out: CallOut;
  /** A reverted execute reported as `{ revert_reason }` only (no call tree). */
  revertReason?: string;
  feeToken?: string;
  /** The fee transfer's first calldata felt: the sequencer. */
  feeRecipient?: string;
}

function parseInvocations(o: Obj, path: string, tx: TxCtx): Invocations {
  const r: Invocations = { calls: [], out: { events: [], reverted: false } };
  for (const f of INVOCATION_FIELDS) {
    const v = o[f];
    if (v === undefined || v === null) continue;
    const p = at(path, f);
    const io = obj(v, p, tx);
    if (io.revert_reason !== undefined && io.contract_address === undefined) {
      r.revertReason = optStr(io, 'revert_reason', p, tx);
      r.out.reverted = true;
      continue;
    }
    const node = parseRpcCall(io, p, tx, r.out);
    if (f === 'fee_transfer_invocation') {
      r.feeToken = node.contract;
      const cd = (v as Record<string, unknown>).calldata;
      if (Array.isArray(cd) && typeof cd[0] === 'string')
        r.feeRecipient = feltList([cd[0]], at(at(path, f), 'calldata'), tx)[0];
    }
    r.calls.push(node);
  }
  r.out.events.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return r;
}

type StepsPart = Pick<TracePart, 'steps' | 'stepsUnit'>;
const NO_STEPS: StepsPart = { steps: undefined, stepsUnit: undefined };

/** An `execution_resources` object's own measure: Cairo steps (older nodes), else L2 gas. */
function stepsOf(r: Obj, rp: string, tx?: TxCtx): StepsPart {
  const s = optInt(r, 'steps', rp, tx);
  const g = optInt(r, 'l2_gas', rp, tx); // both checked: a malformed one is an error either way
  if (s !== undefined) return { steps: s, stepsUnit: 'n_steps' };
  if (g !== undefined) return { steps: g, stepsUnit: 'l2_gas' };
  return NO_STEPS;
}

/** The trace's own resources (a trace without them has none). */
function traceSteps(o: Obj, path: string, tx: TxCtx): StepsPart {
  if (!isObj(o.execution_resources)) return NO_STEPS;
  return stepsOf(o.execution_resources, at(path, 'execution_resources'), tx);
}

export function parseRpcTrace(o: Obj, path: string, tx: TxCtx, hash?: string): TracePart {
  const type = txTypeAt(o, path, tx);
  const inv = parseInvocations(o, path, tx);
  let stateDiff: BlockStateDiff | undefined;
  if (o.state_diff !== undefined && o.state_diff !== null) {
    stateDiff = parseRpcStateDiff(
      obj(o.state_diff, at(path, 'state_diff'), tx),
      at(path, 'state_diff'),
      tx,
    );
  }
  const { steps, stepsUnit } = traceSteps(o, path, tx);
  return {
    hash,
    type,
    calls: inv.calls,
    events: inv.out.events,
    stateDiff,
    reverted: inv.out.reverted,
    revertReason: inv.revertReason,
    feeToken: inv.feeToken,
    feeRecipient: inv.feeRecipient,
    steps,
    stepsUnit,
    path,
  };
}

export function parseInitialReads(o: Obj, path: string): InitialReadsPart {
  const r: InitialReadsPart = { storage: [], nonces: [], classHashes: [] };
  optArr(o, 'storage', path).forEach((e, i) => {
    const p = at(at(path, 'storage'), i);
    const eo = obj(e, p);
    r.storage.push({
      contract: feltAt(eo, 'contract_address', p),
      key: feltAt(eo, 'key', p),
      value: feltAt(eo, 'value', p),
    });
  });
  optArr(o, 'nonces', path).forEach((e, i) => {
    const p = at(at(path, 'nonces'), i);
    const eo = obj(e, p);
    r.nonces.push({ contract: feltAt(eo, 'contract_address', p), nonce: feltAt(eo, 'nonce', p) });
  });
  optArr(o, 'class_hashes', path).forEach((e, i) => {
    const p = at(at(path, 'class_hashes'), i);
    const eo = obj(e, p);
    r.classHashes.push({
      contract: feltAt(eo, 'contract_address', p),
      classHash: feltAt(eo, 'class_hash', p),
    });
  });
  return r;
}

/** `starknet_traceBlockTransactions`: an array of {transaction_hash, trace_root}, or (0.10.1+) {traces, initial_reads}. */
export function parseRpcTraces(doc: unknown, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('rpc:traceBlockTransactions');
  let list: unknown[];
  let listPath = path;
  if (Array.isArray(doc)) list = doc;
  else {
    const o = obj(doc, path);
    listPath = at(path, 'traces');
    list = arr(field(o, 'traces', path), listPath);
    if (o.initial_reads !== undefined && o.initial_reads !== null) {
      parts.initialReads = parseInitialReads(
        obj(o.initial_reads, at(path, 'initial_reads')),
        at(path, 'initial_reads'),
      );
      parts.rpcSpecVersion = '0.10.1+';
    }
  }
  parts.traces = list.map((t, i) => {
    const p = at(listPath, i);
    const to = obj(t, p, { index: i });
    const hash = feltAt(to, 'transaction_hash', p, { index: i });
    const rp = at(p, 'trace_root');
    const trace = parseRpcTrace(
      obj(field(to, 'trace_root', p, { index: i, hash }), rp, { index: i, hash }),
      rp,
      { index: i, hash },
      hash,
    );
    if (!parts.rpcSpecVersion && trace.stepsUnit)
      parts.rpcSpecVersion = trace.stepsUnit === 'n_steps' ? '0.7' : '0.8+';
    return trace;
  });
  return parts;
}
