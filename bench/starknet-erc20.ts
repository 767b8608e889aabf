/**
 * A block of real ERC20 transfers on real Cairo 1 classes from ../shared/fixtures/casm/starknet-js:
 * OpenZeppelin's account 0.8.0 (`account/account_oz_080.casm`, checks a Stark signature of the
 * transaction hash in `__validate__`) sends `transfer(recipient, u256)` to OpenZeppelin's ERC20
 * 1.0.0 (`cairo294/erc20_oz100.casm`), which is also the fee token. Each account is deployed by
 * its own DEPLOY_ACCOUNT transaction (the class's real constructor); token balances are written
 * straight into the ERC20's `ERC20_balances` map. Hashes are Starknet's v3 transaction hashes
 * (v3 for DEPLOY_ACCOUNT, v1 for INVOKE; starknet.js), signed with the account's key, so nothing is faked on the VM's path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ec, hash } from 'starknet';
import { classCell, storageCell } from '../engine/types';
import { InMemoryState } from '../engine/starknet/state';
import { loadCasmClass } from '../engine/starknet/casm';
import { selectorOf } from '../engine/starknet/execution';
import {
  type CallSpec,
  type ExecutorConfig,
  type InvokeTx,
  type TxExecution,
  balanceKey,
  executeCalldata,
  executeTransaction,
} from '../engine/starknet/transactions';

const here = dirname(fileURLToPath(import.meta.url));
const CASM = resolve(here, '../../shared/fixtures/casm/starknet-js');
export const OZ_ACCOUNT = resolve(CASM, 'account/account_oz_080.casm');
export const OZ_ERC20 = resolve(CASM, 'cairo294/erc20_oz100.casm');

const ACCOUNT_CLASS = 0xacc0n;
const ERC20_CLASS = 0xe20n;
const TOKEN = 0xfee0n;
const CHAIN_ID = 0x534e5f5345504f4c4941n; // SN_SEPOLIA
const hex = (v: bigint) => '0x' + v.toString(16);
const ZERO_BOUNDS = {
  l1_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
  l1_data_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
  l2_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
};
/** The v3 fields of starknet.js's DEPLOY_ACCOUNT hash. */
const V3 = {
  version: '0x3' as const,
  chainId: hex(CHAIN_ID) as never,
  nonceDataAvailabilityMode: 0 as never,
  feeDataAvailabilityMode: 0 as never,
  resourceBounds: ZERO_BOUNDS as never,
  tip: '0x0',
  paymasterData: [],
};
const TX_INFO = { version: 3n, chainId: CHAIN_ID };
/** An INVOKE v1's fee cap; engine/starknet charges one unit per step of the account's run. */
const MAX_FEE = 10n ** 15n;

export const haveErc20Fixtures = () => existsSync(OZ_ACCOUNT) && existsSync(OZ_ERC20);

interface Account {
  key: string;
  address: bigint;
  nonce: bigint;
}

export interface Erc20Block {
  state: InMemoryState;
  cfg: ExecutorConfig;
  txs: InvokeTx[];
}

function sign(key: string, h: string): bigint[] {
  const s = ec.starkCurve.sign(h, key);
  return [s.r, s.s];
}

/** Deploys one OZ account with its real constructor (DEPLOY_ACCOUNT) and funds it. */
function deployAccount(st: InMemoryState, cfg: ExecutorConfig, i: number): Account {
  const key = hex(0x1000n + BigInt(i));
  const pub = BigInt(ec.starkCurve.getStarkKey(key));
  const salt = BigInt(i);
  const address = BigInt(hash.calculateContractAddressFromHash(salt, ACCOUNT_CLASS, [pub], 0));
  st.write(storageCell(TOKEN, balanceKey(address)), 10n ** 30n); // u256 low word; high stays 0
  const h = hash.calculateDeployAccountTransactionHash({
    contractAddress: address,
    classHash: hex(ACCOUNT_CLASS),
    compiledConstructorCalldata: [hex(pub)],
    salt: hex(salt),
    nonce: '0x0',
    ...V3,
  });
  const deploy = {
    kind: 'deploy-account' as const,
    address,
    classHash: ACCOUNT_CLASS,
    salt,
    constructorCalldata: [pub],
    nonce: 0n,
    maxFee: 0n,
    txHash: BigInt(h),
    signature: sign(key, h),
    txInfo: TX_INFO,
  };
  commit(st, executeTransaction(deploy, st, cfg), `deploy account ${i}`);
  return { key, address, nonce: 1n };
}

/**
 * A signed INVOKE v1 of `transfer(to, amount)` on the token from `from`. OZ account 0.8.0's
 * `__execute__` accepts version 1 only, or its query version 2^128 + 1 (OpenZeppelin/cairo-contracts
 * v0.8.0, `src/account/account.cairo`: `TRANSACTION_VERSION = 1`): it predates v3 transactions.
 */
function transferTx(from: Account, to: bigint, amount: bigint): InvokeTx {
  const calls: CallSpec[] = [
    { to: TOKEN, selector: selectorOf('transfer'), calldata: [to, amount, 0n] },
  ];
  const h = hash.calculateInvokeTransactionHash({
    senderAddress: hex(from.address),
    version: '0x1',
    compiledCalldata: executeCalldata(calls).map(hex),
    maxFee: hex(MAX_FEE),
    chainId: hex(CHAIN_ID) as never,
    nonce: hex(from.nonce),
  });
  const tx: InvokeTx = {
    kind: 'invoke',
    sender: from.address,
    calls,
    nonce: from.nonce,
    maxFee: MAX_FEE,
    txHash: BigInt(h),
    signature: sign(from.key, h),
    txInfo: { version: 1n, chainId: CHAIN_ID },
  };
  from.nonce++;
  return tx;
}

/** Applies a transaction's writes to the state; a rejected or reverted one is a broken bench. */
export function commit(st: InMemoryState, ex: TxExecution, what: string): void {
  if (ex.rejected || ex.reverted)
    throw new Error(`${what}: ${ex.rejected ?? ex.revertReason ?? 'reverted'}`);
  st.apply(ex.writes, ex.feeCredit);
}

/** `n` transfers round-robin over `accounts` deployed accounts (to another account each time). */
export function buildErc20Block(n: number, accounts: number): Erc20Block {
  const json = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as never;
  const state = new InMemoryState();
  state.declare(ACCOUNT_CLASS, loadCasmClass(json(OZ_ACCOUNT)));
  state.declare(ERC20_CLASS, loadCasmClass(json(OZ_ERC20)));
  state.write(classCell(TOKEN), ERC20_CLASS);
  const cfg: ExecutorConfig = {
    block: { blockNumber: 20n, blockTimestamp: 1000n, sequencerAddress: 0x5e0n },
    classes: state,
    feeToken: TOKEN,
    feeMode: 'deferred',
    chainId: CHAIN_ID,
  };
  const accs = Array.from({ length: accounts }, (_, i) => deployAccount(state, cfg, i));
  const txs = Array.from({ length: n }, (_, i) =>
    transferTx(accs[i % accounts], accs[(i * 7 + 3) % accounts].address, 1n + BigInt(i % 5)),
  );
  return { state, cfg, txs };
}
