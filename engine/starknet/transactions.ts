/**
 * Transactions and the Block-STM executor.
 *
 * Invoke (account) transaction, as the Starknet sequencer runs it:
 *   1. nonce check (n:<sender> must equal tx.nonce, else the transaction is rejected: no writes);
 *   2. `__validate__` on the account (caller 0) — our account checks a Stark ECDSA signature;
 *      a failing validation rejects the transaction;
 *   3. nonce increment (kept even if execution reverts);
 *   4. `__execute__` with [n, (to, selector, calldata_len, calldata...)*]; if it fails, its writes
 *      are rolled back and the transaction is *reverted* (it still pays and bumps its nonce);
 *   5. fee transfer: fee-token `transfer(sequencer, fee)` called with the sender as caller.
 *      feeMode 'deferred' (production): the sequencer's balance cells are masked for this
 *      transfer (read as 0, not recorded, write dropped) and the credit is returned as
 *      TxResult.fee for Block-STM to apply at commit. feeMode 'naive': the transfer reads and
 *      writes the sequencer balance like any other cell (every transaction conflicts).
 * Direct call (teaching presets): one call with a given caller; no nonce, no fee.
 *
 * Cost model (TxResult.cost): Cairo steps of every call + total syscall gas / STEP_GAS_COST.
 * Fee: cost × feePerCostUnit, capped at the transaction's maxFee.
 */
import { poseidonHashMany } from '@scure/starknet';
import { type CellKey, classCell, declaredCell, hex, parseCell, storageCell } from '../types';
import { hasEntryPoint } from './casm';
import type { BlockExecutor, StateView, TxResult } from '../stm/types';
import { type CellReader, type ClassProvider, type ReadEntry, TxState } from './state';
import {
  type BlockInfo,
  type CallInfo,
  type TxInfo,
  type StarknetEvent,
  type L2ToL1Message,
  ExecutionContext,
  emptyTxInfo,
  executeCall,
  selectorOf,
  shortString,
  decodeShortString,
} from './execution';
import { STEP_GAS_COST } from './gas';
import { chargesFee, txInitialGas, txPhaseGas, txPhaseSteps } from './tx-gas';
import {
  feeConstantsFor,
  feeOf,
  maxFeeTooLow,
  minimalGasVectorNoL2Gas,
  txOverheadResources,
} from './fee';
import { revertReasonOf } from './error-stack';
import { pedersenHash } from './crypto';
import { execWeights } from './bouncer-weights';

export interface CallSpec {
  to: bigint;
  selector: bigint;
  calldata: bigint[];
}

export interface InvokeTx {
  kind: 'invoke';
  sender: bigint;
  calls: CallSpec[];
  nonce: bigint;
  maxFee: bigint;
  /** Transaction hash the account signs (see `invokeTxHash`). */
  txHash: bigint;
  signature: bigint[];
  label?: string;
  /**
   * Fields of the OS's TxInfo v2 that real transactions carry (resource bounds, tip, paymaster
   * data, DA modes, account deployment data…). They override the defaults, so accounts that
   * check them see the block's real values when a transaction is re-executed.
   */
  txInfo?: Partial<TxInfo>;
  /**
   * `__execute__`'s calldata as the transaction sent it, when it is not the Cairo 1 multicall
   * layout `executeCalldata(calls)` builds (Cairo 0 accounts: `[n, (to, selector, data_offset,
   * data_len)×n, data_len_total, data…]`). `calls` then only describes it.
   */
  executeCalldata?: bigint[];
  /**
   * The sequencer's post-execution fee check failed with this text (fee.ts
   * `maxGasAmountExceeded` / `maxFeeExceeded`, computed by whoever knows the block's prices):
   * execute runs, then its writes are discarded and the transaction is reverted with it.
   */
  postExecutionRevert?: string;
  /**
   * INVOKE v0 (`txInfo.version` 0): the entry point called on `sender` (the RPC
   * `contract_address`) instead of `__execute__`, with `executeCalldata` as its calldata. There is
   * no nonce and no `__validate__`, and a failure rejects the transaction: blockifier 0.20.0-rc.0
   * src/transaction/account_transaction.rs (`handle_nonce`, `validate_tx` and
   * `is_non_revertible` skip or forbid them for v0) and transactions.rs (`InvokeTransaction::run_execute`).
   */
  entryPointSelector?: bigint;
}

export interface DirectCallTx {
  kind: 'call';
  caller: bigint;
  call: CallSpec;
  label?: string;
}

/** An L1→L2 message: the contract's `#[l1_handler]` runs with [from_address, …payload]; no fee on L2. */
export interface L1HandlerTx {
  kind: 'l1-handler';
  contract: bigint;
  selector: bigint;
  /** [from_address (L1), …payload], as the RPC transaction's calldata. */
  calldata: bigint[];
  nonce: bigint;
  txHash: bigint;
  label?: string;
  /** Its gas exceeded `l1_handler_max_amount_bounds` (see InvokeTx.postExecutionRevert). */
  postExecutionRevert?: string;
}

