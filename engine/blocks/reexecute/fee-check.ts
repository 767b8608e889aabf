/**
 * Our fee for a re-executed transaction (engine/starknet/fee.ts, blockifier's resource model)
 * and its comparison with the receipt: each differing field (l1_gas, l1_data_gas, l2_gas,
 * actual_fee) is one finding.
 */
import type { CallInfo } from '../../starknet/execution';
import { type CellKey, hex, storageCell } from '../../types';
import {
  type FeeTxType,
  type GasPrices,
  type GasVector,
  type TxResourceUsage,
  DEPRECATED_ARCHIVAL,
  countStateChanges,
  feeConstantsFor,
  feeOf,
  gasVector,
  gasVectorNoL2Gas,
  insufficientFeeTokenBalance,
  l1GasForFee,
  maxFeeExceeded,
  maxGasAmountExceeded,
  receiptFee,
} from '../../starknet/fee';
import { gasConstantsFor, knownStarknetVersion } from '../../starknet/versioned-constants';
import {
  type TxExecution,
  balanceKey,
  collectEvents,
  collectMessages,
} from '../../starknet/transactions';
import type { RpcTx } from './rpc-tx';

/** Builtin instances of call trees (each call's own run), by builtin name. */
function builtinTotals(roots: (CallInfo | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (c: CallInfo) => {
    for (const [b, n] of Object.entries(c.builtinUsage ?? {})) out[b] = (out[b] ?? 0) + n;
    c.inner.forEach(walk);
  };
  for (const r of roots) if (r) walk(r);
  return out;
}

/** Calldata felts of the constructors that Deploy syscalls ran in these call trees. */
function constructorCalldata(roots: (CallInfo | undefined)[]): number {
  let n = 0;
  const walk = (c: CallInfo, top: boolean) => {
    if (!top && c.entryPointType === 'CONSTRUCTOR') n += c.calldata.length;
    for (const i of c.inner) walk(i, false);
  };
  for (const r of roots) if (r) walk(r, true);
  return n;
}

/** Sierra version of a class from its program's first felts ([major, minor, patch]). */
export function sierraVersion(sierra: unknown): [number, number, number] | undefined {
  const p = obj(sierra).sierra_program;
  if (!Array.isArray(p) || p.length < 3) return undefined;
  return [Number(big(p[0])), Number(big(p[1])), Number(big(p[2]))];
}

/**
 * blockifier's `min_sierra_version_for_sierra_gas` (`min`: 1.7.0 from Starknet 0.13.4, 100.0.0
 * before, when every class ran in Cairo steps): older classes run in Cairo steps.
 */
export function tracksSteps(
  v: [number, number, number] | undefined,
  min: [number, number, number] = [1, 7, 0],
): boolean {
  if (!v) return false;
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] < min[i];
  return false;
}

export interface ComputedFee {
  l1Gas: string;
  l1DataGas: string;
  l2Gas: string;
  amount: string;
}

const big = (v: unknown): bigint => BigInt(v as string);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** The block's gas prices in the fee token's unit (FRI for v3 transactions, WEI for older ones). */
export function blockGasPrices(rawBlock: Record<string, unknown>, unit: 'FRI' | 'WEI'): GasPrices {
  const p = (k: string) =>
    big(obj(rawBlock[k])[unit === 'FRI' ? 'price_in_fri' : 'price_in_wei'] ?? '0x0');
  return { l1Gas: p('l1_gas_price'), l1DataGas: p('l1_data_gas_price'), l2Gas: p('l2_gas_price') };
}

interface Shape {
  type: FeeTxType;
  sender?: bigint;
  calldata: number;
  signature: number;
  unit: 'FRI' | 'WEI';
  /**
   * blockifier's `GasVectorComputationMode`: `All` for v3 transactions with all three bounds and
   * L1 handlers, `NoL2Gas` for `max_fee` (v0/v1/v2) and L1-gas-only v3 transactions
   * (0.20.0-rc.0 src/transaction/objects.rs `gas_mode`).
   */
  mode: 'All' | 'NoL2Gas';
  compiledClassHashUpdates?: number;
}

