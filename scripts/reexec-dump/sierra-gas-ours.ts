/**
 * Our side of test/truth/sierra-gas.test.ts, without the blockifier harness: every scenario at
 * every compared version through `runOurs`, one JSON line per scenario, to stdout. Run it before
 * and after a change to engine/starknet's call path and diff the two outputs:
 *   node --import tsx scripts/reexec-dump/sierra-gas-ours.ts > ours.jsonl
 */
import { runOurs } from '../../test/truth/sierra-gas';
import { VERSIONS, scenariosAt } from '../../test/truth/sierra-gas-run';
import { hasFixtures } from '../../test/truth/sierra-gas-scenarios';

if (!hasFixtures()) throw new Error('../shared/fixtures is missing');
let calls = 0;
for (const version of VERSIONS)
  for (const s of scenariosAt(version)) {
    const outcomes = runOurs(s, version);
    calls += outcomes.length;
    const labels = s.calls.map((c) => c.label);
    process.stdout.write(JSON.stringify({ version, scenario: s.name, labels, outcomes }) + '\n');
  }
process.stderr.write(`${calls} top-level calls\n`);
