/**
 * The per-call comparison (calls.ts), offline: a node trace and our call trees built by hand, so
 * every expected difference is known by construction.
 */
import { describe, expect, it } from 'vitest';
import { type CallInfo, newCallInfo } from '../../engine/starknet/execution';
import type { TxExecution } from '../../engine/starknet/transactions';
import { callDifferenceGroups, callGasEqualRatio, compareTxCalls } from './calls';

const VERSION = '0.14.1';

function ours(over: Partial<CallInfo>): CallInfo {
  const base = newCallInfo({ contract: 0x10n, caller: 0n, selector: 0x20n, calldata: [], gas: 0n });
  return { ...base, trackedResource: 'CairoSteps', ...over };
}

function node(over: Record<string, unknown>): Record<string, unknown> {
  return {
    contract_address: '0x10',
    entry_point_selector: '0x20',
    calldata: [],
    caller_address: '0x0',
    class_hash: '0x0',
    entry_point_type: 'EXTERNAL',
    call_type: 'CALL',
    result: [],
    calls: [],
    events: [],
    messages: [],
    // 3200 steps: 8 L1 gas = 320000 L2 gas (0.14.1: 0.0025 L1 gas per step, 40000 L2 per L1)
    execution_resources: { l1_gas: 0, l2_gas: 320000 },
    is_reverted: false,
    ...over,
  };
}

const inner = ours({
  contract: 0x30n,
  steps: 3200,
  events: [{ order: 0, from: 0x30n, keys: [1n], data: [2n] }],
});
const execution = {
  validate: ours({ steps: 3200 }),
  execute: ours({ steps: 0, inner: [inner], retdata: [1n] }),
  feeTransfer: undefined,
} as unknown as TxExecution;

const trace = {
  type: 'INVOKE',
  validate_invocation: node({}),
  execute_invocation: node({
    result: ['0x1'],
    calls: [
      node({
        contract_address: '0x30',
        events: [{ order: 0, keys: ['0x1'], data: ['0x3'] }],
        execution_resources: { l1_gas: 0, l2_gas: 360000 },
      }),
    ],
  }),
  fee_transfer_invocation: node({ contract_address: '0x40' }),
};

describe('compareTxCalls', () => {
  const t = compareTxCalls(7, trace, execution, VERSION);
  it('names each differing field by call path', () => {
    expect(t.differences.map((d) => `${d.path} ${d.field} ${d.expected} ${d.got}`)).toEqual([
      'execute.calls[0] l2_gas 360000 320000',
      'execute.calls[0] events [{"keys":["0x1"],"data":["0x3"]}] [{"keys":["0x1"],"data":["0x2"]}]',
      'fee_transfer missing a call none',
    ]);
  });
  it('counts the compared calls and those whose gas equals the node', () => {
    // validate and execute (their inner call included in execute's resources) agree
    expect(t.compared).toBe(3);
    expect(t.gasEqual).toBe(2);
    expect(callGasEqualRatio([t])).toBeCloseTo(2 / 3);
  });
  it('stops at a call of another shape', () => {
    const other = { ...trace, validate_invocation: node({ entry_point_selector: '0x21' }) };
    const d = compareTxCalls(0, other, execution, VERSION).differences.filter((x) =>
      x.path.startsWith('validate'),
    );
    expect(d.map((x) => x.field)).toEqual(['selector']);
  });
  it('skips the execute tree the node drops when it reverted', () => {
    const reverted = { ...trace, execute_invocation: { revert_reason: 'boom' } };
    const d = compareTxCalls(0, reverted, execution, VERSION).differences;
    expect(d.some((x) => x.path.startsWith('execute'))).toBe(false);
  });
  it('groups by scenario, root, field and transaction type', () => {
    const g = callDifferenceGroups([{ scenario: 's', calls: [t] }]);
    expect(Object.fromEntries([...g].map(([k, v]) => [k, v.count]))).toEqual({
      's execute l2_gas INVOKE': 1,
      's execute events INVOKE': 1,
      's fee_transfer missing INVOKE': 1,
    });
  });
});
