/**
 * Vitest setup for the before/after check of refactors of engine/blocks/reexecute: wraps
 * reexecuteBlock so every call the tests make appends its whole result (timing removed), its
 * progress events and every final TxExecution (onExecution) to $REEXEC_DUMP_DIR/<test file>.jsonl.
 * With REEXEC_DUMP_VARIANTS=1 each call is followed by runs with the options no test sets
 * (continueWith 'trace', prefetchHints false, maxAttempts 1) on a fresh client; the tests may
 * then fail on the mock node's request counts, which does not matter for the comparison.
 * Run with scripts/reexec-dump/run.sh; compare two dumps with `diff -r`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, vi } from 'vitest';
import { stable } from './setup-stable';
import type { ReexecuteOptions } from '../../engine/blocks/reexecute/reexecute';

const dir = process.env.REEXEC_DUMP_DIR;
if (!dir) throw new Error('REEXEC_DUMP_DIR is not set');
mkdirSync(dir, { recursive: true });

const VARIANTS: { name: string; opts: ReexecuteOptions }[] = [
  { name: 'continueWith-trace', opts: { continueWith: 'trace' } },
  { name: 'no-prefetch', opts: { prefetchHints: false } },
  { name: 'maxAttempts-1', opts: { prefetchHints: false, maxAttempts: 1 } },
];

vi.mock('../../engine/blocks/reexecute/reexecute', async (orig) => {
  const mod = (await orig()) as typeof import('../../engine/blocks/reexecute/reexecute');
  const dumped = async (
    label: string,
    ...[url, blockId, opts = {}]: Parameters<typeof mod.reexecuteBlock>
  ) => {
    const progress: unknown[] = [];
    const executions: string[] = [];
    let r: Awaited<ReturnType<typeof mod.reexecuteBlock>> | undefined;
    let error: string | undefined;
    let thrown: unknown;
    try {
      r = await mod.reexecuteBlock(url, blockId, {
        ...opts,
        onProgress: (p) => {
          progress.push(p);
          opts.onProgress?.(p);
        },
        onExecution: (i, ex) => {
          executions.push(stable({ i, ex }));
          opts.onExecution?.(i, ex);
        },
      });
    } catch (e) {
      thrown = e;
      error = String(e);
    }
    const file = basename(expect.getState().testPath ?? 'unknown');
    const test = expect.getState().currentTestName ?? '(setup)';
    const result = r && { ...r, stats: { ...r.stats, ms: undefined } };
    const line = stable({ test, label, blockId, opts: Object.keys(opts), result, error, progress });
    appendFileSync(resolve(dir, `${file}.jsonl`), line + '\n' + executions.join('\n') + '\n');
    return { r, error, thrown };
  };
  return {
    ...mod,
    reexecuteBlock: async (...args: Parameters<typeof mod.reexecuteBlock>) => {
      const { r, error, thrown } = await dumped('as called', ...args);
      if (process.env.REEXEC_DUMP_VARIANTS === '1') {
        const { client: _c, cache: _k, onProgress: _p, onExecution: _e, ...rest } = args[2] ?? {};
        for (const v of VARIANTS) await dumped(v.name, args[0], args[1], { ...rest, ...v.opts });
      }
      if (error !== undefined || !r) throw thrown;
      return r;
    },
  };
});
