/**
 * The tests' independent reference for Starknet's transaction hashes: every kind recomputed by
 * starknet.js itself (`hash`, `v2hash`; its Pedersen and Poseidon are @scure/starknet's) from the
 * fields of an RPC or feeder transaction. The engine's only hash rules are the import's
 * (engine/blocks/import/tx-hash.ts, on faster hashes); tx-hash-rules.test.ts holds each of them
 * to the formula here at the same place, on real and on edited transactions.
 *
 * The definitions: starknet.js `src/utils/hash/transactionHash/{v2,v3}.ts`, checked against
 * pathfinder `crates/common/src/transaction.rs` (`calculate_hash`, and the older formulas of
 * `calculate_legacy_hash` / `calculate_v07_hash` that blocks up to Starknet 0.8 used). A kind can
 * have several formulas; the first is today's, the others those old blocks were hashed with.
 */
import { constants, hash, shortString, v2hash } from 'starknet';
import {
  type AnyTx,
  type Bounds,
  MissingField,
  daMode,
  felt,
  felts,
  feltsOrEmpty,
  isZeroBound,
  kindLabel,
  resourceBounds,
  txType,
  txVersion,
} from '../../../engine/blocks/import/tx-hash-fields';

const PREFIX = constants.TransactionHashPrefix;
type ChainId = constants.StarknetChainId;

export interface HashFormula {
  /** Which definition this is, e.g. "starknet.js v2hash.calculateDeclareTransactionHash". */
  name: string;
  compute(): string;
}

/** The formulas a transaction of this kind may have been hashed with, or why there are none. */
export type HashFormulas =
  { kind: string; formulas: HashFormula[] } | { kind: string; reason: string };

/** A chain id as the hash takes it: hex, or a short string such as "SN_MAIN". */
export function chainIdFelt(chainId: string): ChainId {
  const h = chainId.startsWith('0x') ? chainId : shortString.encodeShortString(chainId);
  return ('0x' + BigInt(h).toString(16)) as ChainId;
}

export function hashFormulas(tx: AnyTx, chainId: string): HashFormulas {
  const kind = kindLabel(tx);
  try {
    return { kind, ...formulasOf(tx, chainIdFelt(chainId)) };
  } catch (e) {
    if (e instanceof MissingField)
      return { kind, reason: `${e.message}, which the ${kind} hash needs` };
    return { kind, reason: e instanceof Error ? e.message : String(e) };
  }
}

function formulasOf(tx: AnyTx, chain: ChainId): { formulas: HashFormula[] } | { reason: string } {
  const v = txVersion(tx);
  // SNIP-36 appends the hash of non-empty proof_facts; starknet.js 7.1 leaves them out, so its
  // hash of such a transaction would be a false match
  if (txType(tx) === 'INVOKE' && Array.isArray(tx.proof_facts) && tx.proof_facts.length > 0)
    return { reason: 'it carries proof_facts (SNIP-36), which starknet.js 7.1 does not hash' };
  switch (txType(tx)) {
    case 'INVOKE':
      if (v === 0n) return { formulas: invokeV0(tx, chain) };
      if (v === 1n) return { formulas: [invokeV1(tx, chain)] };
      if (v === 3n) return { formulas: v3Formulas(tx, (b) => invokeV3(tx, chain, b)) };
      break;
    case 'DECLARE':
      if (v === 0n) return { formulas: [declareV0(tx, chain)] };
      if (v === 1n || v === 2n) return { formulas: [declareV1V2(tx, chain, v)] };
      if (v === 3n) return { formulas: v3Formulas(tx, (b) => declareV3(tx, chain, b)) };
      break;
    case 'DEPLOY':
      if (v === 0n || v === 1n) return { formulas: deploy(tx, chain, v) };
      break;
    case 'DEPLOY_ACCOUNT':
      if (v === 1n) return { formulas: [deployAccountV1(tx, chain)] };
      if (v === 3n) return { formulas: v3Formulas(tx, (b) => deployAccountV3(tx, chain, b)) };
      break;
    case 'L1_HANDLER':
      if (v === 0n) return { formulas: l1Handler(tx, chain) };
      break;
    default:
      return { reason: `"${String(tx.type)}" is not a Starknet transaction type` };
  }
  return { reason: `Starknet has no ${kindLabel(tx)} transaction (no hash definition for it)` };
}

const hexOf = (h: string | bigint) => '0x' + BigInt(h).toString(16);
const CONSTRUCTOR = hash.getSelectorFromName('constructor');

/**
 * A v3 transaction's hash covers the L1 data gas bound only if it was signed with one
 * (starknet_api `ValidResourceBounds::AllResources`); one signed with L1/L2 gas bounds alone
 * (`L1Gas`, Starknet 0.13.1–0.13.3) hashes two bounds. A node that serves such a transaction in
 * RPC 0.8+ shape fills in a zero `l1_data_gas`, so with a zero data bound both are tried.
 */