/** DEPLOY_ACCOUNT: deploy `classHash` at `address` (constructor), then `__validate_deploy__`, nonce, fee. */
export interface DeployAccountTx {
  kind: 'deploy-account';
  address: bigint;
  classHash: bigint;
  salt: bigint;
  constructorCalldata: bigint[];
  nonce: bigint;
  maxFee: bigint;
  txHash: bigint;
  signature: bigint[];
  label?: string;
  txInfo?: Partial<TxInfo>;
}

/**
 * DECLARE: `__validate_declare__(class_hash)` on the sender, nonce, fee (v0: neither nonce nor
 * validate). The class itself is not a cell: later transactions find it through the
 * ClassProvider, as before the block; the declaration is reported as `TxExecution.declared`.
 */
export interface DeclareTx {
  kind: 'declare';
  sender: bigint;
  classHash: bigint;
  /** v2/v3 (Cairo 1 classes); undefined for v0/v1, which declare a Cairo 0 class. */
  compiledClassHash?: bigint;
  nonce: bigint;
  maxFee: bigint;
  txHash: bigint;
  signature: bigint[];
  label?: string;
  txInfo?: Partial<TxInfo>;
}

export type StarknetTx = InvokeTx | DirectCallTx | L1HandlerTx | DeployAccountTx | DeclareTx;

export type FeeMode = 'deferred' | 'naive';

export interface ExecutorConfig {
  block: BlockInfo;
  classes: ClassProvider;
  /** Fee token (an ERC20 whose balances live at pedersen(sn_keccak("ERC20_balances"), owner)). */
  feeToken: bigint;
  feeMode: FeeMode;
  /** Fee charged per cost unit (default 1). */
  feePerCostUnit?: bigint;
  chainId?: bigint;
  /** Count memory holes (TxExecution.memoryHoles) for the fee model; slower (traces every call). */
  countMemoryHoles?: boolean;
}

/** The calldata of `__execute__`: [n, (to, selector, calldata_len, calldata...)*]. */
export function executeCalldata(calls: CallSpec[]): bigint[] {
  const out: bigint[] = [BigInt(calls.length)];
  for (const c of calls) out.push(c.to, c.selector, BigInt(c.calldata.length), ...c.calldata);
  return out;
}

/**
 * Our invoke transaction hash: poseidon('invoke', version 3, sender, poseidon(calldata), nonce,
 * maxFee, chain id). Same ingredients as Starknet's v3 hash, simplified layout (documented).
 */
export function invokeTxHash(
  sender: bigint,
  calls: CallSpec[],
  nonce: bigint,
  maxFee: bigint,
  chainId: bigint,
): bigint {
  const cd = poseidonHashMany(executeCalldata(calls));
  return poseidonHashMany([0x696e766f6b65n, 3n, sender, cd, nonce, maxFee, chainId]);
}

/** Storage key of an ERC20 balance (low word of the u256), standard derivation. */
export function balanceKey(owner: bigint): bigint {
  return pedersenHash(selectorOf('ERC20_balances'), owner);
}

export interface TxExecution {
  tx: StarknetTx;
  /** Validation or nonce failure: nothing written. */
  rejected?: string;
  reverted: boolean;
  revertReason?: string;
  /** The revert reason as blockifier writes it in the receipt (error-stack.ts), when we model it. */
  revertTrace?: string;
  validate?: CallInfo;
  execute?: CallInfo;
  feeTransfer?: CallInfo;
  reads: ReadEntry[];
  writes: Map<CellKey, bigint>;
  /** When each written cell got its final value (cost units), if the reader asked for timing. */
  writeOffsets: Map<CellKey, number>;
  fee: bigint;
  /** Deferred fee credit (feeMode 'deferred'). */
  feeCredit?: { cell: CellKey; amount: bigint };
  steps: number;
  syscallGas: bigint;
  cost: number;
  /** Steps and syscall counts of validate + execute only (the fee transfer is not charged). */
  chargedSteps?: number;
  chargedSyscalls?: Record<string, number>;
  /** Memory holes of validate + execute's Cairo-steps calls (blockifier counts them as steps). */
  chargedMemoryHoles?: number;
  /**
   * What validate alone used (INVOKE): a reverted execute is charged only its VM steps on top
   * (blockifier account_transaction.rs: the revert receipt summarizes validate's call and adds
   * `execution_steps_consumed` as `n_reverted_steps`).
   */
  validateCharged?: { steps: number; memoryHoles: number; syscalls: Record<string, number> };
  /**
   * INVOKE: the steps execute took of its budget (blockifier `execution_steps_consumed` =
   * `n_allotted_execution_steps - n_remaining_steps`): Cairo-steps calls only, the steps of calls
   * that failed included, all of the budget when it ran out. A reverted execute is charged this.
   */
  executeStepsConsumed?: number;
  /**
   * The Sierra gas of an execute that succeeded but was discarded by the post-execution fee
   * check (`execute` is then undefined, as blockifier drops its call info; an invoke's revert
   * receipt still charges this gas, an L1 handler's charges no execution).
   */
  discardedExecuteGas?: bigint;
  /**
   * A DECLARE that was not rejected: the class it declared and, for v2/v3, its compiled class
   * hash (a state diff's `declared_classes`; v0/v1 go to `deprecated_declared_classes`, with none).
   */
  declared?: { classHash: bigint; compiledClassHash?: bigint };
}

