/**
 * Gas constants per Starknet version, computed from blockifier's versioned constants
 * (`versioned-constants-data.ts`) the way blockifier's `GasCosts::from_raw`
 * (crates/blockifier/src/blockifier_versioned_constants.rs) does:
 *  - base costs are given in steps and multiplied by `step_gas_cost`;
 *  - a pre-0.13.4 syscall cost is flat gas, or steps × step_gas_cost + range checks × the
 *    range_check builtin cost + bitwise × the bitwise builtin cost + syscall bases ×
 *    syscall_base_gas_cost + memory holes × memory_hole_gas_cost;
 *  - a 0.13.4+ syscall cost is its OS resources priced the same way (steps, memory holes, each
 *    builtin at its `builtin_gas_costs` price; `get_gas_cost_from_vm_resources` in utils.rs), at
 *    least `syscall_base_gas_cost`, plus a linear factor priced from its `calldata_factor`.
 * A block's Starknet version selects the table; the default is the newest.
 */
import {
  type BuiltinGasName,
  type RawResources,
  type RawStructuredCost,
  type RawVersionedConstants,
  type SyscallName,
  RAW_VERSIONED_CONSTANTS,
  SYSCALL_NAMES_ALL,
} from './versioned-constants-data';

export type { SyscallName, BuiltinGasName };

/** Gas of one syscall: `base + linear × n` (n = constructor calldata / payload / calldata length). */
export interface SyscallGasCost {
  base: bigint;
  linear: bigint;
}

export interface GasConstants {
  version: string;
  /** The blockifier JSON this table was transcribed from. */
  source: string;
  stepGasCost: bigint;
  memoryHoleGasCost: bigint;
  /** Pre-charged by the compiler before every syscall; blockifier charges the rest. */
  syscallBaseGasCost: bigint;
  /** Subtracted from a call's initial gas before its entry point runs. */
  entryPointInitialBudget: bigint;
  /** Initial gas of calls tracked in Cairo steps, and of the fee transfer. */
  defaultInitialGasCost: bigint;
  validateMaxSierraGas: bigint;
  executeMaxSierraGas: bigint;
  /** The Sierra gas an L1 handler starts with (`l1_handler_max_amount_bounds.l2_gas`). */
  l1HandlerMaxL2Gas: bigint;
  /** `l1_handler_max_amount_bounds` whole: an L1 handler using more is reverted after execution. */
  l1HandlerMaxAmounts: { l1Gas: bigint; l1DataGas: bigint; l2Gas: bigint };
  /** Tx initial gas when the user gave no L2 gas bound (v1 or L1-gas-only v3): execute + validate caps. */
  initialGasNoUserL2Bound: bigint;
  invokeTxMaxNSteps: number;
  validateMaxNSteps: number;
  maxRecursionDepth: number;
  eventLimits: { maxDataLength: number; maxKeysLength: number; maxEmittedEvents: number };
  builtinGasCosts: Record<BuiltinGasName, bigint>;
  /**
   * The table `get_builtin_costs` reads, in the OS order blockifier writes it
   * (`prepare_program_extra_data`): pedersen, bitwise, ec_op, poseidon, add_mod, mul_mod, blake.
   */
  builtinCostTable: bigint[];
  syscalls: Record<SyscallName, SyscallGasCost>;
  validateRounding: { blockNumber: bigint; timestamp: bigint };
  /** false before 0.13.4: a failed inner call cannot be caught; the whole transaction fails. */
  enableReverts: boolean;
  /** A Sierra-gas call's VM frame (pc, traceback) is left out of revert reasons (0.14.3+). */
  stripVmFramesInSierraGas: boolean;
  /** `call_contract` to `__execute__` fails with 'Invalid argument' (0.14.0 on). */
  blockDirectExecuteCall: boolean;
  disableDeployInValidationMode: boolean;
  /** A DECLARE v0/v1 of an already declared class is refused (0.13.2+); v2/v3 always are. */
  disableCairo0Redeclaration: boolean;
  /** Classes with an older Sierra version are tracked in Cairo steps (no Sierra gas charged). */
  minSierraVersionForSierraGas: [number, number, number];
  v1BoundAccountsCairo1: ReadonlySet<bigint>;
  v1BoundAccountsMaxTip: bigint;
  dataGasAccounts: ReadonlySet<bigint>;
  storedBlockHashBuffer: bigint;
}