function v3Formulas(tx: AnyTx, f: (b: Bounds) => HashFormula): HashFormula[] {
  const b = resourceBounds(tx);
  if (!isZeroBound(b.l1_data_gas)) return [f(b)];
  const { l1_data_gas: _omit, ...twoBounds } = b;
  const withoutData = f(twoBounds);
  return [f(b), { ...withoutData, name: `${withoutData.name} (L1/L2 gas bounds only)` }];
}

interface V3Common {
  chainId: ChainId;
  nonce: string;
  nonceDataAvailabilityMode: never;
  feeDataAvailabilityMode: never;
  resourceBounds: never;
  tip: string;
  paymasterData: string[];
  version: '0x3';
}

function v3Common(tx: AnyTx, chain: ChainId, bounds: Bounds): V3Common {
  return {
    chainId: chain,
    nonce: felt(tx, 'nonce'),
    nonceDataAvailabilityMode: daMode(tx, 'nonce_data_availability_mode') as never,
    feeDataAvailabilityMode: daMode(tx, 'fee_data_availability_mode') as never,
    resourceBounds: bounds as never,
    tip: tx.tip === undefined ? '0x0' : felt(tx, 'tip'),
    paymasterData: feltsOrEmpty(tx, 'paymaster_data'),
    version: '0x3',
  };
}

function invokeV0(tx: AnyTx, chain: ChainId): HashFormula[] {
  const address = felt(
    tx,
    tx.contract_address !== undefined ? 'contract_address' : 'sender_address',
  );
  const selector = felt(tx, 'entry_point_selector');
  const calldata = felts(tx, 'calldata');
  // blocks before Starknet 0.8 have no max_fee on invokes: it was 0 (pathfinder's default)
  const maxFee = tx.max_fee === undefined ? '0x0' : felt(tx, 'max_fee');
  return [
    {
      name: 'starknet.js v2hash.calculateTransactionHashCommon("invoke", version 0)',
      compute: () =>
        v2hash.calculateTransactionHashCommon(
          PREFIX.INVOKE,
          0,
          address,
          selector,
          calldata,
          maxFee,
          chain,
        ),
    },
    legacy('invoke', PREFIX.INVOKE, address, selector, calldata, chain),
  ];
}

/** The ≤0.8 formula (pathfinder `LegacyHasher`): no version, no max fee. */
function legacy(
  what: string,
  prefix: string,
  address: string,
  selector: string,
  calldata: string[],
  chain: ChainId,
  nonce?: string,
): HashFormula {
  return {
    name: `legacy "${what}" hash (no version, no max fee${nonce ? ', with nonce' : ''}; pathfinder LegacyHasher)`,
    compute: () =>
      v2hash.computeHashOnElements([
        prefix,
        address,
        selector,
        v2hash.computeHashOnElements(calldata),
        chain,
        ...(nonce === undefined ? [] : [nonce]),
      ]),
  };
}

function invokeV1(tx: AnyTx, chain: ChainId): HashFormula {
  const args = {
    senderAddress: felt(tx, 'sender_address'),
    version: '0x1' as const,
    compiledCalldata: felts(tx, 'calldata'),
    maxFee: felt(tx, 'max_fee'),
    chainId: chain,
    nonce: felt(tx, 'nonce'),
  };
  return {
    name: 'starknet.js hash.calculateInvokeTransactionHash (v1)',
    compute: () => hash.calculateInvokeTransactionHash(args),
  };
}

function invokeV3(tx: AnyTx, chain: ChainId, bounds: Bounds): HashFormula {
  const args = {
    ...v3Common(tx, chain, bounds),
    senderAddress: felt(tx, 'sender_address'),
    compiledCalldata: felts(tx, 'calldata'),
    accountDeploymentData: feltsOrEmpty(tx, 'account_deployment_data'),
  };
  return {
    name: 'starknet.js hash.calculateInvokeTransactionHash (v3)',
    compute: () => hash.calculateInvokeTransactionHash(args),
  };
}

function declareV0(tx: AnyTx, chain: ChainId): HashFormula {
  // v0: empty calldata, the class hash where later versions put the nonce (starknet.js's
  // calculateDeclareTransactionHash is v1/v2 only; pathfinder `calculate_hash_v0`)
  const sender = felt(tx, 'sender_address');
  const classHash = felt(tx, 'class_hash');
  const maxFee = tx.max_fee === undefined ? '0x0' : felt(tx, 'max_fee');
  return {
    name: 'starknet.js v2hash.calculateTransactionHashCommon("declare", version 0)',
    compute: () =>
      v2hash.calculateTransactionHashCommon(PREFIX.DECLARE, 0, sender, 0, [], maxFee, chain, [
        classHash,
      ]),
  };
}

