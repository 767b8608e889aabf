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

/**
 * The step budget of a validate or execute phase (blockifier entry_point.rs
 * `EntryPointExecutionContext::max_steps` with `limit_steps_by_resources`, i.e. when the
 * transaction is charged a fee): the block's bound (`validate_max_n_steps` /
 * `invoke_tx_max_n_steps`), lowered for a v3 transaction with all three resource bounds to its
 * L2 gas bound / `step_gas_cost`. Not modelled: the L1-gas-only v3 bound and the `max_fee` bound
 * of older transactions (they need the L1 gas price); those get the block's bound.
 */
export function txStepBound(g: GasConstants, tx: TxInfo, blockBound: number): number {
  const allResources =
    tx.version % QUERY_BIT === 3n && tx.resourceBounds.some((b) => b.resource === L1_DATA);
  const l2 = tx.resourceBounds.find((b) => b.resource === L2_GAS);
  if (!allResources || !l2 || g.stepGasCost === 0n) return blockBound;
  const byResources = l2.maxAmount / g.stepGasCost;
  return byResources < BigInt(blockBound) ? Number(byResources) : blockBound;
}
