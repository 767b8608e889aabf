/**
 * The hash rules of every Starknet transaction kind, as the import checks them: the definitions
 * of starknet.js 7.1 (`hash.calculateInvokeTransactionHash`, `calculateDeclareTransactionHash`,
 * `calculateDeployAccountTransactionHash`, `calculateL2MessageTxHash`, `v2hash` / `v3hash`
 * `calculateTransactionHashCommon`) and, for blocks up to Starknet 0.8, pathfinder's older ones
 * (`calculate_legacy_hash`, `calculate_v07_hash`). The README's "Transaction hashes" lists them
 * with their sources.
 *
 * They are computed here on fast-hash.ts (engine/vm's windowed Pedersen; @scure's Poseidon, as
 * starknet.js uses) rather than by calling starknet.js, whose plain Pedersen made the check of a
 * v0–v2 block about eleven times the rest of its import. The tests hold
 * every rule to starknet.js (test/unit/blocks/starknetjs-tx-hash.ts, which calls it) and to the
 * chain's own hashes (every transaction of the shared fixture blocks). These are the engine's
 * only hash rules: re-execution checks with them too (../reexecute/tx-hash-check.ts).
 *
 * A kind can have several rules: the first is today's, the others those old blocks were hashed
 * with. Pieces they share (the calldata hash) are computed once.
 */
import { encodeShortString } from '../../vm/syscall';
import { pedersenMany, poseidonMany } from './fast-hash';
import {
  type AnyTx,
  type Bound,
  type Bounds,
  daMode,
  felt,
  felts,
  feltsOrEmpty,
  isZeroBound,
  kindLabel,
  resourceBounds,
  txType,
  txVersion,
} from './tx-hash-fields';

export interface HashRule {
  /** Which rule: "INVOKE v3", "DEPLOY, legacy" (README "Transaction hashes"). */
  name: string;
  /** The hash on chain `chainId`; what does not depend on the chain is computed once. */
  compute(chainId: bigint): bigint;
}

/** The rules a transaction of this kind may have been hashed with, or why there are none. */
export type TxHashRules = { kind: string; rules: HashRule[] } | { kind: string; reason: string };

/** A short string as a felt (its ASCII bytes, big-endian), as cairo-lang writes prefixes. */
export const shortStringFelt: (s: string) => bigint = encodeShortString;

const INVOKE = shortStringFelt('invoke');
const DECLARE = shortStringFelt('declare');
const DEPLOY = shortStringFelt('deploy');
const DEPLOY_ACCOUNT = shortStringFelt('deploy_account');
const L1_HANDLER = shortStringFelt('l1_handler');
/** sn_keccak("constructor"), the entry point a DEPLOY hashes. */
const CONSTRUCTOR = 0x28ffe4ff0f226a9107253e17a904099aa4f63a02a5621de0576e5aa71bc5194n;
const CONTRACT_ADDRESS = shortStringFelt('STARKNET_CONTRACT_ADDRESS');
const ADDR_BOUND = 2n ** 251n - 256n;

const num = (tx: AnyTx, field: string) => BigInt(felt(tx, field));
const nums = (tx: AnyTx, field: string) => felts(tx, field).map(BigInt);
/** Blocks before Starknet 0.8 leave max_fee (and version) out: 0, pathfinder's default. */
const maxFeeOr0 = (tx: AnyTx) => (tx.max_fee === undefined ? 0n : num(tx, 'max_fee'));

/** `f` computed on first use only. */
function once(f: () => bigint): () => bigint {
  let v: bigint | undefined;
  return () => (v ??= f());
}

/**
 * The rules for `tx`. Throws MissingField / BadField (tx-hash-fields.ts) when a field a rule
 * needs is absent or unreadable; the caller words those.
 */