function declareV1V2(tx: AnyTx, chain: ChainId, v: bigint): HashFormula {
  const args = {
    classHash: felt(tx, 'class_hash'),
    senderAddress: felt(tx, 'sender_address'),
    version: (v === 1n ? '0x1' : '0x2') as '0x1' | '0x2',
    maxFee: felt(tx, 'max_fee'),
    chainId: chain,
    nonce: felt(tx, 'nonce'),
    ...(v === 2n ? { compiledClassHash: felt(tx, 'compiled_class_hash') } : {}),
  };
  return {
    name: `starknet.js hash.calculateDeclareTransactionHash (v${v})`,
    compute: () => hash.calculateDeclareTransactionHash(args),
  };
}

function declareV3(tx: AnyTx, chain: ChainId, bounds: Bounds): HashFormula {
  const args = {
    ...v3Common(tx, chain, bounds),
    classHash: felt(tx, 'class_hash'),
    compiledClassHash: felt(tx, 'compiled_class_hash'),
    senderAddress: felt(tx, 'sender_address'),
    accountDeploymentData: feltsOrEmpty(tx, 'account_deployment_data'),
  };
  return {
    name: 'starknet.js hash.calculateDeclareTransactionHash (v3)',
    compute: () => hash.calculateDeclareTransactionHash(args),
  };
}

/**
 * The address a DEPLOY / DEPLOY_ACCOUNT created. The feeder gives it; the RPC transaction does
 * not (it is in the receipt), so it is derived as the chain derives it: deployer 0
 * (starknet.js `calculateContractAddressFromHash`).
 */
function deployedAddress(tx: AnyTx, calldata: string[]): string {
  if (tx.contract_address !== undefined) return felt(tx, 'contract_address');
  return hexOf(
    hash.calculateContractAddressFromHash(
      felt(tx, 'contract_address_salt'),
      felt(tx, 'class_hash'),
      calldata,
      0,
    ),
  );
}

function deploy(tx: AnyTx, chain: ChainId, v: bigint): HashFormula[] {
  const calldata = felts(tx, 'constructor_calldata');
  const address = deployedAddress(tx, calldata);
  return [
    {
      name: `starknet.js v2hash.calculateTransactionHashCommon("deploy", version ${v})`,
      compute: () =>
        v2hash.calculateTransactionHashCommon(
          PREFIX.DEPLOY,
          v,
          address,
          CONSTRUCTOR,
          calldata,
          0,
          chain,
        ),
    },
    legacy('deploy', PREFIX.DEPLOY, address, CONSTRUCTOR, calldata, chain),
  ];
}

function deployAccountV1(tx: AnyTx, chain: ChainId): HashFormula {
  const calldata = felts(tx, 'constructor_calldata');
  const args = {
    contractAddress: deployedAddress(tx, calldata),
    classHash: felt(tx, 'class_hash'),
    constructorCalldata: calldata,
    salt: felt(tx, 'contract_address_salt'),
    version: '0x1' as const,
    maxFee: felt(tx, 'max_fee'),
    chainId: chain,
    nonce: felt(tx, 'nonce'),
  };
  return {
    name: 'starknet.js hash.calculateDeployAccountTransactionHash (v1)',
    compute: () => hash.calculateDeployAccountTransactionHash(args),
  };
}

function deployAccountV3(tx: AnyTx, chain: ChainId, bounds: Bounds): HashFormula {
  const calldata = felts(tx, 'constructor_calldata');
  const args = {
    ...v3Common(tx, chain, bounds),
    contractAddress: deployedAddress(tx, calldata),
    classHash: felt(tx, 'class_hash'),
    compiledConstructorCalldata: calldata,
    salt: felt(tx, 'contract_address_salt'),
  };
  return {
    name: 'starknet.js hash.calculateDeployAccountTransactionHash (v3)',
    compute: () => hash.calculateDeployAccountTransactionHash(args),
  };
}

/**
 * An L1 handler's calldata starts with the L1 sender (the message's from_address). Today's hash
 * has a nonce; 0.7 blocks hashed it without version and max fee; older ones hashed it as an
 * "invoke" with no nonce (pathfinder `calculate_v07_hash`, `calculate_legacy_hash`).
 */
function l1Handler(tx: AnyTx, chain: ChainId): HashFormula[] {
  const address = felt(tx, 'contract_address');
  const selector = felt(tx, 'entry_point_selector');
  const calldata = felts(tx, 'calldata');
  const out: HashFormula[] = [];
  if (tx.nonce !== undefined) {
    const nonce = felt(tx, 'nonce');
    if (calldata.length > 0)
      out.push({
        name: 'starknet.js hash.calculateL2MessageTxHash',
        compute: () =>
          hash.calculateL2MessageTxHash(
            calldata[0],
            address,
            selector,
            calldata.slice(1),
            chain,
            nonce,
          ),
      });
    out.push(legacy('l1_handler', PREFIX.L1_HANDLER, address, selector, calldata, chain, nonce));
  }
  out.push(legacy('invoke', PREFIX.INVOKE, address, selector, calldata, chain));
  return out;
}
