/**
 * Loads engine/ of an older revision beside the working tree's (bench/stm-sim-ab.ts,
 * bench/stm-log-compare.ts): the Block-STM entry point and the synthetic workloads of that
 * revision, so that each side runs its own executor (the executor interface may change with
 * the engine).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { runBlock } from '../engine/stm';
import type * as workloads from '../engine/blocks/workloads';

export interface OldEngine {
  runBlock: typeof runBlock;
  workloads: typeof workloads;
  /** Delete the exported copy. */
  dispose(): void;
}

export async function loadOldEngine(rev: string): Promise<OldEngine> {
  // Inside the repository, so that tsx compiles it under the same tsconfig as the new code (a
  // copy under /tmp compiled differently and ran 1.2–1.4× slower in an A/A comparison).
  const dir = mkdtempSync(join(process.cwd(), '.stm-ab-'));
  try {
    execSync(`git archive ${rev} engine | tar -x -C ${dir}`);
    const stm = (await import(pathToFileURL(join(dir, 'engine/stm/index.ts')).href)) as {
      runBlock: typeof runBlock;
    };
    const wl = (await import(
      pathToFileURL(join(dir, 'engine/blocks/workloads/index.ts')).href
    )) as typeof workloads;
    return {
      runBlock: stm.runBlock,
      workloads: wl,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
