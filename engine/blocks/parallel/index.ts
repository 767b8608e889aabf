/**
 * Block descriptions for real parallel runs (engine/stm/parallel) and their resolver.
 * Node-only runner: `./node.ts` (`runOnNodeWorkers`); browser runner: lib/parallel.
 */
export {
  resolveBlock,
  blockSize,
  describeBlock,
  syntheticToPlain,
  FaultyExecutor,
  type BlockDesc,
  type PlainSyntheticSpec,
} from './blocks';
export { buildErc20Block, ERC20_ADDRESS } from './starknet-blocks';
