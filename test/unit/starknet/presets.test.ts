import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../engine/blocks/catalog';
import { runBlock } from '../../../engine/stm/index';
import type { StarknetBlockExecutor } from '../../../engine/starknet/transactions';

function sorted(m: Map<string, bigint>): [string, bigint][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe.each([
  ['erc20-cairo', { n: 40, accounts: 6, seed: 3 }],
  ['amm-cairo', { n: 40, accounts: 6, seed: 3 }],
])('real-Cairo preset %s', (id, params) => {
  it('Block-STM (1 and 4 cores, and two variants) and sequential reach the same final state, with no revert', () => {
    const preset = findPreset(id);
    const ex = preset.build(params) as StarknetBlockExecutor;
    expect(ex.size).toBe(params.n);
    const runs = [
      runBlock(ex, { variant: 'sequential', cores: 1 }),
      runBlock(ex, { variant: 'block-stm', cores: 1 }),
      runBlock(ex, { variant: 'block-stm', cores: 4 }),
      // executions re-run from a read whose value changed mid-run (the VM must repeat its reads)
      runBlock(ex, { variant: 'abort-on-dependency', cores: 4 }),
      runBlock(ex, { variant: 'blockifier', cores: 4 }),
    ];
    const ref = sorted(runs[0].finalState);
    expect(ref.length).toBeGreaterThan(0);
    for (const r of runs.slice(1)) expect(sorted(r.finalState)).toEqual(ref);
    // the same block run directly, without the scheduler: nothing rejected or reverted, same state
    const m = new Map<string, bigint>();
    const seq = ex.runSequential({
      read: (c) => m.get(c) ?? ex.preState(c),
      write: (c, v) => void m.set(c, v),
    });
    expect(seq.filter((e) => e.rejected || e.reverted)).toEqual([]);
    for (const [c, v] of ref) expect(m.get(c) ?? ex.preState(c)).toBe(v);
  });

  it('rejects out-of-range parameters', () => {
    expect(() => findPreset(id).build({ n: 2001 })).toThrow(RangeError);
  });
});

describe('access timing reported to Block-STM (StateView.at, writeOffsets)', () => {
  it('an ERC20 transfer: nonce read at 0, balances read after __validate__, offsets within the cost', () => {
    const ex = findPreset('erc20-cairo').build({
      n: 4,
      accounts: 4,
      seed: 1,
    }) as StarknetBlockExecutor;
    const reads: { cell: string; at: number }[] = [];
    let now = -1;
    const res = ex.execute(0, {
      read: (c) => {
        reads.push({ cell: c, at: now });
        return ex.preState(c);
      },
      at: (o) => void (now = o),
    });
    expect(reads.length).toBeGreaterThan(2);
    expect(reads[0]).toMatchObject({ cell: expect.stringMatching(/^n:/), at: 0 });
    for (let i = 1; i < reads.length; i++)
      expect(reads[i].at).toBeGreaterThanOrEqual(reads[i - 1].at);
    // the storage reads of the transfer come after the signature check: far into the execution
    expect(reads.at(-1)!.at).toBeGreaterThan(res.cost / 4);
    expect(reads.at(-1)!.at).toBeLessThan(res.cost);
    const written = [...res.writes].map(([c]) => c);
    expect(written.length).toBeGreaterThan(0);
    for (const c of written) {
      const o = res.writeOffsets!.get(c)!;
      expect(o).toBeGreaterThan(0);
      expect(o).toBeLessThanOrEqual(res.cost);
    }
  });
});
