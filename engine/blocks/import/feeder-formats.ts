/**
 * Validators + normalizers for the Starknet feeder-gateway formats: `get_block`, `get_state_update`,
 * `get_state_update?includeBlock=true` (state_update_with_block), pre-confirmed blocks (which carry
 * `transaction_state_diffs`) and `get_block_traces`.
 */
import { ImportError, at } from './errors';
import type { BlockStateDiff, CallNode, ImportedEvent, TxType } from './model';
import type { Parts, ReceiptPart, TracePart, TxPart } from './parts';
import { emptyDiff, emptyParts } from './parts';
import { FEEDER_TX_TYPES, baseVersion, txTypeAt } from './common';
import {
  type Obj,
  type TxCtx,
  arr,
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
} from './validate';

function parseFeederTx(o: Obj, path: string, index: number): TxPart {
  const tx: TxCtx = { index };
  const hash = feltAt(o, 'transaction_hash', path, tx);
  tx.hash = hash;
  const type = txTypeAt(o, path, tx, FEEDER_TX_TYPES);
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
    calldata: o.calldata !== undefined ? feltList(o.calldata, at(path, 'calldata'), tx) : undefined,
    entryPointSelector: optFelt(o, 'entry_point_selector', path, tx),
    path,
    raw: o,
  };
}

function parseFeederEvents(
  v: unknown,
  path: string,
  tx: TxCtx,
  fallbackFrom?: string,
): ImportedEvent[] {
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

function parseFeederReceipt(
  o: Obj,
  path: string,
  tx: TxCtx,
  version: string | undefined,
): ReceiptPart {
  const hash = feltAt(o, 'transaction_hash', path, tx);
  const ctx = { ...tx, hash };
  const st = optStr(o, 'execution_status', path, ctx);
  const fee = optFelt(o, 'actual_fee', path, ctx);
  let steps: number | undefined;
  let stepsUnit: ReceiptPart['stepsUnit'];
  if (o.execution_resources !== undefined && o.execution_resources !== null) {
    const rp = at(path, 'execution_resources');
    const r = obj(o.execution_resources, rp, ctx);
    const s = optInt(r, 'n_steps', rp, ctx);
    if (s !== undefined) [steps, stepsUnit] = [s, 'n_steps'];
    else if (isObj(r.total_gas_consumed)) {
      const g = optInt(r.total_gas_consumed, 'l2_gas', at(rp, 'total_gas_consumed'), ctx);
      if (g !== undefined) [steps, stepsUnit] = [g, 'l2_gas'];
    }
  }
  return {
    hash,
    // Receipts from before execution_status existed are all successful (reverts came with 0.12.1).
    status: st === 'REVERTED' ? 'reverted' : 'succeeded',
    revertReason: optStr(o, 'revert_error', path, ctx),
    fee:
      fee !== undefined
        ? { amount: fee, unit: baseVersion(version) >= 3n ? 'FRI' : 'WEI' }
        : undefined,
    events: parseFeederEvents(o.events ?? [], at(path, 'events'), ctx),
    steps,
    stepsUnit,
    path,
  };
}

export function parseFeederStateDiff(o: Obj, path: string, tx?: TxCtx): BlockStateDiff {
  const d = emptyDiff();
  if (o.storage_diffs !== undefined && o.storage_diffs !== null) {
    const sp = at(path, 'storage_diffs');
    const sd = obj(o.storage_diffs, sp, tx);
    for (const [addr, entries] of Object.entries(sd)) {
      const p = at(sp, addr);
      const contract = feltList([addr], p, tx)[0];
      arr(entries, p, tx).forEach((e, j) => {
        const ep = at(p, j);
        const eo = obj(e, ep, tx);
        d.storage.push({
          contract,
          key: feltAt(eo, 'key', ep, tx),
          value: feltAt(eo, 'value', ep, tx),
        });
      });
    }
  }
  if (o.nonces !== undefined && o.nonces !== null) {
    const np = at(path, 'nonces');
    for (const [addr, nonce] of Object.entries(obj(o.nonces, np, tx))) {
      d.nonces.push({
        contract: feltList([addr], np, tx)[0],
        nonce: feltList([nonce], at(np, addr), tx)[0],
      });
    }
  }
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
      contract: feltAt(co, 'address', p, tx),
      classHash: feltAt(co, 'class_hash', p, tx),
    });
  });
  optArr(o, 'declared_classes', path, tx).forEach((c, i) => {
    const p = at(at(path, 'declared_classes'), i);
    d.declared.push(feltAt(obj(c, p, tx), 'class_hash', p, tx));
  });
  d.declared.push(
    ...feltList(o.old_declared_contracts ?? [], at(path, 'old_declared_contracts'), tx),
  );
  return d;
}

