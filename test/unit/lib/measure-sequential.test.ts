import { describe, expect, it } from 'vitest';
import { createEngine } from '@/lib/engine-worker/handler';
import type { Reply, SequentialMeasure } from '@/lib/engine-worker/protocol';
import { buildPresetBundle, importBlock, serializeBundle } from '@/engine/blocks/import';
import { ReplayExecutor } from '@/engine/blocks/replay';
import { runSequential } from '@/engine/stm/parallel/worker-core';
import { hashState } from '@/engine/stm/parallel/hash';

/**
 * The single-worker fallback (no shared memory) reports a state hash to compare with a real
 * parallel run elsewhere, so it must time the executor real runs build for the block, not the
 * explorer's own view of it. This block has writes known only from events (no value): the
 * explorer's replay gives them read-dependent values, real runs mark them with their writer.
 * (A preset's block with its receipts and no traces: its transaction hashes are real ones, on
 * the chain id its bundle names, so it passes the import's hash check.)
 */
describe('measureSequential', () => {
  it('hashes the state a real run of the imported block would end in', async () => {
    const { traces: _t, stateUpdate: _s, ...blockOnly } = buildPresetBundle('hot-balance');
    const text = serializeBundle(blockOnly);
    const replies: Reply[] = [];
    const handle = createEngine((r) => replies.push(r));
    await handle(1, { type: 'importJson', text });
    expect(replies.at(-1)?.type).toBe('block');
    await handle(2, { type: 'measureSequential' });
    const r = replies.at(-1) as { type: string; measured: SequentialMeasure };
    expect(r.type).toBe('measured');
    const realRun = new ReplayExecutor(importBlock(text)); // what engine/blocks/parallel builds
    expect(r.measured.stateHash).toBe(hashState(runSequential(realRun)));
  });
});
