/**
 * The import's transaction-hash check: every transaction's hash recomputed from its fields
 * (tx-hash.ts) on the block's chain id, so a block whose transactions were edited, garbled or
 * made up does not import as if it were the chain's. A mismatch throws TX_HASH_MISMATCH; what
 * cannot be checked is listed with its reason (README "Transaction hashes").
 *
 * The chain id is the one given (ImportOptions.chainId, a bundle's chainId, the RPC node's),
 * else the first of KNOWN_CHAINS under which one of the first transactions verifies; then every
 * transaction must verify under it.
 */
import { ImportError, at } from './errors';
import { chainName } from './hash-summary';
import type { ProgressFn, TxHashCheck } from './model';
import type { TxPart } from './parts';
import { type HashRule, shortStringFelt, txHashRules } from './tx-hash';
import { BadField, MissingField, kindLabel } from './tx-hash-fields';

/** The chains tried when none is given: Starknet mainnet and the public/integration testnets. */
export const KNOWN_CHAINS = ['SN_MAIN', 'SN_SEPOLIA', 'SN_INTEGRATION_SEPOLIA', 'SN_GOERLI'];
/** Why every transaction is unchecked when the caller turned the check off. */
export const HASH_CHECK_OFF = 'the check was turned off on request';
/** Checkable transactions tried for the chain id before giving up (each costs a hash per chain). */
export const DETECT_WITHIN = 8;

export interface HashCheckOptions {
  /** Chain id (hex felt or short string such as "SN_MAIN"), when known. */
  chainId?: string;
  /**
   * Where `chainId` came from, for messages ("the bundle (chainId)"); absent: the caller's, and
   * the message says only "given" (the CLI and the app name their own switch, not an option).
   */
  chainIdFrom?: string;
  /** false: check nothing (every transaction is listed as not checked). */
  verify?: boolean;
  onProgress?: ProgressFn;
}

interface Prepared {
  t: TxPart;
  index: number;
  kind: string;
  rules?: HashRule[];
  reason?: string;
}

interface Chain {
  id: bigint;
  source: 'given' | 'detected';
  /** How it was found, for messages: "given", "given by the bundle (chainId)", "detected: …". */
  how: string;
}

const hexOf = (n: bigint) => '0x' + n.toString(16);

