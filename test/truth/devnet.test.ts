/**
 * Truth: our re-execution (the path of `analyze --rpc <node> --block N --exact`) against a real
 * sequencer's execution (starknet-devnet runs blockifier). Without the node it skips locally
 * and FAILS under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differenceExamples, differenceGroups, figures } from './compare';
import { DEVNET_VERSION, findDevnet } from './devnet';
import { KNOWN_DIFFERENCES } from './known-differences';
import { type TruthRun, truthRun } from './run';

const bin = findDevnet();
const ci = process.env.CI === 'true';

it.runIf(!bin && ci)('has starknet-devnet under CI', () => {
  throw new Error('starknet-devnet not found and CI=true: run scripts/setup/devnet.sh');
});

describe.skipIf(!bin)('re-execution against starknet-devnet', () => {
  let run: TruthRun | undefined;
  beforeAll(async () => {
    run = await truthRun((l) => console.log(l));
  });
  afterAll(async () => {
    await run?.node.stop();
  });

  it(`runs the pinned node (${DEVNET_VERSION})`, () => {
    expect(run!.node.version).toContain(DEVNET_VERSION);
  });

  it('builds every scenario (the node accepts all their transactions)', () => {
    expect(run!.failed).toEqual({});
  });

  it('builds one block of many transactions per scenario', () => {
    const sizes = Object.fromEntries(run!.blocks.map((b) => [b.scenario, b.txs.length]));
    expect(sizes.transfers).toBeGreaterThanOrEqual(200);
    for (const b of run!.blocks) expect(b.txs.length, b.scenario).toBeGreaterThan(4);
  });

  it('differs from the node exactly where the known list says', () => {
    const got = Object.fromEntries(differenceGroups(run!.blocks));
    const want = Object.fromEntries(
      Object.entries(KNOWN_DIFFERENCES).map(([k, v]) => [k, v.count]),
    );
    const f = figures(run!.blocks);
    console.log(JSON.stringify(f));
    for (const [k, g] of differenceExamples(run!.blocks))
      console.log(
        `difference: ${k} ×${g.count} — e.g. #${g.example.txIndex}: ${g.example.detail.slice(0, 300)}`,
      );
    expect(got).toEqual(want);
  });
});
