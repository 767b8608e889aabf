/**
 * Calldata decoding and the transaction kinds re-execution converts. The transaction hashes of
 * every kind (formerly checked here for INVOKE v1/v3 only) are checked against every real block
 * of the shared fixtures in test/unit/blocks/tx-hash-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { convertInvoke, decodeCairo1Calls } from '../../../engine/blocks/reexecute';

describe('calldata decoding', () => {
  it('accepts Cairo 1 multicall layout only', () => {
    expect(decodeCairo1Calls([1n, 0xan, 0xbn, 2n, 5n, 6n])).toEqual([
      { to: 0xan, selector: 0xbn, calldata: [5n, 6n] },
    ]);
    expect(decodeCairo1Calls([2n, 0xan, 0xbn, 0n, 0xcn, 0xdn, 1n, 9n])).toHaveLength(2);
    // Cairo 0 layout [n, (to, sel, offset, len)×n, total, data…]
    expect(decodeCairo1Calls([1n, 0xan, 0xbn, 0n, 2n, 2n, 5n, 6n])).toBeUndefined();
    expect(decodeCairo1Calls([])).toBeUndefined();
  });
  it('refuses transaction types engine/starknet does not run', () => {
    expect(convertInvoke({ type: 'DECLARE', version: '0x3' })).toHaveProperty('unsupported');
    expect(
      convertInvoke({ type: 'INVOKE', version: '0x0', contract_address: '0x1', calldata: [] }),
    ).toHaveProperty('unsupported');
    expect(convertInvoke({ type: 'L1_HANDLER', version: '0x0' })).toHaveProperty('unsupported');
  });
});
