/**
 * Starknet's resource model: the gas vector (l1_gas, l1_data_gas, l2_gas) a transaction is
 * charged and its actual fee, from what its execution did. The facts are blockifier's
 * (starkware-libs/sequencer, commit 60161ba754d96601c4ec18d70125e2e2a1a036a7):
 *  - crates/blockifier/src/fee/receipt.rs (`TransactionReceipt::from_params`): gas = Starknet
 *    resources (archival data, state, messages) + computation (Sierra gas of validate and
 *    execute, the OS's per-transaction VM resources); the fee transfer itself is not charged;
 *  - crates/blockifier/src/fee/resources.rs, fee/gas_usage.rs, fee/fee_utils.rs,
 *    fee/eth_gas_constants.rs, state/cached_state.rs (`count_for_fee_charge`, `AllocatedKeys`);
 *  - the numbers in crates/blockifier/resources/blockifier_versioned_constants_0_14_*.json
 *    (fee-constants.ts, one set per Starknet version).
 * Only the `All` gas-vector mode (v3 transactions, L1 handlers) with KZG data availability is
 * modelled. Calls tracked in Cairo steps (Sierra < 1.7.0) are charged their steps + memory holes
 * (fee/fee_utils.rs `get_extended_vm_resources_cost`), builtins and syscalls; reverted steps are not.
 */
import { type CellKey, parseCell } from '../types';
import { FEE_CONSTANTS } from './fee-constants';
import {
  DEPRECATED_ARCHIVAL,
  type DeprecatedArchivalCosts,
  FEE_CONSTANTS_0_13,
} from './fee-constants-legacy';

export { FEE_CONSTANTS, FEE_CONSTANTS_0_13, DEPRECATED_ARCHIVAL, type DeprecatedArchivalCosts };

export interface GasVector {
  l1Gas: bigint;
  l1DataGas: bigint;
  l2Gas: bigint;
}

export interface GasPrices {
  l1Gas: bigint;
  l1DataGas: bigint;
  l2Gas: bigint;
}

type Builtins = Record<string, number>;
export interface VmResources {
  steps: number;
  builtins: Builtins;
}
interface Variable {
  constant: VmResources;
  perCalldata?: { resources: VmResources; scaling: number };
}

export type FeeTxType = 'INVOKE' | 'DECLARE' | 'DEPLOY_ACCOUNT' | 'L1_HANDLER';

/** The versioned constants the fee needs (one Starknet version's JSON, see `FEE_CONSTANTS`). */
export interface FeeConstants {
  /** archival_data_gas_costs (All mode): L2 gas per calldata/signature/event felt, key factor, per code byte. */
  gasPerDataFelt: bigint;
  eventKeyFactor: bigint;
  gasPerCodeByte: bigint;
  /** allocation_cost.blob_cost: per storage key that goes from 0 to non-zero. */
  allocation: GasVector;
  /** vm_resource_fee_cost, in L1 gas per unit, as [numerator, denominator]. */
  stepCost: [number, number];
  builtinCost: Record<string, [number, number]>;
  /** os_constants.step_gas_cost: Sierra gas per Cairo step (L1→L2 gas conversion). */
  stepGasCost: number;
  /** os_resources.execute_txs_inner and compute_os_kzg_commitment_info. */
  txOverhead: Record<FeeTxType, Variable>;
  kzgPerFelt: VmResources;
  /** os_resources.execute_syscalls: the OS's VM resources per syscall (calls tracked in Cairo steps). */
  syscalls: Record<string, VmResources>;
  /** execute_syscalls.Deploy.calldata_factor: per constructor calldata felt. */
  deployPerCalldata: VmResources;
  /** execute_syscalls.SendMessageToL1.calldata_factor (0.14.4+): per payload felt. */
  messagePerPayload: VmResources;
}

/** The constants for a block's `starknet_version`, or undefined when we have none for it. */
export function feeConstantsFor(starknetVersion: string | undefined): FeeConstants | undefined {
  if (!starknetVersion) return undefined;
  return FEE_CONSTANTS[starknetVersion] ?? FEE_CONSTANTS_0_13[starknetVersion];
}

