/**
 * computeInvokeHash (starknet.js) against real transaction hashes from the shared pathfinder
 * feeder fixtures (skipped when ../shared/fixtures is absent). Feeder fields are mapped to the
 * JSON-RPC shape first (INVOKE_FUNCTION → INVOKE, L1_GAS → l1_gas, DA mode 0/1 → 'L1'/'L2').
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeInvokeHash,
  convertInvoke,
  decodeCairo1Calls,
} from '../../../engine/blocks/reexecute';

const blocks = resolve(__dirname, '../../../../shared/fixtures/blocks/pathfinder-feeder');
const FILES: [string, string][] = [
  ['0.11.1/block/mainnet_65000.json', 'SN_MAIN'],
  ['0.13.4/block/sepolia_integration_63881.json', 'SN_INTEGRATION_SEPOLIA'],
  ['0.13.1/state_update_with_block/sepolia_integration_9703.json', 'SN_INTEGRATION_SEPOLIA'],
  ['0.13.1/state_update_with_block/sepolia_integration_pending.json', 'SN_INTEGRATION_SEPOLIA'],
  ['0.14.0/preconfirmed_block/sepolia_integration_955821.json', 'SN_INTEGRATION_SEPOLIA'],
];
const have = existsSync(blocks);
if (!have) console.warn(`[reexecute] ${blocks} is absent: real-hash tests are skipped`);

const short = (s: string) => '0x' + Buffer.from(s).toString('hex');

function feederToRpc(t: Record<string, unknown>): Record<string, unknown> {
  const rb = t.resource_bounds as Record<string, unknown> | undefined;
  return {
    ...t,
    type: t.type === 'INVOKE_FUNCTION' ? 'INVOKE' : t.type,
    ...(rb
      ? {
          resource_bounds: Object.fromEntries(
            Object.entries(rb).map(([k, v]) => [k.toLowerCase(), v]),
          ),
        }
      : {}),
    nonce_data_availability_mode: t.nonce_data_availability_mode === 1 ? 'L2' : 'L1',
    fee_data_availability_mode: t.fee_data_availability_mode === 1 ? 'L2' : 'L1',
  };
}

describe('transaction hashes of real INVOKE v1/v3 transactions', () => {
  it.skipIf(!have)('starknet.js hash of the RPC-shaped fields equals the chain hash', () => {
    let checked = 0;
    const versions = new Set<string>();
    for (const [f, chain] of FILES) {
      const doc = JSON.parse(readFileSync(resolve(blocks, f), 'utf8'));
      const b = doc.block ?? doc;
      let inFile = 0;
      for (const t of b.transactions as Record<string, unknown>[]) {
        if (t.type !== 'INVOKE_FUNCTION' || (t.version !== '0x1' && t.version !== '0x3')) continue;
        if (++inFile > 3) break; // starknet.js's pedersen is slow: a few per file are enough
        const rpc = feederToRpc(t);
        expect(computeInvokeHash(rpc, short(chain)), `${f} ${t.transaction_hash}`).toBe(
          '0x' + BigInt(t.transaction_hash as string).toString(16),
        );
        versions.add(String(t.version));
        checked++;
      }
    }
    expect(versions).toEqual(new Set(['0x1', '0x3']));
    expect(checked).toBeGreaterThan(3);
  });
});

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
