import { describe, expect, it } from 'vitest';
import {
  decodeEvents,
  runBlock,
  ZERO_OVERHEAD_COST_MODEL,
  type BlockExecutor,
} from '../../../engine/stm';
import { mixedBlock } from '../../../engine/blocks/workloads';

const Z = ZERO_OVERHEAD_COST_MODEL;

describe('blockifier variant', () => {
  it('value-based validation: a write of the value already there invalidates nobody', () => {
    // tx 0 (cost 10) writes x := 5, which x already holds; tx 1 (cost 2) read x at its start.
    const block: BlockExecutor = {
      size: 2,
      preState: (c) => (c === 'x' ? 5n : 0n),
      execute: (tx, view) =>
        tx === 0
          ? { writes: [['x', 5n]], cost: 10 }
          : { writes: [['y', view.read('x') + 1n]], cost: 2 },
    };
    const stm = runBlock(block, { variant: 'block-stm', cores: 2, costModel: Z });
    const bf = runBlock(block, { variant: 'blockifier', cores: 2, costModel: Z });
    expect(stm.metrics.reExecutions).toBe(1); // the version changed: Block-STM re-executes tx 1
    expect(bf.metrics.reExecutions).toBe(0); // the value did not
    expect(bf.finalState).toEqual(stm.finalState);
  });

  it('no ESTIMATE: nobody ever waits on a dependency; every transaction is committed once', () => {
    const block = mixedBlock({ n: 300, accounts: 4, seed: 11, fee: 2n });
    const r = runBlock(block, { variant: 'blockifier', cores: 8 });
    const seq = runBlock(block, { variant: 'sequential', cores: 1 });
    expect(r.metrics.aborts.dependency).toBe(0);
    expect(r.metrics.aborts.validation).toBeGreaterThan(0); // contended: conflicts do happen
    // commit-phase validations fail too (a fee credit applied at commit, a late abort below)
    expect(r.metrics.aborts.commitValidation).toBeGreaterThan(0);
    expect(r.metrics.commits).toBe(300);
    const commits = decodeEvents(r.log).filter((e) => e.kind === 'commit');
    expect(commits.map((e) => e.tx)).toEqual([...Array(300).keys()]); // in order
    expect(r.finalState).toEqual(seq.finalState);
    expect(r.committedReads).toEqual(seq.committedReads);
  });
});