export function txHashRules(tx: AnyTx): TxHashRules {
  const kind = kindLabel(tx);
  const v = txVersion(tx);
  const type = txType(tx);
  if (type === undefined) return { kind, reason: `"${String(tx.type)}" is not a transaction type` };
  if (type === 'INVOKE' && v === 3n && Array.isArray(tx.proof_facts) && tx.proof_facts.length)
    return {
      kind,
      reason:
        'it carries proof_facts (SNIP-36, Starknet 0.14.2+), which newer Starknet versions hash ' +
        'too; starknet.js 7.1 has no rule for them',
    };
  const rules = rulesOf(type, v, tx);
  if (rules) return { kind, rules };
  return { kind, reason: `Starknet has no ${kind} transaction (no hash definition for it)` };
}

function rulesOf(type: string, v: bigint, tx: AnyTx): HashRule[] | undefined {
  if (type === 'INVOKE' && v === 0n) return invokeV0(tx);
  if (type === 'INVOKE' && v === 1n) return [invokeV1(tx)];
  if (type === 'DECLARE' && v <= 2n) return [declareV0V1V2(tx, v)];
  if (type === 'DEPLOY' && v <= 1n) return deploy(tx, v);
  if (type === 'DEPLOY_ACCOUNT' && v === 1n) return [deployAccountV1(tx)];
  if (type === 'L1_HANDLER' && v === 0n) return l1Handler(tx);
  if (v !== 3n) return undefined;
  if (type === 'INVOKE') return v3Rules(tx, 'INVOKE v3', (b) => invokeV3(tx, b));
  if (type === 'DECLARE') return v3Rules(tx, 'DECLARE v3', (b) => declareV3(tx, b));
  if (type === 'DEPLOY_ACCOUNT')
    return v3Rules(tx, 'DEPLOY_ACCOUNT v3', (b) => deployAccountV3(tx, b));
  return undefined;
}

/**
 * v2hash.calculateTransactionHashCommon: the Pedersen hash of [prefix, version, address,
 * entry point, h(data), max fee, chain id, …extra].
 */
function pedersenCommon(
  prefix: bigint,
  version: bigint,
  address: bigint,
  entryPoint: bigint,
  dataHash: bigint,
  maxFee: bigint,
  chain: bigint,
  extra: bigint[] = [],
): bigint {
  return pedersenMany([prefix, version, address, entryPoint, dataHash, maxFee, chain, ...extra]);
}

/** The ≤ 0.8 form (pathfinder `LegacyHasher`): no version, no max fee; a nonce for 0.7 L1 handlers. */
function legacy(
  prefix: bigint,
  address: bigint,
  entryPoint: bigint,
  dataHash: bigint,
  chain: bigint,
  nonce?: bigint,
): bigint {
  const tail = nonce === undefined ? [] : [nonce];
  return pedersenMany([prefix, address, entryPoint, dataHash, chain, ...tail]);
}

function invokeV0(tx: AnyTx): HashRule[] {
  const address = num(
    tx,
    tx.contract_address !== undefined ? 'contract_address' : 'sender_address',
  );
  const selector = num(tx, 'entry_point_selector');
  const calldata = nums(tx, 'calldata');
  const data = once(() => pedersenMany(calldata));
  const maxFee = maxFeeOr0(tx);
  return [
    {
      name: 'INVOKE v0',
      compute: (chain) => pedersenCommon(INVOKE, 0n, address, selector, data(), maxFee, chain),
    },
    {
      name: 'INVOKE v0, legacy',
      compute: (chain) => legacy(INVOKE, address, selector, data(), chain),
    },
  ];
}

function invokeV1(tx: AnyTx): HashRule {
  const sender = num(tx, 'sender_address');
  const calldata = nums(tx, 'calldata');
  const [maxFee, nonce] = [num(tx, 'max_fee'), num(tx, 'nonce')];
  const data = once(() => pedersenMany(calldata));
  return {
    name: 'INVOKE v1',
    compute: (chain) => pedersenCommon(INVOKE, 1n, sender, 0n, data(), maxFee, chain, [nonce]),
  };
}

