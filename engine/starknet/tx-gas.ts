/**
 * The Sierra gas a transaction's calls start with, as blockifier derives it
 * (crates/blockifier/src/context.rs `initial_sierra_gas`, `GasCounter::limit_usage`;
 * transaction/account_transaction.rs `validate_tx`, `run_execute`, `execute_fee_transfer`):
 *  - the transaction starts with its L2 gas bound (`l2_gas.max_amount`) when it is a v3
 *    transaction with all three resource bounds; otherwise (v0/v1, or L1-gas-only v3) with
 *    `execute_max_sierra_gas + validate_max_sierra_gas`;
 *  - `__validate__` gets min(that, validate_max_sierra_gas); what it consumed is subtracted;
 *  - `__execute__` gets min(what is left, execute_max_sierra_gas);
 *  - the fee transfer runs with `default_initial_gas_cost`, unlimited by the transaction.
 * Each call then takes ENTRY_POINT_INITIAL_BUDGET before its entry point runs (execution.ts).
 *
 * The Cairo-steps budget of a phase (`txPhaseSteps`) comes from the same bounds, or from
 * `max_fee` at the block's L1 gas price (blockifier 0.20.0-rc.0 src/execution/entry_point.rs
 * `EntryPointExecutionContext::max_steps`).
 */
import { encodeShortString } from '../vm/syscall';
import type { TxInfo } from './execution';
import type { GasConstants } from './versioned-constants';

const L2_GAS = encodeShortString('L2_GAS');
const L1_DATA = encodeShortString('L1_DATA');
const QUERY_BIT = 1n << 128n;

export function txInitialGas(g: GasConstants, tx: TxInfo): bigint {
  const allResources =
    tx.version % QUERY_BIT === 3n && tx.resourceBounds.some((b) => b.resource === L1_DATA);
  const l2 = tx.resourceBounds.find((b) => b.resource === L2_GAS);
  if (allResources && l2) return l2.maxAmount;
  return g.initialGasNoUserL2Bound;
}

/** The gas one phase starts with: the transaction's remaining gas, capped for that phase. */
export function txPhaseGas(
  g: GasConstants,
  remaining: bigint,
  phase: 'validate' | 'execute',
): bigint {
  const cap = phase === 'validate' ? g.validateMaxSierraGas : g.executeMaxSierraGas;
  return remaining < cap ? remaining : cap;
}

/** What the resource-derived step limits of older transactions need from the block. */
export interface StepLimitPrices {
  /** `vm_resource_fee_cost.n_steps`: L1 gas per Cairo step, as [numerator, denominator]. */
  l1GasPerStep?: [number, number];
  /** The block's L1 gas price in WEI (the fee type of v0/v1/v2 transactions). */
  l1GasPriceWei?: bigint;
}

const L1_GAS = encodeShortString('L1_GAS');

/**
 * The steps a transaction's bounds allow (blockifier 0.20.0-rc.0 src/execution/entry_point.rs
 * `EntryPointExecutionContext::max_steps`), or undefined when unbounded or not computable here:
 *  - v3 with all three bounds: `l2_gas.max_amount / step_gas_cost`;
 *  - v3 with the L1 gas bound only: `l1_gas.max_amount / l1_gas_per_step` (rounded down);
 *  - v0/v1/v2 (`max_fee`): `(max_fee / l1_gas_price_wei) / l1_gas_per_step`, both rounded down.
 */
function stepsByBounds(
  g: Pick<GasConstants, 'stepGasCost'>,
  tx: TxInfo,
  prices: StepLimitPrices,
): bigint | undefined {
  const perStep = prices.l1GasPerStep;
  const byL1Gas = (l1: bigint) =>
    perStep && perStep[0] > 0 ? (l1 * BigInt(perStep[1])) / BigInt(perStep[0]) : undefined;
  if (tx.version % QUERY_BIT !== 3n) {
    const price = prices.l1GasPriceWei;
    return price ? byL1Gas(tx.maxFee / price) : undefined;
  }
  if (tx.resourceBounds.some((b) => b.resource === L1_DATA)) {
    const l2 = tx.resourceBounds.find((b) => b.resource === L2_GAS);
    return l2 && g.stepGasCost > 0n ? l2.maxAmount / g.stepGasCost : undefined;
  }
  const l1 = tx.resourceBounds.find((b) => b.resource === L1_GAS);
  return l1 ? byL1Gas(l1.maxAmount) : undefined;
}

/**
 * Whether the transaction pays a fee at all (blockifier 0.20.0-rc.0 src/transaction/objects.rs
 * `TransactionInfo::enforce_fee`, with starknet_api 0.20.0-rc.0 src/transaction/fields.rs
 * `ValidResourceBounds::max_possible_fee`): a `max_fee` above 0, or v3 bounds whose most they can
 * cost (each max_amount × max_price_per_unit, the tip added to the L2 gas price) is above 0. One
 * that pays none is not step-limited by its bounds (entry_point.rs `max_steps`).
 */
export function chargesFee(
  tx: Pick<TxInfo, 'version' | 'maxFee' | 'resourceBounds' | 'tip'>,
): boolean {
  if (tx.version % QUERY_BIT !== 3n) return tx.maxFee !== 0n;
  const all = tx.resourceBounds.some((b) => b.resource === L1_DATA);
  let most = 0n;
  for (const b of tx.resourceBounds) {
    if (!all && b.resource !== L1_GAS) continue; // L1-gas-only bounds: only that one counts
    most += b.maxAmount * (b.maxPricePerUnit + (b.resource === L2_GAS ? tx.tip : 0n));
  }
  return most > 0n;
}

/**
 * The step budget a phase starts with (blockifier `max_steps`, fee charged): the phase's global
 * limit (`validate_max_n_steps` / `invoke_tx_max_n_steps`), lowered to what the transaction's
 * bounds allow (`stepsByBounds`). Without the block's L1 gas price a `max_fee` transaction gets
 * the global limit.
 */
export function txPhaseSteps(
  g: Pick<GasConstants, 'stepGasCost' | 'validateMaxNSteps' | 'invokeTxMaxNSteps'>,
  tx: TxInfo,
  phase: 'validate' | 'execute',
  prices: StepLimitPrices = {},
): number {
  const global = phase === 'validate' ? g.validateMaxNSteps : g.invokeTxMaxNSteps;
  const byBounds = stepsByBounds(g, tx, prices);
  return byBounds !== undefined && byBounds < BigInt(global) ? Number(byBounds) : global;
}
