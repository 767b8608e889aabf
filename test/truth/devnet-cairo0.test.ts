/**
 * Truth with Cairo 0 accounts: the re-execution of a block of deprecated-account transactions
 * against starknet-devnet started with `--account-class cairo0`. Skips without the node locally,
 * fails under CI=true (devnet.test.ts checks that the node is there).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { differenceExamples, differenceGroups, figures } from './compare';
import { findDevnet } from './devnet';
import { KNOWN_DIFFERENCES_CAIRO0 } from './known-differences-cairo0';
import { callDifferenceGroups } from './calls';
import { KNOWN_CALL_DIFFERENCES_CAIRO0 } from './known-call-differences';
import { type Cairo0TruthRun, truthRunCairo0 } from './run-cairo0';
import { type ReexecuteResult, reexecuteBlock } from '../../engine/blocks/reexecute';
import { ExecutableBlockExecutor } from '../../engine/blocks/reexecute/executable';
import type { CellKey } from '../../engine/types';

describe.skipIf(!findDevnet())('re-execution of Cairo 0 accounts against starknet-devnet', () => {
  let run: Cairo0TruthRun;
  let again: ReexecuteResult | undefined;
  beforeAll(async () => {
    run = await truthRunCairo0(
      (l) => console.log(l),
      async (url, block) => {
        again = await reexecuteBlock(url, block, { maxRequests: 200_000 });
      },
    );
  });

  it('builds the block (the node accepts every transaction)', () => {
    expect(run.failed).toBeUndefined();
    expect(run.blocks[0].txs.length).toBeGreaterThan(80);
  });

  it('re-executes every transaction on our VM (no fallback)', () => {
    const fallbacks = run.blocks[0].txs.filter((t) =>
      t.differences.some((d) => d.field === 'reexecuted'),
    );
    expect(fallbacks.map((t) => t.differences[0].detail)).toEqual([]);
  });

  it('runs again from its executable block with no node: the Cairo 0 invokes on our VM, same writes', () => {
    const ex = new ExecutableBlockExecutor(again!.executable);
    const invokes = again!.block.transactions.filter((t) => t.type === 'INVOKE').length;
    // every invoke runs on the VM, those that read the sequencer's (credited) balance too
    expect(ex.executed).toBe(invokes);
    // sequentially, each transaction reads what the ones before it wrote, credits included
    const state = new Map<CellKey, bigint>();
    const read = (c: CellKey) => state.get(c) ?? ex.preState(c);
    const view = { read };
    let reverted = 0;
    const differing: number[] = [];
    for (let i = 0; i < ex.size; i++) {
      const r = ex.execute(i, view);
      if (r.reverted) reverted++;
      // each write, and the credit, equals the value re-execution recorded
      const sets = again!.block.transactions[i].accessSets;
      const want = new Map([...sets.writes, ...sets.deferredWrites].map((w) => [w.cell, w.value]));
      for (const [c, v] of r.writes) state.set(c, v);
      if (r.fee) state.set(r.fee.cell, read(r.fee.cell) + r.fee.amount);
      const got = [...[...r.writes].map(([c]) => c), ...(r.fee ? [r.fee.cell] : [])];
      for (const c of got) if (want.get(c) !== '0x' + state.get(c)!.toString(16)) differing.push(i);
    }
    expect(reverted).toBe(4); // two transfers, a Cairo 0 assert, a direct `__execute__` call
    expect([...new Set(differing)]).toEqual([]);
  });

  it('differs from the node exactly where the known list says', () => {
    const got = Object.fromEntries(differenceGroups(run.blocks));
    const want = Object.fromEntries(
      Object.entries(KNOWN_DIFFERENCES_CAIRO0).map(([k, v]) => [k, v.count]),
    );
    console.log(JSON.stringify(figures(run.blocks)));
    for (const [k, g] of differenceExamples(run.blocks))
      console.log(
        `difference: ${k} ×${g.count} — e.g. #${g.example.txIndex}: ${g.example.detail.slice(0, 400)}`,
      );
    expect(got).toEqual(want);
  });

  it('differs from the node per call exactly where the known list says', () => {
    const groups = callDifferenceGroups(run.blocks);
    for (const [k, g] of groups)
      console.log(`call difference: ${k} ×${g.count} — e.g. ${JSON.stringify(g.example)}`);
    const got = Object.fromEntries([...groups].map(([k, g]) => [k, g.count]));
    const want = Object.fromEntries(
      Object.entries(KNOWN_CALL_DIFFERENCES_CAIRO0).map(([k, v]) => [k, v.count]),
    );
    expect(got).toEqual(want);
  });
});