/** Events of a call tree in emission order (failed subtrees have none). */
export function collectEvents(c: CallInfo | undefined, out: StarknetEvent[] = []): StarknetEvent[] {
  if (!c) return out;
  out.push(...c.events);
  for (const i of c.inner) collectEvents(i, out);
  return out.sort((a, b) => a.order - b.order);
}
export function collectMessages(
  c: CallInfo | undefined,
  out: L2ToL1Message[] = [],
): L2ToL1Message[] {
  if (!c) return out;
  out.push(...c.messages);
  for (const i of c.inner) collectMessages(i, out);
  return out.sort((a, b) => a.order - b.order);
}

const VALIDATE = selectorOf('__validate__');
const EXECUTE = selectorOf('__execute__');
const TRANSFER = selectorOf('transfer');
const CONSTRUCTOR = selectorOf('constructor');
const VALIDATE_DEPLOY = selectorOf('__validate_deploy__');
const VALIDATE_DECLARE = selectorOf('__validate_declare__');

/** Fill in the execution's totals from its context (a function, not a per-transaction closure). */
function finish(res: TxExecution, ctx: ExecutionContext): TxExecution {
  res.chargedSteps ??= ctx.steps;
  res.chargedSyscalls ??= { ...ctx.syscallCounts };
  res.chargedMemoryHoles ??= ctx.memoryHoles;
  res.steps = ctx.steps;
  res.syscallGas = ctx.syscallGas;
  res.cost = ctx.steps + Number(ctx.syscallGas / STEP_GAS_COST);
  return res;
}

const VALID = shortString('VALID');

/**
 * Blockifier runs validate, execute and the fee transfer each in its own execution context: its
 * own mode, step budget (validate_max_n_steps / invoke_tx_max_n_steps) and event and message
 * counters (so the event limit and the event order are per phase).
 */
function startPhase(ctx: ExecutionContext, mode: 'validate' | 'execute', byResources = true): void {
  ctx.mode = mode;
  const bound = mode === 'validate' ? ctx.gas.validateMaxNSteps : ctx.gas.invokeTxMaxNSteps;
  // the fee transfer's and an L1 handler's contexts are not limited by the transaction's resources
  const prices = {
    l1GasPerStep: feeConstantsFor(ctx.block.starknetVersion)?.stepCost,
    l1GasPriceWei: ctx.block.l1GasPriceWei,
  };
  // blockifier 0.20.0-rc.0 entry_point.rs `max_steps`: limited by resources only when the
  // transaction pays a fee (`limit_steps_by_resources` = `charge_fee` = `enforce_fee`)
  const limited = byResources && chargesFee(ctx.tx);
  ctx.remainingSteps = limited ? txPhaseSteps(ctx.gas, ctx.tx, mode, prices) : bound;
  ctx.nEvents = 0;
  ctx.nMessages = 0;
}

/**
 * Why validation rejects the transaction, if it does: a failed `__validate__`, or (Cairo 1
 * accounts, blockifier `validate_tx`) a return value other than ['VALID'].
 */
function validateFailure(v: CallInfo): string | undefined {
  if (v.failed) return `validation failed: ${v.error}`;
  // blockifier checks the return value of Cairo 1 accounts only (Cairo 0 ones return nothing)
  if (v.cairo0) return undefined;
  if (v.retdata.length !== 1 || v.retdata[0] !== VALID)
    return `Invalid validate return data: [${v.retdata.map((x) => '0x' + x.toString(16)).join(', ')}]`;
  return undefined;
}

