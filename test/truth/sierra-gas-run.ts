/**
 * Every Sierra-gas scenario at every compared Starknet version, on both sides, into one tally:
 * the syscall scenario, the ERC20s and accounts, every EXTERNAL entry point of every shared class
 * (zeros as calldata, as test/unit/starknet/class-coverage.test.ts calls them), and the gas
 * thresholds: for a few calls, the least initial gas with which the call succeeds on our engine,
 * run on both sides at that gas and one below it (what `get_available_gas` at entry and each
 * `withdraw_gas` decide).
 */
import { decodeShortString } from '../../engine/starknet/execution';
import { STARKNET_VERSIONS } from '../../engine/starknet/versioned-constants';
import { compareVersions } from '../../engine/starknet/sierra-version';
import { type Scenario, type CallDef, runBlockifier, runOurs } from './sierra-gas';
import { type Tally, compareOutcomes, newTally } from './sierra-gas-compare';
import {
  PROBE,
  TC,
  OTHER,
  classScenario,
  erc20Scenario,
  fixtureCasm,
  mixedScenario,
  ownVersion,
  ozScenario,
  sharedClassFiles,
  syscallScenario,
} from './sierra-gas-scenarios';
import { selectorOf } from '../../engine/starknet/execution';

/** 0.13.4 (the first with syscall gas from the OS resources) to the newest both sides have. */
export const VERSIONS = STARKNET_VERSIONS.filter(
  (v) => compareVersions(v.split('.').map(Number), [0, 13, 4]) >= 0,
);

const SERDE = /Failed to deserialize|Input too long for arguments/;

function serdeFailure(s: Scenario, version: string): boolean {
  const [o] = runOurs(s, version);
  if (!('call' in o) || !o.call.failed) return false;
  return o.call.retdata.some((f) => SERDE.test(decodeShortString(BigInt(f))));
}

/** The class's entry points, each with the fewest zeros (0..8) that Serde accepts on our side. */
export function zerosScenario(rel: string, version: string): Scenario {
  const eps = fixtureCasm(rel).entry_points_by_type.EXTERNAL;
  const calls = eps.map((ep) => {
    const selector = BigInt(ep.selector);
    let calldata: bigint[] = [];
    for (let k = 0; k <= 8; k++) {
      calldata = new Array<bigint>(k).fill(0n);
      if (!serdeFailure(classScenario(rel, [{ selector, calldata }]), version)) break;
    }
    return { selector, calldata };
  });
  return classScenario(rel, calls);
}

function withCall(base: Scenario, call: CallDef, gas: bigint, label: string): Scenario {
  return { ...base, name: `${base.name}-threshold`, calls: [{ ...call, gas, label }] };
}

/** The least gas with which `call` succeeds on our engine (bisection; calls are monotone in gas). */
function leastGas(base: Scenario, call: CallDef, version: string): bigint {
  const ok = (g: bigint) => {
    const [o] = runOurs(withCall(base, call, g, 'probe'), version);
    return 'call' in o && !o.call.failed;
  };
  let lo = 0n;
  let hi = 100_000_000n;
  if (!ok(hi)) throw new Error(`${call.label} fails even with ${hi} gas`);
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function thresholdScenarios(version: string): Scenario[] {
  const sys = syscallScenario();
  const rw = selectorOf('test_storage_read_write');
  const calls: [Scenario, CallDef][] = [
    [sys, { label: 'empty_function', contract: TC, selector: selectorOf('empty_function') }],
    [sys, { label: 'storage', contract: TC, selector: rw, calldata: [0x55n, 0x77n] }],
    [
      sys,
      {
        label: 'call_contract',
        contract: TC,
        selector: selectorOf('test_call_contract'),
        calldata: [OTHER, rw, 2n, 5n, 6n],
      },
    ],
    [sys, { label: 'available_gas', contract: PROBE, selector: selectorOf('available_gas') }],
  ];
  return calls.flatMap(([base, call]) => {
    const g = leastGas(base, call, version);
    return [
      withCall(base, call, g, `${call.label}@least`),
      withCall(base, call, g - 1n, `${call.label}@least-1`),
    ];
  });
}

export function scenariosAt(version: string): Scenario[] {
  return [
    syscallScenario(),
    erc20Scenario(),
    ozScenario(),
    ozScenario(ownVersion),
    mixedScenario(),
    ...sharedClassFiles().map((rel) => zerosScenario(rel, version)),
    ...thresholdScenarios(version),
  ];
}

/** Runs everything; `log` gets one line per scenario and version. */
export function sierraGasTruth(log: (line: string) => void = () => {}): Tally {
  const t = newTally();
  for (const version of VERSIONS) {
    for (const s of scenariosAt(version)) {
      const before = t.differences.length;
      const ours = runOurs(s, version);
      const theirs = runBlockifier(s, version);
      compareOutcomes(ours, theirs, (i) => `${s.name}/${s.calls[i].label}@${version}`, t);
      log(
        `${s.name}@${version}: ${s.calls.length} calls, ${t.differences.length - before} differences`,
      );
    }
  }
  return t;
}