export function parseFeederBlock(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('feeder:block');
  const status = optStr(doc, 'status', path);
  parts.header = {
    number: optInt(doc, 'block_number', path),
    hash: optFelt(doc, 'block_hash', path),
    parentHash: optFelt(doc, 'parent_block_hash', path),
    timestamp: optInt(doc, 'timestamp', path),
    sequencerAddress: optFelt(doc, 'sequencer_address', path),
    starknetVersion: optStr(doc, 'starknet_version', path),
  };
  const tp = at(path, 'transactions');
  const txs = arr(field(doc, 'transactions', path), tp).map((t, i) =>
    parseFeederTx(obj(t, at(tp, i), { index: i }), at(tp, i), i),
  );
  parts.txs = txs;
  const rp = at(path, 'transaction_receipts');
  const receipts = optArr(doc, 'transaction_receipts', path);
  if (receipts.length > 0 || doc.transaction_receipts !== undefined) {
    parts.receipts = [];
    receipts.forEach((r, i) => {
      if (r === null) return; // pre-confirmed blocks may hold null for not-yet-executed candidates
      const tx = txs[i];
      const rec = parseFeederReceipt(
        obj(r, at(rp, i), { index: i }),
        at(rp, i),
        { index: i, hash: tx?.hash },
        tx?.version,
      );
      if (tx && rec.hash !== tx.hash) {
        throw new ImportError(
          'MISMATCH',
          at(at(rp, i), 'transaction_hash'),
          `receipt hash ${rec.hash} ≠ transaction hash ${tx.hash}`,
          { index: i },
        );
      }
      parts.receipts!.push(rec);
    });
  }
  if (doc.transaction_state_diffs !== undefined) {
    const sp = at(path, 'transaction_state_diffs');
    parts.txStateDiffs = arr(doc.transaction_state_diffs, sp).map((d, i) =>
      d === null
        ? emptyDiff()
        : parseFeederStateDiff(obj(d, at(sp, i), { index: i }), at(sp, i), {
            index: i,
            hash: txs[i]?.hash,
          }),
    );
  }
  if (status === 'PENDING' || status === 'PRE_CONFIRMED')
    parts.warnings.push(`block status is ${status}: not final`);
  return parts;
}

export function parseFeederStateUpdate(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('feeder:state_update');
  parts.header = { hash: optFelt(doc, 'block_hash', path) };
  parts.stateDiff = parseFeederStateDiff(
    obj(field(doc, 'state_diff', path), at(path, 'state_diff')),
    at(path, 'state_diff'),
  );
  return parts;
}

export function parseFeederStateUpdateWithBlock(doc: Obj, path = ''): Parts {
  const block = parseFeederBlock(
    obj(field(doc, 'block', path), at(path, 'block')),
    at(path, 'block'),
  );
  const su = parseFeederStateUpdate(
    obj(field(doc, 'state_update', path), at(path, 'state_update')),
    at(path, 'state_update'),
  );
  block.formats = ['feeder:state_update_with_block'];
  block.stateDiff = su.stateDiff;
  return block;
}

interface CallOut {
  events: ImportedEvent[];
  failed: boolean;
}

function parseFeederCall(v: unknown, path: string, tx: TxCtx, out: CallOut): CallNode {
  const o = obj(v, path, tx);
  const contract = feltAt(o, 'contract_address', path, tx);
  const failed = optBool(o, 'failed', path, tx);
  if (failed) out.failed = true;
  out.events.push(...parseFeederEvents(o.events ?? [], at(path, 'events'), tx, contract));
  const calls = optArr(o, 'internal_calls', path, tx).map((c, i) =>
    parseFeederCall(c, at(at(path, 'internal_calls'), i), tx, out),
  );
  return {
    contract,
    selector: optFelt(o, 'selector', path, tx) ?? optFelt(o, 'entry_point_selector', path, tx),
    classHash: optFelt(o, 'class_hash', path, tx),
    callType: optStr(o, 'call_type', path, tx),
    entryPointType: optStr(o, 'entry_point_type', path, tx),
    caller: optFelt(o, 'caller_address', path, tx),
    reverted: failed,
    calls,
  };
}

/** One feeder transaction trace ({validate_invocation?, function_invocation?, fee_transfer_invocation?, revert_error?}). */
export function parseFeederTrace(o: Obj, path: string, tx: TxCtx, hash?: string): TracePart {
  const out: CallOut = { events: [], failed: false };
  const calls: CallNode[] = [];
  let feeToken: string | undefined;
  let feeRecipient: string | undefined;
  let type: TxType | undefined;
  for (const f of ['validate_invocation', 'function_invocation', 'fee_transfer_invocation']) {
    const v = o[f];
    if (v === undefined || v === null) continue;
    const node = parseFeederCall(v, at(path, f), tx, out);
    if (f === 'fee_transfer_invocation') {
      feeToken = node.contract;
      const cd = (v as Record<string, unknown>).calldata;
      if (Array.isArray(cd) && typeof cd[0] === 'string')
        feeRecipient = feltList([cd[0]], at(at(path, f), 'calldata'), tx)[0];
    }
    if (f === 'function_invocation') {
      type =
        node.entryPointType === 'L1_HANDLER'
          ? 'L1_HANDLER'
          : node.entryPointType === 'CONSTRUCTOR'
            ? 'DEPLOY_ACCOUNT'
            : 'INVOKE';
    }
    calls.push(node);
  }
  const revertReason = optStr(o, 'revert_error', path, tx);
  out.events.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return {
    hash,
    type,
    calls,
    events: out.events,
    reverted: revertReason !== undefined || out.failed,
    revertReason,
    feeToken,
    feeRecipient,
    path,
  };
}

/** `get_block_traces`: {traces: [{transaction_hash, …invocations}]}. */
export function parseFeederTraces(doc: Obj, path = ''): Parts {
  const parts = emptyParts();
  parts.formats.push('feeder:traces');
  const lp = at(path, 'traces');
  parts.traces = arr(field(doc, 'traces', path), lp).map((t, i) => {
    const p = at(lp, i);
    const to = obj(t, p, { index: i });
    const hash = feltAt(to, 'transaction_hash', p, { index: i });
    return parseFeederTrace(to, p, { index: i, hash }, hash);
  });
  return parts;
}