/** Execute one transaction against `view` (never catches the view's exceptions). */
export function executeTransaction(
  tx: StarknetTx,
  view: CellReader,
  cfg: ExecutorConfig,
  opts: { tracePcs?: boolean } = {},
): TxExecution {
  const state = new TxState(view, cfg.classes);
  const txInfo = emptyTxInfo();
  if (cfg.chainId !== undefined) txInfo.chainId = cfg.chainId;
  const ctx = new ExecutionContext(state, cfg.block, txInfo);
  ctx.tracePcs = opts.tracePcs === true;
  ctx.countMemoryHoles = cfg.countMemoryHoles === true;
  // Block-STM's view wants to know when each access happens: VM steps + syscall cost so far.
  if (view.at !== undefined)
    state.clock = () => ctx.steps + ctx.liveSteps + Number(ctx.syscallGas / STEP_GAS_COST);
  const res: TxExecution = {
    tx,
    reverted: false,
    reads: state.reads,
    writes: state.writeSet(),
    writeOffsets: state.writeOffsets(),
    fee: 0n,
    steps: 0,
    syscallGas: 0n,
    cost: 0,
  };
  if (tx.kind === 'call') runDirectCall(tx, ctx, res);
  else if (tx.kind === 'l1-handler') runL1Handler(ctx, res, tx);
  else if (tx.kind === 'deploy-account') runDeployAccount(ctx, res, tx, cfg);
  else if (tx.kind === 'declare') runDeclare(ctx, res, tx, cfg);
  else runInvoke(tx, ctx, res, cfg);
  return finish(res, ctx);
}

function runDirectCall(tx: DirectCallTx, ctx: ExecutionContext, res: TxExecution): void {
  const c = executeCall(ctx, {
    contract: tx.call.to,
    selector: tx.call.selector,
    calldata: tx.call.calldata,
    caller: tx.caller,
    gas: txPhaseGas(ctx.gas, txInitialGas(ctx.gas, ctx.tx), 'execute'),
  });
  res.execute = c;
  if (c.failed) {
    res.reverted = true;
    res.revertReason = c.error;
  }
}

/** What an account transaction's calls see in get_execution_info's TxInfo. */
function setAccountTxInfo(
  ctx: ExecutionContext,
  account: bigint,
  tx: Pick<InvokeTx, 'maxFee' | 'signature' | 'txHash' | 'nonce' | 'txInfo'>,
): void {
  Object.assign(ctx.tx, {
    accountContractAddress: account,
    maxFee: tx.maxFee,
    signature: tx.signature,
    transactionHash: tx.txHash,
    nonce: tx.nonce,
    ...(tx.txInfo ?? {}),
  });
}

/** The gas of one phase from the transaction's remaining budget (blockifier: one counter). */
function phaseGas(
  ctx: ExecutionContext,
  remaining: bigint,
  phase: 'validate' | 'execute',
  byResources = true,
): bigint {
  startPhase(ctx, phase, byResources);
  return txPhaseGas(ctx.gas, remaining, phase);
}

/**
 * An invoke's execute budget leaves room for what ran before and what the OS runs around it
 * (blockifier 0.20.0-rc.0 src/execution/entry_point.rs `subtract_validation_and_overhead_steps`):
 * validate's steps and the OS resources' steps of the transaction type are taken off. Returns
 * the steps allotted (`n_allotted_execution_steps`).
 */
function subtractValidationAndOverhead(
  ctx: ExecutionContext,
  validateSteps: number,
  calldataLength: number,
): number {
  const k = feeConstantsFor(ctx.block.starknetVersion);
  const overhead = k ? txOverheadResources('INVOKE', calldataLength, k).steps : 0;
  ctx.remainingSteps = Math.max(0, ctx.remainingSteps - validateSteps - overhead);
  return ctx.remainingSteps;
}

/** Reject the transaction: nothing it did is written. */
function reject(ctx: ExecutionContext, res: TxExecution, why: string): void {
  res.rejected = why;
  ctx.state.rollback(0);
}

/** The version bit `only_query` transactions carry (2^128), which the checks ignore. */
const QUERY_BIT = 1n << 128n;

/**
 * blockifier's pre-validation balance check of a `max_fee` (v0/v1/v2) transaction that pays a
 * fee (0.20.0-rc.0 src/fee/fee_utils.rs `verify_can_pay_committed_bounds`, run by
 * account_transaction.rs `perform_pre_validation_stage` when `max_fee` ≠ 0): the account's
 * fee-token balance (u256 low + high) must cover `max_fee`. Its text is
 * `TransactionFeeError::MaxFeeExceedsBalance` (src/transaction/errors.rs). Reads the balance, as
 * blockifier does.
 */
function maxFeeExceedsBalance(
  ctx: ExecutionContext,
  account: bigint,
  cfg: ExecutorConfig,
): string | undefined {
  const { maxFee } = ctx.tx;
  const key = balanceKey(account);
  const low = ctx.state.read(storageCell(cfg.feeToken, key));
  const high = ctx.state.read(storageCell(cfg.feeToken, key + 1n));
  const balance = (high << 128n) + low;
  return balance < maxFee ? `Max fee (${maxFee}) exceeds balance (${balance}).` : undefined;
}

