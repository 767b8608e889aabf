/**
 * Vocabulary shared by every engine folder.
 *
 * A *cell* is one unit of Starknet state that a transaction can read or write. Block-STM's
 * multi-version memory, the dependency graph and the UI all key on the same canonical string so
 * that no layer needs to know another's data structures.
 *
 *   storage  `s:<contract>:<key>`   (contract address, storage key)
 *   nonce    `n:<contract>`
 *   class    `c:<contract>`          (class hash of a deployed contract)
 *   declared `d:<class hash>`        (1 once the class is declared; blockifier's concurrent
 *                                     state keeps the same per class: `declared_contracts`)
 *
 * Addresses and keys are lowercase 0x-hex without leading zeros (see `hex`).
 */
import { MemoCache, packPair } from './memo';

export type CellKey = string;

/** Canonical lowercase hex of a felt, no leading zeros ("0x0" for zero). */
export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/**
 * Memo of cell keys by address (and storage key, packed into one bigint as contract·2^252 + key).
 * Contracts touch the same few cells over and over, and building a key (two hex conversions and a
 * concatenation) then hashing the fresh string in every Map that looks it up cost about a tenth of
 * an ERC20 transfer; a memoized key is a bigint lookup and carries its string hash along. Keys are
 * canonical, so the memo is invisible. Values that are not felts are not memoized.
 */
const CELL_MEMO_LIMIT = 1 << 16;
const storageKeys = new MemoCache<bigint, CellKey>(CELL_MEMO_LIMIT);
const nonceKeys = new MemoCache<bigint, CellKey>(CELL_MEMO_LIMIT);
const classKeys = new MemoCache<bigint, CellKey>(CELL_MEMO_LIMIT);

function addressCell(memo: MemoCache<bigint, CellKey>, kind: 'n' | 'c', contract: bigint): CellKey {
  let c = memo.get(contract);
  if (c === undefined) {
    c = `${kind}:${hex(contract)}`;
    memo.set(contract, c);
  }
  return c;
}

export function storageCell(contract: bigint, key: bigint): CellKey {
  const packed = packPair(contract, key);
  if (packed === undefined) return `s:${hex(contract)}:${hex(key)}`;
  let c = storageKeys.get(packed);
  if (c === undefined) {
    c = `s:${hex(contract)}:${hex(key)}`;
    storageKeys.set(packed, c);
  }
  return c;
}
export function nonceCell(contract: bigint): CellKey {
  return addressCell(nonceKeys, 'n', contract);
}
export function classCell(contract: bigint): CellKey {
  return addressCell(classKeys, 'c', contract);
}

/**
 * Whether a class is declared: read and written by DECLAREs only, so that a second DECLARE of a
 * class in one block depends on the first (blockifier 0.20.0-rc.0 `src/concurrency/
 * versioned_state.rs` versions `declared_contracts` the same way). Not part of a state diff: the
 * declaration itself is `TxExecution.declared`.
 */
export function declaredCell(classHash: bigint): CellKey {
  return `d:${hex(classHash)}`;
}

export type CellKind = 'storage' | 'nonce' | 'class' | 'declared';

export interface ParsedCell {
  kind: CellKind;
  /** The contract address; for a `declared` cell, the class hash. */
  contract: bigint;
  key?: bigint;
}

export function parseCell(cell: CellKey): ParsedCell {
  const parts = cell.split(':');
  switch (parts[0]) {
    case 's':
      if (parts.length === 3)
        return { kind: 'storage', contract: BigInt(parts[1]), key: BigInt(parts[2]) };
      break;
    case 'n':
      if (parts.length === 2) return { kind: 'nonce', contract: BigInt(parts[1]) };
      break;
    case 'c':
      if (parts.length === 2) return { kind: 'class', contract: BigInt(parts[1]) };
      break;
    case 'd':
      if (parts.length === 2) return { kind: 'declared', contract: BigInt(parts[1]) };
      break;
  }
  throw new Error(`not a cell key: ${JSON.stringify(cell)}`);
}
