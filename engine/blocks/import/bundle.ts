/**
 * The STM Explorer bundle: one JSON file combining the raw parts of a block, which the app can
 * export and import again. Parts are stored in their original format (RPC or feeder), untouched,
 * so a bundle re-imports exactly like the separate files would.
 *
 *   { format: 'stm-explorer-bundle', version: 1,
 *     specVersion?: '0.8.1',               // RPC spec the parts came from, if RPC
 *     chainId?: '0x534e5f4d41494e',        // chain the transactions are hashed on (the node's)
 *     source?: { rpcUrl?: string, blockId?: unknown, note?: string },
 *     createdAt?: string,
 *     block?: <getBlockWithTxs | getBlockWithReceipts | feeder block | feeder state_update_with_block>,
 *     receipts?: <RPC receipt[]>,          // with a getBlockWithTxs block
 *     traces?: <traceBlockTransactions result | feeder block traces>,
 *     stateUpdate?: <getStateUpdate result | feeder state update> }
 */
import { ImportError } from './errors';
import { detectFormat } from './detect';
import { isObj } from './validate';

export const BUNDLE_FORMAT = 'stm-explorer-bundle';
export const BUNDLE_VERSION = 1;

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  specVersion?: string;
  chainId?: string;
  source?: { rpcUrl?: string; blockId?: unknown; note?: string };
  createdAt?: string;
  block?: unknown;
  receipts?: unknown[];
  traces?: unknown;
  stateUpdate?: unknown;
}

export const BUNDLE_SLOTS = ['block', 'receipts', 'traces', 'stateUpdate'] as const;

/** Check the bundle header; throws UNSUPPORTED_VERSION / WRONG_TYPE. */
export function checkBundleHeader(doc: Record<string, unknown>, path: string): void {
  if (doc.version !== BUNDLE_VERSION) {
    throw new ImportError(
      'UNSUPPORTED_VERSION',
      path ? `${path}.version` : 'version',
      `stm-explorer bundle version ${JSON.stringify(doc.version)} is not supported (this build reads version ${BUNDLE_VERSION})`,
    );
  }
  if (!BUNDLE_SLOTS.some((s) => doc[s] !== undefined && doc[s] !== null)) {
    throw new ImportError('WRONG_TYPE', path, `bundle has none of ${BUNDLE_SLOTS.join(', ')}`);
  }
}

/**
 * Build a bundle from raw documents in any supported format (e.g. what a user pasted or what the
 * RPC layer fetched): each document is detected and put into its slot.
 */
export function makeBundle(
  docs: unknown[],
  meta: Pick<Bundle, 'specVersion' | 'chainId' | 'source'> = {},
): Bundle {
  const b: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    ...meta,
    createdAt: new Date().toISOString(),
  };
  docs.forEach((d, i) => {
    const det = detectFormat(d, `[${i}]`);
    const slot =
      det.format === 'rpc:traceBlockTransactions' || det.format === 'feeder:traces'
        ? 'traces'
        : det.format === 'rpc:getStateUpdate' || det.format === 'feeder:state_update'
          ? 'stateUpdate'
          : det.format === 'stm-explorer-bundle'
            ? undefined
            : 'block';
    if (slot === undefined) {
      const inner = det.doc as Record<string, unknown>;
      for (const s of BUNDLE_SLOTS)
        if (inner[s] !== undefined && b[s] === undefined)
          (b as unknown as Record<string, unknown>)[s] = inner[s];
      return;
    }
    if (b[slot] !== undefined)
      throw new ImportError('MISMATCH', `[${i}]`, `two documents for the bundle slot "${slot}"`);
    b[slot] = det.doc as never;
  });
  return b;
}

export function serializeBundle(b: Bundle): string {
  return JSON.stringify(b);
}

export function isBundle(v: unknown): v is Bundle {
  return isObj(v) && v.format === BUNDLE_FORMAT;
}
