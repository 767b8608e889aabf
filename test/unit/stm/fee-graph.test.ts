import { describe, expect, it } from 'vitest';
import { runBlock, VARIANTS } from '../../../engine/stm';
import { buildDependencyGraph } from '../../../engine/graph';
import {
  SyntheticBlock,
  balanceCell,
  type SyntheticTx,
} from '../../../engine/blocks/workloads/synthetic';

/**
 * The sequencer-fee credit every transaction pays is a commutative credit of the sequencer's
 * balance: the engine's own read for that credit (inline, or at commit) is not a dependency of
 * the block. A transaction whose code reads the sequencer balance depends on every credit before
 * it (the value it reads is their sum), not only on the last one.
 */
const TOKEN = 0x70n;
const FEE_TOKEN = 0xfeen;
const SEQ = 0x5e9n;
const txs: SyntheticTx[] = [];
for (let i = 0; i < 4; i++)
  txs.push({
    kind: 'transfer',
    sender: 0x100n + BigInt(2 * i),
    token: TOKEN,
    to: 0x101n + BigInt(2 * i),
    amount: 5n,
  });
// the sequencer itself spends fee-token: its code reads its balance
txs.push({ kind: 'transfer', sender: SEQ, token: FEE_TOKEN, to: 0x200n, amount: 1n });
const preState = new Map<string, bigint>();
for (let i = 0; i < 8; i++) {
  preState.set(balanceCell(TOKEN, 0x100n + BigInt(i)), 100n);
  preState.set(balanceCell(FEE_TOKEN, 0x100n + BigInt(i)), 100n);
}
preState.set(balanceCell(FEE_TOKEN, SEQ), 10n);

describe('fee credits in the dependency graph', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: independent payers stay independent; a reader of the sequencer balance depends on every payer before it`, () => {
      const ex = new SyntheticBlock({
        txs,
        preState,
        fee: { token: FEE_TOKEN, sequencer: SEQ, amount: 3n },
      });
      const r = runBlock(ex, { variant, cores: 4 });
      const g = buildDependencyGraph(r.access);
      // read-after-write edges only (write-write order of the credits is not a dependency)
      const raw = g.edges.filter((e) => e.kind === 'raw').map((e) => [e.from, e.to]);
      expect(raw.filter(([, to]) => to < 4)).toEqual([]);
      // tx 4 read the balance: the pre-block value plus the credits of 0…3
      expect(raw.filter(([, to]) => to === 4)).toEqual([
        [0, 4],
        [1, 4],
        [2, 4],
        [3, 4],
      ]);
      expect(g.columns.length).toBe(2);
      // the committed reads still say what was read, fee credit included (the invariant checks use them)
      const seqCell = balanceCell(FEE_TOKEN, SEQ);
      if (variant !== 'sequential')
        expect(r.committedReads[2].some((x) => x.cell === seqCell)).toBe(true);
      // four payers credit 3 each; the sequencer pays its own fee to itself and sends 1
      expect(r.finalState.get(seqCell)).toBe(10n + 4n * 3n - 1n);
    });
  }
});
