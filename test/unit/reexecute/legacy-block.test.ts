/**
 * A Starknet 0.13.4 block of pre-v3 transactions, re-executed end to end against a mock JSON-RPC
 * node (mock-chain.ts's server): a DEPLOY_ACCOUNT v1 of OpenZeppelin's 0.8.0 account, a DECLARE
 * v1 of a Cairo 0 class (test/fixtures/cairo0-contracts/syscalls_probe.json) by that account, an
 * INVOKE v1 ETH transfer from it, each signed over its real v1 hash, a DECLARE v2 of a Cairo 1
 * class (with its compiled class hash) and an INVOKE v0 with max_fee 0 calling a Cairo 1
 * contract directly. The node's receipts, traces and state diffs come from engine/starknet's own
 * sequential run; re-execution must run all five on the Cairo VM (none falls back), reproduce
 * their state diffs and both declarations, and price them in WEI (NoL2Gas mode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, hash, v2hash } from 'starknet';
import { type CellKey, classCell, hex, parseCell, storageCell } from '../../../engine/types';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { selectorOf } from '../../../engine/starknet/execution';
import {
  type StarknetTx,
  balanceKey,
  executeCalldata,
  executeTransaction,
} from '../../../engine/starknet/transactions';
import { deprecatedClassHash } from '../../../engine/starknet/deprecated/class-hash';
import { reexecuteBlock, type ReexecuteResult } from '../../../engine/blocks/reexecute';
import { demoClasses } from '../../../engine/starknet/demo/contracts';
import {
  ACCOUNT_CLASS,
  CHAIN,
  ETH,
  OZ_ACCOUNT,
  TEST_CONTRACT,
  deployAccountV1,
  have,
  hx,
  json,
  setup,
  sign,
} from '../starknet/oz-v1';
import { serveChain, type Chain, type MockServer } from './mock-chain';

const PROBE = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/cairo0-contracts/syscalls_probe.json'), 'utf8'),
);
const PRICES = { l1: 1000n, data: 7n };
const MAX_FEE = 10n ** 13n;

/** One transaction of the mock block: the RPC shape, and what engine/starknet runs for it. */
interface Planned {
  rpc: Record<string, unknown>;
  tx: StarknetTx;
  type: 'DEPLOY_ACCOUNT' | 'DECLARE' | 'INVOKE';
  /** The receipt's fee (WEI): 0 for a v0 invoke with max_fee 0, which pays none. */
  fee?: bigint;
}

/** A Cairo 1 class (the cairo-lang test contract) for the DECLARE v2 and the INVOKE v0's contract. */
const C1_CLASS = 0xc1c1n;
const C1_COMPILED = 0xcc11n;
const C1_CONTRACT = 0x1234n;

