/**
 * The truth run of the Cairo 0 scenario: its own devnet node (`--account-class cairo0`), one
 * block, re-executed and compared as the other scenarios are (compare.ts). Shared by
 * devnet-cairo0.test.ts and `npm run truth`.
 */
import { type BlockTruth, compareBlock } from './compare';
import { startDevnet } from './devnet';
import { buildCairo0Scenario } from './scenarios-cairo0';

export interface Cairo0TruthRun {
  version: string;
  blocks: BlockTruth[];
  /** Why the scenario could not be built, if it could not. */
  failed?: string;
}

/**
 * Start the node, build and compare the block; `onBlock` may use the node before it stops (the
 * test re-executes the block again there).
 */
export async function truthRunCairo0(
  log: (line: string) => void = () => {},
  onBlock?: (url: string, block: number) => Promise<void>,
): Promise<Cairo0TruthRun> {
  const node = await startDevnet({ accountClass: 'cairo0' });
  try {
    log(`node ${node.version} (Cairo 0 accounts) at ${node.url}`);
    let scenario;
    try {
      scenario = await buildCairo0Scenario(node.url);
    } catch (e) {
      return { version: node.version, blocks: [], failed: (e as Error).message };
    }
    const b = await compareBlock(node.url, scenario.name, scenario.block);
    log(`${scenario.name} (block ${scenario.block}, ${b.txs.length} txs): compared in ${b.ms} ms`);
    await onBlock?.(node.url, scenario.block);
    return { version: node.version, blocks: [b] };
  } finally {
    await node.stop();
  }
}
