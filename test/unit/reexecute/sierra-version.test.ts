/**
 * Re-execution reads each class's Sierra version from the node's Sierra class
 * (starknet_getClass), not from its CASM's compiler version: a class below 1.7.0 is tracked in
 * Cairo steps (no Sierra gas consumed), one at 1.7.0 or above in Sierra gas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reexecuteBlock } from '../../../engine/blocks/reexecute';
import type { TxExecution } from '../../../engine/starknet/transactions';
import { BundledClasses } from '../../../engine/blocks/reexecute/executable';
import { sierraVersionOf } from '../../../engine/starknet/sierra-version';
import { buildChain, MIXED_TXS, serveChain, type Chain, type MockServer } from './mock-chain';

let chain: Chain;
let mock: MockServer;
beforeAll(async () => {
  chain = buildChain([...MIXED_TXS]);
  mock = await serveChain(chain);
});
afterAll(() => mock.close());

let lastExecutable: Awaited<ReturnType<typeof reexecuteBlock>>['executable'] | undefined;

async function executions(version: [number, number, number]): Promise<TxExecution[]> {
  mock.sierraVersion = version;
  const out: TxExecution[] = [];
  lastExecutable = (
    await reexecuteBlock(mock.url, chain.blockNumber, {
      rpc: { backoffMs: 1, retries: 1 },
      onExecution: (i, ex) => (out[i] = ex),
    })
  ).executable;
  return out;
}

describe('the tracked resource of re-executed calls', () => {
  it('is Sierra gas for Sierra 1.7.0 classes', async () => {
    const runs = await executions([1, 7, 0]);
    expect(runs).toHaveLength(MIXED_TXS.length);
    for (const ex of runs) {
      expect(ex.execute?.trackedResource).toBe('SierraGas');
      expect(ex.execute?.gasConsumed).toBeGreaterThan(0n);
    }
  });

  it('is Cairo steps for Sierra 1.6.0 classes, whatever their CASM compiler', async () => {
    const runs = await executions([1, 6, 0]);
    for (const ex of runs) {
      expect(ex.execute?.trackedResource).toBe('CairoSteps');
      expect(ex.execute?.gasConsumed).toBe(0n);
      expect(ex.execute?.steps).toBeGreaterThan(0);
    }
  });

  it('is kept in the executable block, so a run from it tracks the same resource', async () => {
    await executions([1, 6, 0]);
    const block = lastExecutable!;
    expect(block.sierraVersions!.length).toBe(block.classes.length);
    const classes = new BundledClasses(block.classes, block.sierraVersions);
    for (const [h] of block.classes) {
      const cls = classes.getClass(BigInt(h))!;
      expect(sierraVersionOf(cls as never)).toEqual([1, 6, 0]);
    }
  });
});
