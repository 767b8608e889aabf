/**
 * Real-Cairo blocks for the parallel runner (placeholder until wired to engine/starknet).
 */
import type { BlockExecutor } from '../types';
import type { BlockDesc } from './blocks';

export function buildErc20Block(_d: Extract<BlockDesc, { kind: 'erc20' }>): BlockExecutor {
  throw new Error('erc20 blocks: not available yet');
}
