/**
 * An RPC transaction as the engine/starknet transaction re-execution runs: INVOKE v1/v3,
 * L1_HANDLER, DEPLOY_ACCOUNT v3, DECLARE v3. The rest are unsupported (a fallback).
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