/**
 * blockifier's pre-validation of a `max_fee` (v0/v1/v2) transaction that pays a fee (0.20.0-rc.0
 * account_transaction.rs `perform_pre_validation_stage`, after the nonce): `max_fee` must cover
 * the minimal fee (`check_fee_bounds`: fee.ts `minimalGasVectorNoL2Gas` at the block's WEI
 * prices; checked only when the block gives both prices and its version has fee constants), then
 * the balance must cover `max_fee` (`maxFeeExceedsBalance`). The reason to reject, if any.
 */
function preValidateMaxFee(
  ctx: ExecutionContext,
  account: bigint,
  cfg: ExecutorConfig,
  type: 'INVOKE' | 'DECLARE' | 'DEPLOY_ACCOUNT',
  calldataLength: number,
): string | undefined {
  const { version, maxFee } = ctx.tx;
  if (version % QUERY_BIT >= 3n || maxFee === 0n) return undefined;
  const k = feeConstantsFor(ctx.block.starknetVersion);
  const { l1GasPriceWei, l1DataGasPriceWei } = ctx.block;
  if (k && l1GasPriceWei !== undefined && l1DataGasPriceWei !== undefined) {
    const min = minimalGasVectorNoL2Gas(type, calldataLength, k);
    const minFee = feeOf(min, { l1Gas: l1GasPriceWei, l1DataGas: l1DataGasPriceWei, l2Gas: 0n });
    const low = maxFeeTooLow(maxFee, minFee);
    if (low !== undefined) return low;
  }
  return maxFeeExceedsBalance(ctx, account, cfg);
}

/** Nonce check, validate, nonce bump, execute, fee transfer (see the file comment). */
function runInvoke(tx: InvokeTx, ctx: ExecutionContext, res: TxExecution, cfg: ExecutorConfig) {
  const state = ctx.state;
  setAccountTxInfo(ctx, tx.sender, tx);
  if (ctx.tx.version % QUERY_BIT === 0n) return runInvokeV0(tx, ctx, res, cfg);
  const nonce = state.getNonceAt(tx.sender);
  if (nonce !== tx.nonce)
    return reject(ctx, res, `invalid nonce: expected ${nonce}, got ${tx.nonce}`);
  const calldata = tx.executeCalldata ?? executeCalldata(tx.calls);
  const poor = preValidateMaxFee(ctx, tx.sender, cfg, 'INVOKE', calldata.length);
  if (poor !== undefined) return reject(ctx, res, poor);
  // blockifier: one gas counter for the transaction, each phase capped by its own maximum
  let remaining = txInitialGas(ctx.gas, ctx.tx);
  const v = (res.validate = executeCall(ctx, {
    contract: tx.sender,
    selector: VALIDATE,
    calldata,
    caller: 0n,
    gas: phaseGas(ctx, remaining, 'validate'),
  }));
  const invalid = validateFailure(v);
  if (invalid !== undefined) return reject(ctx, res, invalid);
  remaining -= v.gasConsumed;
  res.validateCharged = {
    steps: ctx.steps,
    memoryHoles: ctx.memoryHoles,
    syscalls: { ...ctx.syscallCounts },
  };
  state.setNonceAt(tx.sender, nonce + 1n);
  const gas = phaseGas(ctx, remaining, 'execute');
  const allotted = subtractValidationAndOverhead(ctx, ctx.steps, calldata.length);
  const beforeExecute = state.checkpoint();
  const e = (res.execute = executeCall(ctx, {
    contract: tx.sender,
    selector: EXECUTE,
    calldata,
    caller: 0n,
    gas,
  }));
  res.executeStepsConsumed = allotted - ctx.remainingSteps;
  if (e.failed) {
    res.reverted = true;
    res.revertReason = e.error;
    res.revertTrace = revertReasonOf(e);
  } else if (tx.postExecutionRevert !== undefined)
    discardExecute(ctx, res, beforeExecute, tx.postExecutionRevert);
  payFee(tx.sender, tx.maxFee, ctx, res, cfg);
}

/**
 * INVOKE v0 (see `InvokeTx.entryPointSelector`): no nonce, no validate; the entry point runs on
 * the contract with the calldata as sent, and a failure rejects the transaction (it cannot be
 * reverted: without validation the fee of a failed execution could not be charged).
 */
