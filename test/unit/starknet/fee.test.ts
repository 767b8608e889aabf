import { describe, expect, it } from 'vitest';
import { nonceCell, storageCell } from '../../../engine/types';
import {
  FEE_CONSTANTS_0_14,
  countStateChanges,
  dataSegmentLength,
  feeConstantsFor,
  feeOf,
  gasVector,
} from '../../../engine/starknet/fee';

// Hand-computed from blockifier's formulas (engine/starknet/fee.ts cites the files).
const TOKEN = 0x4718n;
const A = 0xa1n;
const B = 0xb2n;

describe('fee model (blockifier 0.14)', () => {
  it('counts a transfer A→B: 2 storage updates, 1 modified contract (the fee token is not counted)', () => {
    const changes = new Map([
      [storageCell(TOKEN, 0x10n), 5n],
      [storageCell(TOKEN, 0x11n), 7n],
      [nonceCell(A), 1n],
    ]);
    const c = countStateChanges(changes, () => 1n, {
      sender: A,
      senderBalanceCell: storageCell(TOKEN, 0x10n),
      feeToken: TOKEN,
    });
    expect(c).toEqual({
      storageUpdates: 2,
      classHashUpdates: 0,
      compiledClassHashUpdates: 0,
      modifiedContracts: 1,
      allocatedKeys: 0,
    });
    expect(dataSegmentLength(c)).toBe(6);
  });

  it('adds the sender balance the fee transfer will write, and counts 0 → non-zero keys as allocated', () => {
    const changes = new Map([[storageCell(B, 0x1n), 9n]]);
    const c = countStateChanges(changes, () => 0n, {
      sender: A,
      senderBalanceCell: storageCell(TOKEN, 0x10n),
      feeToken: TOKEN,
    });
    expect(c.storageUpdates).toBe(2);
    expect(c.allocatedKeys).toBe(1);
    expect(c.modifiedContracts).toBe(1);
  });

  it('prices an invoke: archival felts, OS overhead (steps dominate: 13 L1 gas = 520000 L2 gas), blob gas', () => {
    const state = {
      storageUpdates: 2,
      classHashUpdates: 0,
      compiledClassHashUpdates: 0,
      modifiedContracts: 1,
      allocatedKeys: 0,
    };
    const g = gasVector(
      {
        type: 'INVOKE',
        calldataLength: 7,
        signatureLength: 2,
        state,
        eventKeys: 0,
        eventData: 0,
        messagePayloads: [],
        sierraGas: 1000n,
      },
      FEE_CONSTANTS_0_14,
    );
    // steps 4348 + ceil(11·7/2)=39 + kzg 113·6=678 + poseidon_hash_many(6)=75 = 5140 → ceil(12.85) = 13
    expect(g).toEqual({ l1Gas: 0n, l1DataGas: 192n, l2Gas: 5120n * 9n + 520_000n + 1000n });
    expect(feeOf(g, { l1Gas: 3n, l1DataGas: 5n, l2Gas: 7n }, 1n)).toBe(192n * 5n + g.l2Gas * 8n);
  });

  it('has constants for Starknet 0.14.x only', () => {
    expect(feeConstantsFor('0.14.1')).toBe(FEE_CONSTANTS_0_14);
    expect(feeConstantsFor('0.13.5')).toBeUndefined();
  });
});
