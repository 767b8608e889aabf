/**
 * Vitest setup: every `runContract` call the tests make appends its arguments' shape and its
 * whole result (or its error) to $REEXEC_DUMP_DIR/<test file>.run-contract.jsonl, for a
 * before/after diff of changes to engine/starknet/run-contract.ts (see setup.ts).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, vi } from 'vitest';
import { stable } from './setup-stable';

const dir = process.env.REEXEC_DUMP_DIR;
if (!dir) throw new Error('REEXEC_DUMP_DIR is not set');
mkdirSync(dir, { recursive: true });

vi.mock('../../engine/starknet/run-contract', async (orig) => {
  const mod = (await orig()) as typeof import('../../engine/starknet/run-contract');
  return {
    ...mod,
    runContract: (...args: Parameters<typeof mod.runContract>) => {
      const file = basename(expect.getState().testPath ?? 'unknown');
      const test = expect.getState().currentTestName ?? '(setup)';
      const write = (outcome: unknown) =>
        appendFileSync(
          resolve(dir, `${file}.run-contract.jsonl`),
          stable({ test, entry: args[1], opts: args[2], outcome }) + '\n',
        );
      try {
        const r = mod.runContract(...args);
        write({ result: r });
        return r;
      } catch (e) {
        write({ error: String(e) });
        throw e;
      }
    },
  };
});
