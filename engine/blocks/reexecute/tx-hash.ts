/**
 * Starknet's transaction hash from the RPC fields (starknet.js `hash.calculateInvokeTransactionHash`,
 * v1 and v3).
 */
import { hash } from 'starknet';
import { hex } from '../../types';
import type { RpcTx } from './rpc-tx';

const big = (v: unknown): bigint => BigInt(v as string);
const strArr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const daMode = (v: unknown): 0 | 1 => (v === 'L2' || v === 1 || v === '0x1' ? 1 : 0);

/**
 * Starknet transaction hash of an INVOKE (v1 or v3) from its RPC fields, with starknet.js.
 * Returns undefined for other types/versions.
 */
export function computeInvokeHash(tx: RpcTx, chainId: string): string | undefined {
  if (tx.type !== 'INVOKE') return undefined;
  const version = hex(big(tx.version ?? '0x0'));
  const calldata = strArr(tx.calldata);
  if (version === '0x3') {
    const h = hash.calculateInvokeTransactionHash({
      senderAddress: String(tx.sender_address),
      version: '0x3',
      compiledCalldata: calldata,
      chainId: chainId as never,
      nonce: String(tx.nonce),
      accountDeploymentData: strArr(tx.account_deployment_data),
      nonceDataAvailabilityMode: daMode(tx.nonce_data_availability_mode) as never,
      feeDataAvailabilityMode: daMode(tx.fee_data_availability_mode) as never,
      resourceBounds: tx.resource_bounds as never,
      tip: String(tx.tip ?? '0x0'),
      paymasterData: strArr(tx.paymaster_data),
    });
    return hex(BigInt(h));
  }
  if (version === '0x1') {
    const h = hash.calculateInvokeTransactionHash({
      senderAddress: String(tx.sender_address),
      version: '0x1',
      compiledCalldata: calldata,
      maxFee: String(tx.max_fee ?? '0x0'),
      chainId: chainId as never,
      nonce: String(tx.nonce),
    });
    return hex(BigInt(h));
  }
  return undefined;
}