function runInvokeV0(tx: InvokeTx, ctx: ExecutionContext, res: TxExecution, cfg: ExecutorConfig) {
  const calldata = tx.executeCalldata ?? executeCalldata(tx.calls);
  const poor = preValidateMaxFee(ctx, tx.sender, cfg, 'INVOKE', calldata.length);
  if (poor !== undefined) return reject(ctx, res, poor);
  const e = (res.execute = executeCall(ctx, {
    contract: tx.sender,
    selector: tx.entryPointSelector ?? EXECUTE,
    calldata,
    caller: 0n,
    gas: phaseGas(ctx, txInitialGas(ctx.gas, ctx.tx), 'execute'),
  }));
  if (e.failed) return reject(ctx, res, `execution failed: ${e.error}`);
  if (tx.postExecutionRevert !== undefined) return reject(ctx, res, tx.postExecutionRevert);
  payFee(tx.sender, tx.maxFee, ctx, res, cfg);
}

/**
 * A successful execute that failed the post-execution fee check (blockifier 0.20.0-rc.0
 * src/transaction/account_transaction.rs `run_revertible`, l1_handler_transaction.rs
 * `execute_raw`): its state is aborted, its call info dropped, the transaction reverted with the
 * check's error as the revert reason.
 */
function discardExecute(ctx: ExecutionContext, res: TxExecution, cp: number, why: string): void {
  ctx.state.rollback(cp);
  if (res.tx.kind === 'l1-handler') {
    // its revert receipt charges no execution at all (fee/receipt.rs `reverted_l1_handler`)
    res.chargedSteps = 0;
    res.chargedSyscalls = {};
    res.chargedMemoryHoles = 0;
  } else res.discardedExecuteGas = res.execute?.gasConsumed;
  res.execute = undefined;
  res.reverted = true;
  res.revertReason = why;
  res.revertTrace = why;
}

/**
 * The fee token's `transfer(sequencer, fee)` from `sender` (deferred or naive, see above); what
 * ran before it is what the transaction is charged for (`chargedSteps`, `chargedSyscalls`).
 */
function payFee(
  sender: bigint,
  maxFee: bigint,
  ctx: ExecutionContext,
  res: TxExecution,
  cfg: ExecutorConfig,
) {
  const state = ctx.state;
  res.chargedSteps = ctx.steps;
  res.chargedSyscalls = { ...ctx.syscallCounts };
  res.chargedMemoryHoles = ctx.memoryHoles;
  const costSoFar = ctx.steps + Number(ctx.syscallGas / STEP_GAS_COST);
  let fee = BigInt(costSoFar) * (cfg.feePerCostUnit ?? 1n);
  if (fee > maxFee) fee = maxFee;
  // blockifier 0.20.0-rc.0 account_transaction.rs `handle_fee`: no transfer for a zero fee
  if (fee === 0n) return;
  const seq = cfg.block.sequencerAddress;
  const seqKey = balanceKey(seq);
  const seqCell = storageCell(cfg.feeToken, seqKey);
  startPhase(ctx, 'execute', false);
  if (cfg.feeMode === 'deferred')
    state.masked = new Set([seqCell, storageCell(cfg.feeToken, seqKey + 1n)]);
  const ft = executeCall(ctx, {
    contract: cfg.feeToken,
    selector: TRANSFER,
    calldata: [seq, fee, 0n],
    caller: sender,
    // the fee token is known to the sequencer: its run is not limited (blockifier)
    gas: ctx.gas.defaultInitialGasCost,
  });
  state.masked = null;
  res.feeTransfer = ft;
  if (ft.failed) {
    // insufficient balance for the fee: the execution is reverted too (as blockifier does)
    res.reverted = true;
    res.revertReason = `fee transfer failed: ${ft.error}`;
  } else {
    res.fee = fee;
    if (cfg.feeMode === 'deferred') res.feeCredit = { cell: seqCell, amount: fee };
  }
}

/** An L1 handler: one call of the `#[l1_handler]` entry point, caller 0; a failure reverts it. */
function runL1Handler(ctx: ExecutionContext, res: TxExecution, tx: L1HandlerTx): void {
  Object.assign(ctx.tx, { version: 0n, transactionHash: tx.txHash, nonce: tx.nonce });
  const c = executeCall(ctx, {
    contract: tx.contract,
    selector: tx.selector,
    calldata: tx.calldata,
    caller: 0n,
    entryPointType: 'L1_HANDLER',
    // blockifier 0.20.0-rc.0 l1_handler_transaction.rs: the gas of l1_handler_max_amount_bounds,
    // capped for the execute phase (run_execute); its steps are not limited by resources
    // (`limit_steps_by_resources = false`: the global limit)
    gas: phaseGas(ctx, ctx.gas.l1HandlerMaxL2Gas, 'execute', false),
  });
  res.execute = c;
  if (c.failed) {
    res.reverted = true;
    res.revertReason = c.error;
    res.revertTrace = revertReasonOf(c);
  } else if (tx.postExecutionRevert !== undefined)
    discardExecute(ctx, res, 0, tx.postExecutionRevert);
}

