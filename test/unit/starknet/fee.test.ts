import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nonceCell, storageCell } from '../../../engine/types';
import {
  FEE_CONSTANTS,
  chargedGas,
  countStateChanges,
  dataSegmentLength,
  feeConstantsFor,
  feeOf,
  gasVector,
  osResources,
  receiptFee,
  syscallResources,
} from '../../../engine/starknet/fee';

// Hand-computed from blockifier's formulas (engine/starknet/fee.ts cites the files).
const TOKEN = 0x4718n;
const A = 0xa1n;
const B = 0xb2n;

const V0_14_2 = FEE_CONSTANTS['0.14.2'];

describe('fee model (blockifier 0.14.2 constants)', () => {
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
      V0_14_2,
    );
    // steps 4348 + ceil(11·7/2)=39 + kzg 113·6=678 + poseidon_hash_many(6)=75 = 5140 → ceil(12.85) = 13
    expect(g).toEqual({ l1Gas: 0n, l1DataGas: 192n, l2Gas: 5120n * 9n + 520_000n + 1000n });
    expect(feeOf(g, { l1Gas: 3n, l1DataGas: 5n, l2Gas: 7n }, 1n)).toBe(192n * 5n + g.l2Gas * 8n);
  });

  it('has constants for Starknet 0.13.0 – 0.14.4 only, as blockifier 0.20.0-rc.0', () => {
    expect(feeConstantsFor('0.14.2')).toBe(V0_14_2);
    expect(feeConstantsFor('0.14.4')!.txOverhead.INVOKE.constant.steps).toBe(4779);
    // blockifier_versioned_constants_0_13_5.json execute_txs_inner.InvokeFunction
    expect(feeConstantsFor('0.13.5')!.txOverhead.INVOKE.constant.steps).toBe(3918);
    expect(feeConstantsFor('0.13.1.1')).toBeDefined();
    expect(feeConstantsFor('0.12.3')).toBeUndefined();
  });
});

// A real Starknet 0.14.0 block (Sepolia integration, pre-confirmed, from pathfinder's gateway
// fixtures in ../shared/fixtures): per-transaction state diffs and receipts with the charged
// VM resources and gas. Its accounts are tracked in Sierra gas, so a receipt's n_steps and
// builtins are the OS's resources alone, and its l1_data_gas comes from the state diff alone.
const PRECONFIRMED = fileURLToPath(
  new URL(
    '../../../../shared/fixtures/blocks/pathfinder-feeder/0.14.0/preconfirmed_block/sepolia_integration_955821.json',
    import.meta.url,
  ),
);

