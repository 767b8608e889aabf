/**
 * An RPC transaction as the engine/starknet transaction re-execution runs: what blockifier
 * 0.20.0-rc.0 executes (src/transaction/account_transaction.rs `verify_tx_version`,
 * transaction_execution.rs `Transaction::from_api`): INVOKE v0/v1/v3, L1_HANDLER,
 * DEPLOY_ACCOUNT v1/v3, DECLARE v0–v3. The rest (DEPLOY, other versions, blocks older than
 * Starknet 0.13.0) are unsupported: a fallback.
 */
import type { StarknetTx } from '../../starknet/transactions';
import { invokeOf } from './executable';
import {
  type RpcTx,
  convertDeclare,
  convertDeployAccount,
  convertInvoke,
  convertL1Handler,
} from './rpc-tx';

export interface RunnableTx {
  tx: StarknetTx;
  /** The account (or the L1 handler's contract) whose nonce and class re-execution prefetches. */
  principal: bigint;
  /** Extra classes to prefetch (a new account's class). */
  classes: bigint[];
}

/** `fee` is what the transaction is charged (maxFee): the receipt's, or ours. */
export function runnableTx(
  raw: { transaction: RpcTx; receipt?: Record<string, unknown> },
  hash: string,
  fee: bigint,
): RunnableTx | { unsupported: string } {
  const t = raw.transaction;
  if (t.type === 'DEPLOY')
    // transaction_execution.rs `from_api`: a DEPLOY is `unimplemented!()`
    return { unsupported: 'blockifier 0.20 does not execute DEPLOY transactions' };
  if (t.type === 'L1_HANDLER') {
    const c = convertL1Handler(t);
    if ('unsupported' in c) return c;
    return {
      tx: { kind: 'l1-handler', ...c, txHash: BigInt(hash) },
      principal: c.contract,
      classes: [],
    };
  }
  if (t.type === 'DEPLOY_ACCOUNT') {
    const c = convertDeployAccount(t, raw.receipt?.contract_address);
    if ('unsupported' in c) return c;
    return {
      tx: { kind: 'deploy-account', ...c, maxFee: fee, txHash: BigInt(hash) },
      principal: c.address,
      classes: [c.classHash],
    };
  }
  if (t.type === 'DECLARE') {
    const c = convertDeclare(t);
    if ('unsupported' in c) return c;
    return {
      tx: { kind: 'declare', ...c, maxFee: fee, txHash: BigInt(hash) },
      principal: c.sender,
      classes: [c.classHash],
    };
  }
  const conv = convertInvoke(t);
  if ('unsupported' in conv) return conv;
  return { tx: invokeOf(conv, hash, fee), principal: conv.sender, classes: [] };
}

/** Starknet 0.13.0, the oldest version blockifier 0.20.0-rc.0 has versioned constants for. */
const OLDEST_CONSTANTS = [0, 13, 0];

/**
 * Why a block of `starknetVersion` cannot be re-executed at all, if it cannot: blockifier 0.20.0-rc.0
 * has no versioned constants before 0.13.0 (src/blockifier_versioned_constants.rs
 * `define_versioned_constants!` starts at `V0_13_0`). Unknown or newer versions are not refused
 * here (they run with the newest constants and a warning).
 */
export function versionFallback(starknetVersion: string | undefined): string | undefined {
  if (starknetVersion === undefined || !/^\d+(\.\d+)*$/.test(starknetVersion)) return undefined;
  const parts = starknetVersion.split('.').map(Number);
  for (let i = 0; i < OLDEST_CONSTANTS.length; i++) {
    const p = parts[i] ?? 0;
    if (p !== OLDEST_CONSTANTS[i]) {
      if (p > OLDEST_CONSTANTS[i]) return undefined;
      return `Starknet ${starknetVersion}: no versioned constants before 0.13.0, as in blockifier 0.20`;
    }
  }
  return undefined;
}