/**
 * DEPLOY_ACCOUNT as blockifier runs it: nonce check, deploy (class hash set, constructor run,
 * caller 0), then `__validate_deploy__(class_hash, salt, …constructor calldata)`, nonce
 * increment, fee. A failing constructor or validation rejects it (nothing is written).
 */
function runDeployAccount(
  ctx: ExecutionContext,
  res: TxExecution,
  tx: DeployAccountTx,
  cfg: ExecutorConfig,
): void {
  const state = ctx.state;
  setAccountTxInfo(ctx, tx.address, tx);
  if (state.getNonceAt(tx.address) !== tx.nonce) return reject(ctx, res, 'invalid nonce');
  if (state.getClassHashAt(tx.address) !== 0n)
    return reject(ctx, res, 'account address already deployed');
  const poor = preValidateMaxFee(
    ctx,
    tx.address,
    cfg,
    'DEPLOY_ACCOUNT',
    tx.constructorCalldata.length,
  );
  if (poor !== undefined) return reject(ctx, res, poor);
  let remaining = txInitialGas(ctx.gas, ctx.tx);
  state.write(classCell(tx.address), tx.classHash);
  const cls = cfg.classes.getClass(tx.classHash);
  if (cls !== undefined && hasEntryPoint(cls, 'CONSTRUCTOR', CONSTRUCTOR)) {
    const c = (res.execute = executeCall(ctx, {
      contract: tx.address,
      selector: CONSTRUCTOR,
      calldata: tx.constructorCalldata,
      caller: 0n,
      entryPointType: 'CONSTRUCTOR',
      // blockifier 0.20.0-rc.0 account_transaction.rs run_non_revertible: a DEPLOY_ACCOUNT's
      // constructor runs in a validate context (validate mode, its step budget and gas cap)
      gas: phaseGas(ctx, remaining, 'validate'),
    }));
    if (c.failed) return reject(ctx, res, `constructor failed: ${c.error}`);
    remaining -= c.gasConsumed;
  }
  const v = (res.validate = executeCall(ctx, {
    contract: tx.address,
    selector: VALIDATE_DEPLOY,
    calldata: [tx.classHash, tx.salt, ...tx.constructorCalldata],
    caller: 0n,
    gas: phaseGas(ctx, remaining, 'validate'),
  }));
  const invalid = validateFailure(v);
  if (invalid !== undefined) return reject(ctx, res, invalid);
  state.setNonceAt(tx.address, tx.nonce + 1n);
  payFee(tx.address, tx.maxFee, ctx, res, cfg);
}

/**
 * DECLARE: nonce check, `__validate_declare__(class_hash)` (failure rejects), nonce, the
 * declaration, fee. A v0 declare has neither nonce nor validation (blockifier 0.20.0-rc.0
 * account_transaction.rs `handle_nonce`, `validate_tx`: `is_v0`); v0/v1 declare a Cairo 0 class
 * with no compiled class hash (transactions.rs `DeclareTransaction::run_execute`).
 */
function runDeclare(
  ctx: ExecutionContext,
  res: TxExecution,
  tx: DeclareTx,
  cfg: ExecutorConfig,
): void {
  const state = ctx.state;
  setAccountTxInfo(ctx, tx.sender, tx);
  const v0 = ctx.tx.version % QUERY_BIT === 0n;
  if (!v0 && state.getNonceAt(tx.sender) !== tx.nonce) return reject(ctx, res, 'invalid nonce');
  const poor = preValidateMaxFee(ctx, tx.sender, cfg, 'DECLARE', 0);
  if (poor !== undefined) return reject(ctx, res, poor);
  if (!v0) {
    const v = (res.validate = executeCall(ctx, {
      contract: tx.sender,
      selector: VALIDATE_DECLARE,
      calldata: [tx.classHash],
      caller: 0n,
      gas: phaseGas(ctx, txInitialGas(ctx.gas, ctx.tx), 'validate'),
    }));
    const invalid = validateFailure(v);
    if (invalid !== undefined) return reject(ctx, res, invalid);
    state.setNonceAt(tx.sender, tx.nonce + 1n);
  }
  const redeclared = redeclaration(ctx, tx);
  if (redeclared !== undefined) return reject(ctx, res, redeclared);
  res.declared = {
    classHash: tx.classHash,
    ...(tx.compiledClassHash !== undefined ? { compiledClassHash: tx.compiledClassHash } : {}),
  };
  payFee(tx.sender, tx.maxFee, ctx, res, cfg);
}

/**
 * Why this DECLARE may not declare its class, if it may not, and otherwise marks the class
 * declared. blockifier 0.20.0-rc.0 `src/transaction/transactions.rs` `run_execute` / `try_declare`:
 * a v2/v3 DECLARE of a class that is already declared fails with
 * `TransactionExecutionError::DeclareTransactionError` (src/transaction/errors.rs; the class hash
 * as 64 hex digits), and so does a v0/v1 one when the versioned constants'
 * `disable_cairo0_redeclaration` is set (0.13.2 on); before, a Cairo 0 class could be declared
 * again. The failure is in the non-revertible execute phase, so the transaction is rejected.
 * "Declared" is the class's `declaredCell`: before the block it is what the pre-state says, in
 * the block it was written by an earlier DECLARE, which Block-STM sees as a dependency.
 */