describe.skipIf(!existsSync(PRECONFIRMED))('fee model against a real 0.14.0 block', () => {
  type Rec = Record<string, unknown>;
  const block = existsSync(PRECONFIRMED)
    ? (JSON.parse(readFileSync(PRECONFIRMED, 'utf8')) as Rec)
    : {};
  const txs = (block.transactions ?? []) as Rec[];
  const receipts = (block.transaction_receipts ?? []) as Rec[];
  const diffs = (block.transaction_state_diffs ?? []) as Rec[];
  const STRK = 0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938dn;

  /** The diff as blockifier counts it before the fee transfer: fee-token cells left out, +1 sender balance. */
  function stateOf(diff: Rec) {
    const contracts = new Set<bigint>();
    let storage = 1; // the sender's fee balance
    for (const [addr, entries] of Object.entries(diff.storage_diffs as Record<string, unknown[]>)) {
      if (BigInt(addr) === STRK) continue;
      storage += entries.length;
      contracts.add(BigInt(addr));
    }
    for (const addr of Object.keys(diff.nonces as Rec)) contracts.add(BigInt(addr));
    return {
      storageUpdates: storage,
      classHashUpdates: 0,
      compiledClassHashUpdates: 0,
      modifiedContracts: contracts.size,
      allocatedKeys: 0,
    };
  }

  it('reproduces every receipt’s l1_data_gas and the OS’s VM resources exactly', () => {
    expect(txs.length).toBe(9);
    txs.forEach((tx, i) => {
      const r = receipts[i].execution_resources as Rec;
      const usage = {
        type: 'INVOKE' as const,
        calldataLength: (tx.calldata as unknown[]).length,
        signatureLength: (tx.signature as unknown[]).length,
        state: stateOf(diffs[i]),
        eventKeys: 0,
        eventData: 0,
        messagePayloads: [],
        sierraGas: 0n,
      };
      const total = r.total_gas_consumed as Record<string, number>;
      const g = gasVector(usage, FEE_CONSTANTS[String(block.starknet_version)]);
      expect(g.l1DataGas, `tx ${i}`).toBe(BigInt(total.l1_data_gas));
      const os = osResources(usage, FEE_CONSTANTS[String(block.starknet_version)]);
      expect(os.steps, `tx ${i}`).toBe(r.n_steps);
      const builtins = Object.fromEntries(
        Object.entries(r.builtin_instance_counter as Record<string, number>).map(([k, n]) => [
          k.replace(/_builtin$/, ''),
          n,
        ]),
      );
      expect(os.builtins, `tx ${i}`).toEqual(builtins);
      // what is left of l2_gas is the accounts' Sierra gas: positive, and less than the bound
      const sierra = BigInt(total.l2_gas) - g.l2Gas;
      expect(sierra > 0n && sierra < 100_000_000n, `tx ${i}: ${sierra}`).toBe(true);
    });
  });
});

// blockifier 0.20.0-rc.0 src/fee/fee_checks.rs FeeCheckReport::from_fee_check_error
describe('the gas a v3 transaction pays for', () => {
  const used = { l1Gas: 0n, l1DataGas: 128n, l2Gas: 2_754_560n };
  it('is the gas used while every resource is within its bound', () => {
    expect(chargedGas(used, { l1Gas: 0n, l1DataGas: 128n, l2Gas: 2_754_560n })).toEqual(used);
    expect(chargedGas(used, undefined)).toEqual(used);
  });
  it('is min(used, bound) of each resource once one is above its bound', () => {
    const max = { l1Gas: 5n, l1DataGas: 100n, l2Gas: 1_200_000n };
    expect(chargedGas(used, max)).toEqual({ l1Gas: 0n, l1DataGas: 100n, l2Gas: 1_200_000n });
  });
});

// blockifier 0.20.0-rc.0 blockifier_versioned_constants.rs get_additional_os_syscall_resources
describe('the OS resources of syscalls', () => {
  const k = V0_14_2;
  it('n uses of a syscall cost n times its resources', () => {
    const r = syscallResources('StorageRead', 3, k);
    expect(r.steps).toBe(3 * k.syscalls.StorageRead.steps);
  });
  it("keccak's count is its rounds: Keccak's resources once, KeccakRound's per round", () => {
    const r = syscallResources('Keccak', 3, k);
    expect(r.steps).toBe(k.syscalls.Keccak.steps + 3 * k.syscalls.KeccakRound.steps);
    expect(r.builtins.keccak).toBe(3 * (k.syscalls.KeccakRound.builtins.keccak ?? 0));
    expect(r.builtins.keccak).toBe(3);
  });
});

describe('the fee a receipt reports', () => {
  const g = { l1Gas: 14643n, l1DataGas: 0n, l2Gas: 165120n };
  const prices = { l1Gas: 10n ** 9n, l1DataGas: 10n ** 9n, l2Gas: 10n ** 9n };
  it('is the gas at the block prices (plus the tip on L2 gas)', () => {
    expect(receiptFee('INVOKE', g, prices, 1n, undefined)).toBe(
      14643n * 10n ** 9n + 165120n * (10n ** 9n + 1n),
    );
  });
  it('is 0 for an L1 handler (paid on L1; blockifier l1_handler_tx_execution_info)', () => {
    expect(receiptFee('L1_HANDLER', g, prices, 0n, undefined)).toBe(0n);
  });
});