/** What the state diff of validate + execute (not the fee transfer) counts for the fee. */
export interface StateChangesCount {
  storageUpdates: number;
  classHashUpdates: number;
  compiledClassHashUpdates: number;
  modifiedContracts: number;
  allocatedKeys: number;
}

/**
 * `StateChanges::count_for_fee_charge`: changed storage cells (+1 for the sender's fee-token
 * balance when execution did not change it: the fee transfer will), class hash updates,
 * compiled class hash updates (declares), contracts with any change except the fee token, and
 * keys allocated (0 → non-zero). `changes` must hold only cells whose value really changed.
 */
export function countStateChanges(
  changes: Map<CellKey, bigint>,
  preValue: (cell: CellKey) => bigint,
  opts: {
    sender?: bigint;
    senderBalanceCell?: CellKey;
    feeToken: bigint;
    compiledClassHashUpdates?: number;
  },
): StateChangesCount {
  const contracts = new Set<bigint>();
  let storage = 0;
  let classes = 0;
  let allocated = 0;
  for (const [cell, v] of changes) {
    const p = parseCell(cell);
    // a declaration is not a contract's state: it is counted in compiledClassHashUpdates
    if (p.kind === 'declared') continue;
    contracts.add(p.contract);
    if (p.kind === 'storage') {
      storage++;
      if (v !== 0n && preValue(cell) === 0n) allocated++;
    } else if (p.kind === 'class') classes++;
  }
  if (opts.senderBalanceCell !== undefined && !changes.has(opts.senderBalanceCell)) storage++;
  contracts.delete(opts.feeToken);
  return {
    storageUpdates: storage,
    classHashUpdates: classes,
    compiledClassHashUpdates: opts.compiledClassHashUpdates ?? 0,
    modifiedContracts: contracts.size,
    allocatedKeys: allocated,
  };
}

/** `get_onchain_data_segment_length`: felts the state diff occupies in the blob. */
export function dataSegmentLength(c: StateChangesCount): number {
  return (
    2 * c.modifiedContracts +
    c.classHashUpdates +
    2 * c.storageUpdates +
    2 * c.compiledClassHashUpdates
  );
}