function redeclaration(ctx: ExecutionContext, tx: DeclareTx): string | undefined {
  const cell = declaredCell(tx.classHash);
  const cairo0 = tx.compiledClassHash === undefined;
  if (ctx.state.read(cell) !== 0n && (!cairo0 || ctx.gas.disableCairo0Redeclaration))
    return `Class with hash 0x${tx.classHash.toString(16).padStart(64, '0')} is already declared.`;
  ctx.state.write(cell, 1n);
  return undefined;
}

export interface NamedCells {
  /** Exact names for known cells. */
  cells: Map<CellKey, string>;
  /** Names of contract addresses. */
  contracts: Map<bigint, string>;
}

function short(v: bigint): string {
  const h = hex(v);
  return h.length > 10 ? h.slice(0, 6) + '…' + h.slice(-3) : h;
}

/** Block-STM executor over real Cairo execution. */
export class StarknetBlockExecutor implements BlockExecutor {
  readonly size: number;
  /**
   * Last execution of each transaction (for the UI: call trees, events, read/write sets); empty
   * with `keepLast: false`.
   */
  readonly last: (TxExecution | undefined)[];
  readonly names: NamedCells;
  private readonly keepLast: boolean;

  /**
   * `opts.keepLast: false` for real workers: nobody reads `last` there, and retaining thousands
   * of executions makes every young-generation GC copy them and the old generation grow, which
   * costs CPU on V8's helper threads, stolen from the other workers when every core runs one.
   */
  constructor(
    readonly txs: StarknetTx[],
    readonly pre: CellReader,
    readonly config: ExecutorConfig,
    names?: Partial<NamedCells>,
    opts: { keepLast?: boolean } = {},
  ) {
    this.size = txs.length;
    this.keepLast = opts.keepLast ?? true;
    this.last = this.keepLast ? new Array(txs.length) : [];
    this.names = { cells: names?.cells ?? new Map(), contracts: names?.contracts ?? new Map() };
  }

  preState(cell: CellKey): bigint {
    return this.pre.read(cell);
  }

  run(tx: number, view: CellReader): TxExecution {
    const ex = executeTransaction(this.txs[tx], view, this.config);
    if (this.keepLast) this.last[tx] = ex;
    return ex;
  }

  execute(tx: number, view: StateView): TxResult {
    const ex = this.run(tx, view);
    return {
      writes: ex.writes,
      cost: ex.cost,
      reverted: ex.reverted || ex.rejected !== undefined,
      fee: ex.feeCredit,
      writeOffsets: ex.writeOffsets,
      weights: execWeights(ex),
    };
  }

  txLabel(tx: number): string {
    const t = this.txs[tx];
    if (t.label) return t.label;
    if (t.kind === 'call') return `call ${this.contractName(t.call.to)}`;
    if (t.kind === 'l1-handler') return `L1 handler on ${this.contractName(t.contract)}`;
    if (t.kind === 'deploy-account') return `deploy account ${this.contractName(t.address)}`;
    if (t.kind === 'declare') return `declare by ${this.contractName(t.sender)}`;
    return `invoke from ${this.contractName(t.sender)} (${t.calls.length} call${t.calls.length === 1 ? '' : 's'})`;
  }

  contractName(a: bigint): string {
    return this.names.contracts.get(a) ?? short(a);
  }

  cellName(cell: CellKey): string {
    const n = this.names.cells.get(cell);
    if (n) return n;
    const p = parseCell(cell);
    if (p.kind === 'declared') return `declaration of class ${short(p.contract)}`;
    const c = this.contractName(p.contract);
    if (p.kind === 'nonce') return `nonce of ${c}`;
    if (p.kind === 'class') return `class of ${c}`;
    return `${c} storage[${short(p.key!)}]`;
  }

  /** Execute the whole block in order on a copy of the pre-state (reference semantics). */
  runSequential(state: {
    read(c: CellKey): bigint;
    write(c: CellKey, v: bigint): void;
  }): TxExecution[] {
    const out: TxExecution[] = [];
    for (let i = 0; i < this.size; i++) {
      const ex = this.run(i, state);
      for (const [c, v] of ex.writes) state.write(c, v);
      if (ex.feeCredit)
        state.write(ex.feeCredit.cell, state.read(ex.feeCredit.cell) + ex.feeCredit.amount);
      out.push(ex);
    }
    return out;
  }
}

export { decodeShortString };
