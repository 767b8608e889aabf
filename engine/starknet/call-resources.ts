/**
 * The VM resources of one call as blockifier records them in `CallInfo.resources`, and their
 * cost in L2 gas: what a node's trace reports per call as `execution_resources`.
 *
 * Facts (blockifier 0.20.0-rc.0, crates/blockifier in starkware-libs/sequencer):
 *  - execution/entry_point_execution.rs `finalize_execution` / `extract_extended_vm_resources`:
 *    a call's resources are its own run (steps, memory holes, builtins, plus the OS resources of
 *    the syscalls it made, `get_additional_os_syscall_resources`) only when it is tracked in
 *    Cairo steps — a Sierra-gas call contributes nothing of its own — plus the resources of its
 *    inner calls (`total_vm_resources`, which already include theirs);
 *  - blockifier_versioned_constants.rs `get_additional_os_syscall_resources`: per syscall the
 *    constant × call count plus the calldata factor × linear factor (Deploy: constructor calldata
 *    length; SendMessageToL1 where the version has one: payload length);
 *  - fee/fee_utils.rs `get_extended_vm_resources_cost`: memory holes count as steps, the
 *    costliest of steps and builtins in L1 gas, rounded up to L2 gas in All mode.
 * starknet-devnet-types 0.10.1 (src/rpc/transactions.rs `FunctionInvocation::try_from_call_info`)
 * reports exactly that cost, with 0 reverted steps, as each call's `execution_resources.l2_gas`.
 */
import type { CallInfo } from './execution';
import { type FeeConstants, type VmResources, vmCostL2 } from './fee';

function add(into: VmResources, r: VmResources, times = 1): void {
  into.steps += r.steps * times;
  for (const [b, n] of Object.entries(r.builtins))
    into.builtins[b] = (into.builtins[b] ?? 0) + n * times;
}

/** The OS resources of the syscalls `c` itself made (not its inner calls'). */
function ownSyscallResources(c: CallInfo, k: FeeConstants, into: VmResources): void {
  for (const [name, n] of Object.entries(c.syscalls ?? {})) {
    const cost = k.syscalls[name];
    if (cost) add(into, cost, n);
  }
  // Deploy's linear factor: the constructor calldata of the contracts this call deployed
  for (const i of c.inner)
    if (i.entryPointType === 'CONSTRUCTOR') add(into, k.deployPerCalldata, i.calldata.length);
  for (const m of c.messages) add(into, k.messagePerPayload, m.payload.length);
}

/** blockifier's `CallInfo.resources` of `c`: its own (when tracked in Cairo steps) and its inner calls'. */
export function callVmResources(c: CallInfo, k: FeeConstants): VmResources {
  const r: VmResources = { steps: 0, builtins: {} };
  if (c.trackedResource !== 'SierraGas') {
    r.steps += c.steps + (c.memoryHoles ?? 0);
    for (const [b, n] of Object.entries(c.builtinUsage ?? {}))
      add(r, { steps: 0, builtins: { [b]: n } });
    ownSyscallResources(c, k, r);
  }
  for (const i of c.inner) add(r, callVmResources(i, k));
  return r;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** `get_extended_vm_resources_cost` in NoL2Gas mode: the costliest of steps and builtins, in L1 gas. */
function vmCostL1(r: VmResources, k: FeeConstants): bigint {
  const cost = ([num, den]: [number, number], n: number) => ceilDiv(BigInt(num * n), BigInt(den));
  let l1 = cost(k.stepCost, r.steps);
  for (const [b, n] of Object.entries(r.builtins)) {
    const c = k.builtinCost[b];
    if (c && n > 0 && cost(c, n) > l1) l1 = cost(c, n);
  }
  return l1;
}

/**
 * The gas a node reports for `c`: its VM resources priced as in the fee (no reverted steps), in
 * L2 gas for account transactions (All mode) and in L1 gas for L1 handlers (NoL2Gas mode:
 * blockifier gives L1 handlers `GasVectorComputationMode::NoL2Gas`).
 */
export function callGas(
  c: CallInfo,
  k: FeeConstants,
  mode: 'All' | 'NoL2Gas',
): { l1Gas: bigint; l2Gas: bigint } {
  const r = callVmResources(c, k);
  return mode === 'All'
    ? { l1Gas: 0n, l2Gas: vmCostL2(r, k) }
    : { l1Gas: vmCostL1(r, k), l2Gas: 0n };
}
