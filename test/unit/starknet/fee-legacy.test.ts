/**
 * The NoL2Gas fee model (`max_fee` transactions and L1-gas-only v3 ones) against the receipts of
 * a real Starknet 0.13.4 block: pathfinder's feeder fixture of Sepolia-integration block 63881
 * in ../shared/fixtures (three INVOKE v1 paying in WEI, one v3 with an L1 gas bound only, in
 * FRI). The receipts give each transaction's total VM resources (the OS's included) and its
 * L1 data gas; from those, the calldata, signature and events, our L1 gas and fee must equal
 * the receipt's `total_gas_consumed.l1_gas` and `actual_fee` exactly.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEPRECATED_ARCHIVAL,
  type TxResourceUsage,
  archivalL1Gas,
  feeConstantsFor,
  feeOf,
  gasVectorNoL2Gas,
  osResources,
  txOverheadResources,
  vmCostL1,
} from '../../../engine/starknet/fee';

const FILE = fileURLToPath(
  new URL(
    '../../../../shared/fixtures/blocks/pathfinder-feeder/0.13.4/block/sepolia_integration_63881.json',
    import.meta.url,
  ),
);
const have = existsSync(FILE);

interface Receipt {
  actual_fee: string;
  events: { keys: string[]; data: string[] }[];
  l2_to_l1_messages: unknown[];
  execution_resources: {
    n_steps: number;
    n_memory_holes: number;
    builtin_instance_counter: Record<string, number>;
    total_gas_consumed: { l1_gas: number; l1_data_gas: number };
  };
}
interface Tx {
  version: string;
  calldata: string[];
  signature: string[];
  resource_bounds?: Record<string, unknown>;
}

describe.skipIf(!have)(
  'NoL2Gas fee against Sepolia-integration block 63881 (Starknet 0.13.4)',
  () => {
    const block = JSON.parse(readFileSync(FILE, 'utf8')) as {
      starknet_version: string;
      l1_gas_price: { price_in_wei: string; price_in_fri: string };
      l1_data_gas_price: { price_in_wei: string; price_in_fri: string };
      transactions: Tx[];
      transaction_receipts: Receipt[];
    };
    const k = feeConstantsFor(block.starknet_version)!;
    const archival = DEPRECATED_ARCHIVAL[block.starknet_version];

    it('has constants for 0.13.4 (blockifier 0.20.0-rc.0 resources, generated)', () => {
      expect(block.starknet_version).toBe('0.13.4');
      expect(k.stepCost).toEqual([25, 10000]);
      expect(archival).toEqual({
        gasPerDataFelt: [128, 1000],
        eventKeyFactor: [2, 1],
        gasPerCodeByte: [32, 1000],
      });
      // execute_txs_inner.InvokeFunction of 0.13.4: 3918 steps + 8 per calldata felt
      expect(txOverheadResources('INVOKE', 6, k)).toEqual({
        steps: 3918 + 48,
        builtins: { range_check: 69, pedersen: 14 + 6 },
      });
    });

    it('every transaction: L1 gas = VM cost + archival data; fee at the block price of its unit', () => {
      const checked: string[] = [];
      block.transactions.forEach((tx, i) => {
        const r = block.transaction_receipts[i];
        const res = r.execution_resources;
        const builtins: Record<string, number> = {};
        for (const [b, n] of Object.entries(res.builtin_instance_counter))
          builtins[b.replace(/_builtin$/, '')] = n;
        expect(r.l2_to_l1_messages).toEqual([]);
        const l1 =
          vmCostL1({ steps: res.n_steps + res.n_memory_holes, builtins }, k) +
          archivalL1Gas(
            {
              calldataLength: tx.calldata.length,
              signatureLength: tx.signature.length,
              eventKeys: r.events.reduce((n, e) => n + e.keys.length, 0),
              eventData: r.events.reduce((n, e) => n + e.data.length, 0),
            },
            archival,
          );
        expect(l1).toBe(BigInt(res.total_gas_consumed.l1_gas));
        const unit = tx.version === '0x3' ? 'price_in_fri' : 'price_in_wei';
        const prices = {
          l1Gas: BigInt(block.l1_gas_price[unit]),
          l1DataGas: BigInt(block.l1_data_gas_price[unit]),
          l2Gas: 0n,
        };
        const gas = { l1Gas: l1, l1DataGas: BigInt(res.total_gas_consumed.l1_data_gas), l2Gas: 0n };
        expect(feeOf(gas, prices)).toBe(BigInt(r.actual_fee));
        checked.push(tx.version);
      });
      expect(checked).toEqual(['0x1', '0x3', '0x1', '0x1']);
    });

    it('composes the whole vector: OS resources, Sierra gas rounded up to L1 gas, state in L1 data gas', () => {
      const u: TxResourceUsage = {
        type: 'INVOKE',
        calldataLength: 6,
        signatureLength: 2,
        state: {
          storageUpdates: 1,
          classHashUpdates: 0,
          compiledClassHashUpdates: 0,
          modifiedContracts: 1,
          allocatedKeys: 1,
        },
        eventKeys: 1,
        eventData: 4,
        messagePayloads: [],
        sierraGas: 100_001n,
        vm: { steps: 5000, builtins: { range_check: 300 }, syscalls: {} },
      };
      const os = osResources(u, k);
      // 4 felts of state diff: KZG commitment work (113 steps and 17 range checks per felt) + poseidon
      expect(os.steps).toBe(3918 + 48 + 5000 + 4 * 113 + 2 * 18 + 21);
      const g = gasVectorNoL2Gas(u, k, archival);
      // VM: ceil(9475 × 0.0025) = 24; archival: floor(8 × 0.128) + floor(0.128 × 6) = 1 + 0;
      // Sierra gas: ceil(100001 / 100 × 0.0025) = 3
      expect(g).toEqual({ l1Gas: 24n + 1n + 3n, l1DataGas: 4n * 32n + 32n, l2Gas: 0n });
    });
  },
);
