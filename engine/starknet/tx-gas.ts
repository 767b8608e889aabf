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
 * The Cairo-steps budget of a phase (`txPhaseSteps`) comes from the same bounds
 * (blockifier 0.20.0-rc.0 src/execution/entry_point.rs `EntryPointExecutionContext::max_steps`).
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
 * The step budget a phase starts with (blockifier `max_steps`, fee charged): the phase's global
 * limit (`validate_max_n_steps` / `invoke_tx_max_n_steps`), lowered for a v3 transaction with
 * all three bounds to `l2_gas.max_amount / step_gas_cost`. Not modelled (the global limit
 * applies): the L1-gas-only and `max_fee` (v0/v1) limits, which need the L1 gas price.
 */
export function txPhaseSteps(
  g: Pick<GasConstants, 'stepGasCost' | 'validateMaxNSteps' | 'invokeTxMaxNSteps'>,
  tx: TxInfo,
  phase: 'validate' | 'execute',
): number {
  const global = phase === 'validate' ? g.validateMaxNSteps : g.invokeTxMaxNSteps;
  const allResources =
    tx.version % QUERY_BIT === 3n && tx.resourceBounds.some((b) => b.resource === L1_DATA);
  const l2 = tx.resourceBounds.find((b) => b.resource === L2_GAS);
  if (!allResources || !l2 || g.stepGasCost === 0n) return global;
  const byBound = l2.maxAmount / g.stepGasCost;
  return byBound < BigInt(global) ? Number(byBound) : global;
}
