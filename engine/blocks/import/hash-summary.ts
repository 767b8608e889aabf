/**
 * The transaction-hash check (ImportedBlock.hashCheck) as one line for people: the CLI's block
 * info and the app's block facts print the same words, so they are made here, once.
 */
import { decodeShortString } from '../../vm/syscall';
import type { TxHashCheck } from './model';

/**
 * verified: every transaction matched; partly: some matched, the rest could not be checked;
 * unchecked: none could be checked (traces only, fields missing); off: the check was turned off.
 */
export type HashCheckStatus = 'verified' | 'partly' | 'unchecked' | 'off';

export interface HashCheckSummary {
  status: HashCheckStatus;
  /** "transaction hashes: 201 of 201 verified on SN_INTEGRATION_SEPOLIA (detected)". */
  text: string;
}

/** A chain id's name ("SN_MAIN") when its felt is printable ASCII, else its hex. */
export function chainName(id: string): string {
  const name = decodeShortString(BigInt(id));
  return /^[\x21-\x7e]+$/.test(name) ? name : id;
}

/** "(#0: it carries proof_facts …)": the first unchecked transaction's reason ("; …" if more). */
function firstReason(hc: TxHashCheck): string {
  const [first] = hc.notChecked;
  return `(#${first.index}: ${first.reason}${hc.notChecked.length > 1 ? '; …' : ''})`;
}

export function summarizeHashCheck(hc: TxHashCheck): HashCheckSummary {
  const total = hc.checked + hc.notChecked.length;
  if (hc.turnedOff)
    return { status: 'off', text: `transaction hashes: not checked (turned off on request)` };
  if (hc.checked === 0)
    return {
      status: 'unchecked',
      text:
        total === 0
          ? 'transaction hashes: no transactions to check'
          : `transaction hashes: none of ${total} checked ${firstReason(hc)}`,
    };
  const on = hc.chainId ? ` on ${chainName(hc.chainId)} (${hc.chainIdSource ?? 'given'})` : '';
  const n = hc.notChecked.length;
  const rest = n > 0 ? `${n} not checked ${firstReason(hc)}` : '';
  return {
    status: rest ? 'partly' : 'verified',
    text: `transaction hashes: ${hc.checked} of ${total} verified${on}${rest ? `; ${rest}` : ''}`,
  };
}
