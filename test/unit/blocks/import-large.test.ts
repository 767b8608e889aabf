import { describe, expect, it } from 'vitest';
import { importBlock, type ImportProgress } from '../../../engine/blocks/import';

/** A synthetic 5,000-transaction RPC traces block (written here, not a fixture). */
function bigTraces(n: number): string {
  const traces = [];
  for (let i = 0; i < n; i++) {
    const sender = '0x' + (0xa000 + (i % 50)).toString(16);
    const entries = Array.from({ length: 8 }, (_, k) => ({
      key: '0x' + (i * 8 + k).toString(16),
      value: '0x' + (i + 1).toString(16),
    }));
    entries.push({ key: '0x7777', value: '0x' + i.toString(16) }); // one hot cell shared by all
    const inv = (c: string) => ({
      contract_address: c,
      entry_point_selector: '0x1',
      calldata: ['0x1', '0x2'],
      caller_address: '0x0',
      class_hash: '0xc1',
      entry_point_type: 'EXTERNAL',
      call_type: 'CALL',
      result: [],
      calls: [],
      events: [],
      messages: [],
      execution_resources: { l1_gas: 0, l2_gas: 10 },
      is_reverted: false,
    });
    traces.push({
      transaction_hash: '0x' + (0x100000 + i).toString(16),
      trace_root: {
        type: 'INVOKE',
        validate_invocation: inv(sender),
        execute_invocation: { ...inv(sender), calls: [inv('0xc0ffee')] },
        fee_transfer_invocation: {
          ...inv('0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d'),
          calldata: ['0x5e9', '0x10', '0x0'],
        },
        state_diff: {
          storage_diffs: [{ address: '0xc0ffee', storage_entries: entries }],
          nonces: [
            { contract_address: sender, nonce: '0x' + (Math.floor(i / 50) + 1).toString(16) },
          ],
        },
        execution_resources: { l1_gas: 0, l1_data_gas: 0, l2_gas: 1000 },
      },
    });
  }
  return JSON.stringify({ jsonrpc: '2.0', id: 1, result: traces });
}

describe('large inputs', () => {
  it('5,000 traced transactions import with progress', () => {
    const text = bigTraces(5000);
    expect(text.length).toBeGreaterThan(9_000_000);
    const progress: ImportProgress[] = [];
    const t0 = performance.now();
    const b = importBlock(text, { onProgress: (p) => progress.push(p) });
    const ms = performance.now() - t0;
    expect(b.transactions).toHaveLength(5000);
    expect(b.accessMode).toBe('inferred');
    expect(
      b.transactions[4999].accessSets.reads.find((r) => r.cell === 's:0xc0ffee:0x7777'),
    ).toEqual({
      cell: 's:0xc0ffee:0x7777',
      value: '0x' + (4998).toString(16),
      evidence: 'inferred_rule',
    });
    const phases = progress.map((p) => p.phase);
    expect(phases[0]).toBe('parse');
    expect(phases.at(-1)).toBe('done');
    expect(progress.filter((p) => p.phase === 'access-sets').length).toBeGreaterThanOrEqual(50);
    console.log(`[blocks] 5000 txs, ${(text.length / 1e6).toFixed(1)} MB: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(30_000);
  });
});
