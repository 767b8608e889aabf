/**
 * A tiny "chain" built from engine/starknet's demo contracts, served by a real node:http
 * JSON-RPC server on 127.0.0.1.
 *
 * Transactions are real RPC v3 INVOKEs: calldata is the Cairo 1 multicall layout, the
 * transaction_hash is Starknet's v3 hash computed by starknet.js from the RPC fields, and the
 * signature is a Stark ECDSA signature of that hash by the demo account's key (the demo account's
 * __validate__ checks the signature of tx_info.transaction_hash, so it accepts the real v3 hash).
 *
 * The expected per-tx state diffs are computed independently of engine/blocks/reexecute: by
 * engine/starknet's own sequential execution on an InMemoryState (the reference), then keeping
 * every cell whose value changed (the sequencer's deferred fee credit included, cumulatively).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash } from 'starknet';
import { sign } from '@scure/starknet';
import { type CellKey, hex, parseCell } from '../../../engine/types';
import { buildDemoBlock, DEMO_CHAIN_ID, demoPrivateKey } from '../../../engine/starknet/demo/block';
import { selectorOf } from '../../../engine/starknet/execution';
import {
  type CallSpec,
  type TxExecution,
  executeCalldata,
  executeTransaction,
} from '../../../engine/starknet/transactions';
import type { InMemoryState } from '../../../engine/starknet/state';

export type MockTx =
  /** `to: 'sequencer'` pays the block's sequencer (its balance holds the fee credits). */
  | { type: 'transfer'; from: number; to: number | 'sequencer'; amount: bigint }
  | { type: 'swap'; from: number; aToB: boolean; amount: bigint }
  | { type: 'mint'; from: number };

/** A small block of every kind of transaction the mock chain builds (several tests share it). */
export const MIXED_TXS: readonly MockTx[] = [
  { type: 'transfer', from: 0, to: 1, amount: 100n },
  { type: 'swap', from: 1, aToB: true, amount: 50n },
  { type: 'transfer', from: 0, to: 2, amount: 7n },
  { type: 'mint', from: 2 },
  { type: 'transfer', from: 1, to: 0, amount: 3n },
];

export interface Chain {
  blockNumber: number;
  blockHash: string;
  parentHash: string;
  chainId: string;
  pre: InMemoryState;
  classJson: Map<string, unknown>;
  block: Record<string, unknown>;
  traces: unknown[];
  /** Reference execution per tx (engine/starknet sequential run). */
  reference: TxExecution[];
  diffs: Map<CellKey, string>[];
  addresses: ReturnType<typeof buildDemoBlock>['addresses'];
}

const RESOURCE_BOUNDS = {
  l1_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
  l2_gas: { max_amount: '0x1000000', max_price_per_unit: '0x1' },
  l1_data_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
};

function node(
  contract: bigint,
  selector: bigint,
  caller: bigint,
  calldata: bigint[],
  classHash: bigint,
) {
  return {
    contract_address: hex(contract),
    entry_point_selector: hex(selector),
    calldata: calldata.map(hex),
    caller_address: hex(caller),
    class_hash: hex(classHash),
    entry_point_type: 'EXTERNAL',
    call_type: 'CALL',
    result: [],
    calls: [],
    events: [],
    messages: [],
    execution_resources: { l1_gas: 0, l2_gas: 1000 },
    is_reverted: false,
  };
}

