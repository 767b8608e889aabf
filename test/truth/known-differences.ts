/**
 * Every difference the truth test still measures between our re-execution and starknet-devnet,
 * grouped as `scenario field txType` → number of transactions, each with its cause. The test
 * checks this list EXACTLY: a new difference fails it, and so does a fixed one (remove it here).
 */
// Measured on starknet-devnet 0.10.1 (315 transactions in 6 blocks), 2026-12-06.
export const KNOWN_DIFFERENCES: Record<string, { count: number; cause: string }> = {
  'contracts actual_fee INVOKE': {
    count: 16,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'contracts l1_data_gas INVOKE': {
    count: 3,
    cause:
      'ours is 32 (one blob felt) above the node: we count a storage key going 0 -> non-zero as allocated (allocation_cost.blob_cost); the node does not charge it here. Not pinned down.',
  },
  'contracts l2_gas INVOKE': {
    count: 16,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
  'deploy-account actual_fee DEPLOY_ACCOUNT': { count: 2, cause: 'follows l2_gas' },
  'deploy-account actual_fee INVOKE': {
    count: 4,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'deploy-account l1_data_gas DEPLOY_ACCOUNT': {
    count: 4,
    cause:
      'ours is 96 above the node (3 felts): allocated keys (as for invokes) and/or the deployed class counted differently. Not pinned down.',
  },
  'deploy-account l2_gas DEPLOY_ACCOUNT': {
    count: 2,
    cause: 'as for invokes: 40000 L2 gas below the node (Cairo-steps account)',
  },
  'deploy-account l2_gas INVOKE': {
    count: 4,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
  'l1-handler actual_fee INVOKE': {
    count: 5,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'l1-handler actual_fee L1_HANDLER': {
    count: 5,
    cause: 'the node reports 0 for L1 handlers (paid on L1); we price the gas vector in WEI',
  },
  'l1-handler l2_gas INVOKE': {
    count: 5,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
  'l1-handler l2_gas L1_HANDLER': {
    count: 5,
    cause:
      'ours is above the node by exactly our Sierra gas of l1_handle (2370): the node charges none for it. Not pinned down.',
  },
  'multicall actual_fee INVOKE': {
    count: 50,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'multicall l1_data_gas INVOKE': {
    count: 10,
    cause:
      'ours is 32 (one blob felt) above the node: we count a storage key going 0 -> non-zero as allocated (allocation_cost.blob_cost); the node does not charge it here. Not pinned down.',
  },
  'multicall l2_gas INVOKE': {
    count: 50,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
  'reverts actual_fee INVOKE': {
    count: 6,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'reverts l2_gas INVOKE': {
    count: 6,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
  'reverts revert_reason INVOKE': {
    count: 2,
    cause:
      'our panic data items (e.g. ERC20: insufficient balance, ENTRYPOINT_FAILED) are not all found in the node text (blockifier prints a nested call stack); 2 of the 4 reverts match since the blockifier error texts of engine/starknet (errors.ts) landed',
  },
  'reverts status INVOKE': {
    count: 1,
    cause:
      'out of gas: the node runs __validate__ and reverts in __execute__ (Cairo-steps limit = l2_gas bound / 100); we give __validate__ too little of the bounded gas, so it runs out there and we reject the transaction instead',
  },
  'transfers actual_fee INVOKE': {
    count: 220,
    cause: 'follows l2_gas (same cause) at 1 gwei/fri per gas unit',
  },
  'transfers l1_data_gas INVOKE': {
    count: 1,
    cause:
      'ours is 32 (one blob felt) above the node: we count a storage key going 0 -> non-zero as allocated (allocation_cost.blob_cost); the node does not charge it here. Not pinned down.',
  },
  'transfers l2_gas INVOKE': {
    count: 220,
    cause:
      'Cairo-steps accounts (OZ 1.0.0, Sierra 1.6.0): ours is 40000 L2 gas (one L1-gas unit = 400 steps) below the node on every successful invoke; our VM resources lack something blockifier counts (memory holes are not counted: suspected). Reverted invokes are above the node instead (reverted-steps accounting not modelled).',
  },
};
