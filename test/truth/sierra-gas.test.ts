/**
 * Sierra gas checked against blockifier itself (issue #18): every scenario of sierra-gas-run.ts
 * at 0.13.4, 0.14.0 and the newest version, on our engine and in our blockifier harness
 * (scripts/setup/blockifier-harness.sh). Every difference must be in
 * known-sierra-gas-differences.ts, and every listed one must still occur. Skips when the
 * harness or the shared fixtures are missing, and FAILS under CI=true.
 */
import { describe, expect, it } from 'vitest';
import { HARNESS, type CallNode, hasHarness, runBlockifier, runOurs } from './sierra-gas';
import { compareOutcomes, newTally } from './sierra-gas-compare';
import { sierraGasTruth } from './sierra-gas-run';
import { hasFixtures, syscallScenario } from './sierra-gas-scenarios';
import { LATEST_STARKNET_VERSION } from '../../engine/starknet/versioned-constants';
import { KNOWN_SIERRA_GAS_DIFFERENCES } from './known-sierra-gas-differences';

const ci = process.env.CI === 'true';
const ready = hasHarness() && hasFixtures();

it.runIf(!ready && ci)('has the blockifier harness and the shared fixtures under CI', () => {
  throw new Error(
    `missing ${hasHarness() ? '../shared/fixtures' : HARNESS}: run scripts/setup/blockifier-harness.sh`,
  );
});

describe.skipIf(!ready)('Sierra gas against blockifier 0.20.0-rc.0', () => {
  it('every call tree equals blockifier’s, field by field, but for the known differences', () => {
    const t = sierraGasTruth((l) => console.info(l));
    const found = new Map(t.differences.map((d) => [d.key, d]));
    const unexpected = [...found.values()].filter((d) => !(d.key in KNOWN_SIERRA_GAS_DIFFERENCES));
    const gone = Object.keys(KNOWN_SIERRA_GAS_DIFFERENCES).filter((k) => !found.has(k));
    console.info(
      `${t.calls} calls compared, gas equal in ${t.gasEqual}, ${t.differences.length} differences`,
    );
    expect(t.calls).toBeGreaterThan(500);
    expect(unexpected.map((d) => `${d.key}: ours ${d.ours}, blockifier ${d.blockifier}`)).toEqual(
      [],
    );
    expect(gone).toEqual([]);
  });

  it('the comparison sees one gas unit, one retdata felt or one event changed deep in a tree', () => {
    const s = syscallScenario();
    const v = LATEST_STARKNET_VERSION;
    const theirs = runBlockifier(s, v);
    const at = (i: number) => `${s.calls[i].label}`;
    const diffs = (mutate: (root: CallNode) => void) => {
      const ours = runOurs(s, v);
      const i = s.calls.findIndex((c) => c.label === 'call_two');
      const o = ours[i];
      if ('call' in o) mutate(o.call);
      const t = newTally();
      compareOutcomes(ours, theirs, at, t);
      return t.differences.map((d) => d.key);
    };
    expect(diffs(() => {})).toEqual([]);
    expect(
      diffs((c) => (c.inner[1].gasConsumed = String(BigInt(c.inner[1].gasConsumed) + 1n))),
    ).toEqual(['call_two $.inner[1] gasConsumed']);
    expect(diffs((c) => c.inner[0].retdata.push('0x1'))).toEqual(['call_two $.inner[0] retdata']);
    expect(diffs((c) => c.events.push({ keys: [], data: [] }))).toEqual(['call_two $ events']);
  });
});
