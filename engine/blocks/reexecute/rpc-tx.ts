/**
 * RPC transaction → engine/starknet `InvokeTx` fields. No starknet.js here: workers that run an
 * executable block (executable.ts) convert its transactions with this file alone; the hash check
 * is in tx-hash.ts.
 */
import { hex } from '../../types';
import { type CallSpec, executeCalldata } from '../../starknet/transactions';
import { type TxInfo, shortString as encodeShortString } from '../../starknet/execution';

export type RpcTx = Record<string, unknown>;

const big = (v: unknown): bigint => BigInt(v as string);
const strArr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Decode Cairo 1 multicall calldata `[n, (to, selector, len, data…)×n]`; undefined if it is not exactly that. */
export function decodeCairo1Calls(calldata: bigint[]): CallSpec[] | undefined {
  if (calldata.length === 0) return undefined;
  const n = calldata[0];
  if (n > BigInt(calldata.length)) return undefined;
  const calls: CallSpec[] = [];
  let pos = 1;
  for (let i = 0n; i < n; i++) {
    if (pos + 3 > calldata.length) return undefined;
    const len = calldata[pos + 2];
    if (BigInt(pos + 3) + len > BigInt(calldata.length)) return undefined;
    const l = Number(len);
    calls.push({
      to: calldata[pos],
      selector: calldata[pos + 1],
      calldata: calldata.slice(pos + 3, pos + 3 + l),
    });
    pos += 3 + l;
  }
  if (pos !== calldata.length) return undefined;
  // engine/starknet rebuilds __execute__'s calldata from the calls: it must be identical.
  const again = executeCalldata(calls);
  if (again.length !== calldata.length || again.some((x, i) => x !== calldata[i])) return undefined;
  return calls;
}

/**
 * Decode Cairo 0 account calldata (OpenZeppelin's `AccountCallArray` layout):
 * `[n, (to, selector, data_offset, data_len)×n, data_len_total, data…]`, each call's data a slice
 * of the data; undefined if it is not exactly that.
 */
export function decodeCairo0Calls(calldata: bigint[]): CallSpec[] | undefined {
  if (calldata.length === 0) return undefined;
  const n = calldata[0];
  if (4n * n + 2n > BigInt(calldata.length)) return undefined;
  const dataStart = 4 * Number(n) + 2;
  const total = calldata[dataStart - 1];
  if (BigInt(dataStart) + total !== BigInt(calldata.length)) return undefined;
  const data = calldata.slice(dataStart);
  const calls: CallSpec[] = [];
  for (let i = 0; i < Number(n); i++) {
    const [to, selector, offset, len] = calldata.slice(1 + 4 * i, 5 + 4 * i);
    if (offset + len > total) return undefined;
    calls.push({ to, selector, calldata: data.slice(Number(offset), Number(offset + len)) });
  }
  return calls;
}

export interface ConvertedInvoke {
  sender: bigint;
  calls: CallSpec[];
  /** The calldata as sent, when it is in the Cairo 0 layout (InvokeTx.executeCalldata). */
  executeCalldata?: bigint[];
  nonce: bigint;
  signature: bigint[];
  /** The TxInfo v2 fields the block's transaction carries (accounts may check them). */
  txInfo: Partial<TxInfo>;
  /** INVOKE v0: the entry point called on `sender` (InvokeTx.entryPointSelector). */
  entryPointSelector?: bigint;
}

const DA_MODE: Record<string, bigint> = { L1: 0n, L2: 1n };
const RESOURCE_NAMES: [string, string][] = [
  ['l1_gas', 'L1_GAS'],
  ['l2_gas', 'L2_GAS'],
  ['l1_data_gas', 'L1_DATA'],
];

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** TxInfo v2 fields from an RPC INVOKE (v3: resource bounds, tip, paymaster, DA modes; v1: max fee). */
export function rpcTxInfo(tx: RpcTx, version: bigint): Partial<TxInfo> {
  if (version !== 3n) return { version, maxFee: big(tx.max_fee ?? '0x0') };
  const bounds = obj(tx.resource_bounds);
  const resourceBounds = RESOURCE_NAMES.filter(([k]) => k in bounds).map(([k, name]) => {
    const b = obj(bounds[k]);
    return {
      resource: encodeShortString(name),
      maxAmount: big(b.max_amount ?? '0x0'),
      maxPricePerUnit: big(b.max_price_per_unit ?? '0x0'),
    };
  });
  return {
    version,
    maxFee: 0n,
    resourceBounds,
    tip: big(tx.tip ?? '0x0'),
    paymasterData: strArr(tx.paymaster_data).map((x) => BigInt(x)),
    nonceDataAvailabilityMode: DA_MODE[String(tx.nonce_data_availability_mode)] ?? 0n,
    feeDataAvailabilityMode: DA_MODE[String(tx.fee_data_availability_mode)] ?? 0n,
    accountDeploymentData: strArr(tx.account_deployment_data).map((x) => BigInt(x)),
  };
}

