/**
 * Every difference the truth test still measures between our re-execution and starknet-devnet,
 * grouped as `scenario field txType` → number of transactions, each with its cause. The test
 * checks this list EXACTLY: a new difference fails it, and so does a fixed one (remove it here).
 */
// Measured on starknet-devnet 0.10.1 (315 transactions in 6 blocks), 2026-12-06, after memory holes
// were charged as steps (the 40000 L2-gas gap of every Cairo-steps invoke is gone).
export const KNOWN_DIFFERENCES: Record<string, { count: number; cause: string }> = {
  'contracts l1_data_gas INVOKE': {
    count: 3,
    cause:
      "a devnet reporting quirk: ours is 32 (one allocated key × allocation_cost.blob_cost.l1_data_gas) above the receipt because starknet-devnet-types 0.10.1 (src/rpc/transaction_receipt.rs, From<&TransactionExecutionInfo>) reports l1_data_gas from blockifier's receipt.da_gas (state-diff DA only) while l1_gas and l2_gas come from receipt.gas, which includes the allocation cost (fee/resources.rs StateResources::to_gas_vector). Our l2_gas (402000 per allocated key) and actual_fee equal the node's, so the charged gas agrees.",
  },
  'deploy-account l1_data_gas DEPLOY_ACCOUNT': {
    count: 4,
    cause:
      'the same devnet reporting quirk as for invokes: ours is 96 above = 3 allocated keys × 32 (receipt.da_gas is reported, not receipt.gas); l2_gas and actual_fee agree.',
  },
  'l1-handler actual_fee L1_HANDLER': {
    count: 5,
    cause: 'the node reports 0 for L1 handlers (paid on L1); we price the gas vector in WEI',
  },
  'l1-handler l2_gas L1_HANDLER': {
    count: 5,
    cause:
      'a devnet quirk: ours is above the node by exactly our Sierra gas of l1_handle (2370). starknet-devnet-types 0.10.1 (src/rpc/contract_class.rs) gives every Cairo 1 class the SierraVersion of its contract_class_version ("0.1.0"), not of its Sierra program (1.9.3 here), so blockifier tracks every call in Cairo steps (contract_class.rs tracked_resource: < min_sierra_version_for_sierra_gas 1.7.0): no Sierra gas, and the handler\'s ~24 steps stay inside the same 400-step L1-gas unit of VM cost. Forcing Cairo steps for L1 handlers in our model reproduces the node; we keep the sequencer\'s rule (Sierra program version).',
  },
  'multicall l1_data_gas INVOKE': {
    count: 10,
    cause:
      "a devnet reporting quirk: ours is 32 (one allocated key × allocation_cost.blob_cost.l1_data_gas) above the receipt because starknet-devnet-types 0.10.1 (src/rpc/transaction_receipt.rs, From<&TransactionExecutionInfo>) reports l1_data_gas from blockifier's receipt.da_gas (state-diff DA only) while l1_gas and l2_gas come from receipt.gas, which includes the allocation cost (fee/resources.rs StateResources::to_gas_vector). Our l2_gas (402000 per allocated key) and actual_fee equal the node's, so the charged gas agrees.",
  },
  'reverts actual_fee INVOKE': {
    count: 3,
    cause:
      'follows l2_gas (reverted invokes) at 1 gwei/fri per gas unit; on the out-of-gas invoke the node also caps the fee at the bounds (fee 1200128 gas units for an l2_gas of 2754560), which we do not',
  },
  'reverts l2_gas INVOKE': {
    count: 3,
    cause:
      "reverted invokes of the Cairo-steps account: a reverted execute is now charged as blockifier does (transaction/account_transaction.rs: the revert receipt summarizes validate only and adds execute's execution_steps_consumed as n_reverted_steps), which fixed 2 of 4; on these 2 ours is 80000 / 120000 L2 gas below the node: blockifier's execution_steps_consumed (n_allotted_execution_steps - n_remaining_steps of the step budget) holds more than our bare VM steps of execute. Not pinned down. The third is the out-of-gas invoke (its status is right since the step budget follows the L2 gas bound, tx-gas.ts txStepBound): ours 200000 above the node.",
  },
  'reverts revert_reason INVOKE': {
    count: 2,
    cause:
      'our panic data items (e.g. ERC20: insufficient balance, ENTRYPOINT_FAILED) are not all found in the node text (blockifier prints a nested call stack); 2 of the 4 reverts match since the blockifier error texts of engine/starknet (errors.ts) landed',
  },
  'transfers l1_data_gas INVOKE': {
    count: 1,
    cause:
      "a devnet reporting quirk: ours is 32 (one allocated key × allocation_cost.blob_cost.l1_data_gas) above the receipt because starknet-devnet-types 0.10.1 (src/rpc/transaction_receipt.rs, From<&TransactionExecutionInfo>) reports l1_data_gas from blockifier's receipt.da_gas (state-diff DA only) while l1_gas and l2_gas come from receipt.gas, which includes the allocation cost (fee/resources.rs StateResources::to_gas_vector). Our l2_gas (402000 per allocated key) and actual_fee equal the node's, so the charged gas agrees.",
  },
};