/** What the receipt model needs to know of the transaction, by kind (blockifier `TransactionReceipt`). */
function shapeOf(ex: TxExecution, tx: RpcTx): Shape | undefined {
  const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const t = ex.tx;
  const v3 = big(tx.version ?? '0x0') === 3n;
  if (t.kind === 'l1-handler')
    // the payload (calldata without from_address) is what an L1 handler pays for; fee in WEI on L1
    return {
      type: 'L1_HANDLER',
      calldata: t.calldata.length - 1,
      signature: 0,
      unit: 'WEI',
      mode: 'All',
    };
  // max_fee transactions pay in WEI (ETH); v3 in FRI (STRK)
  const unit = v3 ? 'FRI' : 'WEI';
  const mode = v3 && maxAmounts(tx) ? 'All' : 'NoL2Gas';
  const common = { signature: len(tx.signature), unit, mode } as const;
  if (t.kind === 'invoke')
    return { type: 'INVOKE', sender: t.sender, calldata: len(tx.calldata), ...common };
  if (t.kind === 'deploy-account')
    return {
      type: 'DEPLOY_ACCOUNT',
      sender: t.address,
      calldata: t.constructorCalldata.length,
      ...common,
    };
  if (t.kind === 'declare')
    // a declare has no calldata; v2/v3 set one compiled class hash, v0/v1 none
    return {
      type: 'DECLARE',
      sender: t.sender,
      calldata: 0,
      ...common,
      compiledClassHashUpdates: ex.declared?.compiledClassHash !== undefined ? 1 : 0,
    };
  return undefined;
}

/** A v3 transaction's `max_amount` of each resource, when it bounds all three. */
function maxAmounts(tx: RpcTx): GasVector | undefined {
  const b = obj(tx.resource_bounds);
  const amount = (k: string) => obj(b[k]).max_amount;
  const [l1, data, l2] = ['l1_gas', 'l1_data_gas', 'l2_gas'].map(amount);
  if (l1 === undefined || data === undefined || l2 === undefined) return undefined;
  return { l1Gas: big(l1), l1DataGas: big(data), l2Gas: big(l2) };
}

/**
 * Our gas vector for a transaction we executed (blockifier's receipt), with what its fee needs,
 * or a reason we cannot compute it. `pre` gives each written cell's value before the transaction.
 */
function computeGas(
  ex: TxExecution,
  tx: RpcTx,
  rawBlock: Record<string, unknown>,
  feeToken: bigint,
  pre: Map<CellKey, bigint>,
  codeSize: number | undefined,
  trackedBySteps: boolean,
): { gas: GasVector; shape: Shape; prices: GasPrices } | { unsupported: string } {
  const version = String(rawBlock.starknet_version ?? '');
  const k = feeConstantsFor(version);
  if (!k)
    return { unsupported: `no fee constants for Starknet ${String(rawBlock.starknet_version)}` };
  // blockifier's `get_da_gas_cost` without KZG prices each word in L1 gas: not modelled here
  if (rawBlock.l1_da_mode === 'CALLDATA')
    return { unsupported: 'calldata data availability (l1_da_mode CALLDATA) is not modelled' };
  const shape = shapeOf(ex, tx);
  if (!shape) return { unsupported: 'direct calls have no receipt' };
  const changes = new Map<CellKey, bigint>();
  for (const [c, v] of ex.writes) if (v !== (pre.get(c) ?? 0n)) changes.set(c, v);
  const state = countStateChanges(changes, (c) => pre.get(c) ?? 0n, {
    sender: shape.sender,
    senderBalanceCell:
      shape.sender !== undefined ? storageCell(feeToken, balanceKey(shape.sender)) : undefined,
    feeToken,
    compiledClassHashUpdates: shape.compiledClassHashUpdates,
  });
  if (shape.type === 'DECLARE' && codeSize === undefined)
    return { unsupported: 'declared class size unknown' };
  const events = [...collectEvents(ex.validate), ...collectEvents(ex.execute)];
  // an execute discarded by the post-execution check is still charged its gas (revert receipt)
  const executeGas = ex.execute?.gasConsumed ?? ex.discardedExecuteGas ?? 0n;
  const usage: TxResourceUsage = {
    type: shape.type,
    calldataLength: shape.calldata,
    signatureLength: shape.signature,
    codeSize,
    state,
    eventKeys: events.reduce((n, e) => n + e.keys.length, 0),
    eventData: events.reduce((n, e) => n + e.data.length, 0),
    messagePayloads: collectMessages(ex.execute).map((m) => m.payload.length),
    sierraGas: trackedBySteps ? 0n : (ex.validate?.gasConsumed ?? 0n) + executeGas,
    ...(trackedBySteps ? { vm: cairoStepsUsage(ex) } : {}),
  };
  const gas =
    shape.mode === 'All'
      ? gasVector(usage, k)
      : gasVectorNoL2Gas(usage, k, DEPRECATED_ARCHIVAL[version]);
  return { gas, shape, prices: blockGasPrices(rawBlock, shape.unit) };
}