/** Why a transaction cannot be executed by engine/starknet, or its converted fields. */
export function convertInvoke(tx: RpcTx): ConvertedInvoke | { unsupported: string } {
  const type = String(tx.type);
  if (type !== 'INVOKE')
    return {
      unsupported: `${type} transactions are not executed (not a kind blockifier 0.20 runs)`,
    };
  const version = big(tx.version ?? '0x0');
  if (version === 0n) return convertInvokeV0(tx);
  if (version !== 1n && version !== 3n)
    return {
      unsupported: `INVOKE version ${hex(version)} is not executed (blockifier 0.20 runs v0, v1 and v3)`,
    };
  if (typeof tx.sender_address !== 'string')
    return { unsupported: 'INVOKE without sender_address' };
  const calldata = strArr(tx.calldata).map((x) => BigInt(x));
  const cairo1 = decodeCairo1Calls(calldata);
  const calls = cairo1 ?? decodeCairo0Calls(calldata);
  if (!calls)
    return {
      unsupported:
        'calldata is neither the Cairo 1 multicall layout [n, (to, selector, len, data…)×n] nor the Cairo 0 one',
    };
  return {
    sender: big(tx.sender_address),
    calls,
    ...(cairo1 ? {} : { executeCalldata: calldata }),
    nonce: big(tx.nonce ?? '0x0'),
    signature: strArr(tx.signature).map((x) => BigInt(x)),
    txInfo: rpcTxInfo(tx, version),
  };
}

/**
 * An RPC INVOKE v0 (`contract_address`, `entry_point_selector`, `calldata`, `max_fee`,
 * `signature`; no nonce): one call of that entry point, as blockifier 0.20.0-rc.0 runs it
 * (src/transaction/transactions.rs `InvokeTransaction::run_execute`).
 */
function convertInvokeV0(tx: RpcTx): ConvertedInvoke | { unsupported: string } {
  if (typeof tx.contract_address !== 'string' || typeof tx.entry_point_selector !== 'string')
    return { unsupported: 'INVOKE v0 without contract_address or entry_point_selector' };
  const to = big(tx.contract_address);
  const selector = big(tx.entry_point_selector);
  const calldata = strArr(tx.calldata).map((x) => BigInt(x));
  return {
    sender: to,
    calls: [{ to, selector, calldata }],
    executeCalldata: calldata,
    entryPointSelector: selector,
    nonce: 0n,
    signature: strArr(tx.signature).map((x) => BigInt(x)),
    txInfo: rpcTxInfo(tx, 0n),
  };
}

/** An RPC L1_HANDLER: the contract, its selector and calldata [from_address, …payload]. */
export function convertL1Handler(
  tx: RpcTx,
):
  | { contract: bigint; selector: bigint; calldata: bigint[]; nonce: bigint }
  | { unsupported: string } {
  if (typeof tx.contract_address !== 'string' || typeof tx.entry_point_selector !== 'string')
    return { unsupported: 'L1_HANDLER without contract_address or entry_point_selector' };
  return {
    contract: big(tx.contract_address),
    selector: big(tx.entry_point_selector),
    calldata: strArr(tx.calldata).map((x) => BigInt(x)),
    nonce: big(tx.nonce ?? '0x0'),
  };
}

/**
 * An RPC DEPLOY_ACCOUNT v1 (`max_fee`) or v3, the versions blockifier 0.20.0-rc.0 accepts
 * (src/transaction/account_transaction.rs `verify_tx_version`). The address comes from the receipt.
 */
export function convertDeployAccount(
  tx: RpcTx,
  address: unknown,
):
  | {
      address: bigint;
      classHash: bigint;
      salt: bigint;
      constructorCalldata: bigint[];
      nonce: bigint;
      signature: bigint[];
      txInfo: Partial<TxInfo>;
    }
  | { unsupported: string } {
  const version = big(tx.version ?? '0x0');
  if (version !== 1n && version !== 3n)
    return {
      unsupported: `DEPLOY_ACCOUNT version ${hex(version)} is not executed (blockifier 0.20 runs v1 and v3)`,
    };
  if (typeof address !== 'string')
    return { unsupported: 'DEPLOY_ACCOUNT receipt has no contract_address' };
  return {
    address: big(address),
    classHash: big(tx.class_hash),
    salt: big(tx.contract_address_salt),
    constructorCalldata: strArr(tx.constructor_calldata).map((x) => BigInt(x)),
    nonce: big(tx.nonce ?? '0x0'),
    signature: strArr(tx.signature).map((x) => BigInt(x)),
    txInfo: rpcTxInfo(tx, version),
  };
}

/**
 * An RPC DECLARE v0–v3 (blockifier 0.20.0-rc.0 `verify_tx_version`): v0/v1 declare a Cairo 0
 * class (no compiled class hash), v2/v3 a Cairo 1 class with its `compiled_class_hash`.
 */
export function convertDeclare(tx: RpcTx):
  | {
      sender: bigint;
      classHash: bigint;
      compiledClassHash?: bigint;
      nonce: bigint;
      signature: bigint[];
      txInfo: Partial<TxInfo>;
    }
  | { unsupported: string } {
  const version = big(tx.version ?? '0x0');
  if (version > 3n)
    return {
      unsupported: `DECLARE version ${hex(version)} is not executed (blockifier 0.20 runs v0 to v3)`,
    };
  if (version >= 2n && typeof tx.compiled_class_hash !== 'string')
    return { unsupported: `DECLARE ${hex(version)} without compiled_class_hash` };
  return {
    sender: big(tx.sender_address),
    classHash: big(tx.class_hash),
    ...(version >= 2n ? { compiledClassHash: big(tx.compiled_class_hash) } : {}),
    nonce: big(tx.nonce ?? '0x0'),
    signature: strArr(tx.signature).map((x) => BigInt(x)),
    txInfo: rpcTxInfo(tx, version),
  };
}
