/**
 * Per-call VM resources and gas as a node's trace reports them (engine/starknet/call-resources.ts):
 * own work only when tracked in Cairo steps, inner calls always, syscalls' OS resources, memory
 * holes as steps, priced with the 0.14.1 constants (steps 0.0025 L1 gas, 40000 L2 gas per L1 gas).
 */
import { describe, expect, it } from 'vitest';
import { callGas, callVmResources } from '../../../engine/starknet/call-resources';
import { type CallInfo, newCallInfo } from '../../../engine/starknet/execution';
import { FEE_CONSTANTS } from '../../../engine/starknet/fee';

const k = FEE_CONSTANTS['0.14.1'];

function call(over: Partial<CallInfo>): CallInfo {
  return {
    ...newCallInfo({ contract: 1n, caller: 0n, selector: 2n, calldata: [], gas: 0n }),
    ...over,
  };
}

describe('callVmResources', () => {
  it('counts a Cairo-steps call: steps, memory holes, builtins and its syscalls', () => {
    const c = call({
      trackedResource: 'CairoSteps',
      steps: 1000,
      memoryHoles: 10,
      builtinUsage: { range_check: 5 },
      syscalls: { StorageRead: 2 },
    });
    // StorageRead in 0.14.1: 90 steps + 1 range_check each
    expect(callVmResources(c, k)).toEqual({ steps: 1190, builtins: { range_check: 7 } });
  });

  it('counts nothing of a Sierra-gas call of its own, but its inner calls', () => {
    const inner = call({ trackedResource: 'CairoSteps', steps: 400 });
    const c = call({
      trackedResource: 'SierraGas',
      steps: 5000,
      syscalls: { StorageRead: 3 },
      inner: [inner],
    });
    expect(callVmResources(c, k)).toEqual({ steps: 400, builtins: {} });
  });

  it("adds Deploy's per-felt resources for the constructor calldata of deployed contracts", () => {
    const ctor = call({
      trackedResource: 'CairoSteps',
      entryPointType: 'CONSTRUCTOR',
      calldata: [1n, 2n, 3n],
    });
    const c = call({ trackedResource: 'CairoSteps', steps: 0, inner: [ctor] });
    const r = callVmResources(c, k);
    // 3 felts × (8 steps + 1 pedersen)
    expect(r.steps).toBe(24);
    expect(r.builtins.pedersen).toBe(3);
  });
});

describe('callGas', () => {
  const c = call({ trackedResource: 'CairoSteps', steps: 1590 });
  it('prices in L2 gas for account transactions (All mode), rounded up per L1 gas unit', () => {
    // ceil(1590 × 0.0025) = 4 L1 gas = 160000 L2 gas
    expect(callGas(c, k, 'All')).toEqual({ l1Gas: 0n, l2Gas: 160_000n });
  });
  it('prices in L1 gas for L1 handlers (NoL2Gas mode)', () => {
    expect(callGas(c, k, 'NoL2Gas')).toEqual({ l1Gas: 4n, l2Gas: 0n });
  });
  it('takes the costliest builtin when it exceeds the steps', () => {
    const b = call({ trackedResource: 'CairoSteps', steps: 10, builtinUsage: { pedersen: 100 } });
    const [num, den] = k.builtinCost.pedersen;
    const l1 = BigInt(Math.ceil((100 * num) / den));
    expect(callGas(b, k, 'NoL2Gas').l1Gas).toBe(l1);
    expect(l1).toBeGreaterThan(1n);
  });
});
