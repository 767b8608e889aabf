/**
 * One truth run: start a devnet node, build every scenario block, re-execute and compare each.
 * Shared by the vitest truth test and `npm run truth`.
 */
import { type BlockTruth, compareBlock } from './compare';
import { type Devnet, startDevnet } from './devnet';
import { type Scenario, buildScenarios } from './scenarios';

export interface TruthRun {
  node: Devnet;
  scenarios: Scenario[];
  /** Scenarios the node refused to build: name → error. */
  failed: Record<string, string>;
  blocks: BlockTruth[];
  buildMs: number;
}

/** Runs everything on a fresh node; the node is stopped on failure, else by the caller's `node.stop()`. */
export async function truthRun(log: (line: string) => void = () => {}): Promise<TruthRun> {
  const node = await startDevnet();
  try {
    log(`node ${node.version} at ${node.url}`);
    const t0 = Date.now();
    const { scenarios, failed } = await buildScenarios(node.url);
    const buildMs = Date.now() - t0;
    log(`built ${scenarios.length} scenario blocks in ${buildMs} ms`);
    for (const [name, err] of Object.entries(failed)) log(`scenario ${name} NOT built: ${err}`);
    const blocks: BlockTruth[] = [];
    for (const s of scenarios) {
      const b = await compareBlock(node.url, s.name, s.block);
      log(
        `${s.name} (block ${s.block}, ${b.txs.length} txs): re-executed and compared in ${b.ms} ms`,
      );
      blocks.push(b);
    }
    return { node, scenarios, failed, blocks, buildMs };
  } catch (e) {
    await node.stop();
    throw e;
  }
}
