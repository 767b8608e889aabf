/**
 * Every difference the truth test still measures between our re-execution and starknet-devnet,
 * grouped as `scenario field txType` → number of transactions, each with its cause. The test
 * checks this list EXACTLY: a new difference fails it, and so does a fixed one (remove it here).
 */
export const KNOWN_DIFFERENCES: Record<string, { count: number; cause: string }> = {};
