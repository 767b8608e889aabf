/**
 * Sample blocks we build ourselves (no network), for the app's presets and for tests. Each preset
 * is a small scenario turned into a complete bundle in JSON-RPC 0.8 shapes: getBlockWithReceipts
 * (with ERC20 Transfer events), traceBlockTransactions (with per-transaction state diffs) and
 * getStateUpdate. Values are synthetic but self-consistent (balances add up, nonces increase, and
 * each transaction hash is its fields' hash on the made-up chain PRESET_CHAIN_ID, which the
 * bundle names, so presets pass the import's hash check).
 */
import { hex } from '../../types';
import { type Bundle, BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle';
import { EXECUTE_SELECTOR, STRK_TOKEN, TRANSFER_SELECTOR, snKeccak } from './common';
import { erc20BalanceKey } from './access-sets';
import { shortStringFelt, txHashRules } from './tx-hash';

/** The chain id preset bundles declare: no real chain's. */
export const PRESET_CHAIN_ID = 'STM_EXPLORER_PRESET';

export interface PresetTx {
  sender: string;
  /** ERC20 transfers made by the account (token defaults to STRK). */
  transfers?: { to: string; amount: bigint; token?: string }[];
  /** Plain storage writes made by a called contract. */
  storage?: { contract: string; key: string; value: string }[];
  reverted?: boolean;
  fee?: bigint;
}

export interface PresetScenario {
  name: string;
  description: string;
  blockNumber: number;
  sequencer: string;
  txs: PresetTx[];
}

const SEL_TRANSFER = hex(snKeccak('transfer'));
const SEL_SET = hex(snKeccak('set'));
const INITIAL_BALANCE = 10n ** 21n;

export const PRESETS: PresetScenario[] = [
  {
    name: 'counter-and-transfers',
    description:
      'Four transactions: two touch one counter, one pays an account the first one uses, one reverts.',
    blockNumber: 100,
    sequencer: '0x5e9',
    txs: [
      { sender: '0xa1', storage: [{ contract: '0xc0', key: '0x10', value: '0x1' }] },
      { sender: '0xa2', transfers: [{ to: '0xa1', amount: 100n }] },
      { sender: '0xb1', storage: [{ contract: '0xc0', key: '0x10', value: '0x2' }] },
      {
        sender: '0xb2',
        storage: [{ contract: '0xc0', key: '0x10', value: '0x3' }],
        reverted: true,
      },
    ],
  },
  {
    name: 'independent',
    description:
      'Eight accounts each writing their own storage slot: no dependencies (fully parallel).',
    blockNumber: 200,
    sequencer: '0x5e9',
    txs: Array.from({ length: 8 }, (_, i) => ({
      sender: hex(0xd0n + BigInt(i)),
      storage: [{ contract: '0xc1', key: hex(0x100n + BigInt(i)), value: '0x1' }],
    })),
  },
  {
    name: 'hot-balance',
    description:
      'Six accounts all pay one merchant: a chain of dependencies on the merchant balance.',
    blockNumber: 300,
    sequencer: '0x5e9',
    txs: Array.from({ length: 6 }, (_, i) => ({
      sender: hex(0xe0n + BigInt(i)),
      transfers: [{ to: '0xfee1', amount: 10n + BigInt(i) }],
    })),
  },
];

function transferEvent(token: string, from: string, to: string, amount: bigint, order?: number) {
  const e = {
    from_address: token,
    keys: [TRANSFER_SELECTOR, from, to],
    data: [hex(amount), '0x0'],
  };
  return order === undefined ? e : { order, keys: e.keys, data: e.data };
}

function call(
  contract: string,
  selector: string,
  caller: string,
  calldata: string[],
  calls: unknown[] = [],
  events: unknown[] = [],
) {
  return {
    contract_address: contract,
    entry_point_selector: selector,
    calldata,
    caller_address: caller,
    class_hash: '0xc1a55',
    entry_point_type: 'EXTERNAL',
    call_type: 'CALL',
    result: [],
    calls,
    events,
    messages: [],
    execution_resources: { l1_gas: 0, l2_gas: 1000 },
    is_reverted: false,
  };
}

type StorageDiff = Map<string, Map<string, string>>;

function setStorage(diff: StorageDiff, c: string, k: string, v: string): void {
  if (!diff.has(c)) diff.set(c, new Map());
  diff.get(c)!.set(k, v);
}

/** An RPC state diff (storage and nonces; nothing deployed or declared). */
function rpcStateDiff(diff: StorageDiff, nonces: [string, string][]) {
  return {
    storage_diffs: [...diff].map(([address, m]) => ({
      address,
      storage_entries: [...m].map(([key, value]) => ({ key, value })),
    })),
    nonces: nonces.map(([contract_address, nonce]) => ({ contract_address, nonce })),
    deployed_contracts: [],
    replaced_classes: [],
    declared_classes: [],
    deprecated_declared_classes: [],
  };
}

/** A v3 INVOKE as the RPC spells it (fee in FRI, L2 gas bounds only), hashed on PRESET_CHAIN_ID. */
function rpcInvoke(sender: string, nonce: bigint, calldata: string[]) {
  const tx = {
    type: 'INVOKE',
    version: '0x3',
    sender_address: sender,
    nonce: hex(nonce),
    calldata,
    signature: [],
    resource_bounds: {
      l1_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
      l2_gas: { max_amount: '0x100000', max_price_per_unit: '0x1' },
      l1_data_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
    },
    tip: '0x0',
    paymaster_data: [],
    account_deployment_data: [],
    nonce_data_availability_mode: 'L1',
    fee_data_availability_mode: 'L1',
  };
  const rules = txHashRules(tx);
  if (!('rules' in rules)) throw new Error(`preset transaction: ${rules.reason}`);
  return { transaction_hash: hex(rules.rules[0].compute(shortStringFelt(PRESET_CHAIN_ID))), ...tx };
}

const REVERT_REASON = 'preset: reverted on purpose';

/** The chain's balances and nonces while a scenario's transactions are turned into RPC data. */
class PresetChain {
  private readonly balances = new Map<string, bigint>(); // `${token}:${owner}`
  private readonly nonces = new Map<string, bigint>();
  readonly blockDiff: StorageDiff = new Map();
  readonly blockNonces = new Map<string, string>();
  readonly txs: unknown[] = [];
  readonly traces: unknown[] = [];

  constructor(private readonly sc: PresetScenario) {}

  balance(token: string, owner: string): bigint {
    return this.balances.get(`${token}:${owner}`) ?? INITIAL_BALANCE;
  }

  /** Move `amount`; the receiver's side is left out of `diff` when it is deferred (the fee). */
  private move(
    diff: StorageDiff,
    token: string,
    from: string,
    to: string,
    amount: bigint,
    deferTo = false,
  ) {
    this.balances.set(`${token}:${from}`, this.balance(token, from) - amount);
    this.balances.set(`${token}:${to}`, this.balance(token, to) + amount);
    setStorage(diff, token, hex(erc20BalanceKey(from)), hex(this.balance(token, from)));
    if (!deferTo) setStorage(diff, token, hex(erc20BalanceKey(to)), hex(this.balance(token, to)));
  }

  /** The inner calls and events of a successful transaction (storage writes, then transfers). */
  private body(t: PresetTx, diff: StorageDiff) {
    const inner: unknown[] = [];
    const events: unknown[] = [];
    let order = 0;
    for (const s of t.storage ?? []) {
      setStorage(diff, s.contract, s.key, s.value);
      inner.push(call(s.contract, SEL_SET, t.sender, [s.key, s.value]));
    }
    for (const tr of t.transfers ?? []) {
      const token = tr.token ?? STRK_TOKEN;
      this.move(diff, token, t.sender, tr.to, tr.amount);
      const ev = transferEvent(token, t.sender, tr.to, tr.amount, order++);
      events.push(transferEvent(token, t.sender, tr.to, tr.amount));
      inner.push(call(token, SEL_TRANSFER, t.sender, [tr.to, hex(tr.amount), '0x0'], [], [ev]));
    }
    return { inner, events, order };
  }

  add(t: PresetTx, i: number): void {
    const { sc } = this;
    const nonce = this.nonces.get(t.sender) ?? 0n;
    this.nonces.set(t.sender, nonce + 1n);
    const fee = t.fee ?? 1000n + BigInt(i);
    const diff: StorageDiff = new Map();
    const { inner, events, order } = t.reverted
      ? { inner: [], events: [], order: 0 }
      : this.body(t, diff);
    // Fee: the sequencer's side is written at commit (deferred); it is in the block diff but we
    // also put it in the tx diff, as nodes report it.
    this.move(diff, STRK_TOKEN, t.sender, sc.sequencer, fee);
    events.push(transferEvent(STRK_TOKEN, t.sender, sc.sequencer, fee));
    const feeCall = call(
      STRK_TOKEN,
      SEL_TRANSFER,
      t.sender,
      [sc.sequencer, hex(fee), '0x0'],
      [],
      [transferEvent(STRK_TOKEN, t.sender, sc.sequencer, fee, order)],
    );
    const calldata = ['0x' + (t.reverted ? 1 : inner.length).toString(16)];
    const transaction = rpcInvoke(t.sender, nonce, calldata);
    const hash = transaction.transaction_hash;
    const resources = { l1_gas: 0, l1_data_gas: 128, l2_gas: 100000 + 1000 * i };
    const receipt = {
      type: 'INVOKE',
      transaction_hash: hash,
      actual_fee: { amount: hex(fee), unit: 'FRI' },
      execution_status: t.reverted ? 'REVERTED' : 'SUCCEEDED',
      finality_status: 'ACCEPTED_ON_L2',
      ...(t.reverted ? { revert_reason: REVERT_REASON } : {}),
      messages_sent: [],
      events,
      execution_resources: resources,
    };
    this.txs.push({ transaction, receipt });
    this.traces.push({
      transaction_hash: hash,
      trace_root: {
        type: 'INVOKE',
        validate_invocation: call(t.sender, hex(snKeccak('__validate__')), '0x0', calldata),
        execute_invocation: t.reverted
          ? { revert_reason: REVERT_REASON }
          : call(t.sender, EXECUTE_SELECTOR, '0x0', calldata, inner),
        fee_transfer_invocation: feeCall,
        state_diff: rpcStateDiff(diff, [[t.sender, hex(nonce + 1n)]]),
        execution_resources: resources,
      },
    });
    for (const [c, m] of diff) for (const [k, v] of m) setStorage(this.blockDiff, c, k, v);
    this.blockNonces.set(t.sender, hex(nonce + 1n));
  }
}

/** The RPC block header of a scenario (prices 1, Starknet 0.13.5). */
function presetHeader(sc: PresetScenario, blockHash: string, txs: unknown[]) {
  return {
    status: 'ACCEPTED_ON_L2',
    block_hash: blockHash,
    parent_hash: hex(0xb10c0000n + BigInt(sc.blockNumber) - 1n),
    block_number: sc.blockNumber,
    new_root: '0x1',
    timestamp: 1_700_000_000 + sc.blockNumber,
    sequencer_address: sc.sequencer,
    l1_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l1_data_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l2_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l1_da_mode: 'BLOB',
    starknet_version: '0.13.5',
    transactions: txs,
  };
}

/** Build the bundle for a scenario (by value or by preset name). */
export function buildPresetBundle(scenario: PresetScenario | string): Bundle {
  const sc = typeof scenario === 'string' ? PRESETS.find((p) => p.name === scenario) : scenario;
  if (!sc)
    throw new Error(
      `unknown preset ${JSON.stringify(scenario)} (known: ${PRESETS.map((p) => p.name).join(', ')})`,
    );
  const chain = new PresetChain(sc);
  sc.txs.forEach((t, i) => chain.add(t, i));
  // The deferred sequencer balance lands in the block diff at commit.
  chain.blockDiff
    .get(STRK_TOKEN)
    ?.set(hex(erc20BalanceKey(sc.sequencer)), hex(chain.balance(STRK_TOKEN, sc.sequencer)));
  const blockHash = hex(0xb10c0000n + BigInt(sc.blockNumber));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    specVersion: '0.8.1',
    chainId: hex(shortStringFelt(PRESET_CHAIN_ID)),
    source: { note: `preset "${sc.name}": ${sc.description}` },
    block: presetHeader(sc, blockHash, chain.txs),
    traces: chain.traces,
    stateUpdate: {
      block_hash: blockHash,
      old_root: '0x0',
      new_root: '0x1',
      state_diff: rpcStateDiff(chain.blockDiff, [...chain.blockNonces]),
    },
  };
}