/** Every Starknet version with versioned constants, oldest first. */
export const STARKNET_VERSIONS: readonly string[] = RAW_VERSIONED_CONSTANTS.map((r) => r.version);
export const LATEST_STARKNET_VERSION = STARKNET_VERSIONS[STARKNET_VERSIONS.length - 1];

export class UnknownStarknetVersionError extends Error {
  constructor(readonly version: string) {
    super(
      `unknown Starknet version "${version}": blockifier has versioned constants for ` +
        STARKNET_VERSIONS.join(', '),
    );
    this.name = 'UnknownStarknetVersionError';
  }
}

const B = BigInt;

function builtinPrices(raw: RawVersionedConstants): Record<BuiltinGasName, bigint> {
  const out = {} as Record<BuiltinGasName, bigint>;
  for (const [k, v] of Object.entries(raw.builtinGasCosts)) out[k as BuiltinGasName] = B(v);
  return out;
}

/** blockifier `get_gas_cost_from_vm_resources`: steps, memory holes and builtins, priced. */
function resourcesGas(
  r: RawResources,
  step: bigint,
  hole: bigint,
  prices: Record<BuiltinGasName, bigint>,
): bigint {
  let gas = B(r.steps) * step + B(r.memoryHoles ?? 0) * hole;
  for (const [name, n] of Object.entries(r.builtins ?? {}))
    gas += B(n ?? 0) * prices[name as BuiltinGasName];
  return gas;
}

/** blockifier `old_syscall_gas_cost_summary`. */
function structuredGas(
  c: RawStructuredCost,
  g: Pick<GasConstants, 'stepGasCost' | 'syscallBaseGasCost' | 'memoryHoleGasCost'>,
  prices: Record<BuiltinGasName, bigint>,
): bigint {
  if (typeof c === 'number') return B(c);
  return (
    B(c.steps ?? 0) * g.stepGasCost +
    B(c.rangeCheck ?? 0) * prices.range_check +
    B(c.bitwise ?? 0) * prices.bitwise +
    B(c.syscallBase ?? 0) * g.syscallBaseGasCost +
    B(c.memoryHoles ?? 0) * g.memoryHoleGasCost
  );
}

function syscallTable(
  raw: RawVersionedConstants,
  g: Pick<GasConstants, 'stepGasCost' | 'syscallBaseGasCost' | 'memoryHoleGasCost'>,
  prices: Record<BuiltinGasName, bigint>,
): Record<SyscallName, SyscallGasCost> {
  const out = {} as Record<SyscallName, SyscallGasCost>;
  const t = raw.syscalls;
  for (const name of SYSCALL_NAMES_ALL) {
    if (t.kind === 'structured') {
      out[name] = { base: structuredGas(t.costs[name], g, prices), linear: 0n };
      continue;
    }
    const { constant, perItem } = t.costs[name];
    const base = resourcesGas(constant, g.stepGasCost, g.memoryHoleGasCost, prices);
    out[name] = {
      // the compiler pre-charges syscall_base_gas_cost, so no syscall costs less
      base: base > g.syscallBaseGasCost ? base : g.syscallBaseGasCost,
      linear: perItem ? resourcesGas(perItem, g.stepGasCost, g.memoryHoleGasCost, prices) : 0n,
    };
  }
  return out;
}

function parseSierraVersion(v: string): [number, number, number] {
  const [a, b, c] = v.split('.').map(Number);
  return [a, b, c];
}