export function buildChain(txs: MockTx[], opts: { accounts?: number } = {}): Chain {
  const demo = buildDemoBlock({ txs: [], accounts: opts.accounts ?? 3 });
  const A = demo.addresses;
  const chainId = hex(DEMO_CHAIN_ID);
  const classJson = new Map<string, unknown>();
  for (const k of ['erc20', 'amm', 'nft', 'account'] as const)
    classJson.set(hex(demo.classes[k].classHash), demo.classes[k].casm);
  const classOf = (addr: bigint) => demo.preState.read(`c:${hex(addr)}`);
  const state = demo.preState.clone();
  const nonces = A.accounts.map(() => 0n);
  const blockNumber = 500;
  const blockInfo = {
    blockNumber: BigInt(blockNumber),
    blockTimestamp: 1_700_000_500n,
    sequencerAddress: A.sequencer,
  };
  const rpcTxs: unknown[] = [];
  const traces: unknown[] = [];
  const reference: TxExecution[] = [];
  const diffs: Map<CellKey, string>[] = [];
  for (const t of txs) {
    let call: CallSpec;
    if (t.type === 'transfer')
      call = {
        to: A.token,
        selector: selectorOf('transfer'),
        calldata: [t.to === 'sequencer' ? A.sequencer : A.accounts[t.to], t.amount, 0n],
      };
    else if (t.type === 'swap')
      call = { to: A.amm, selector: selectorOf('swap'), calldata: [t.aToB ? 1n : 0n, t.amount] };
    else call = { to: A.nft, selector: selectorOf('mint'), calldata: [A.accounts[t.from]] };
    const sender = A.accounts[t.from];
    const nonce = nonces[t.from]++;
    const calldata = executeCalldata([call]).map(hex);
    const fields = {
      type: 'INVOKE',
      version: '0x3',
      sender_address: hex(sender),
      calldata,
      nonce: hex(nonce),
      resource_bounds: RESOURCE_BOUNDS,
      tip: '0x0',
      paymaster_data: [],
      account_deployment_data: [],
      nonce_data_availability_mode: 'L1',
      fee_data_availability_mode: 'L1',
    };
    const txHash = BigInt(
      hash.calculateInvokeTransactionHash({
        senderAddress: fields.sender_address,
        version: '0x3',
        compiledCalldata: calldata,
        chainId: chainId as never,
        nonce: fields.nonce,
        accountDeploymentData: [],
        nonceDataAvailabilityMode: 0 as never,
        feeDataAvailabilityMode: 0 as never,
        resourceBounds: RESOURCE_BOUNDS as never,
        tip: '0x0',
        paymasterData: [],
      }),
    );
    const sig = sign(hex(txHash), hex(demoPrivateKey(t.from)));
    const signature = [sig.r, sig.s];
    // reference: engine/starknet's own execution on an in-memory copy of the pre-state
    const ex = executeTransaction(
      { kind: 'invoke', sender, calls: [call], nonce, maxFee: 10n ** 12n, txHash, signature },
      state,
      {
        block: blockInfo,
        classes: state,
        feeToken: A.token,
        feeMode: 'deferred',
        chainId: DEMO_CHAIN_ID,
      },
    );
    if (ex.rejected) throw new Error(`reference tx rejected: ${ex.rejected}`);
    const before = new Map<CellKey, bigint>();
    for (const c of ex.writes.keys()) before.set(c, state.read(c));
    if (ex.feeCredit) before.set(ex.feeCredit.cell, state.read(ex.feeCredit.cell));
    state.apply(ex.writes, ex.feeCredit);
    const diff = new Map<CellKey, string>();
    for (const [c, b] of before) if (state.read(c) !== b) diff.set(c, hex(state.read(c)));
    reference.push(ex);
    diffs.push(diff);

    const h = hex(txHash);
    rpcTxs.push({
      transaction: { transaction_hash: h, ...fields, signature: signature.map(hex) },
      receipt: {
        type: 'INVOKE',
        transaction_hash: h,
        actual_fee: { amount: hex(ex.fee), unit: 'FRI' },
        execution_status: ex.reverted ? 'REVERTED' : 'SUCCEEDED',
        ...(ex.reverted ? { revert_reason: ex.revertReason } : {}),
        finality_status: 'ACCEPTED_ON_L2',
        messages_sent: [],
        events: [],
        execution_resources: { l1_gas: 0, l1_data_gas: 0, l2_gas: ex.cost },
      },
    });
    traces.push({
      transaction_hash: h,
      trace_root: traceRoot(sender, call, ex.fee, diff, ex.reverted ? ex.revertReason : undefined),
    });
  }
  function traceRoot(
    sender: bigint,
    call: CallSpec,
    fee: bigint,
    diff: Map<CellKey, string>,
    revertReason?: string,
  ) {
    const cd = executeCalldata([call]);
    const exec = node(sender, selectorOf('__execute__'), 0n, cd, classOf(sender));
    exec.calls = [node(call.to, call.selector, sender, call.calldata, classOf(call.to))] as never;
    const storage = new Map<string, { key: string; value: string }[]>();
    const nonceList: { contract_address: string; nonce: string }[] = [];
    for (const [c, v] of diff) {
      const p = parseCell(c);
      if (p.kind === 'nonce') nonceList.push({ contract_address: hex(p.contract), nonce: v });
      else if (p.kind === 'storage') {
        const a = hex(p.contract);
        if (!storage.has(a)) storage.set(a, []);
        storage.get(a)!.push({ key: hex(p.key!), value: v });
      }
    }
    return {
      type: 'INVOKE',
      validate_invocation: node(sender, selectorOf('__validate__'), 0n, cd, classOf(sender)),
      execute_invocation: revertReason !== undefined ? { revert_reason: revertReason } : exec,
      fee_transfer_invocation: node(
        A.token,
        selectorOf('transfer'),
        sender,
        [A.sequencer, fee, 0n],
        classOf(A.token),
      ),
      state_diff: {
        storage_diffs: [...storage].map(([address, storage_entries]) => ({
          address,
          storage_entries,
        })),
        nonces: nonceList,
        deployed_contracts: [],
        replaced_classes: [],
        declared_classes: [],
        deprecated_declared_classes: [],
      },
      execution_resources: { l1_gas: 0, l1_data_gas: 0, l2_gas: 1000 },
    };
  }
  const blockHash = hex(0xb10c0000n + BigInt(blockNumber));
  const parentHash = hex(0xb10c0000n + BigInt(blockNumber) - 1n);
  const block = {
    status: 'ACCEPTED_ON_L2',
    block_hash: blockHash,
    parent_hash: parentHash,
    block_number: blockNumber,
    new_root: '0x1',
    timestamp: Number(blockInfo.blockTimestamp),
    sequencer_address: hex(A.sequencer),
    l1_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l1_data_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l2_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
    l1_da_mode: 'BLOB',
    // The mock's fees and resource bounds are the demo's, not Starknet's (prices 1, no L1 data
    // gas bound): it names no Starknet version, so re-execution applies no fee model to it
    // (every version from 0.13.0 has fee constants) and the newest gas constants, as the
    // reference run above does. A test may set one (`chain.block.starknet_version`).
    transactions: rpcTxs,
  };
  return {
    blockNumber,
    blockHash,
    parentHash,
    chainId,
    pre: demo.preState,
    classJson,
    block,
    traces,
    reference,
    diffs,
    addresses: A,
  };
}

