/**
 * Re-execution's transaction-hash check: one transaction's hash recomputed from its fields with
 * the import's rules (../import/tx-hash.ts, the only hash rules in the engine; their tests hold
 * them to starknet.js and to the chain), and the outcome worded: which transaction, which kind,
 * the hash the block gives and the one recomputed, or why it could not be recomputed.
 *
 * A transaction the import already verified on the same chain is not hashed again
 * (`verifiedByImport`): re-execution imports its block first, and that import checks every
 * hash unless it was asked not to.
 */
import { parseChainId } from '../import/hash-check';
import type { TxHashCheck as ImportHashCheck } from '../import/model';
import { txHashRules } from '../import/tx-hash';
import { type AnyTx, BadField, MissingField, kindLabel } from '../import/tx-hash-fields';

export type TxHashCheck =
  | { status: 'match'; kind: string; hash: string; rule: string }
  | { status: 'mismatch'; kind: string; expected: string; computed: string; tried: string[] }
  | { status: 'unrecomputable'; kind: string; reason: string };

const canon = (h: string | bigint) => '0x' + BigInt(h).toString(16);

/**
 * Recompute `tx`'s hash on `chainId` (hex or a short string such as "SN_MAIN") and compare it
 * with `expected`: today's rule first, then the older ones its kind may have been hashed with.
 */
export function checkTxHash(tx: AnyTx, expected: string, chainId: string): TxHashCheck {
  const kind = kindLabel(tx);
  let r: ReturnType<typeof txHashRules>;
  try {
    r = txHashRules(tx);
  } catch (e) {
    if (e instanceof MissingField)
      return {
        status: 'unrecomputable',
        kind,
        reason: `${e.message}, which the ${kind} hash needs`,
      };
    if (e instanceof BadField) return { status: 'unrecomputable', kind, reason: e.message };
    throw e;
  }
  if ('reason' in r) return { status: 'unrecomputable', kind, reason: r.reason };
  const chain = chainFelt(chainId);
  if (chain === undefined)
    return { status: 'unrecomputable', kind, reason: `${JSON.stringify(chainId)} is no chain id` };
  const want = BigInt(expected);
  for (const rule of r.rules)
    if (rule.compute(chain) === want)
      return { status: 'match', kind, hash: canon(want), rule: rule.name };
  return {
    status: 'mismatch',
    kind,
    expected: canon(want),
    // today's rule's result: the older ones only apply to old blocks
    computed: canon(r.rules[0].compute(chain)),
    tried: r.rules.map((x) => x.name),
  };
}

/** A chain id (hex, or a short string such as "SN_MAIN") as a felt; undefined when it is none. */
function chainFelt(chainId: string): bigint | undefined {
  try {
    return parseChainId(chainId, '(chain id)');
  } catch {
    return undefined;
  }
}

/**
 * Whether the import verified transaction `index` on chain `chainId`: it checked hashes on that
 * chain and did not list this one as unchecked (a mismatch would have stopped the import).
 */
export function verifiedByImport(
  check: ImportHashCheck | undefined,
  index: number,
  chainId: string,
): boolean {
  const chain = chainFelt(chainId);
  if (check?.chainId === undefined || chain === undefined) return false;
  if (check.chainId !== canon(chain)) return false;
  return !check.notChecked.some((n) => n.index === index);
}

/** "transaction #3 0xabc (DEPLOY_ACCOUNT v1): …", the sentence for a check's outcome. */
export function describeTxHashCheck(c: TxHashCheck, index: number, txHash: string): string {
  const who = `transaction #${index} ${canon(txHash)} (${c.kind})`;
  if (c.status === 'match') return `${who}: hash matches (${c.rule})`;
  if (c.status === 'unrecomputable') return `${who}: hash not recomputed: ${c.reason}`;
  return (
    `${who}: hash mismatch: the block says ${c.expected}, recomputed ${c.computed} ` +
    `(tried: ${c.tried.join('; ')})`
  );
}
