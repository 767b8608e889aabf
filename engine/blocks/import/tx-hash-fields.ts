/**
 * The fields a transaction hash is computed from, read out of either transaction format the
 * project imports: JSON-RPC 0.7–0.10 (`INVOKE`, DA modes 'L1'/'L2', `l1_gas` bounds) and the
 * feeder gateway (`INVOKE_FUNCTION`, DA modes 0/1, `L1_GAS` bounds). A field the hash needs and
 * the transaction lacks is a `MissingField`, which the hash rules (./tx-hash.ts) report as the
 * reason the hash cannot be recomputed. The tests' starknet.js reference
 * (test/unit/blocks/starknetjs-tx-hash.ts) reads the fields here too, the same way.
 */
export type AnyTx = Record<string, unknown>;

/** The canonical kind: the RPC type name (a feeder `INVOKE_FUNCTION` is an `INVOKE`). */
export type TxType = 'INVOKE' | 'DECLARE' | 'DEPLOY' | 'DEPLOY_ACCOUNT' | 'L1_HANDLER';

const TYPES: Record<string, TxType> = {
  INVOKE: 'INVOKE',
  INVOKE_FUNCTION: 'INVOKE',
  DECLARE: 'DECLARE',
  DEPLOY: 'DEPLOY',
  DEPLOY_ACCOUNT: 'DEPLOY_ACCOUNT',
  L1_HANDLER: 'L1_HANDLER',
};

export class MissingField extends Error {
  constructor(readonly field: string) {
    super(`the transaction has no "${field}"`);
  }
}

/** A field the hash needs is there but unreadable; `field` is its path ("calldata[3]"). */
export class BadField extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected = 'a felt',
  ) {
    super(`"${field}" is ${JSON.stringify(value)}, not ${expected}`);
  }
}

/** A felt as hex; a hex or decimal string or a non-negative integer, else a BadField. */
function feltOf(v: unknown, field: string): string {
  let n: bigint;
  try {
    n = BigInt(String(v));
  } catch {
    throw new BadField(field, v);
  }
  if (n < 0n || (typeof v !== 'string' && typeof v !== 'number')) throw new BadField(field, v);
  return '0x' + n.toString(16);
}

export function txType(tx: AnyTx): TxType | undefined {
  return TYPES[String(tx.type)];
}

/** The version as a number (0–3); query versions (2^128 + v) keep their high bit. */
export function txVersion(tx: AnyTx): bigint {
  // very old feeder transactions may omit the version: it was 0 (pathfinder's default)
  return BigInt(String(tx.version ?? '0x0'));
}

/** "DECLARE v2", "L1_HANDLER v0": how a transaction's kind is named in messages and counts. */
export function kindLabel(tx: AnyTx): string {
  const t = txType(tx) ?? String(tx.type);
  let v: string;
  try {
    v = `v${txVersion(tx)}`;
  } catch {
    v = `version ${String(tx.version)}`;
  }
  return `${t} ${v}`;
}

export function felt(tx: AnyTx, field: string): string {
  const v = tx[field];
  if (v === undefined || v === null) throw new MissingField(field);
  return feltOf(v, field);
}

export function felts(tx: AnyTx, field: string): string[] {
  const v = tx[field];
  if (v === undefined || v === null) throw new MissingField(field);
  if (!Array.isArray(v)) throw new BadField(field, v);
  return v.map((x, i) => feltOf(x, `${field}[${i}]`));
}

/** A list the older formats leave out when it is empty (paymaster data, deployment data). */
export function feltsOrEmpty(tx: AnyTx, field: string): string[] {
  return tx[field] === undefined ? [] : felts(tx, field);
}

/** Data-availability mode as the hash packs it: L1 = 0, L2 = 1 (RPC 'L1'/'L2', feeder 0/1). */
export function daMode(tx: AnyTx, field: string): 0 | 1 {
  const v = tx[field];
  if (v === undefined) throw new MissingField(field);
  if (v === 'L1' || v === 0 || v === '0x0') return 0;
  if (v === 'L2' || v === 1 || v === '0x1') return 1;
  throw new BadField(field, v, 'a data-availability mode');
}

export interface Bound {
  max_amount: string;
  max_price_per_unit: string;
}
/** v3 resource bounds with RPC names; `l1_data_gas` only when the transaction carries it. */
export interface Bounds {
  l1_gas: Bound;
  l2_gas: Bound;
  l1_data_gas?: Bound;
}

function bound(v: unknown, field: string): Bound {
  const b = v as Record<string, unknown> | undefined;
  if (!b || b.max_amount === undefined || b.max_price_per_unit === undefined)
    throw new MissingField(field);
  return {
    max_amount: feltOf(b.max_amount, `${field}.max_amount`),
    max_price_per_unit: feltOf(b.max_price_per_unit, `${field}.max_price_per_unit`),
  };
}

export function resourceBounds(tx: AnyTx): Bounds {
  const raw = tx.resource_bounds as Record<string, unknown> | undefined;
  if (!raw) throw new MissingField('resource_bounds');
  // RPC names the bounds l1_gas…, the feeder L1_GAS…: found by lower-case name, named as given
  const key = (name: string) => Object.keys(raw).find((k) => k.toLowerCase() === name) ?? name;
  const one = (name: string) => bound(raw[key(name)], `resource_bounds.${key(name)}`);
  const out: Bounds = {
    l1_gas: one('l1_gas'),
    // before 0.13.x blocks carried an L2 bound, a v3 transaction's was 0
    l2_gas: raw[key('l2_gas')] === undefined ? zero() : one('l2_gas'),
  };
  if (raw[key('l1_data_gas')] !== undefined) out.l1_data_gas = one('l1_data_gas');
  return out;
}

function zero(): Bound {
  return { max_amount: '0x0', max_price_per_unit: '0x0' };
}

export function isZeroBound(b: Bound | undefined): boolean {
  return b !== undefined && BigInt(b.max_amount) === 0n && BigInt(b.max_price_per_unit) === 0n;
}