function plan(probeHash: bigint): Planned[] {
  const deploy = deployAccountV1(MAX_FEE);
  const account = deploy.address;
  const common = (h: bigint, sig: bigint[]) => ({
    transaction_hash: hx(h),
    max_fee: hx(MAX_FEE),
    signature: sig.map((x) => hx(BigInt(x))),
  });
  const declareHash = BigInt(
    hash.calculateDeclareTransactionHash({
      classHash: hx(probeHash),
      senderAddress: hx(account),
      version: '0x1',
      maxFee: hx(MAX_FEE),
      chainId: CHAIN as never,
      nonce: '0x1',
    }),
  );
  const calls = [{ to: ETH, selector: selectorOf('transfer'), calldata: [0x777n, 5n, 0n] }];
  const calldata = executeCalldata(calls);
  const invokeHash = BigInt(
    hash.calculateInvokeTransactionHash({
      senderAddress: hx(account),
      version: '0x1',
      compiledCalldata: calldata.map(hx),
      maxFee: hx(MAX_FEE),
      chainId: CHAIN as never,
      nonce: '0x2',
    }),
  );
  const v1 = { version: 1n, maxFee: MAX_FEE };
  // INVOKE v0: no nonce, no account; its hash is still checked (engine/blocks/import/tx-hash.ts rules)
  const invokeV0Hash = BigInt(
    v2hash.calculateTransactionHashCommon(
      constants.TransactionHashPrefix.INVOKE,
      0,
      hx(C1_CONTRACT),
      hx(selectorOf('ret_3')),
      [],
      0,
      CHAIN as never,
    ),
  );
  const declare2Hash = BigInt(
    hash.calculateDeclareTransactionHash({
      classHash: hx(C1_CLASS),
      compiledClassHash: hx(C1_COMPILED),
      senderAddress: hx(account),
      version: '0x2',
      maxFee: hx(MAX_FEE),
      chainId: CHAIN as never,
      nonce: '0x3',
    }),
  );
  const later: Planned[] = [
    {
      type: 'DECLARE',
      tx: {
        kind: 'declare',
        sender: account,
        classHash: C1_CLASS,
        compiledClassHash: C1_COMPILED,
        nonce: 3n,
        maxFee: 0n,
        txHash: declare2Hash,
        signature: sign(hx(declare2Hash)),
        txInfo: { version: 2n, maxFee: MAX_FEE },
      },
      rpc: {
        type: 'DECLARE',
        version: '0x2',
        sender_address: hx(account),
        class_hash: hx(C1_CLASS),
        compiled_class_hash: hx(C1_COMPILED),
        nonce: '0x3',
        ...common(declare2Hash, sign(hx(declare2Hash))),
      },
    },
    {
      type: 'INVOKE',
      fee: 0n,
      tx: {
        kind: 'invoke',
        sender: C1_CONTRACT,
        calls: [{ to: C1_CONTRACT, selector: selectorOf('ret_3'), calldata: [] }],
        executeCalldata: [],
        entryPointSelector: selectorOf('ret_3'),
        nonce: 0n,
        maxFee: 0n,
        txHash: invokeV0Hash,
        signature: [],
        txInfo: { version: 0n, maxFee: 0n },
      },
      rpc: {
        type: 'INVOKE',
        version: '0x0',
        transaction_hash: hx(invokeV0Hash),
        contract_address: hx(C1_CONTRACT),
        entry_point_selector: hx(selectorOf('ret_3')),
        calldata: [],
        max_fee: '0x0',
        signature: [],
      },
    },
  ];
  return [
    {
      type: 'DEPLOY_ACCOUNT',
      tx: deploy,
      rpc: {
        type: 'DEPLOY_ACCOUNT',
        version: '0x1',
        class_hash: hx(ACCOUNT_CLASS),
        contract_address_salt: hx(deploy.salt),
        constructor_calldata: deploy.constructorCalldata.map(hx),
        nonce: '0x0',
        ...common(deploy.txHash, deploy.signature),
      },
    },
    {
      type: 'DECLARE',
      tx: {
        kind: 'declare',
        sender: account,
        classHash: probeHash,
        nonce: 1n,
        maxFee: 0n,
        txHash: declareHash,
        signature: sign(hx(declareHash)),
        txInfo: v1,
      },
      rpc: {
        type: 'DECLARE',
        version: '0x1',
        sender_address: hx(account),
        class_hash: hx(probeHash),
        nonce: '0x1',
        ...common(declareHash, sign(hx(declareHash))),
      },
    },
    {
      type: 'INVOKE',
      tx: {
        kind: 'invoke',
        sender: account,
        calls,
        nonce: 2n,
        maxFee: 0n,
        txHash: invokeHash,
        signature: sign(hx(invokeHash)),
        txInfo: v1,
      },
      rpc: {
        type: 'INVOKE',
        version: '0x1',
        sender_address: hx(account),
        calldata: calldata.map(hx),
        nonce: '0x2',
        ...common(invokeHash, sign(hx(invokeHash))),
      },
    },
    ...later,
  ];
}

/** A trace's state_diff from a map of changed cells (and a Cairo 0 declaration). */
function stateDiff(
  diff: Map<CellKey, string>,
  declared?: { classHash: bigint; compiledClassHash?: bigint },
) {
  const storage = new Map<string, { key: string; value: string }[]>();
  const nonces: { contract_address: string; nonce: string }[] = [];
  const deployed: { address: string; class_hash: string }[] = [];
  for (const [c, v] of diff) {
    const p = parseCell(c);
    if (p.kind === 'declared') continue; // our model's cell, no state-diff entry
    if (p.kind === 'nonce') nonces.push({ contract_address: hex(p.contract), nonce: v });
    else if (p.kind === 'class') deployed.push({ address: hex(p.contract), class_hash: v });
    else {
      const a = hex(p.contract);
      storage.set(a, [...(storage.get(a) ?? []), { key: hex(p.key!), value: v }]);
    }
  }
  return {
    storage_diffs: [...storage].map(([address, storage_entries]) => ({ address, storage_entries })),
    nonces,
    deployed_contracts: deployed,
    replaced_classes: [],
    declared_classes:
      declared?.compiledClassHash !== undefined
        ? [
            {
              class_hash: hex(declared.classHash),
              compiled_class_hash: hex(declared.compiledClassHash),
            },
          ]
        : [],
    deprecated_declared_classes:
      declared && declared.compiledClassHash === undefined ? [hex(declared.classHash)] : [],
  };
}

