/** Every transaction hash of mainnet blocks 65000 and 2800 recomputed (tx-hash-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import { haveShared } from './helpers';
import { MAINNET_A, allMatch, checkFixture } from './tx-hash-fixtures';

describe.skipIf(!haveShared)('transaction hashes of real mainnet blocks (65000, 2800)', () => {
  for (const b of MAINNET_A)
    it(`${b.file}: every hash recomputed equals the chain's`, { timeout: 600_000 }, () => {
      const { txs, report } = checkFixture(b);
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual(allMatch(b.kinds));
      expect(Object.values(b.kinds).reduce((a, n) => a + n, 0)).toBe(txs.length);
    });
});
