/**
 * Every difference the Cairo 0 truth scenario (scenarios-cairo0.ts) still measures, as in
 * known-differences.ts: `scenario field txType` → transactions, each with its cause. Checked
 * EXACTLY by devnet-cairo0.test.ts.
 */
// Measured on starknet-devnet 0.10.1 --account-class cairo0 (95 transactions in 1 block), 2026-12-07.
const ALLOCATION_QUIRK =
  "the devnet reporting quirk of known-differences.ts: ours is 32 per storage key allocated (0 → non-zero; allocation_cost.blob_cost.l1_data_gas) above the receipt because starknet-devnet-types 0.10.1 (src/rpc/transaction_receipt.rs) reports l1_data_gas from blockifier's receipt.da_gas while l2_gas comes from receipt.gas, which includes the allocation cost. Our l2_gas and actual_fee equal the node's on these transactions.";

export const KNOWN_DIFFERENCES_CAIRO0: Record<string, { count: number; cause: string }> = {
  'cairo0-accounts l1_data_gas INVOKE': {
    count: 4,
    cause: `a first balance of an account (1 transfer) and the public key of a Cairo 0 contract the UDC deploys (3): ${ALLOCATION_QUIRK}`,
  },
  'cairo0-accounts l1_data_gas DEPLOY_ACCOUNT': {
    count: 3,
    cause: `the new Cairo 0 account's public key: ${ALLOCATION_QUIRK}`,
  },
};
