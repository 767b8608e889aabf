/** Cairo 0 account calldata: decoded into calls and kept as sent for `__execute__`. */
import { describe, expect, it } from 'vitest';
import { convertInvoke, decodeCairo0Calls } from '../../../engine/blocks/reexecute/rpc-tx';

// two calls: to 0xa (selector 0x1) with [7, 8], to 0xb (selector 0x2) with [9]
const CAIRO0 = [2n, 0xan, 1n, 0n, 2n, 0xbn, 2n, 2n, 1n, 3n, 7n, 8n, 9n];

describe('Cairo 0 account calldata', () => {
  it('decodes [n, (to, selector, offset, len)×n, total, data…]', () => {
    expect(decodeCairo0Calls(CAIRO0)).toEqual([
      { to: 0xan, selector: 1n, calldata: [7n, 8n] },
      { to: 0xbn, selector: 2n, calldata: [9n] },
    ]);
  });

  it('refuses a wrong total or a slice past the data', () => {
    expect(decodeCairo0Calls([...CAIRO0, 1n])).toBeUndefined();
    const past = [...CAIRO0];
    past[8] = 2n; // second call's length 2 from offset 2: past the 3 data felts
    expect(decodeCairo0Calls(past)).toBeUndefined();
  });

  it('convertInvoke keeps the calldata as sent for a Cairo 0 layout only', () => {
    const tx = (calldata: bigint[]) => ({
      type: 'INVOKE',
      version: '0x1',
      sender_address: '0x5',
      calldata: calldata.map((x) => '0x' + x.toString(16)),
      max_fee: '0x0',
      nonce: '0x0',
      signature: [],
    });
    const c0 = convertInvoke(tx(CAIRO0));
    expect('executeCalldata' in c0 && c0.executeCalldata).toEqual(CAIRO0);
    const c1 = convertInvoke(tx([1n, 0xan, 1n, 1n, 7n]));
    expect('calls' in c1 && c1.calls).toHaveLength(1);
    expect('executeCalldata' in c1).toBe(false);
  });
});
