/**
 * importBlock's transaction-hash check on the real pre-v3 mainnet blocks (Pedersen-heavy, so
 * apart from import-tx-hashes.test.ts): every transaction verifies on SN_MAIN, with the rule
 * Starknet used at the time. The time the check takes is printed.
 */
import { describe, expect, it } from 'vitest';
import { importBlock } from '../../../engine/blocks/import';
import { haveShared, shared } from './helpers';
import { MAINNET, expectAllChecked } from './tx-hash-fixtures';

/** Which rule each block's transactions matched (Starknet 0.7–0.11). */
const RULES: Record<string, Record<string, number>> = {
  '0.11.1/block/mainnet_65000.json': {
    'INVOKE v1': 223,
    'DEPLOY_ACCOUNT v1': 9,
    'L1_HANDLER v0': 4,
  },
  '0.9.0/block/mainnet_2800.json': { 'DEPLOY v0': 128, 'INVOKE v0': 50, 'L1_HANDLER v0': 6 },
  '0.8.0/block/mainnet_2500.json': { 'DEPLOY v0': 202, 'INVOKE v0': 217, 'L1_HANDLER v0': 7 },
  '0.7.0/block/mainnet_2240.json': { 'DEPLOY v0': 132, 'INVOKE v0': 152, 'L1_HANDLER v0': 14 },
};

describe.skipIf(!haveShared)('real mainnet blocks verify in full', () => {
  for (const fx of MAINNET)
    it(`${fx.file}`, { timeout: 120_000 }, () => {
      const text = shared(`pathfinder-feeder/${fx.file}`);
      const t0 = performance.now();
      const b = importBlock(text);
      const ms = performance.now() - t0;
      const unchecked = performance.now();
      importBlock(text, { verifyTxHashes: false });
      const msWithout = performance.now() - unchecked;
      expect(expectAllChecked(b, fx).rules).toEqual(RULES[fx.file]);
      console.log(
        `[blocks] ${fx.file}: ${b.transactions.length} txs imported in ${ms.toFixed(0)} ms ` +
          `with the hash check; again without it (caches warm) ${msWithout.toFixed(0)} ms`,
      );
    });
});