function buildLegacyChain(): Chain {
  const { st, cfg } = setup();
  const probeHash = deprecatedClassHash(PROBE);
  const txs = plan(probeHash);
  const account = (txs[0].tx as { address: bigint }).address;
  st.write(storageCell(ETH, balanceKey(account)), 10n ** 15n);
  st.declare(C1_CLASS, loadCasmClass(json(TEST_CONTRACT) as never));
  st.write(classCell(C1_CONTRACT), C1_CLASS);
  const pre = st.clone();
  const state = st.clone();
  const block = {
    ...cfg.block,
    blockNumber: 700n,
    starknetVersion: '0.13.4',
    l1GasPriceWei: PRICES.l1,
    l1DataGasPriceWei: PRICES.data,
  };
  const rpcTxs: unknown[] = [];
  const traces: unknown[] = [];
  for (const p of txs) {
    // the receipt's fee: any amount the account can pay (re-execution charges it as given)
    const fee = p.fee ?? 1234n;
    const ex = executeTransaction({ ...p.tx, maxFee: fee } as StarknetTx, state, {
      ...cfg,
      block,
      chainId: BigInt(CHAIN),
      // charged exactly the receipt's fee, as re-execution charges it (executable.ts executorConfig)
      feePerCostUnit: 10n ** 30n,
    });
    if (ex.rejected || ex.reverted) throw new Error(`reference: ${ex.rejected ?? ex.revertReason}`);
    const before = new Map<CellKey, bigint>();
    for (const c of ex.writes.keys()) before.set(c, state.read(c));
    if (ex.feeCredit) before.set(ex.feeCredit.cell, state.read(ex.feeCredit.cell));
    state.apply(ex.writes, ex.feeCredit);
    const diff = new Map<CellKey, string>();
    for (const [c, b] of before) if (state.read(c) !== b) diff.set(c, hex(state.read(c)));
    const h = p.rpc.transaction_hash as string;
    rpcTxs.push({
      transaction: p.rpc,
      receipt: {
        type: p.type,
        transaction_hash: h,
        actual_fee: { amount: hex(fee), unit: 'WEI' },
        execution_status: 'SUCCEEDED',
        finality_status: 'ACCEPTED_ON_L2',
        messages_sent: [],
        events: [],
        execution_resources: {},
        ...(p.type === 'DEPLOY_ACCOUNT' ? { contract_address: hex(account) } : {}),
      },
    });
    traces.push({
      transaction_hash: h,
      trace_root: {
        type: p.type,
        state_diff: stateDiff(diff, ex.declared),
        execution_resources: {},
      },
    });
  }
  // the node's classes: the account's and the ETH token's (the demo ERC20) CASM, the Cairo 0 class
  const classJson = new Map<string, unknown>([
    [hex(ACCOUNT_CLASS), json(OZ_ACCOUNT)],
    [hex(pre.read(`c:${hex(ETH)}`)), demoClasses().erc20],
    [hex(probeHash), PROBE],
    [hex(C1_CLASS), json(TEST_CONTRACT)],
  ]);
  return {
    blockNumber: 700,
    blockHash: '0xb10c02bc',
    parentHash: '0xb10c02bb',
    chainId: CHAIN,
    pre,
    classJson,
    block: {
      status: 'ACCEPTED_ON_L2',
      block_hash: '0xb10c02bc',
      parent_hash: '0xb10c02bb',
      block_number: 700,
      new_root: '0x1',
      timestamp: Number(block.blockTimestamp),
      sequencer_address: hex(block.sequencerAddress),
      l1_gas_price: { price_in_fri: '0x1', price_in_wei: hex(PRICES.l1) },
      l1_data_gas_price: { price_in_fri: '0x1', price_in_wei: hex(PRICES.data) },
      l2_gas_price: { price_in_fri: '0x1', price_in_wei: '0x1' },
      l1_da_mode: 'BLOB',
      starknet_version: '0.13.4',
      transactions: rpcTxs,
    },
    traces,
    reference: [],
    diffs: [],
    addresses: undefined as never,
  };
}

