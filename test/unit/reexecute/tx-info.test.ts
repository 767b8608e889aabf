import { describe, expect, it } from 'vitest';
import { convertInvoke, rpcTxInfo } from '../../../engine/blocks/reexecute/rpc-tx';
import { shortString } from '../../../engine/starknet/execution';

describe('tx_info of a re-executed RPC transaction', () => {
  it('v3: resource bounds, tip, paymaster data, DA modes and deployment data reach TxInfo', () => {
    const info = rpcTxInfo(
      {
        type: 'INVOKE',
        version: '0x3',
        resource_bounds: {
          l1_gas: { max_amount: '0x10', max_price_per_unit: '0x20' },
          l2_gas: { max_amount: '0x30', max_price_per_unit: '0x40' },
          l1_data_gas: { max_amount: '0x50', max_price_per_unit: '0x60' },
        },
        tip: '0x7',
        paymaster_data: ['0x1'],
        nonce_data_availability_mode: 'L1',
        fee_data_availability_mode: 'L2',
        account_deployment_data: [],
      },
      3n,
    );
    expect(info.version).toBe(3n);
    expect(info.tip).toBe(7n);
    expect(info.paymasterData).toEqual([1n]);
    expect(info.nonceDataAvailabilityMode).toBe(0n);
    expect(info.feeDataAvailabilityMode).toBe(1n);
    expect(info.resourceBounds).toEqual([
      { resource: shortString('L1_GAS'), maxAmount: 0x10n, maxPricePerUnit: 0x20n },
      { resource: shortString('L2_GAS'), maxAmount: 0x30n, maxPricePerUnit: 0x40n },
      { resource: shortString('L1_DATA'), maxAmount: 0x50n, maxPricePerUnit: 0x60n },
    ]);
  });

  it('v1: the transaction max fee', () => {
    const conv = convertInvoke({
      type: 'INVOKE',
      version: '0x1',
      sender_address: '0xa',
      nonce: '0x2',
      max_fee: '0x99',
      calldata: ['0x0'],
      signature: [],
    });
    expect('unsupported' in conv).toBe(false);
    if (!('unsupported' in conv)) expect(conv.txInfo).toEqual({ version: 1n, maxFee: 0x99n });
  });
});
