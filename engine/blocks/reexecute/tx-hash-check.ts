/**
 * Checks a transaction's hash against its fields (tx-hash.ts), one transaction or a whole block,
 * and words the outcome: which transaction, which kind, the hash the block gives and the one
 * recomputed, or why it could not be recomputed.
 */
import type { AnyTx } from '../import/tx-hash-fields';
import { hashFormulas } from './tx-hash';

export type TxHashCheck =
  | { status: 'match'; kind: string; hash: string; formula: string }
  | { status: 'mismatch'; kind: string; expected: string; computed: string; tried: string[] }
  | { status: 'unrecomputable'; kind: string; reason: string };

const canon = (h: string) => '0x' + BigInt(h).toString(16);

/**
 * Recompute `tx`'s hash on `chainId` (hex or short string) and compare it with `expected`.
 * `preferred` names a formula to try first: the transactions of one block share their formulas,
 * so a block check tries the one that matched the previous transaction of the kind first (an old
 * block's legacy formula otherwise costs a failed attempt per transaction).
 */
export function checkTxHash(
  tx: AnyTx,
  expected: string,
  chainId: string,
  preferred?: string,
): TxHashCheck {
  const f = hashFormulas(tx, chainId);
  if ('reason' in f) return { status: 'unrecomputable', kind: f.kind, reason: f.reason };
  const want = canon(expected);
  const order = [...f.formulas].sort(
    (a, b) => Number(b.name === preferred) - Number(a.name === preferred),
  );
  let first: string | undefined;
  for (const formula of order) {
    const got = canon(formula.compute());
    if (got === want) return { status: 'match', kind: f.kind, hash: got, formula: formula.name };
    if (formula === f.formulas[0]) first = got;
  }
  return {
    status: 'mismatch',
    kind: f.kind,
    expected: want,
    // today's formula's result: the older ones only apply to old blocks
    computed: first as string,
    tried: f.formulas.map((x) => x.name),
  };
}

/** "transaction #3 0xabc (DEPLOY_ACCOUNT v1): …", the sentence for a check that did not match. */
export function describeTxHashCheck(c: TxHashCheck, index: number, txHash: string): string {
  const who = `transaction #${index} ${canon(txHash)} (${c.kind})`;
  if (c.status === 'match') return `${who}: hash matches (${c.formula})`;
  if (c.status === 'unrecomputable') return `${who}: hash not recomputed: ${c.reason}`;
  return (
    `${who}: hash mismatch: the block says ${c.expected}, recomputed ${c.computed} ` +
    `(tried: ${c.tried.join('; ')})`
  );
}

export interface BlockHashReport {
  /** Per kind ("INVOKE v1"): how many matched, mismatched, could not be recomputed. */
  counts: Record<string, { match: number; mismatch: number; unrecomputable: number }>;
  /** How many transactions each formula matched ("legacy \"deploy\" hash …": 132). */
  formulas: Record<string, number>;
  /** One sentence per transaction that did not match (describeTxHashCheck). */
  problems: string[];
}

/** Every transaction of a block (feeder or RPC transactions, with `transaction_hash`). */
export function checkBlockTxHashes(txs: AnyTx[], chainId: string): BlockHashReport {
  const out: BlockHashReport = { counts: {}, formulas: {}, problems: [] };
  const lastMatch = new Map<string, string>();
  txs.forEach((tx, i) => {
    const h = String(tx.transaction_hash);
    const c = checkTxHash(tx, h, chainId, lastMatch.get(String(tx.type)));
    const n = (out.counts[c.kind] ??= { match: 0, mismatch: 0, unrecomputable: 0 });
    n[c.status]++;
    if (c.status === 'match') {
      lastMatch.set(String(tx.type), c.formula);
      out.formulas[c.formula] = (out.formulas[c.formula] ?? 0) + 1;
    } else out.problems.push(describeTxHashCheck(c, i, h));
  });
  return out;
}
