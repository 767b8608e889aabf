/** Why a range could not be analysed, with a code a front end can act on. */
export type RangeErrorCode =
  /** from > to, a negative or non-integer bound, no core count or variant. */
  | 'BAD_RANGE'
  /** The node did not answer (network error, HTTP error, not JSON-RPC). */
  | 'UNREACHABLE'
  /** A block of the range is not on the node (beyond its latest block). */
  | 'MISSING_BLOCK'
  /** A block's number or hash is not the one its child names as parent. */
  | 'CHAIN_MISMATCH'
  /** Fetching or importing one block failed; the blocks before it stay cached. */
  | 'BLOCK_FAILED'
  /** The caller cancelled (AbortSignal). */
  | 'CANCELLED';

export class RangeAnalysisError extends Error {
  constructor(
    readonly code: RangeErrorCode,
    message: string,
    readonly block?: number,
  ) {
    super(message);
    this.name = 'RangeAnalysisError';
  }
}
