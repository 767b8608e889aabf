/**
 * Send signed v3 transactions to a devnet node with our own JSON-RPC calls and starknet.js's
 * hash and signer utilities (the installed starknet.js 7.1 speaks RPC 0.8; the node's RPC
 * version differs, so its RpcProvider/Account are not used).
 */
import { ec, hash } from 'starknet';
import { rpc } from './devnet';

export const STRK = '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
export const ETH = '0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7';

const hx = (v: bigint | number | string): string => '0x' + BigInt(v).toString(16);
export const selector = (name: string): string => hx(hash.getSelectorFromName(name));

export interface Account {
  address: string;
  privateKey: string;
  publicKey: string;
}
export interface Call {
  to: string;
  entrypoint: string;
  calldata: (bigint | number | string)[];
}
interface Bound {
  max_amount: string;
  max_price_per_unit: string;
}
export interface Bounds {
  l1_gas: Bound;
  l1_data_gas: Bound;
  l2_gas: Bound;
}

/** Bounds well above what any scenario transaction uses; prices 2× devnet's defaults. */
export function bounds(l2Gas = 400_000_000n): Bounds {
  const price = hx(2_000_000_000n);
  return {
    l1_gas: { max_amount: hx(100_000n), max_price_per_unit: price },
    l1_data_gas: { max_amount: hx(100_000n), max_price_per_unit: price },
    l2_gas: { max_amount: hx(l2Gas), max_price_per_unit: price },
  };
}

/** `__execute__` calldata of the Cairo 1 multicall layout. */
export function multicallData(calls: Call[]): string[] {
  const out: string[] = [hx(calls.length)];
  for (const c of calls)
    out.push(hx(c.to), selector(c.entrypoint), hx(c.calldata.length), ...c.calldata.map(hx));
  return out;
}

const v3Common = (b: Bounds) => ({
  version: '0x3',
  tip: '0x0',
  paymaster_data: [] as string[],
  nonce_data_availability_mode: 'L1',
  fee_data_availability_mode: 'L1',
  resource_bounds: b,
});

function sign(txHash: string, key: string): string[] {
  const s = ec.starkCurve.sign(txHash, key);
  return [hx(s.r), hx(s.s)];
}

export class Node {
  private nonces = new Map<string, bigint>();
  /** `__execute__` calldata of the accounts' layout (scenarios-cairo0.ts sets the Cairo 0 one). */
  calldataOf: (calls: Call[]) => string[] = multicallData;
  constructor(
    readonly url: string,
    readonly chainId: string,
  ) {}

  static async connect(url: string): Promise<Node> {
    return new Node(url, await rpc<string>(url, 'starknet_chainId'));
  }

  private async nonce(addr: string): Promise<bigint> {
    const known = this.nonces.get(addr);
    if (known !== undefined) return known;
    const n = BigInt(
      await rpc<string>(this.url, 'starknet_getNonce', {
        block_id: 'pre_confirmed',
        contract_address: addr,
      }),
    );
    this.nonces.set(addr, n);
    return n;
  }

  /** Signed v3 INVOKE of `calls` from `acct`; returns its hash. */
  async invoke(acct: Account, calls: Call[], b: Bounds = bounds()): Promise<string> {
    const nonce = await this.nonce(acct.address);
    const calldata = this.calldataOf(calls);
    const common = v3Common(b);
    const h = hash.calculateInvokeTransactionHash({
      senderAddress: acct.address,
      compiledCalldata: calldata,
      chainId: this.chainId as never,
      nonce: hx(nonce),
      accountDeploymentData: [],
      nonceDataAvailabilityMode: 0 as never,
      feeDataAvailabilityMode: 0 as never,
      resourceBounds: b as never,
      tip: '0x0',
      paymasterData: [],
      version: '0x3',
    });
    const tx = {
      type: 'INVOKE',
      sender_address: acct.address,
      calldata,
      nonce: hx(nonce),
      account_deployment_data: [],
      signature: sign(h, acct.privateKey),
      ...common,
    };
    const r = await rpc<{ transaction_hash: string }>(this.url, 'starknet_addInvokeTransaction', {
      invoke_transaction: tx,
    });
    this.nonces.set(acct.address, nonce + 1n);
    return r.transaction_hash;
  }

