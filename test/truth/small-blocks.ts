/** Many small blocks on a devnet node, for the block-range tests. */
import { STRK } from './node';
import type { World } from './scenarios';

/** 1–5 STRK transfers per block among the predeployed accounts, one block each. */
export async function smallBlocks(
  w: World,
  count: number,
): Promise<{ from: number; sizes: number[] }> {
  const n = w.accounts.length;
  const sizes: number[] = [];
  let from = -1;
  for (let i = 0; i < count; i++) {
    const k = 1 + ((i * 7) % 5);
    for (let j = 0; j < k; j++) {
      const a = w.accounts[(i + j) % n];
      const to = w.accounts[(3 * i + 2 * j + 1) % n].address;
      await w.node.invoke(a, [{ to: STRK, entrypoint: 'transfer', calldata: [to, 1000 + i, 0] }]);
    }
    const b = await w.node.mine();
    if (from < 0) from = b;
    sizes.push(k);
  }
  return { from, sizes };
}
