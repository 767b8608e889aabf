/**
 * Syscall gas costs, in Sierra gas units.
 *
 * Source: the constants of the Starknet OS (cairo-lang `src/starkware/starknet/core/os/constants.cairo`,
 * mirrored in blockifier `crates/blockifier/src/abi/constants.rs` for Starknet 0.13.0–0.13.1,
 * before costs moved to `versioned_constants*.json`). Every syscall charges its full cost from
 * the gas passed in the request: `SYSCALL_BASE_GAS_COST` plus a per-syscall part. Costs that are
 * not in that file (Sha256ProcessBlock, GetClassHashAt, appeared later) are taken from the
 * shape of blockifier's `versioned_constants_0_13_2.json` / `0_13_4.json` (base + steps, and for
 * sha256 its 1852 steps + 65 range checks + 1115 bitwise, bitwise priced at 594 gas per use).
 *
 * Builtin gas costs (the table `get_builtin_costs` reads) are not here: the project's single table
 * is engine/vm's `DEFAULT_BUILTIN_COSTS` (casm.ts, with its source). BITWISE_GAS_COST below is only
 * the 0.13.2 per-use price from which the Sha256ProcessBlock syscall cost is derived.
 *
 * Cost model of the explorer (TxResult.cost): Cairo steps executed + syscall gas / STEP_GAS_COST,
 * i.e. everything is expressed in "step equivalents" (see README).
 */
export const STEP_GAS_COST = 100n;
export const RANGE_CHECK_GAS_COST = 70n;
export const MEMORY_HOLE_GAS_COST = 10n;
export const BITWISE_GAS_COST = 594n;

/** Initial gas of a transaction (10^8 steps). */
export const INITIAL_GAS_COST = 100_000_000n * STEP_GAS_COST;
export const ENTRY_POINT_INITIAL_BUDGET = 100n * STEP_GAS_COST;
export const SYSCALL_BASE_GAS_COST = 100n * STEP_GAS_COST;
export const ENTRY_POINT_GAS_COST = ENTRY_POINT_INITIAL_BUDGET + 500n * STEP_GAS_COST;

export const CALL_CONTRACT_GAS_COST =
  SYSCALL_BASE_GAS_COST + 10n * STEP_GAS_COST + ENTRY_POINT_GAS_COST;
export const DEPLOY_GAS_COST = SYSCALL_BASE_GAS_COST + 200n * STEP_GAS_COST + ENTRY_POINT_GAS_COST;
export const EMIT_EVENT_GAS_COST = SYSCALL_BASE_GAS_COST + 10n * STEP_GAS_COST;
export const GET_BLOCK_HASH_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const GET_EXECUTION_INFO_GAS_COST = SYSCALL_BASE_GAS_COST + 10n * STEP_GAS_COST;
export const GET_CLASS_HASH_AT_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const KECCAK_GAS_COST = SYSCALL_BASE_GAS_COST;
export const KECCAK_ROUND_COST_GAS_COST = 180000n;
export const LIBRARY_CALL_GAS_COST = CALL_CONTRACT_GAS_COST;
export const REPLACE_CLASS_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const SEND_MESSAGE_TO_L1_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const STORAGE_READ_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const STORAGE_WRITE_GAS_COST = SYSCALL_BASE_GAS_COST + 50n * STEP_GAS_COST;
export const SHA256_PROCESS_BLOCK_GAS_COST =
  SYSCALL_BASE_GAS_COST +
  1852n * STEP_GAS_COST +
  65n * RANGE_CHECK_GAS_COST +
  1115n * BITWISE_GAS_COST;

export const SECP256K1_ADD_GAS_COST = 406n * STEP_GAS_COST + 29n * RANGE_CHECK_GAS_COST;
export const SECP256K1_GET_POINT_FROM_X_GAS_COST =
  391n * STEP_GAS_COST + 30n * RANGE_CHECK_GAS_COST + 20n * MEMORY_HOLE_GAS_COST;
export const SECP256K1_GET_XY_GAS_COST =
  239n * STEP_GAS_COST + 11n * RANGE_CHECK_GAS_COST + 40n * MEMORY_HOLE_GAS_COST;
export const SECP256K1_MUL_GAS_COST =
  76501n * STEP_GAS_COST + 7045n * RANGE_CHECK_GAS_COST + 2n * MEMORY_HOLE_GAS_COST;
export const SECP256K1_NEW_GAS_COST =
  475n * STEP_GAS_COST + 35n * RANGE_CHECK_GAS_COST + 40n * MEMORY_HOLE_GAS_COST;
export const SECP256R1_ADD_GAS_COST = 589n * STEP_GAS_COST + 57n * RANGE_CHECK_GAS_COST;
export const SECP256R1_GET_POINT_FROM_X_GAS_COST =
  510n * STEP_GAS_COST + 44n * RANGE_CHECK_GAS_COST + 20n * MEMORY_HOLE_GAS_COST;
export const SECP256R1_GET_XY_GAS_COST =
  241n * STEP_GAS_COST + 11n * RANGE_CHECK_GAS_COST + 40n * MEMORY_HOLE_GAS_COST;
export const SECP256R1_MUL_GAS_COST =
  125340n * STEP_GAS_COST + 13961n * RANGE_CHECK_GAS_COST + 2n * MEMORY_HOLE_GAS_COST;
export const SECP256R1_NEW_GAS_COST =
  594n * STEP_GAS_COST + 49n * RANGE_CHECK_GAS_COST + 40n * MEMORY_HOLE_GAS_COST;

/** Gas cost per syscall name (Keccak: plus KECCAK_ROUND_COST_GAS_COST per 17-word block). */
export const SYSCALL_GAS_COSTS: Record<string, bigint> = {
  CallContract: CALL_CONTRACT_GAS_COST,
  LibraryCall: LIBRARY_CALL_GAS_COST,
  Deploy: DEPLOY_GAS_COST,
  EmitEvent: EMIT_EVENT_GAS_COST,
  GetBlockHash: GET_BLOCK_HASH_GAS_COST,
  GetExecutionInfo: GET_EXECUTION_INFO_GAS_COST,
  GetClassHashAt: GET_CLASS_HASH_AT_GAS_COST,
  Keccak: KECCAK_GAS_COST,
  ReplaceClass: REPLACE_CLASS_GAS_COST,
  SendMessageToL1: SEND_MESSAGE_TO_L1_GAS_COST,
  StorageRead: STORAGE_READ_GAS_COST,
  StorageWrite: STORAGE_WRITE_GAS_COST,
  Sha256ProcessBlock: SHA256_PROCESS_BLOCK_GAS_COST,
  Secp256k1Add: SECP256K1_ADD_GAS_COST,
  Secp256k1GetPointFromX: SECP256K1_GET_POINT_FROM_X_GAS_COST,
  Secp256k1GetXy: SECP256K1_GET_XY_GAS_COST,
  Secp256k1Mul: SECP256K1_MUL_GAS_COST,
  Secp256k1New: SECP256K1_NEW_GAS_COST,
  Secp256r1Add: SECP256R1_ADD_GAS_COST,
  Secp256r1GetPointFromX: SECP256R1_GET_POINT_FROM_X_GAS_COST,
  Secp256r1GetXy: SECP256R1_GET_XY_GAS_COST,
  Secp256r1Mul: SECP256R1_MUL_GAS_COST,
  Secp256r1New: SECP256R1_NEW_GAS_COST,
};
