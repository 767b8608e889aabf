/**
 * Truth: our re-execution (the path of `analyze --rpc <node> --block N --exact`) against a real
 * sequencer's execution (starknet-devnet runs blockifier). Without the node it skips locally
 * and FAILS under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differenceExamples, differenceGroups, figures } from './compare';
import { DEVNET_VERSION, findDevnet } from './devnet';
import { KNOWN_DIFFERENCES } from './known-differences';
import { callDifferenceGroups, callGasEqualRatio } from './calls';
import { KNOWN_CALL_DIFFERENCES } from './known-call-differences';
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

  it('reverts an invoke after execution for exceeding its L2 gas bound, as the node does', () => {
    // scenarios.ts revertsBlock: one L2 gas short of what the call uses (blockifier's
    // post-execution fee check); its status, revert text, fee and gas are compared like any other
    const reverts = run!.blocks.find((b) => b.scenario === 'reverts')!;
    const hit = reverts.txs.filter((t) =>
      t.nodeRevertReason?.startsWith('Insufficient max L2Gas: max amount: '),
    );
    expect(hit).toHaveLength(1);
    expect(hit[0].differences).toEqual([]);
  });

  it('reverts an invoke whose sender cannot pay the fee after execute, as the node does', () => {
    // scenarios.ts revertsBlock: a transfer of all but 1000 FRI (blockifier check_can_pay_fee)
    const reverts = run!.blocks.find((b) => b.scenario === 'reverts')!;
    const hit = reverts.txs.filter((t) =>
      t.nodeRevertReason?.startsWith('Insufficient fee token balance. Fee: '),
    );
    expect(hit).toHaveLength(1);
    expect(hit[0].differences).toEqual([]);
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

  it('differs from the node per call exactly where the known list says', () => {
    const groups = callDifferenceGroups(run!.blocks);
    console.log(
      `call_gas_equal_ratio ${callGasEqualRatio(run!.blocks.flatMap((b) => b.calls ?? []))}`,
    );
    for (const [k, g] of groups)
      console.log(`call difference: ${k} ×${g.count} — e.g. ${JSON.stringify(g.example)}`);
    const got = Object.fromEntries([...groups].map(([k, g]) => [k, g.count]));
    const want = Object.fromEntries(
      Object.entries(KNOWN_CALL_DIFFERENCES).map(([k, v]) => [k, v.count]),
    );
    expect(got).toEqual(want);
  });
});