/** A chain id option: hex, or a short string (≤ 31 ASCII characters) such as "SN_MAIN". */
export function parseChainId(s: string, path: string): bigint {
  if (/^0x[0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^[\x20-\x7e]{1,31}$/.test(s)) return shortStringFelt(s);
  throw new ImportError(
    'WRONG_TYPE',
    path,
    `expected a chain id (0x… or a name such as SN_MAIN), got ${JSON.stringify(s)}`,
  );
}

/** "SN_MAIN (0x534e5f4d41494e)", or the hex alone when it is not a printable name. */
export function chainLabel(id: bigint): string {
  const hex = hexOf(id);
  const name = chainName(hex);
  return name === hex ? hex : `${name} (${hex})`;
}

/** A chain id option as felt hex (lowercase, no leading zeros); WRONG_TYPE when it is none. */
export function chainIdHex(s: string, path: string): string {
  return hexOf(parseChainId(s, path));
}

/** The rules of one transaction, or why it cannot be checked; an unreadable field throws. */
function prepare(t: TxPart, index: number): Prepared {
  const kind = t.raw ? kindLabel(t.raw) : t.type;
  if (!t.raw)
    return { t, index, kind, reason: 'the source has no transaction fields (traces only)' };
  try {
    const r = txHashRules(t.raw);
    return 'reason' in r
      ? { t, index, kind, reason: r.reason }
      : { t, index, kind, rules: r.rules };
  } catch (e) {
    if (e instanceof MissingField)
      return { t, index, kind, reason: `${e.message}, which the ${kind} hash needs` };
    if (e instanceof BadField)
      throw new ImportError(
        'WRONG_TYPE',
        at(t.path, e.field),
        `expected ${e.expected}, got ${JSON.stringify(e.value)} (the ${kind} hash covers it)`,
        { index, hash: t.hash },
      );
    throw e;
  }
}

/** The rule under which `p` hashes to its transaction_hash on `chain`, trying `preferred` first. */
function matchingRule(p: Prepared, chain: bigint, preferred?: string): string | undefined {
  const want = BigInt(p.t.hash);
  const rules = p.rules!;
  const order = preferred
    ? [...rules].sort((a, b) => +(b.name === preferred) - +(a.name === preferred))
    : rules;
  return order.find((r) => r.compute(chain) === want)?.name;
}

/** The first known chain under which one of the first checkable transactions verifies. */
function detectChain(todo: Prepared[]): Chain | undefined {
  for (const p of todo.slice(0, DETECT_WITHIN))
    for (const name of KNOWN_CHAINS) {
      const id = shortStringFelt(name);
      if (matchingRule(p, id) !== undefined)
        return { id, source: 'detected', how: `detected: transaction #${p.index} verifies on it` };
    }
  return undefined;
}

function mismatch(p: Prepared, chain: Chain): ImportError {
  const rules = p.rules!;
  return new ImportError(
    'TX_HASH_MISMATCH',
    at(p.t.path, 'transaction_hash'),
    `hash mismatch: the block gives ${p.t.hash}, but the fields of this ${p.kind} hash to ` +
      `${hexOf(rules[0].compute(chain.id))} on ${chainLabel(chain.id)} (chain id ${chain.how}); ` +
      `rules tried: ${rules.map((r) => r.name).join('; ')}`,
    { index: p.index, hash: p.t.hash },
  );
}

/** No known chain verifies any of the first transactions: the first one's hashes on each. */
function noChain(todo: Prepared[]): ImportError {
  const p = todo[0];
  const per = KNOWN_CHAINS.map(
    (name) => `${hexOf(p.rules![0].compute(shortStringFelt(name)))} on ${name}`,
  );
  const n = Math.min(todo.length, DETECT_WITHIN);
  return new ImportError(
    'TX_HASH_MISMATCH',
    at(p.t.path, 'transaction_hash'),
    `hash mismatch: the block gives ${p.t.hash}, but the fields of this ${p.kind} hash to ` +
      `${per.join(', ')}, and none of the first ${n} checkable transactions verifies on any of ` +
      `these chains. A block of another chain needs its chain id given; a made-up one can be ` +
      `imported without the hash check`,
    { index: p.index, hash: p.t.hash },
  );
}

/** Check every transaction; returns the summary, throws TX_HASH_MISMATCH on a wrong hash. */
export function checkTxHashes(txs: TxPart[], opts: HashCheckOptions = {}): TxHashCheck {
  const out: TxHashCheck = { checked: 0, notChecked: [], rules: {} };
  if (opts.verify === false) {
    out.notChecked = txs.map((_, index) => ({ index, reason: HASH_CHECK_OFF }));
    out.turnedOff = true;
    return out;
  }
  const prepared = txs.map(prepare);
  for (const p of prepared) if (p.reason) out.notChecked.push({ index: p.index, reason: p.reason });
  const todo = prepared.filter((p) => p.rules);
  const chain: Chain | undefined =
    opts.chainId !== undefined
      ? {
          id: parseChainId(opts.chainId, `(${opts.chainIdFrom ?? 'chain id'})`),
          source: 'given',
          how: opts.chainIdFrom ? `given by ${opts.chainIdFrom}` : 'given',
        }
      : detectChain(todo);
  if (!chain) {
    if (todo.length > 0) throw noChain(todo);
    return out;
  }
  out.chainId = hexOf(chain.id);
  out.chainIdSource = chain.source;
  verifyAll(todo, chain, out, opts.onProgress);
  return out;
}

function verifyAll(todo: Prepared[], chain: Chain, out: TxHashCheck, progress?: ProgressFn) {
  const step = Math.max(1, Math.floor(todo.length / 50));
  const lastRule = new Map<string, string>();
  todo.forEach((p, i) => {
    const rule = matchingRule(p, chain.id, lastRule.get(p.kind));
    if (rule === undefined) throw mismatch(p, chain);
    lastRule.set(p.kind, rule);
    out.rules[rule] = (out.rules[rule] ?? 0) + 1;
    out.checked++;
    if (progress && ((i + 1) % step === 0 || i + 1 === todo.length))
      progress({ phase: 'tx-hashes', done: i + 1, total: todo.length });
  });
}
