/** Constants and helpers shared by the format normalizers and the access-set builder. */
import { keccak } from '@scure/starknet';
import { hex } from '../../types';
import { at } from './errors';
import type { TxType } from './model';
import { type Obj, type TxCtx, fail, strAt } from './validate';

const enc = new TextEncoder();
/** sn_keccak: keccak256 of the ASCII name, masked to 250 bits (the Starknet selector). */
export function snKeccak(name: string): bigint {
  return keccak(enc.encode(name));
}

export const ETH_TOKEN = '0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7';
export const STRK_TOKEN = '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
export const TRANSFER_SELECTOR = hex(snKeccak('Transfer'));
export const EXECUTE_SELECTOR = hex(snKeccak('__execute__'));

export function normalizeTxType(t: string): TxType | undefined {
  switch (t) {
    case 'INVOKE':
    case 'INVOKE_FUNCTION':
      return 'INVOKE';
    case 'DECLARE':
      return 'DECLARE';
    case 'DEPLOY':
      return 'DEPLOY';
    case 'DEPLOY_ACCOUNT':
      return 'DEPLOY_ACCOUNT';
    case 'L1_HANDLER':
      return 'L1_HANDLER';
    default:
      return undefined;
  }
}

/** How each source spells the transaction types, as its type error lists them. */
export const RPC_TX_TYPES = 'one of INVOKE, DECLARE, DEPLOY, DEPLOY_ACCOUNT, L1_HANDLER';
export const FEEDER_TX_TYPES =
  'one of INVOKE_FUNCTION, DECLARE, DEPLOY, DEPLOY_ACCOUNT, L1_HANDLER';

/**
 * `o.type` normalised. A missing or non-string type fails as any string field does; an unknown
 * one fails at `<path>.type` listing `expected` (the spellings of the source being read).
 */
export function txTypeAt(o: Obj, path: string, tx: TxCtx, expected = RPC_TX_TYPES): TxType {
  const typeStr = strAt(o, 'type', path, tx);
  const type = normalizeTxType(typeStr);
  if (!type) fail(at(path, 'type'), expected, typeStr, tx);
  return type;
}

/** Transaction version without the query bit (2^128). */
export function baseVersion(version: string | undefined): bigint {
  if (!version) return 0n;
  return BigInt(version) % (1n << 128n);
}

/** v3 transactions pay in STRK (FRI), older ones in ETH (WEI). */
export function feeTokenForVersion(version: string | undefined): string {
  return baseVersion(version) >= 3n ? STRK_TOKEN : ETH_TOKEN;
}

/** Whether a transaction of this type/version bumps its sender's nonce. */
export function hasNonce(type: TxType, version: string | undefined): boolean {
  if (type === 'L1_HANDLER' || type === 'DEPLOY') return false;
  if (type === 'INVOKE' && baseVersion(version) === 0n) return false;
  return true;
}
