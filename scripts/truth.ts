/**
 * npm run truth: start starknet-devnet, build the scenario blocks, re-execute each with our
 * Cairo VM over RPC and compare with the node. Prints one figure per line (`name: value`),
 * then every group of differences on stderr. Needs scripts/setup/devnet.sh first.
 */
import { callDifferenceGroups, callGasEqualRatio } from '../test/truth/calls';
import { differenceExamples, figures } from '../test/truth/compare';
import { findDevnet } from '../test/truth/devnet';
import { truthRun } from '../test/truth/run';
import { truthRunCairo0 } from '../test/truth/run-cairo0';
import { HARNESS, hasHarness } from '../test/truth/sierra-gas';
import { sierraGasTruth } from '../test/truth/sierra-gas-run';

/** Sierra gas against our blockifier harness (no node needed). Returns false when it is missing. */
function blockifierFigures(): boolean {
  if (!hasHarness()) {
    console.error(`${HARNESS} not found: run scripts/setup/blockifier-harness.sh`);
    return false;
  }
  const t = sierraGasTruth((l) => console.error(l));
  console.log(`truth.blockifier.calls: ${t.calls}`);
  console.log(
    `truth.blockifier.gas_equal_ratio: ${(t.gasEqual / Math.max(1, t.calls)).toFixed(3)}`,
  );
  console.log(`truth.blockifier.differences: ${t.differences.length}`);
  for (const d of t.differences)
    console.error(`blockifier difference: ${d.key}: ours ${d.ours}, blockifier ${d.blockifier}`);
  return true;
}

async function main() {
  if (!blockifierFigures()) process.exitCode = 1;
  if (!findDevnet()) {
    console.error('starknet-devnet not found: run scripts/setup/devnet.sh');
    process.exit(1);
  }
  const run = await truthRun((l) => console.error(l));
  try {
    // the Cairo 0 accounts' block runs on a second node (--account-class cairo0)
    const c0 = await truthRunCairo0((l) => console.error(l));
    const blocks = [...run.blocks, ...c0.blocks];
    const failed = { ...run.failed, ...(c0.failed ? { 'cairo0-accounts': c0.failed } : {}) };
    const f = figures(blocks);
    console.log(`truth.devnet.transactions: ${f.transactions}`);
    console.log(`truth.devnet.exact_ratio: ${f.exactRatio.toFixed(3)}`);
    console.log(`truth.devnet.findings: ${f.findings}`);
    console.log(`truth.devnet.fee_equal_ratio: ${f.feeEqualRatio.toFixed(3)}`);
    console.log(`truth.devnet.gas_equal_ratio: ${f.gasEqualRatio.toFixed(3)}`);
    const calls = blocks.flatMap((b) => b.calls ?? []);
    console.log(`truth.devnet.call_gas_equal_ratio: ${callGasEqualRatio(calls).toFixed(3)}`);
    console.log(`truth.devnet.scenarios_failed: ${Object.keys(failed).length}`);
    console.log(
      `truth.devnet.node_version: ${run.node.version.replace(/^starknet-devnet\s*/, '')}`,
    );
    for (const [k, g] of [...differenceExamples(blocks)].sort())
      console.error(
        `difference: ${k} ×${g.count} — e.g. #${g.example.txIndex}: ${g.example.detail.slice(0, 300)}`,
      );
    for (const [k, g] of [...callDifferenceGroups(blocks)].sort())
      console.error(
        `call difference: ${k} ×${g.count} — e.g. #${g.example.txIndex} ${g.example.path}: node ${g.example.expected}, ours ${g.example.got}`,
      );
  } finally {
    await run.node.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