/** DECLARE v0 hashes no data and the class hash where later versions put the nonce. */
function declareV0V1V2(tx: AnyTx, v: bigint): HashRule {
  const sender = num(tx, 'sender_address');
  const classHash = num(tx, 'class_hash');
  const maxFee = v === 0n ? maxFeeOr0(tx) : num(tx, 'max_fee');
  const extra =
    v === 0n
      ? [classHash]
      : [num(tx, 'nonce'), ...(v === 2n ? [num(tx, 'compiled_class_hash')] : [])];
  const data = once(() => pedersenMany(v === 0n ? [] : [classHash]));
  return {
    name: `DECLARE v${v}`,
    compute: (chain) => pedersenCommon(DECLARE, v, sender, 0n, data(), maxFee, chain, extra),
  };
}

/**
 * The address a DEPLOY / DEPLOY_ACCOUNT created. The feeder gives it; the RPC transaction does
 * not (its receipt does), so it is derived as the chain derives it, deployer 0 (starknet.js
 * `hash.calculateContractAddressFromHash`).
 */
function deployedAddress(tx: AnyTx, calldataHash: () => bigint): () => bigint {
  if (tx.contract_address !== undefined) {
    const address = num(tx, 'contract_address');
    return () => address;
  }
  const [salt, classHash] = [num(tx, 'contract_address_salt'), num(tx, 'class_hash')];
  return once(
    () => pedersenMany([CONTRACT_ADDRESS, 0n, salt, classHash, calldataHash()]) % ADDR_BOUND,
  );
}

function deploy(tx: AnyTx, v: bigint): HashRule[] {
  const calldata = nums(tx, 'constructor_calldata');
  const data = once(() => pedersenMany(calldata));
  const address = deployedAddress(tx, data);
  return [
    {
      name: `DEPLOY v${v}`,
      compute: (chain) => pedersenCommon(DEPLOY, v, address(), CONSTRUCTOR, data(), 0n, chain),
    },
    {
      name: 'DEPLOY, legacy',
      compute: (chain) => legacy(DEPLOY, address(), CONSTRUCTOR, data(), chain),
    },
  ];
}

function deployAccountV1(tx: AnyTx): HashRule {
  const calldata = nums(tx, 'constructor_calldata');
  const [classHash, salt] = [num(tx, 'class_hash'), num(tx, 'contract_address_salt')];
  const [maxFee, nonce] = [num(tx, 'max_fee'), num(tx, 'nonce')];
  const address = deployedAddress(tx, () => pedersenMany(calldata));
  const data = once(() => pedersenMany([classHash, salt, ...calldata]));
  return {
    name: 'DEPLOY_ACCOUNT v1',
    compute: (chain) =>
      pedersenCommon(DEPLOY_ACCOUNT, 1n, address(), 0n, data(), maxFee, chain, [nonce]),
  };
}

/**
 * An L1 handler's calldata starts with the L1 sender (calculateL2MessageTxHash's
 * `[l1FromAddress, ...l2Calldata]`). Today's hash has a nonce; Starknet 0.7 hashed it without
 * version and max fee; older blocks as an "invoke" without a nonce.
 */
function l1Handler(tx: AnyTx): HashRule[] {
  const address = num(tx, 'contract_address');
  const selector = num(tx, 'entry_point_selector');
  const calldata = nums(tx, 'calldata');
  const data = once(() => pedersenMany(calldata));
  const out: HashRule[] = [];
  if (tx.nonce !== undefined) {
    const nonce = num(tx, 'nonce');
    out.push(
      {
        name: 'L1_HANDLER v0',
        compute: (chain) =>
          pedersenCommon(L1_HANDLER, 0n, address, selector, data(), 0n, chain, [nonce]),
      },
      {
        name: 'L1_HANDLER, Starknet 0.7',
        compute: (chain) => legacy(L1_HANDLER, address, selector, data(), chain, nonce),
      },
    );
  }
  out.push({
    name: 'L1_HANDLER, legacy (as an invoke)',
    compute: (chain) => legacy(INVOKE, address, selector, data(), chain),
  });
  return out;
}

