/** Tiny typed validators: each returns the checked value or throws an ImportError at `path`. */
import { hex } from '../../types';
import { ImportError, at } from './errors';

export type Obj = Record<string, unknown>;
export interface TxCtx {
  index?: number;
  hash?: string;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string')
    return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export function fail(path: string, expected: string, got: unknown, tx?: TxCtx): never {
  throw new ImportError('WRONG_TYPE', path, `expected ${expected}, got ${describe(got)}`, tx);
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, path: string, tx?: TxCtx): Obj {
  if (!isObj(v)) fail(path, 'an object', v, tx);
  return v;
}

export function arr(v: unknown, path: string, tx?: TxCtx): unknown[] {
  if (!Array.isArray(v)) fail(path, 'an array', v, tx);
  return v;
}

export function optArr(o: Obj, key: string, path: string, tx?: TxCtx): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  return arr(v, at(path, key), tx);
}

const HEX_RE = /^0x[0-9a-fA-F]*$/;
const DEC_RE = /^[0-9]+$/;

/** A felt as canonical lowercase hex (no leading zeros). Accepts 0x-hex strings and decimal strings. */
export function felt(v: unknown, path: string, tx?: TxCtx): string {
  if (typeof v === 'string') {
    if (HEX_RE.test(v)) return v.length <= 2 ? '0x0' : hex(BigInt(v));
    if (DEC_RE.test(v)) return hex(BigInt(v));
  }
  return fail(path, 'a felt (0x-prefixed hex string)', v, tx);
}

export function field(o: Obj, key: string, path: string, tx?: TxCtx): unknown {
  const v = o[key];
  if (v === undefined)
    throw new ImportError('WRONG_TYPE', at(path, key), 'required field is missing', tx);
  return v;
}

export function feltAt(o: Obj, key: string, path: string, tx?: TxCtx): string {
  return felt(field(o, key, path, tx), at(path, key), tx);
}

export function optFelt(o: Obj, key: string, path: string, tx?: TxCtx): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  return felt(v, at(path, key), tx);
}

export function strAt(o: Obj, key: string, path: string, tx?: TxCtx): string {
  const v = field(o, key, path, tx);
  if (typeof v !== 'string') fail(at(path, key), 'a string', v, tx);
  return v;
}

export function optStr(o: Obj, key: string, path: string, tx?: TxCtx): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(at(path, key), 'a string', v, tx);
  return v;
}

/** A non-negative integer given as a JSON number or a hex/decimal string. */
export function optInt(o: Obj, key: string, path: string, tx?: TxCtx): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && (HEX_RE.test(v) || DEC_RE.test(v)) && v !== '0x')
    return Number(BigInt(v));
  return fail(at(path, key), 'a non-negative integer', v, tx);
}

export function optBool(o: Obj, key: string, path: string, tx?: TxCtx): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(at(path, key), 'a boolean', v, tx);
  return v;
}

export function feltList(v: unknown, path: string, tx?: TxCtx): string[] {
  return arr(v, path, tx).map((x, i) => felt(x, at(path, i), tx));
}
