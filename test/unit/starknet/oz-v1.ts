/**
 * Shared by the pre-v3 transaction tests: OpenZeppelin's 0.8.0 account (../shared/fixtures) on
 * an in-memory state with the demo ERC20 as the ETH fee token, and its DEPLOY_ACCOUNT v1 signed
 * over the real v1 hash (starknet.js).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ec, hash } from 'starknet';
import { classCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import type { ExecutorConfig } from '../../../engine/starknet/transactions';
import { demoClassHash, demoClasses } from '../../../engine/starknet/demo/contracts';

const FIX = fileURLToPath(new URL('../../../../shared/fixtures/casm/', import.meta.url));
export const TEST_CONTRACT =
  FIX + 'cairo-lang/test_contract__test_contract.compiled_contract_class.json';
export const OZ_ACCOUNT = FIX + 'starknet-js/account/account_oz_080.casm';
export const have = existsSync(TEST_CONTRACT) && existsSync(OZ_ACCOUNT);
export const json = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;

export const ETH = 0xe7en;
export const CHAIN = '0x534e5f5345504f4c4941';
const KEY = '0x1234567';
export const ACCOUNT_CLASS = 0xacc0n;
export const hx = (v: bigint) => '0x' + v.toString(16);

export function setup() {
  const st = new InMemoryState();
  const erc20 = demoClasses().erc20;
  st.declare(demoClassHash(erc20), loadCasmClass(erc20));
  st.write(classCell(ETH), demoClassHash(erc20));
  st.declare(ACCOUNT_CLASS, loadCasmClass(json(OZ_ACCOUNT) as never));
  const cfg: ExecutorConfig = {
    block: { blockNumber: 20n, blockTimestamp: 1000n, sequencerAddress: 0x5e0n },
    classes: st,
    feeToken: ETH,
    feeMode: 'deferred',
    chainId: BigInt(CHAIN),
  };
  return { st, cfg };
}

export const sign = (h: string) => {
  const s = ec.starkCurve.sign(h, KEY);
  return [s.r, s.s];
};

/** A DEPLOY_ACCOUNT v1 of the OZ account, signed over its real v1 hash. */
export function deployAccountV1(maxFee: bigint) {
  const pub = BigInt(ec.starkCurve.getStarkKey(KEY));
  const salt = 7n;
  const address = BigInt(hash.calculateContractAddressFromHash(salt, ACCOUNT_CLASS, [pub], 0));
  const h = hash.calculateDeployAccountTransactionHash({
    contractAddress: address,
    classHash: hx(ACCOUNT_CLASS),
    constructorCalldata: [hx(pub)],
    salt: hx(salt),
    version: '0x1',
    maxFee: hx(maxFee),
    chainId: CHAIN as never,
    nonce: '0x0',
  });
  return {
    kind: 'deploy-account' as const,
    address,
    classHash: ACCOUNT_CLASS,
    salt,
    constructorCalldata: [pub],
    nonce: 0n,
    // re-execution charges the receipt's fee: here 1000 WEI (at 1 per cost unit, capped)
    maxFee: 1000n,
    txHash: BigInt(h),
    signature: sign(h),
    txInfo: { version: 1n, maxFee },
  };
}