/**
 * A v3 transaction's hash covers the L1 data gas bound only if it was signed with one
 * (starknet_api `ValidResourceBounds::AllResources`); one signed with L1/L2 gas bounds alone
 * (Starknet 0.13.1–0.13.3) hashes two. A node serving such a transaction in RPC 0.8+ shape fills
 * in a zero `l1_data_gas`, so with a zero data bound both are tried.
 */
function v3Rules(tx: AnyTx, name: string, f: (b: Bounds) => HashRule['compute']): HashRule[] {
  const b = resourceBounds(tx);
  const first = { name, compute: f(b) };
  if (!isZeroBound(b.l1_data_gas)) return [first];
  const { l1_data_gas: _omit, ...two } = b;
  return [first, { name: `${name}, L1/L2 gas bounds only`, compute: f(two) }];
}

const L1_GAS = shortStringFelt('L1_GAS');
const L2_GAS = shortStringFelt('L2_GAS');
const L1_DATA = shortStringFelt('L1_DATA');

/** v3hash.hashFeeField / hashFeeFieldV3B3: tip and each bound packed as name|amount|price. */
function feeFieldHash(tip: bigint, b: Bounds): bigint {
  const pack = (name: bigint, x: Bound) =>
    (name << 192n) + (BigInt(x.max_amount) << 128n) + BigInt(x.max_price_per_unit);
  const bounds = [pack(L1_GAS, b.l1_gas), pack(L2_GAS, b.l2_gas)];
  if (b.l1_data_gas) bounds.push(pack(L1_DATA, b.l1_data_gas));
  return poseidonMany([tip, ...bounds]);
}

/**
 * v3hash.calculateTransactionHashCommon: the Poseidon hash of [prefix, 3, address, fee field,
 * h(paymaster data), chain id, nonce, DA modes, …extra]. Reads every field it needs up front;
 * hashes what does not depend on the chain once.
 */
function v3Common(
  tx: AnyTx,
  prefix: bigint,
  address: () => bigint,
  b: Bounds,
  extra: () => bigint[],
): HashRule['compute'] {
  const tip = tx.tip === undefined ? 0n : num(tx, 'tip');
  const paymaster = feltsOrEmpty(tx, 'paymaster_data').map(BigInt);
  const nonce = num(tx, 'nonce');
  const da =
    (BigInt(daMode(tx, 'nonce_data_availability_mode')) << 32n) +
    BigInt(daMode(tx, 'fee_data_availability_mode'));
  const fee = once(() => feeFieldHash(tip, b));
  const pm = once(() => poseidonMany(paymaster));
  let tail: bigint[] | undefined;
  return (chain) =>
    poseidonMany([prefix, 3n, address(), fee(), pm(), chain, nonce, da, ...(tail ??= extra())]);
}

function invokeV3(tx: AnyTx, b: Bounds): HashRule['compute'] {
  const sender = num(tx, 'sender_address');
  const deployment = feltsOrEmpty(tx, 'account_deployment_data').map(BigInt);
  const calldata = nums(tx, 'calldata');
  return v3Common(
    tx,
    INVOKE,
    () => sender,
    b,
    () => [poseidonMany(deployment), poseidonMany(calldata)],
  );
}

function declareV3(tx: AnyTx, b: Bounds): HashRule['compute'] {
  const sender = num(tx, 'sender_address');
  const deployment = feltsOrEmpty(tx, 'account_deployment_data').map(BigInt);
  const [classHash, compiled] = [num(tx, 'class_hash'), num(tx, 'compiled_class_hash')];
  return v3Common(
    tx,
    DECLARE,
    () => sender,
    b,
    () => [poseidonMany(deployment), classHash, compiled],
  );
}

function deployAccountV3(tx: AnyTx, b: Bounds): HashRule['compute'] {
  const calldata = nums(tx, 'constructor_calldata');
  const address = deployedAddress(tx, () => pedersenMany(calldata));
  const [classHash, salt] = [num(tx, 'class_hash'), num(tx, 'contract_address_salt')];
  return v3Common(tx, DEPLOY_ACCOUNT, address, b, () => [poseidonMany(calldata), classHash, salt]);
}
