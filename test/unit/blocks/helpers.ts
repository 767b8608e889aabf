import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '../../..');
export const sharedFixtures = resolve(projectRoot, '../shared/fixtures');
export const sharedBlocks = resolve(sharedFixtures, 'blocks');
export const haveShared = existsSync(sharedBlocks);
if (!haveShared)
  console.warn(`[blocks] ${sharedBlocks} is absent: shared-fixture tests are skipped`);

export function shared(rel: string): string {
  return readFileSync(resolve(sharedBlocks, rel), 'utf8');
}
export function local(rel: string): string {
  return readFileSync(resolve(projectRoot, 'test/fixtures/blocks', rel), 'utf8');
}