describe.skipIf(!have)(
  'a 0.13.4 block of DEPLOY_ACCOUNT v1, DECLARE v1/v2 and INVOKE v1/v0',
  () => {
    let chain: Chain;
    let mock: MockServer;
    let r: ReexecuteResult;
    beforeAll(async () => {
      chain = buildLegacyChain();
      mock = await serveChain(chain);
      // OZ 0.8.0 is a Sierra 1.3 class: below 0.13.4's 1.7.0 it runs in Cairo steps
      mock.sierraVersions.set(hex(ACCOUNT_CLASS), [1, 3, 0]);
      r = await reexecuteBlock(mock.url, chain.blockNumber, {
        rpc: { backoffMs: 1, retries: 1 },
        feeToken: hex(ETH),
      });
    }, 60_000);
    afterAll(() => mock.close());

    it('runs all five on the Cairo VM, with the state diffs and the declarations of the node', () => {
      const other = r.findings.filter((f) => f.kind !== 'fee-mismatch');
      expect(other).toEqual([]);
      expect(r.stats.exact).toBe(5);
      expect(r.block.transactions.map((t) => t.reexecution.outcome)).toEqual(
        new Array(5).fill('succeeded'),
      );
      expect(r.block.transactions.every((t) => t.reexecution.mismatches === 0)).toBe(true);
    });

    it('prices each in WEI in NoL2Gas mode: L1 gas and L1 data gas, no L2 gas', () => {
      for (const t of r.block.transactions) {
        expect(t.reexecution.feeUnsupported).toBeUndefined();
        const fee = t.reexecution.fee!;
        expect(BigInt(fee.l2Gas)).toBe(0n);
        expect(BigInt(fee.amount)).toBe(
          BigInt(fee.l1Gas) * PRICES.l1 + BigInt(fee.l1DataGas) * PRICES.data,
        );
      }
    });

    it('checks the hash of every kind; a transaction whose fields do not give it stops the import', async () => {
      expect(r.block.transactions.map((t) => t.reexecution.computedHash)).toEqual(
        r.block.transactions.map((t) => t.hash),
      );
      expect(r.block.hashCheck).toMatchObject({ chainId: CHAIN, checked: 5, notChecked: [] });
      const declareV1 = (chain.block as { transactions: { transaction: Record<string, string> }[] })
        .transactions[1].transaction;
      const fee = declareV1.max_fee;
      declareV1.max_fee = hex(BigInt(fee) + 1n);
      try {
        const again = reexecuteBlock(mock.url, chain.blockNumber, {
          rpc: { backoffMs: 1, retries: 1 },
          feeToken: hex(ETH),
        });
        const h = r.block.transactions[1].hash;
        // engine/blocks/import refuses the block before anything runs (its hash check)
        await expect(again).rejects.toMatchObject({
          code: 'TX_HASH_MISMATCH',
          txIndex: 1,
          txHash: h,
          message: expect.stringMatching(
            new RegExp(
              `^block\\.transactions\\[1\\]\\.transaction\\.transaction_hash: hash mismatch: the block gives ${h}, but the fields of this DECLARE v1 hash to 0x[0-9a-f]+ on `,
            ),
          ),
        });
      } finally {
        declareV1.max_fee = fee;
      }
    });

    it('reports a declaration the trace does not have', async () => {
      const sd = (chain.traces[1] as { trace_root: { state_diff: Record<string, unknown> } })
        .trace_root.state_diff;
      const kept = sd.deprecated_declared_classes;
      sd.deprecated_declared_classes = [];
      try {
        const again = await reexecuteBlock(mock.url, chain.blockNumber, {
          rpc: { backoffMs: 1, retries: 1 },
          feeToken: hex(ETH),
        });
        expect(again.findings.filter((f) => f.detail === 'declared-class')).toEqual([
          expect.objectContaining({
            kind: 'state-mismatch',
            txIndex: 1,
            message: expect.stringMatching(
              /^declaration: trace has no declaration, re-execution Cairo 0 class 0x/,
            ),
          }),
        ]);
      } finally {
        sd.deprecated_declared_classes = kept;
      }
    });
  },
);
