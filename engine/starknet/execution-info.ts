/**
 * The `ExecutionInfo` that `get_execution_info` returns, laid out as blockifier writes it
 * (crates/blockifier/src/execution/syscalls/hint_processor.rs, `allocate_execution_info_segment`,
 * `allocate_block_info_segment`, `allocate_tx_info_segment`; starknet_api
 * `valid_resource_bounds_as_felts`). It is the Cairo corelib's `starknet::info::v3` layout
 * (starkware-libs/cairo corelib/src/starknet/info.cairo at 302fe00e: `v3::TxInfo` is `v2::TxInfo`
 * plus `proof_facts`; readers of v1/v2 structs read a prefix of it):
 *
 *   ExecutionInfo = [block_info*, tx_info*, caller, contract_address, entry_point_selector]
 *   BlockInfo     = [block_number, block_timestamp, sequencer_address]
 *   TxInfo        = [version, account_contract_address, max_fee, signature(start, end),
 *                    transaction_hash, chain_id, nonce,
 *                    resource_bounds(start, end), tip, paymaster_data(start, end),
 *                    nonce_data_availability_mode, fee_data_availability_mode,
 *                    account_deployment_data(start, end), proof_facts(start, end)]
 *   ResourceBounds = [resource (short string L1_GAS / L2_GAS / L1_DATA), max_amount, max_price_per_unit]
 *
 * Rules blockifier applies:
 *  - v3 transactions report max_fee 0; v0/v1/v2 ("deprecated") ones report their max_fee and put
 *    plain 0 felts (not pointers) in the eleven v3 slots;
 *  - a v3 transaction seen by a class in `v1_bound_accounts_cairo1` with tip ≤
 *    `v1_bound_accounts_max_tip` reports version 1 (keeping the query bit);
 *  - a v3 transaction seen by a class in `data_gas_accounts` gets no L1_DATA bound;
 *  - in validate mode the block number and timestamp are rounded down
 *    (`validate_rounding_consts`) and the sequencer address is 0.
 */
import type { Memory } from '../vm/memory';
import { encodeShortString } from '../vm/syscall';
import { StructWriter, feltArray } from './segments';
import type { CallInfo, ExecutionContext, ResourceBounds, TxInfo } from './execution';

const QUERY_BIT = 1n << 128n;
const L1_DATA = encodeShortString('L1_DATA');

/** v0, v1 and v2 transactions (with or without the query bit) carry the deprecated TxInfo. */
export function isDeprecatedTx(tx: TxInfo): boolean {
  return tx.version % QUERY_BIT < 3n;
}

/** The version `get_execution_info` reports to `call` (blockifier `tx_version_for_get_execution_info`). */
export function txVersionSeenBy(ctx: ExecutionContext, call: CallInfo): bigint {
  const { tx, gas } = ctx;
  const base = tx.version % QUERY_BIT;
  const bound = gas.v1BoundAccountsCairo1.has(call.classHash);
  if (base === 3n && bound && tx.tip <= gas.v1BoundAccountsMaxTip) return tx.version - base + 1n;
  return tx.version;
}

/** Block number, timestamp and sequencer as the current execution mode sees them. */
export function blockInfoSeen(ctx: ExecutionContext): [bigint, bigint, bigint] {
  const b = ctx.block;
  if (ctx.mode !== 'validate') return [b.blockNumber, b.blockTimestamp, b.sequencerAddress];
  const { blockNumber: n, timestamp: t } = ctx.gas.validateRounding;
  return [(b.blockNumber / n) * n, (b.blockTimestamp / t) * t, 0n];
}

function boundsSeen(ctx: ExecutionContext, call: CallInfo): ResourceBounds[] {
  const excludeDataGas = ctx.gas.dataGasAccounts.has(call.classHash);
  return excludeDataGas
    ? ctx.tx.resourceBounds.filter((b) => b.resource !== L1_DATA)
    : ctx.tx.resourceBounds;
}

function boundsArray(mem: Memory, bounds: ResourceBounds[]): [number, number] {
  const flat: bigint[] = [];
  for (const b of bounds) flat.push(b.resource, b.maxAmount, b.maxPricePerUnit);
  return feltArray(mem, flat);
}

function writeTxInfo(mem: Memory, ctx: ExecutionContext, call: CallInfo): number {
  const tx = ctx.tx;
  const deprecated = isDeprecatedTx(tx);
  const w = new StructWriter(mem)
    .felt(txVersionSeenBy(ctx, call))
    .felt(tx.accountContractAddress)
    .felt(deprecated ? tx.maxFee : 0n)
    .span(feltArray(mem, tx.signature))
    .felt(tx.transactionHash)
    .felt(tx.chainId)
    .felt(tx.nonce);
  if (deprecated) {
    for (let i = 0; i < 11; i++) w.felt(0n);
    return w.start;
  }
  w.span(boundsArray(mem, boundsSeen(ctx, call)))
    .felt(tx.tip)
    .span(feltArray(mem, tx.paymasterData))
    .felt(tx.nonceDataAvailabilityMode)
    .felt(tx.feeDataAvailabilityMode)
    .span(feltArray(mem, tx.accountDeploymentData))
    .span(feltArray(mem, tx.proofFacts ?? []));
  return w.start;
}

/** Write the ExecutionInfo struct of `call`; returns its address. */
export function writeExecutionInfo(mem: Memory, ctx: ExecutionContext, call: CallInfo): number {
  const [n, t, seq] = blockInfoSeen(ctx);
  const block = new StructWriter(mem).felt(n).felt(t).felt(seq);
  const txInfo = writeTxInfo(mem, ctx, call);
  return new StructWriter(mem)
    .ptr(block.start)
    .ptr(txInfo)
    .felt(call.caller)
    .felt(call.contract)
    .felt(call.selector).start;
}