function build(raw: RawVersionedConstants): GasConstants {
  const step = B(raw.stepGasCost);
  const base = {
    stepGasCost: step,
    memoryHoleGasCost: B(raw.memoryHoleGasCost),
    syscallBaseGasCost: B(raw.syscallBaseGasCostSteps) * step,
  };
  const prices = builtinPrices(raw);
  const hexSet = (xs: readonly string[]) => new Set(xs.map((x) => B(x)));
  return {
    version: raw.version,
    source: raw.file,
    ...base,
    entryPointInitialBudget: B(raw.entryPointInitialBudgetSteps) * step,
    defaultInitialGasCost: B(raw.defaultInitialGasCostSteps) * step,
    validateMaxSierraGas: B(raw.validateMaxSierraGas),
    executeMaxSierraGas: B(raw.executeMaxSierraGas),
    l1HandlerMaxL2Gas: B(raw.l1HandlerMaxL2Gas),
    l1HandlerMaxAmounts: {
      l1Gas: B(raw.l1HandlerMaxL1Gas),
      l1DataGas: B(raw.l1HandlerMaxL1DataGas),
      l2Gas: B(raw.l1HandlerMaxL2Gas),
    },
    initialGasNoUserL2Bound: B(raw.validateMaxSierraGas) + B(raw.executeMaxSierraGas),
    invokeTxMaxNSteps: raw.invokeTxMaxNSteps,
    validateMaxNSteps: raw.validateMaxNSteps,
    maxRecursionDepth: raw.maxRecursionDepth,
    eventLimits: { ...raw.eventLimits },
    builtinGasCosts: prices,
    builtinCostTable: [
      prices.pedersen,
      prices.bitwise,
      prices.ecop,
      prices.poseidon,
      prices.add_mod,
      prices.mul_mod,
      prices.blake,
    ],
    syscalls: syscallTable(raw, base, prices),
    validateRounding: {
      blockNumber: B(raw.validateRounding.blockNumber),
      timestamp: B(raw.validateRounding.timestamp),
    },
    enableReverts: raw.enableReverts,
    stripVmFramesInSierraGas: raw.stripVmFramesInSierraGas === true,
    blockDirectExecuteCall: raw.blockDirectExecuteCall,
    disableDeployInValidationMode: raw.disableDeployInValidationMode,
    disableCairo0Redeclaration: raw.disableCairo0Redeclaration,
    minSierraVersionForSierraGas: parseSierraVersion(raw.minSierraVersionForSierraGas),
    v1BoundAccountsCairo1: hexSet(raw.v1BoundAccountsCairo1),
    v1BoundAccountsMaxTip: B(raw.v1BoundAccountsMaxTip),
    dataGasAccounts: hexSet(raw.dataGasAccounts),
    storedBlockHashBuffer: B(raw.storedBlockHashBuffer),
  };
}

const built = new Map<string, GasConstants>();

/** "v0.14.1" and "0.14.1.0" name 0.14.1; anything else must be listed exactly. */
function normalize(version: string): string {
  let v = version.trim().replace(/^v/i, '');
  if (!STARKNET_VERSIONS.includes(v) && /^\d+\.\d+\.\d+\.0$/.test(v)) v = v.slice(0, -2);
  return v;
}

/** The version as the constants table names it, or undefined when blockifier has none for it. */
export function knownStarknetVersion(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const v = normalize(version);
  return STARKNET_VERSIONS.includes(v) ? v : undefined;
}

/**
 * The gas constants of a Starknet version (default: the newest). Throws
 * `UnknownStarknetVersionError` for a version blockifier has no constants for.
 */
export function gasConstantsFor(version: string = LATEST_STARKNET_VERSION): GasConstants {
  const v = normalize(version);
  let g = built.get(v);
  if (g) return g;
  const raw = RAW_VERSIONED_CONSTANTS.find((r) => r.version === v);
  if (!raw) throw new UnknownStarknetVersionError(version);
  built.set(v, (g = build(raw)));
  return g;
}
