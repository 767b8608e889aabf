/**
 * Truth with Cairo 0 accounts: the re-execution of a block of deprecated-account transactions
 * against starknet-devnet started with `--account-class cairo0`. Skips without the node locally,
 * fails under CI=true (devnet.test.ts checks that the node is there).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { differenceExamples, differenceGroups, figures } from './compare';
import { findDevnet } from './devnet';
import { KNOWN_DIFFERENCES_CAIRO0 } from './known-differences-cairo0';
import { type Cairo0TruthRun, truthRunCairo0 } from './run-cairo0';

describe.skipIf(!findDevnet())('re-execution of Cairo 0 accounts against starknet-devnet', () => {
  let run: Cairo0TruthRun;
  beforeAll(async () => {
    run = await truthRunCairo0((l) => console.log(l));
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
});
