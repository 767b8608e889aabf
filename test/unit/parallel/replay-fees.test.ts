import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBlock } from '../../../engine/blocks/import';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import { GALLERY_DIR } from '../../../scripts/build-gallery';

/**
 * A real block replayed on real worker threads with its sequencer-fee credits (import/
 * fee-credit.ts): Block-STM credits inline, blockifier at its in-order commit; both must end in
 * the state of the sequential run on the same workers.
 */
describe('an imported block with fee credits on real workers', () => {
  const block = importBlock(readFileSync(resolve(GALLERY_DIR, 'mainnet-65000.json'), 'utf8'));

  it.each(['block-stm', 'blockifier'] as const)(
    '%s ends in the sequential state',
    { timeout: 90_000 },
    async (variant) => {
      const r = await runOnNodeWorkers(
        { kind: 'replay', block },
        { workers: 2, variant, timeoutMs: 60_000, warmup: 0 },
      );
      expect(r.txCount).toBe(236);
      expect(r.ok).toBe(true);
    },
  );
});