  /** DECLARE v3 of a Sierra class with its compiled class hash; returns tx and class hashes. */
  async declare(
    acct: Account,
    sierra: Record<string, unknown>,
    compiledClassHash: string,
    l2Gas?: bigint,
  ): Promise<{ txHash: string; classHash: string }> {
    const nonce = await this.nonce(acct.address);
    const classHash = hash.computeSierraContractClassHash(sierra as never);
    const b = bounds(l2Gas);
    const h = hash.calculateDeclareTransactionHash({
      classHash,
      compiledClassHash,
      senderAddress: acct.address,
      version: '0x3',
      chainId: this.chainId as never,
      nonce: hx(nonce),
      accountDeploymentData: [],
      nonceDataAvailabilityMode: 0 as never,
      feeDataAvailabilityMode: 0 as never,
      resourceBounds: b as never,
      tip: '0x0',
      paymasterData: [],
    });
    const abi = typeof sierra.abi === 'string' ? sierra.abi : JSON.stringify(sierra.abi);
    const tx = {
      type: 'DECLARE',
      sender_address: acct.address,
      compiled_class_hash: compiledClassHash,
      nonce: hx(nonce),
      account_deployment_data: [],
      signature: sign(h, acct.privateKey),
      contract_class: {
        sierra_program: sierra.sierra_program,
        contract_class_version: sierra.contract_class_version,
        entry_points_by_type: sierra.entry_points_by_type,
        abi,
      },
      ...v3Common(b),
    };
    const r = await rpc<{ transaction_hash: string; class_hash: string }>(
      this.url,
      'starknet_addDeclareTransaction',
      { declare_transaction: tx },
    );
    this.nonces.set(acct.address, nonce + 1n);
    return { txHash: r.transaction_hash, classHash: hx(r.class_hash) };
  }

  /** DEPLOY_ACCOUNT v3 of `classHash` with constructor [public key]; returns tx hash and address. */
  async deployAccount(
    privateKey: string,
    classHash: string,
    salt: string,
  ): Promise<{ txHash: string; address: string }> {
    const publicKey = ec.starkCurve.getStarkKey(privateKey);
    const ctor = [publicKey];
    const address = hx(hash.calculateContractAddressFromHash(salt, classHash, ctor, 0));
    const b = bounds();
    const h = hash.calculateDeployAccountTransactionHash({
      contractAddress: address,
      classHash,
      compiledConstructorCalldata: ctor,
      salt,
      version: '0x3',
      chainId: this.chainId as never,
      nonce: '0x0',
      nonceDataAvailabilityMode: 0 as never,
      feeDataAvailabilityMode: 0 as never,
      resourceBounds: b as never,
      tip: '0x0',
      paymasterData: [],
    });
    const tx = {
      type: 'DEPLOY_ACCOUNT',
      class_hash: classHash,
      contract_address_salt: salt,
      constructor_calldata: ctor,
      nonce: '0x0',
      signature: sign(h, privateKey),
      ...v3Common(b),
    };
    const r = await rpc<{ transaction_hash: string; contract_address: string }>(
      this.url,
      'starknet_addDeployAccountTransaction',
      { deploy_account_transaction: tx },
    );
    return { txHash: r.transaction_hash, address: hx(r.contract_address) };
  }

  /** An L1→L2 message through devnet's postman mock (an L1_HANDLER transaction). */
  async messageToL2(
    l2Contract: string,
    entrypoint: string,
    l1From: string,
    payload: (bigint | number | string)[],
    nonce: number,
  ): Promise<string> {
    const r = await rpc<{ transaction_hash: string }>(this.url, 'devnet_postmanSendMessageToL2', {
      l2_contract_address: l2Contract,
      entry_point_selector: selector(entrypoint),
      l1_contract_address: l1From,
      payload: payload.map(hx),
      paid_fee_on_l1: hx(1_000_000_000_000_000n),
      nonce: hx(nonce),
    });
    return r.transaction_hash;
  }

  /** Mine the pre-confirmed transactions into one block; returns its number. */
  async mine(): Promise<number> {
    await rpc(this.url, 'devnet_createBlock');
    return rpc<number>(this.url, 'starknet_blockNumber');
  }
}
