/**
 * Errors raised while importing a block. Every error says *where* in the input the problem is
 * (a JSON path such as `transactions[12].state_diff.storage_diffs[0].key`) and, when known, which
 * transaction it concerns, so a researcher can fix the file they pasted.
 */

export type ImportErrorCode =
  | 'INVALID_JSON' // not parseable JSON (often: truncated)
  | 'UNKNOWN_FORMAT' // JSON, but none of the supported formats
  | 'WRONG_TYPE' // a field has the wrong type / is missing
  | 'UNSUPPORTED_VERSION' // bundle version, RPC spec version or similar is not supported
  | 'EMPTY_BLOCK' // the block has no transactions
  | 'DUPLICATE_TX_HASH' // two transactions share a hash
  | 'MISMATCH' // parts of a bundle disagree (block hash, tx hashes)
  | 'TX_HASH_MISMATCH' // a transaction's fields do not hash to its transaction_hash
  | 'RPC_ERROR'; // input is a JSON-RPC error response

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  /** JSON path of the offending field, '' for the document root. */
  readonly path: string;
  readonly txIndex?: number;
  readonly txHash?: string;

  constructor(
    code: ImportErrorCode,
    path: string,
    detail: string,
    tx?: { index?: number; hash?: string },
  ) {
    const where = path ? `${path}: ` : '';
    const txPart =
      tx && (tx.index !== undefined || tx.hash)
        ? ` (transaction${tx.index !== undefined ? ` #${tx.index}` : ''}${tx.hash ? ` ${tx.hash}` : ''})`
        : '';
    super(`${where}${detail}${txPart}`);
    this.name = 'ImportError';
    this.code = code;
    this.path = path;
    this.txIndex = tx?.index;
    this.txHash = tx?.hash;
  }
}

/** Join a path with a property or index: `at('a', 'b')` → `a.b`, `at('a', 3)` → `a[3]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