/**
 * Our gas vector and fee for a transaction we executed, or a reason we cannot compute it.
 * `pre` gives each written cell's value before the transaction. `chargedFee`: the fee the
 * post-execution check decided (`postExecutionCheck`), which the revert receipt's gas does not give.
 */
export function computeFee(
  ex: TxExecution,
  tx: RpcTx,
  rawBlock: Record<string, unknown>,
  feeToken: bigint,
  pre: Map<CellKey, bigint>,
  /** DECLARE: (CASM bytecode + Sierra program felts) × 32 + ABI bytes (`ClassInfo::code_size`). */
  codeSize?: number,
  /** The entry class has Sierra < 1.7.0: the whole call tree is charged in Cairo steps. */
  trackedBySteps = false,
  chargedFee?: bigint,
): ComputedFee | { unsupported: string } {
  const r = computeGas(ex, tx, rawBlock, feeToken, pre, codeSize, trackedBySteps);
  if ('unsupported' in r) return r;
  const { gas, shape, prices } = r;
  const amount =
    chargedFee ?? receiptFee(shape.type, gas, prices, big(tx.tip ?? '0x0'), maxAmounts(tx));
  return {
    l1Gas: hex(gas.l1Gas),
    l1DataGas: hex(gas.l1DataGas),
    l2Gas: hex(gas.l2Gas),
    amount: hex(amount),
  };
}

/** An INVOKE or L1 handler whose execute (L1 handler call) ran to the end without failing. */
export function executeSucceeded(ex: TxExecution): boolean {
  if (ex.rejected !== undefined || (ex.tx.kind !== 'invoke' && ex.tx.kind !== 'l1-handler'))
    return false;
  return ex.execute !== undefined && !ex.execute.failed;
}

/**
 * blockifier's post-execution fee check of a transaction whose execute succeeded (0.20.0-rc.0
 * src/fee/fee_checks.rs `PostExecutionReport`, `check_all_gas_amounts_within_bounds`;
 * src/transaction/l1_handler_transaction.rs for L1 handlers, against the versioned
 * `l1_handler_max_amount_bounds`): the revert text and the fee then charged (min(used, bound) of
 * each resource; 0 for an L1 handler), or undefined when within bounds or not computable here
 * (pre-v3 and L1-gas-only transactions are not checked). Within bounds, an invoke whose sender's
 * balance after execute (`balance`) cannot cover the actual fee is reverted too
 * (`check_can_pay_fee`), charged that fee.
 */
