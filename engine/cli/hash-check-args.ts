/**
 * The import's transaction-hash check on the command line: `--chain-id` and `--no-hash-check`,
 * the hint a TX_HASH_MISMATCH gets (the engine's message names no switch: each front end names
 * its own), and the summary line of the block info.
 */
import { ImportError, chainIdHex, summarizeHashCheck, type TxHashCheck } from '../blocks/import';
import { UsageError } from './errors';

/** --chain-id SN_MAIN | 0x534e5f4d41494e → felt hex (re-execution wants hex, the import either). */
export function chainIdArg(v: string | undefined, command: string): string | undefined {
  if (v === undefined) return undefined;
  try {
    return chainIdHex(v, '--chain-id');
  } catch {
    throw new UsageError(
      `--chain-id takes a chain name such as SN_MAIN or SN_SEPOLIA, or its 0x felt; got '${v}'`,
      command,
    );
  }
}

const HINT =
  'if the block is of another chain, give its id with --chain-id <SN_MAIN|SN_SEPOLIA|0x…>; to import it anyway, add --no-hash-check';

/** An error's message; a transaction-hash mismatch also says which flags act on it. */
export function importFailure(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return e instanceof ImportError && e.code === 'TX_HASH_MISMATCH' ? `${text}\n  (${HINT})` : text;
}

/** "transaction hashes: 201 of 201 verified on SN_MAIN (detected)", or why not. */
export function hashCheckLine(hc: TxHashCheck | undefined): string | undefined {
  if (!hc) return undefined;
  return hc.turnedOff
    ? 'transaction hashes: not checked (--no-hash-check)'
    : summarizeHashCheck(hc).text;
}