/** What a transaction did, as blockifier's receipt counts it. */
export interface TxResourceUsage {
  type: FeeTxType;
  /** Calldata felts (the L1 handler's payload for L1_HANDLER; constructor calldata for DEPLOY_ACCOUNT). */
  calldataLength: number;
  signatureLength: number;
  /** DECLARE: code size in felts (Sierra program + ABI), else 0. */
  codeSize?: number;
  state: StateChangesCount;
  /** Events of validate + execute (not of the fee transfer): keys and data felts. */
  eventKeys: number;
  eventData: number;
  /** Payload lengths of L2→L1 messages. */
  messagePayloads: number[];
  /** Sierra gas consumed by validate + execute (a reverted execute's included). */
  sierraGas: bigint;
  /**
   * Work of calls tracked in Cairo steps (classes with Sierra < 1.7.0, and every call below
   * them): their own steps, builtins and syscalls, charged as VM resources with the OS's.
   */
  vm?: {
    steps: number;
    /** cairo-vm's memory holes of those calls, charged as steps (fee_utils.rs). */
    memoryHoles?: number;
    builtins: Record<string, number>;
    syscalls: Record<string, number>;
    /** Constructor calldata felts of Deploy syscalls (the OS's per-felt part of Deploy). */
    deployCalldata?: number;
  };
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

function addVm(a: VmResources, b: VmResources, times = 1): VmResources {
  const builtins: Builtins = { ...a.builtins };
  for (const [k, n] of Object.entries(b.builtins)) builtins[k] = (builtins[k] ?? 0) + n * times;
  return { steps: a.steps + b.steps * times, builtins };
}

/**
 * The OS's resources for a transaction of `type` with `calldataLength` calldata felts
 * (blockifier `os_resources_for_tx_type`): what the OS runs around its calls. Also taken from an
 * invoke's execute step budget (entry_point.rs `subtract_validation_and_overhead_steps`).
 */
export function txOverheadResources(
  type: TxResourceUsage['type'],
  calldataLength: number,
  k: FeeConstants,
): VmResources {
  const o = k.txOverhead[type];
  if (!o.perCalldata) return o.constant;
  // CallDataFactor::calculate_resources: (resources × length).div_ceil(scaling), per field
  const { resources, scaling } = o.perCalldata;
  const scaled = (n: number) => Math.ceil((n * calldataLength) / scaling);
  const builtins: Builtins = {};
  for (const [b, n] of Object.entries(resources.builtins)) builtins[b] = scaled(n);
  return addVm(o.constant, { steps: scaled(resources.steps), builtins });
}

/**
 * The OS's resources for `n` uses of a syscall (blockifier 0.20.0-rc.0
 * blockifier_versioned_constants.rs `get_additional_os_syscall_resources`): `n` × its resources;
 * keccak's `n` counts rounds, each charged as KeccakRound, plus Keccak's own resources once.
 */
export function syscallResources(name: string, n: number, k: FeeConstants): VmResources {
  const none: VmResources = { steps: 0, builtins: {} };
  if (name !== 'Keccak') return k.syscalls[name] ? addVm(none, k.syscalls[name], n) : none;
  const base = k.syscalls.Keccak ?? none;
  return k.syscalls.KeccakRound ? addVm(base, k.syscalls.KeccakRound, n) : base;
}

/**
 * The VM resources charged: the OS's for the transaction (`get_additional_os_tx_resources`, KZG
 * DA) plus the Cairo-steps-tracked calls' own (`extract_extended_vm_resources`: run + syscalls).
 */
export function osResources(u: TxResourceUsage, k: FeeConstants): VmResources {
  let r = txOverheadResources(u.type, u.calldataLength, k);
  if (u.vm) {
    r = addVm(r, { steps: u.vm.steps + (u.vm.memoryHoles ?? 0), builtins: u.vm.builtins });
    for (const [name, n] of Object.entries(u.vm.syscalls))
      r = addVm(r, syscallResources(name, n, k));
    r = addVm(r, k.deployPerCalldata, u.vm.deployCalldata ?? 0);
    for (const n of u.messagePayloads) r = addVm(r, k.messagePerPayload, n);
  }
  const seg = dataSegmentLength(u.state);
  // os_kzg_da_resources: nothing at all while the constants have no KZG commitment cost (0.13.0, 0.13.1)
  if (k.kzgPerFelt.steps === 0 && Object.keys(k.kzgPerFelt.builtins).length === 0) return r;
  r = addVm(r, k.kzgPerFelt, seg);
  // poseidon_hash_many_cost(seg) (execution_utils.rs)
  const poseidonSteps =
    Math.floor(seg / 10) * 55 + Math.floor((seg % 10) / 2) * 18 + (seg % 2) * 3 + 21;
  return addVm(r, { steps: poseidonSteps, builtins: { poseidon: Math.floor(seg / 2) + 1 } });
}

/** `get_extended_vm_resources_cost` in NoL2Gas mode: the costliest of steps and builtins, each rounded up, in L1 gas. */
export function vmCostL1(r: VmResources, k: FeeConstants): bigint {
  const cost = ([num, den]: [number, number], n: number) => ceilDiv(BigInt(num * n), BigInt(den));
  let l1 = cost(k.stepCost, r.steps);
  for (const [b, n] of Object.entries(r.builtins)) {
    const c = k.builtinCost[b];
    if (c && n > 0) {
      const v = cost(c, n);
      if (v > l1) l1 = v;
    }
  }
  return l1;
}

/** `get_extended_vm_resources_cost` in All mode: the same cost, in L2 gas. */
export function vmCostL2(r: VmResources, k: FeeConstants): bigint {
  // l1_gas_to_sierra_gas_amount_round_up: × step_gas_cost / step cost
  const [num, den] = k.stepCost;
  return ceilDiv(vmCostL1(r, k) * BigInt(k.stepGasCost * den), BigInt(num));
}

// fee/eth_gas_constants.rs and abi/constants.rs, for L2→L1 messages (charged in L1 gas)
const GAS_PER_MEMORY_WORD = 512n;
const SHARP_GAS_PER_MEMORY_WORD = 612n; // GAS_PER_MEMORY_WORD + SHARP_ADDITIONAL (100)
const GAS_PER_ZERO_TO_NONZERO_STORAGE_SET = 20_000n;
const GAS_PER_COUNTER_DECREASE = 2900n + 2100n; // NONZERO_TO_INT_STORAGE_SET + COLD_STORAGE_ACCESS
const L2_TO_L1_MSG_HEADER_SIZE = 3;
const L1_TO_L2_MSG_HEADER_SIZE = 5;
const LOG_COST = (topics: number, data: number) =>
  375n + BigInt(topics + 1) * 375n + BigInt(data) * 256n;

/** L1 gas of messages (`MessageResources::to_gas_vector`). */
function messageL1Gas(u: TxResourceUsage): bigint {
  const l1Handler = u.type === 'L1_HANDLER';
  let segment = 0;
  for (const n of u.messagePayloads) segment += L2_TO_L1_MSG_HEADER_SIZE + n;
  if (l1Handler) segment += L1_TO_L2_MSG_HEADER_SIZE + u.calldataLength;
  let gas = BigInt(segment) * (GAS_PER_MEMORY_WORD + SHARP_GAS_PER_MEMORY_WORD);
  gas += BigInt(u.messagePayloads.length) * GAS_PER_ZERO_TO_NONZERO_STORAGE_SET;
  if (l1Handler) gas += GAS_PER_COUNTER_DECREASE + LOG_COST(3, 3 + u.calldataLength); // ConsumedMessageToL2: 3 topics
  for (const n of u.messagePayloads) gas += LOG_COST(2, 2 + n); // LogMessageToL1: 2 topics
  return gas;
}

/** The gas vector of a transaction (blockifier `TransactionResources::to_gas_vector`, All mode, KZG). */
export function gasVector(u: TxResourceUsage, k: FeeConstants): GasVector {
  const seg = BigInt(dataSegmentLength(u.state));
  const archival =
    k.gasPerDataFelt * BigInt(u.calldataLength + u.signatureLength) +
    k.gasPerCodeByte * BigInt(u.codeSize ?? 0) +
    k.gasPerDataFelt * (k.eventKeyFactor * BigInt(u.eventKeys) + BigInt(u.eventData));
  const alloc = BigInt(u.state.allocatedKeys);
  return {
    l1Gas: messageL1Gas(u) + alloc * k.allocation.l1Gas,
    l1DataGas: seg * 32n + alloc * k.allocation.l1DataGas,
    l2Gas: archival + alloc * k.allocation.l2Gas + u.sierraGas + vmCostL2(osResources(u, k), k),
  };
}

/**
 * The least gas an account transaction can use, which its `max_fee` must cover before it runs
 * (blockifier 0.20.0-rc.0 src/fee/gas_usage.rs `estimate_minimal_gas_vector`, NoL2Gas mode, KZG
 * data availability): the sender's balance and nonce (a DEPLOY_ACCOUNT also its class hash) as
 * state diff in L1 data gas, and the OS's steps for the transaction type (with its KZG work) in
 * L1 gas.
 */
export function minimalGasVectorNoL2Gas(
  type: Exclude<FeeTxType, 'L1_HANDLER'>,
  calldataLength: number,
  k: FeeConstants,
): GasVector {
  const state: StateChangesCount = {
    storageUpdates: 1,
    classHashUpdates: type === 'DEPLOY_ACCOUNT' ? 1 : 0,
    compiledClassHashUpdates: 0,
    modifiedContracts: 1,
    allocatedKeys: 0,
  };
  const seg = dataSegmentLength(state);
  const none = { steps: 0, builtins: {} };
  const u: TxResourceUsage = {
    type,
    calldataLength: type === 'DECLARE' ? 0 : calldataLength,
    signatureLength: 0,
    state,
    eventKeys: 0,
    eventData: 0,
    messagePayloads: [],
    sierraGas: 0n,
  };
  // only the steps count (`os_steps_for_type`): the builtins of the OS resources are dropped
  const steps = osResources(u, k).steps;
  return { l1Gas: vmCostL1({ ...none, steps }, k), l1DataGas: BigInt(seg) * 32n, l2Gas: 0n };
}

/**
 * A gas vector as L1 gas, for the bound of a v3 transaction that bounds L1 gas only (blockifier
 * 0.20.0-rc.0 src/fee/fee_utils.rs `to_l1_gas_for_fee`): L1 data gas converted at the ratio of
 * the two prices and L2 gas at the step price, each rounded up (starknet_api 0.20.0-rc.0
 * src/execution_resources.rs `to_discounted_l1_gas`).
 */
export function l1GasForFee(g: GasVector, prices: GasPrices, k: FeeConstants): bigint {
  const data = prices.l1Gas > 0n ? ceilDiv(g.l1DataGas * prices.l1DataGas, prices.l1Gas) : 0n;
  const [num, den] = k.stepCost;
  return g.l1Gas + data + ceilDiv(g.l2Gas * BigInt(num), BigInt(k.stepGasCost * den));
}

/** `TransactionFeeError::MaxFeeTooLow` (src/transaction/errors.rs), or undefined when max_fee covers it. */
export function maxFeeTooLow(maxFee: bigint, minFee: bigint): string | undefined {
  return maxFee < minFee ? `Max fee (${maxFee}) is too low. Minimum fee: ${minFee}.` : undefined;
}

/**
 * Archival data (calldata, signature, declared code, events) priced in L1 gas, as blockifier
 * 0.20.0-rc.0 prices it in NoL2Gas mode (src/fee/resources.rs `ArchivalDataResources`,
 * src/execution/call_info.rs `EventSummary::to_gas_vector`): each of the three parts rounded
 * down on its own, at the version's `deprecated_l2_resource_gas_costs`.
 */
export function archivalL1Gas(
  u: Pick<
    TxResourceUsage,
    'calldataLength' | 'signatureLength' | 'codeSize' | 'eventKeys' | 'eventData'
  >,
  a: DeprecatedArchivalCosts,
): bigint {
  const [fn, fd] = a.gasPerDataFelt.map(BigInt);
  const [kn, kd] = a.eventKeyFactor.map(BigInt);
  const [cn, cd] = a.gasPerCodeByte.map(BigInt);
  const data = (fn * BigInt(u.calldataLength + u.signatureLength)) / fd;
  const code = (cn * BigInt(u.codeSize ?? 0)) / cd;
  // gas_per_data_felt × (event_key_factor × keys + data), one rational, rounded down
  const events = (fn * (kn * BigInt(u.eventKeys) + kd * BigInt(u.eventData))) / (fd * kd);
  return data + code + events;
}

/**
 * The gas vector of a `max_fee` (v0/v1/v2) or L1-gas-only v3 transaction: blockifier's
 * `TransactionResources::to_gas_vector` in NoL2Gas mode with KZG data availability
 * (0.20.0-rc.0 src/fee/resources.rs, fee_utils.rs): archival data, messages, computation (the VM
 * cost and Sierra gas converted up to L1 gas) in L1 gas; the state diff in L1 data gas; the
 * allocation cost as is.
 */
export function gasVectorNoL2Gas(
  u: TxResourceUsage,
  k: FeeConstants,
  a: DeprecatedArchivalCosts,
): GasVector {
  const seg = BigInt(dataSegmentLength(u.state));
  const alloc = BigInt(u.state.allocatedKeys);
  // sierra_gas_to_l1_gas_amount_round_up: × step cost / step_gas_cost
  const [num, den] = k.stepCost;
  const sierraL1 = ceilDiv(u.sierraGas * BigInt(num), BigInt(k.stepGasCost * den));
  return {
    l1Gas:
      messageL1Gas(u) +
      alloc * k.allocation.l1Gas +
      archivalL1Gas(u, a) +
      vmCostL1(osResources(u, k), k) +
      sierraL1,
    l1DataGas: seg * 32n + alloc * k.allocation.l1DataGas,
    l2Gas: alloc * k.allocation.l2Gas,
  };
}

/**
 * blockifier's post-execution fee check (0.20.0-rc.0 src/fee/fee_checks.rs
 * `check_all_gas_amounts_within_bounds`, `FeeCheckError::MaxGasAmountExceeded`): the first
 * resource, in the order L1 gas, L2 gas, L1 data gas, whose use is above its `max_amount`, as
 * the error text (the resource printed by its Rust name, amounts in decimal); undefined when
 * all are within bounds. Used for v3 transactions with all three bounds and for L1 handlers
 * (against `l1_handler_max_amount_bounds`).
 */
export function maxGasAmountExceeded(max: GasVector, used: GasVector): string | undefined {
  const order: [string, bigint, bigint][] = [
    ['L1Gas', max.l1Gas, used.l1Gas],
    ['L2Gas', max.l2Gas, used.l2Gas],
    ['L1DataGas', max.l1DataGas, used.l1DataGas],
  ];
  for (const [name, bound, actual] of order)
    if (bound < actual)
      return `Insufficient max ${name}: max amount: ${bound}, actual used: ${actual}.`;
  return undefined;
}

/**
 * The post-execution check that the sender can pay (`check_can_pay_fee`,
 * `FeeCheckError::InsufficientFeeTokenBalance`): its fee-token balance after execute, as the u256
 * (low, high) of the ERC20 storage, must cover the actual fee; the text prints both halves.
 */
export function insufficientFeeTokenBalance(
  fee: bigint,
  low: bigint,
  high: bigint,
): string | undefined {
  if (high > 0n || low >= fee) return undefined;
  return `Insufficient fee token balance. Fee: ${fee}, balance: low/high ${low}/${high}.`;
}

/** The same check for a `max_fee` (v0/v1/v2) transaction (`FeeCheckError::MaxFeeExceeded`). */
export function maxFeeExceeded(maxFee: bigint, fee: bigint): string | undefined {
  return fee > maxFee ? `Insufficient max fee: max fee: ${maxFee}, actual fee: ${fee}.` : undefined;
}

/** `GasVector::cost`: each amount × its price, the tip added to the L2 gas price. */
/**
 * The gas a v3 transaction (all three bounds) pays for when it used `g`: all of it, unless some
 * resource is above its `max_amount`; then min(used, bound) of each (blockifier 0.20.0-rc.0
 * src/fee/fee_checks.rs `FeeCheckReport::from_fee_check_error`, MaxGasAmountExceeded). That
 * happens to a transaction reverted after running out of steps: its receipt reports the gas used,
 * its fee the bounded gas.
 */
export function chargedGas(g: GasVector, max: GasVector | undefined): GasVector {
  if (!max) return g;
  const over = g.l1Gas > max.l1Gas || g.l1DataGas > max.l1DataGas || g.l2Gas > max.l2Gas;
  if (!over) return g;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  return {
    l1Gas: min(g.l1Gas, max.l1Gas),
    l1DataGas: min(g.l1DataGas, max.l1DataGas),
    l2Gas: min(g.l2Gas, max.l2Gas),
  };
}

export function feeOf(g: GasVector, prices: GasPrices, tip = 0n): bigint {
  return g.l1Gas * prices.l1Gas + g.l1DataGas * prices.l1DataGas + g.l2Gas * (prices.l2Gas + tip);
}

/**
 * The fee a receipt reports: the charged gas (`chargedGas`) at the block's prices, except for an
 * L1 handler, whose fee was paid on L1: blockifier reports 0 (0.20.0-rc.0
 * src/transaction/l1_handler_transaction.rs `l1_handler_tx_execution_info` sets `receipt.fee`
 * to 0 after computing it).
 */
export function receiptFee(
  type: FeeTxType,
  g: GasVector,
  prices: GasPrices,
  tip: bigint,
  max: GasVector | undefined,
): bigint {
  if (type === 'L1_HANDLER') return 0n;
  return feeOf(chargedGas(g, max), prices, tip);
}
