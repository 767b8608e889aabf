/**
 * Format detection. Looks only at shape (field names), never at values, and explains its choice
 * so the UI can show "detected: feeder state_update_with_block (has `block` and `state_update`)".
 */
import { ImportError, at } from './errors';
import type { SourceFormat } from './model';
import { isObj } from './validate';

export interface Detection {
  format: SourceFormat;
  /** Human-readable reasons for the choice. */
  reasons: string[];
  /** The document with any JSON-RPC envelope removed. */
  doc: unknown;
  /** Path of `doc` inside the original input ('result' when an envelope was removed). */
  path: string;
}

/** Remove a JSON-RPC response envelope; turn an error response into an ImportError. */
export function unwrapEnvelope(
  input: unknown,
  path = '',
): { doc: unknown; path: string; unwrapped: boolean } {
  if (isObj(input) && input.jsonrpc !== undefined && ('result' in input || 'error' in input)) {
    if (input.error !== undefined && input.error !== null) {
      const e = isObj(input.error) ? input.error : {};
      throw new ImportError(
        'RPC_ERROR',
        at(path, 'error'),
        `the input is a JSON-RPC error response (code ${String(e.code)}: ${String(e.message)}), not a block`,
      );
    }
    return { doc: input.result, path: at(path, 'result'), unwrapped: true };
  }
  return { doc: input, path, unwrapped: false };
}

function keysOf(o: Record<string, unknown>): string {
  const ks = Object.keys(o);
  return `[${ks.slice(0, 12).join(', ')}${ks.length > 12 ? ', …' : ''}]`;
}

type Verdict = [SourceFormat, string];

const SIMULATE_RESULT =
  'this is a starknet_simulateTransactions result (no block, no transaction hashes); import traceBlockTransactions instead';

/** A top-level array: only a block's traces (starknet_traceBlockTransactions) are one. */
function detectArray(doc: unknown[], path: string): Verdict {
  if (doc.length === 0)
    throw new ImportError('EMPTY_BLOCK', path, 'empty array: a trace list with no transactions');
  if (isObj(doc[0]) && 'transaction_trace' in doc[0])
    throw new ImportError('UNKNOWN_FORMAT', at(path, 0), SIMULATE_RESULT);
  if (isObj(doc[0]) && 'trace_root' in doc[0])
    return ['rpc:traceBlockTransactions', 'array of {transaction_hash, trace_root}'];
  throw new ImportError(
    'UNKNOWN_FORMAT',
    at(path, 0),
    'an array, but its items are not {transaction_hash, trace_root} (starknet_traceBlockTransactions)',
  );
}

/** Documents that look like Starknet data but are not a block: a clear error for each. */
function refuseNonBlocks(doc: Record<string, unknown>, path: string): void {
  if ('simulated_transactions' in doc || 'transaction_trace' in doc)
    throw new ImportError('UNKNOWN_FORMAT', path, SIMULATE_RESULT);
  const invocation =
    'function_invocation' in doc || 'validate_invocation' in doc || 'execute_invocation' in doc;
  if (!('traces' in doc) && invocation)
    throw new ImportError(
      'UNKNOWN_FORMAT',
      path,
      'this is the trace of a single transaction, not of a block; import the block traces (get_block_traces / traceBlockTransactions)',
    );
}

/** `traces`: the RPC's (trace_root, or initial_reads beside) or the feeder gateway's. */
function detectTraces(doc: Record<string, unknown>, traces: unknown[]): Verdict {
  if (isObj(traces[0]) && 'trace_root' in traces[0])
    return [
      'rpc:traceBlockTransactions',
      '`traces` holds {transaction_hash, trace_root} (RPC 0.10.1+ with initial_reads)',
    ];
  if (doc.initial_reads !== undefined)
    return ['rpc:traceBlockTransactions', '`traces` with `initial_reads` (RPC 0.10.1+)'];
  return ['feeder:traces', '`traces` holds feeder invocations (validate/function/fee_transfer)'];
}

/** A block with `transactions`: the feeder gateway's, or the RPC's with or without receipts. */
function detectBlock(doc: Record<string, unknown>): Verdict {
  if (
    'transaction_receipts' in doc ||
    'parent_block_hash' in doc ||
    'transaction_state_diffs' in doc
  )
    return [
      'feeder:block',
      'has `transactions` with `transaction_receipts`/`parent_block_hash` (feeder gateway)',
    ];
  const txs = doc.transactions;
  const first = Array.isArray(txs) && isObj(txs[0]) ? txs[0] : undefined;
  if (first && ('receipt' in first || 'transaction' in first))
    return ['rpc:getBlockWithReceipts', '`transactions` holds {transaction, receipt} pairs'];
  if (first?.type === 'INVOKE_FUNCTION')
    return ['feeder:block', 'transaction type INVOKE_FUNCTION (feeder gateway spelling)'];
  return ['rpc:getBlockWithTxs', 'has `transactions` (plain transactions) and RPC header fields'];
}

function detectObject(doc: Record<string, unknown>, path: string): Verdict {
  refuseNonBlocks(doc, path);
  if (doc.format === 'stm-explorer-bundle')
    return ['stm-explorer-bundle', '`format` is "stm-explorer-bundle"'];
  if (Array.isArray(doc.traces)) return detectTraces(doc, doc.traces);
  if (isObj(doc.block) && isObj(doc.state_update))
    return ['feeder:state_update_with_block', 'has `block` and `state_update`'];
  if (isObj(doc.state_diff) && !('transactions' in doc)) {
    const sd = doc.state_diff;
    if (Array.isArray(sd.storage_diffs) || Array.isArray(sd.nonces))
      return ['rpc:getStateUpdate', '`state_diff.storage_diffs` is an array'];
    return ['feeder:state_update', '`state_diff.storage_diffs` is an object keyed by contract'];
  }
  if ('transactions' in doc) return detectBlock(doc);
  throw new ImportError(
    'UNKNOWN_FORMAT',
    path,
    `not a recognised Starknet block format: top-level keys ${keysOf(doc)}; expected a block (transactions), ` +
      'traces (trace_root / traces), a state update (state_diff), a feeder state_update_with_block (block + state_update) ' +
      'or an stm-explorer bundle (format: "stm-explorer-bundle")',
  );
}

export function detectFormat(input: unknown, basePath = ''): Detection {
  const { doc, path, unwrapped } = unwrapEnvelope(input, basePath);
  const reasons: string[] = unwrapped ? ['JSON-RPC envelope removed (`result`)'] : [];
  if (!Array.isArray(doc) && !isObj(doc))
    throw new ImportError(
      'UNKNOWN_FORMAT',
      path,
      `expected a JSON object or array, got ${doc === null ? 'null' : typeof doc}`,
    );
  const [format, why] = Array.isArray(doc) ? detectArray(doc, path) : detectObject(doc, path);
  return { format, reasons: [...reasons, why], doc, path };
}