export function postExecutionCheck(
  ex: TxExecution,
  tx: RpcTx,
  rawBlock: Record<string, unknown>,
  feeToken: bigint,
  pre: Map<CellKey, bigint>,
  trackedBySteps: boolean,
  /** The sender's fee-token balance (u256 low, high) after execute; an L1 handler has none. */
  balance?: { low: bigint; high: bigint },
): { revert: string; fee: bigint } | undefined {
  if (!executeSucceeded(ex)) return undefined;
  // a failed fee transfer (our executor runs it; blockifier checks the balance first) marks the
  // execution reverted: the receipt checked here is the successful execute's
  const done = { ...ex, reverted: false };
  const r = computeGas(done, tx, rawBlock, feeToken, pre, undefined, trackedBySteps);
  if ('unsupported' in r) return undefined;
  if (r.shape.unit === 'WEI' && r.shape.type !== 'L1_HANDLER')
    return maxFeeCheck(feeOf(r.gas, r.prices), big(tx.max_fee ?? '0x0'), balance);
  if (r.shape.mode === 'NoL2Gas') return l1BoundCheck(r, tx, rawBlock, balance);
  const version = knownStarknetVersion(String(rawBlock.starknet_version ?? ''));
  const max =
    r.shape.type === 'L1_HANDLER' ? gasConstantsFor(version).l1HandlerMaxAmounts : maxAmounts(tx);
  if (!max) return undefined;
  const tip = big(tx.tip ?? '0x0');
  const revert = maxGasAmountExceeded(max, r.gas);
  if (revert !== undefined)
    return { revert, fee: receiptFee(r.shape.type, r.gas, r.prices, tip, max) };
  if (r.shape.type === 'L1_HANDLER' || !balance) return undefined;
  // within bounds: the fee is the actual one, which the balance must cover
  const fee = receiptFee(r.shape.type, r.gas, r.prices, tip, max);
  const poor = insufficientFeeTokenBalance(fee, balance.low, balance.high);
  return poor === undefined ? undefined : { revert: poor, fee };
}

/**
 * The post-execution check of a v3 transaction that bounds L1 gas only (blockifier 0.20.0-rc.0
 * src/fee/fee_checks.rs `check_l1_gas_amount_within_bounds`): its whole gas as L1 gas
 * (fee.ts `l1GasForFee`) above the bound's `max_amount` reverts it with
 * `Insufficient max L1Gas: …` and charges `max_amount` of L1 gas at the block's price
 * (`from_fee_check_error`); within it, the balance check.
 */
function l1BoundCheck(
  r: { gas: GasVector; prices: GasPrices },
  tx: RpcTx,
  rawBlock: Record<string, unknown>,
  balance: { low: bigint; high: bigint } | undefined,
): { revert: string; fee: bigint } | undefined {
  const k = feeConstantsFor(String(rawBlock.starknet_version ?? ''));
  const bound = obj(obj(tx.resource_bounds).l1_gas).max_amount;
  if (!k || bound === undefined) return undefined;
  const max = big(bound);
  const used = l1GasForFee(r.gas, r.prices, k);
  if (used > max)
    return {
      revert: `Insufficient max L1Gas: max amount: ${max}, actual used: ${used}.`,
      fee: feeOf({ l1Gas: max, l1DataGas: 0n, l2Gas: 0n }, r.prices),
    };
  const fee = feeOf(r.gas, r.prices, big(tx.tip ?? '0x0'));
  const poor = balance && insufficientFeeTokenBalance(fee, balance.low, balance.high);
  return poor ? { revert: poor, fee } : undefined;
}

/**
 * The post-execution check of a `max_fee` (v0/v1/v2) transaction (blockifier 0.20.0-rc.0
 * src/fee/fee_checks.rs `check_actual_cost_within_bounds`, then `check_can_pay_fee`): an actual
 * fee above `max_fee` reverts it with `MaxFeeExceeded`'s text and charges `max_fee`
 * (`from_fee_check_error`); within it, a balance after execute below the fee reverts it, charged
 * the fee. A zero `max_fee` charges nothing and is not checked (`enforce_fee`).
 */
function maxFeeCheck(
  fee: bigint,
  maxFee: bigint,
  balance: { low: bigint; high: bigint } | undefined,
): { revert: string; fee: bigint } | undefined {
  if (maxFee === 0n) return undefined;
  const over = maxFeeExceeded(maxFee, fee);
  if (over !== undefined) return { revert: over, fee: maxFee };
  const poor = balance && insufficientFeeTokenBalance(fee, balance.low, balance.high);
  return poor ? { revert: poor, fee } : undefined;
}