/**
 * Overwrite one value in transaction `tx`'s state diff (its trace), so that the node serves a
 * deliberately wrong diff for re-execution to report. `entry` indexes the first storage diff's
 * entries (default: the last). Returns the cell key of the corrupted value.
 */
export function corruptStateDiff(chain: Chain, tx: number, value: string, entry?: number): string {
  const sd = (
    chain.traces[tx] as {
      trace_root: {
        state_diff: {
          storage_diffs: { address: string; storage_entries: { key: string; value: string }[] }[];
        };
      };
    }
  ).trace_root.state_diff;
  const entries = sd.storage_diffs[0].storage_entries;
  const e = entries[entry ?? entries.length - 1];
  e.value = value;
  return `s:${sd.storage_diffs[0].address}:${e.key}`;
}

export interface MockServer {
  url: string;
  server: Server;
  log: { method: string; params: unknown }[];
  httpRequests: number;
  /** Class hashes whose CASM the node refuses. */
  refuseClasses: Set<string>;
  /** Sierra version in a class's Sierra program header (starknet_getClass), per class. */
  sierraVersions: Map<string, [number, number, number]>;
  /** The Sierra version of every other class (default 1.7.0). */
  sierraVersion: [number, number, number];
  close(): Promise<void>;
}

/** Serve `chain` over JSON-RPC (batches included) on 127.0.0.1. */
export function serveChain(chain: Chain): Promise<MockServer> {
  const m = {
    url: '',
    log: [],
    httpRequests: 0,
    refuseClasses: new Set<string>(),
    sierraVersions: new Map(),
    sierraVersion: [1, 7, 0],
  } as unknown as MockServer;
  const isParent = (id: unknown) => {
    const o = id as Record<string, unknown>;
    return (
      typeof o === 'object' &&
      o !== null &&
      (o.block_hash === chain.parentHash || o.block_number === chain.blockNumber - 1)
    );
  };
  const isBlock = (id: unknown) => {
    const o = id as Record<string, unknown>;
    return (
      id === 'latest' ||
      (typeof o === 'object' &&
        o !== null &&
        (o.block_hash === chain.blockHash || o.block_number === chain.blockNumber))
    );
  };
  const declaredHere = declaredInBlock(chain.traces);
  const answer = (req: { id: unknown; method: string; params: unknown }) => {
    m.log.push({ method: req.method, params: req.params });
    const ok = (result: unknown) => ({ jsonrpc: '2.0', id: req.id, result });
    const err = (code: number, message: string) => ({
      jsonrpc: '2.0',
      id: req.id,
      error: { code, message },
    });
    const p = req.params as unknown[];
    const cell = (c: string) => hex(chain.pre.read(c));
    switch (req.method) {
      case 'starknet_specVersion':
        return ok('0.8.1');
      case 'starknet_chainId':
        return ok(chain.chainId);
      case 'starknet_getBlockWithReceipts': {
        const id = Array.isArray(p) ? p[0] : (req.params as { block_id?: unknown }).block_id;
        return isBlock(id) ? ok(chain.block) : err(24, 'Block not found');
      }
      case 'starknet_traceBlockTransactions':
        if (!Array.isArray(p)) return err(-32602, 'Invalid params');
        return isBlock(p[0]) ? ok(chain.traces) : err(24, 'Block not found');
      case 'starknet_getStorageAt': {
        const q = Array.isArray(p)
          ? p
          : (({ contract_address, key, block_id }: Record<string, unknown>) => [
              contract_address,
              key,
              block_id,
            ])(req.params as Record<string, unknown>);
        if (!isParent(q[2])) return err(24, 'Block not found');
        return ok(cell(`s:${hex(BigInt(q[0] as string))}:${hex(BigInt(q[1] as string))}`));
      }
      case 'starknet_getNonce':
        if (!isParent(p[0])) return err(24, 'Block not found');
        return ok(cell(`n:${hex(BigInt(p[1] as string))}`));
      case 'starknet_getClassHashAt': {
        if (!isParent(p[0])) return err(24, 'Block not found');
        const v = chain.pre.read(`c:${hex(BigInt(p[1] as string))}`);
        return v === 0n ? err(20, 'Contract not found') : ok(hex(v));
      }
      case 'starknet_getCompiledCasm': {
        const h = hex(BigInt(p[0] as string));
        const c = chain.classJson.get(h);
        return c && !m.refuseClasses.has(h) ? ok(c) : err(28, 'Class hash not found');
      }
      case 'starknet_getClass': {
        // the Sierra class: only its program header (the version) matters to re-execution
        const h = hex(BigInt(p[1] as string));
        // before the block, the classes its DECLAREs declare do not exist yet
        const missing = !chain.classJson.has(h) || (isParent(p[0]) && declaredHere.has(h));
        if (missing || m.refuseClasses.has(h)) return err(28, 'Class hash not found');
        const v = m.sierraVersions.get(h) ?? m.sierraVersion;
        return ok({
          sierra_program: v.map((x) => hex(BigInt(x))),
          contract_class_version: '0.1.0',
          entry_points_by_type: { EXTERNAL: [], L1_HANDLER: [], CONSTRUCTOR: [] },
          abi: '[]',
        });
      }
      default:
        return err(-32601, `Method not found: ${req.method}`);
    }
  };
  // CORS, so that a page (the explorer in the browser tests) can use this node as well
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  };
  m.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      m.httpRequests++;
      const parsed = JSON.parse(body);
      const out = Array.isArray(parsed) ? parsed.map(answer) : answer(parsed);
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(out));
    });
  });
  m.close = () => new Promise<void>((r) => m.server.close(() => r()));
  return new Promise((resolve) =>
    m.server.listen(0, '127.0.0.1', () => {
      m.url = `http://127.0.0.1:${(m.server.address() as AddressInfo).port}/rpc`;
      resolve(m);
    }),
  );
}

/** The classes the block's DECLAREs declare (their traces' state diffs). */
function declaredInBlock(traces: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const t of traces) {
    const sd = (t as { trace_root?: { state_diff?: Record<string, unknown> } }).trace_root
      ?.state_diff;
    for (const d of (sd?.declared_classes ?? []) as { class_hash: string }[])
      out.add(hex(BigInt(d.class_hash)));
    for (const d of (sd?.deprecated_declared_classes ?? []) as string[]) out.add(hex(BigInt(d)));
  }
  return out;
}
