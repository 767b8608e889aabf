/**
 * Gas in the explorer's cost model, and shortcuts to the newest versioned constants.
 *
 * The gas rules themselves (syscall costs per Starknet version, initial budgets, caps, builtin
 * prices) live in `versioned-constants.ts`, transcribed from blockifier's versioned constants
 * (see README "Gas"). The names below are the newest version's values, for callers that only
 * need a number; the executor uses the block's own version.
 *
 * Cost model of the explorer (TxResult.cost): Cairo steps executed + syscall gas / STEP_GAS_COST,
 * i.e. everything is expressed in "step equivalents" (see README).
 */
import { gasConstantsFor } from './versioned-constants';

export { gasConstantsFor };
export type { GasConstants, SyscallGasCost } from './versioned-constants';

const LATEST = gasConstantsFor();

export const STEP_GAS_COST = LATEST.stepGasCost;
/** Gas of a call tracked in Cairo steps and of the fee transfer (`default_initial_gas_cost`). */
export const INITIAL_GAS_COST = LATEST.defaultInitialGasCost;
export const ENTRY_POINT_INITIAL_BUDGET = LATEST.entryPointInitialBudget;
export const SYSCALL_BASE_GAS_COST = LATEST.syscallBaseGasCost;

/** Base gas of each syscall at the newest version (linear parts: `gasConstantsFor().syscalls`). */
export const SYSCALL_GAS_COSTS: Record<string, bigint> = Object.fromEntries(
  Object.entries(LATEST.syscalls).map(([name, c]) => [name, c.base]),
);