/**
 * The Cairo-steps work charged: validate + execute's steps, memory holes, builtins and syscalls;
 * when execute reverted, validate's plus the steps execute took of its budget (`n_reverted_steps`,
 * blockifier 0.20.0-rc.0 src/transaction/account_transaction.rs `execution_steps_consumed`).
 */
function cairoStepsUsage(ex: TxExecution): NonNullable<TxResourceUsage['vm']> {
  const steps = ex.chargedSteps ?? ex.steps;
  const v = ex.validateCharged;
  if (ex.reverted && v)
    return {
      steps: ex.executeStepsConsumed !== undefined ? v.steps + ex.executeStepsConsumed : steps,
      memoryHoles: v.memoryHoles,
      builtins: builtinTotals([ex.validate]),
      syscalls: v.syscalls,
      deployCalldata: constructorCalldata([ex.validate]),
    };
  return {
    steps,
    memoryHoles: ex.chargedMemoryHoles ?? 0,
    builtins: builtinTotals([ex.validate, ex.execute]),
    syscalls: ex.chargedSyscalls ?? {},
    deployCalldata: constructorCalldata([ex.validate, ex.execute]),
  };
}

export type FeeField = 'l1_gas' | 'l1_data_gas' | 'l2_gas' | 'actual_fee';

/** Fields where our fee differs from the receipt's `execution_resources` and `actual_fee`. */
export function feeDifferences(
  ours: ComputedFee,
  receipt: Record<string, unknown> | undefined,
): { field: FeeField; expected: string; got: string }[] {
  if (!receipt) return [];
  const res = obj(receipt.execution_resources);
  const want: [FeeField, unknown, string][] = [
    ['l1_gas', res.l1_gas, ours.l1Gas],
    ['l1_data_gas', res.l1_data_gas, ours.l1DataGas],
    ['l2_gas', res.l2_gas, ours.l2Gas],
    ['actual_fee', obj(receipt.actual_fee).amount, ours.amount],
  ];
  const out: { field: FeeField; expected: string; got: string }[] = [];
  for (const [field, exp, got] of want) {
    if (exp === undefined) continue;
    const e = hex(big(typeof exp === 'number' ? BigInt(exp).toString() : exp));
    if (e !== got) out.push({ field, expected: e, got });
  }
  return out;
}

/** `ClassInfo::code_size` of a Cairo 1 class: (CASM bytecode + Sierra program) felts × 32 + ABI bytes. */
export function declaredCodeSize(casm: unknown, sierra: unknown): number | undefined {
  const c = obj(casm);
  const sc = obj(sierra);
  if (!Array.isArray(c.bytecode) || !Array.isArray(sc.sierra_program)) return undefined;
  const abi = typeof sc.abi === 'string' ? sc.abi : JSON.stringify(sc.abi ?? '');
  return (c.bytecode.length + sc.sierra_program.length) * 32 + new TextEncoder().encode(abi).length;
}

/**
 * `ClassInfo::code_size` of a Cairo 0 class (a v0/v1 DECLARE): the program's `data` felts × 32 +
 * the ABI's length (starknet_api 0.20.0-rc.0 src/contract_class/structs.rs `code_size`,
 * src/deprecated_contract_class.rs `bytecode_length`). The ABI length is what the node computed
 * from its own serialization; ours is the compact JSON of the RPC class's `abi`, so it may differ
 * by a few bytes (32/1000 L1 gas each from 0.13.1.1).
 */
export function deprecatedCodeSize(cls: unknown): number | undefined {
  const c = obj(cls);
  let program: unknown = c.program;
  if (typeof program === 'string') {
    try {
      program = JSON.parse(program);
    } catch {
      return undefined;
    }
  }
  const data = obj(program).data;
  if (!Array.isArray(data)) return undefined;
  const abi = c.abi === undefined ? '' : JSON.stringify(c.abi);
  return data.length * 32 + new TextEncoder().encode(abi).length;
}
