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
 *
 * Addresses and keys are lowercase 0x-hex without leading zeros (see `hex`).
 */
export type CellKey = string;

/** Canonical lowercase hex of a felt, no leading zeros ("0x0" for zero). */
export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

export function storageCell(contract: bigint, key: bigint): CellKey {
  return `s:${hex(contract)}:${hex(key)}`;
}
export function nonceCell(contract: bigint): CellKey {
  return `n:${hex(contract)}`;
}
export function classCell(contract: bigint): CellKey {
  return `c:${hex(contract)}`;
}

export type CellKind = 'storage' | 'nonce' | 'class';

export interface ParsedCell {
  kind: CellKind;
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
  }
  throw new Error(`not a cell key: ${JSON.stringify(cell)}`);
}
