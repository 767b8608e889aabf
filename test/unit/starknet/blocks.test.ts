import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pedersen, sign } from '@scure/starknet';
import { classCell, nonceCell, storageCell } from '../../../engine/types';
import { EstimateHit } from '../../../engine/stm/types';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import {
  ExecutionContext,
  emptyTxInfo,
  executeCall,
  selectorOf,
  shortString,
} from '../../../engine/starknet/execution';
import {
  StarknetBlockExecutor,
  balanceKey,
  collectEvents,
  invokeTxHash,
} from '../../../engine/starknet/transactions';
import { buildDemoBlock, DEMO_ADDRESSES as A } from '../../../engine/starknet/demo/block';
import {
  AMM_RESERVE_A,
  AMM_RESERVE_B,
  NFT_NEXT_ID,
  NFT_OWNERS,
} from '../../../engine/starknet/demo/contracts';
import { BLOCK } from './helpers';

const TOKEN = A.token;
const bal = (a: bigint) => storageCell(TOKEN, balanceKey(a));

describe('state layer', () => {
  it('read set records first reads; rollback undoes only later writes; EstimateHit propagates', () => {
    const pre = new InMemoryState();
    pre.write('n:0x1', 5n);
    const s = new TxState(pre, pre);
    expect(s.read('n:0x1')).toBe(5n);
    s.write('n:0x1', 6n);
    const cp = s.checkpoint();
    s.write('n:0x1', 7n);
    s.write('n:0x2', 1n);
    s.rollback(cp);
    expect([...s.writeSet()]).toEqual([['n:0x1', 6n]]);
    expect(s.reads).toEqual([{ cell: 'n:0x1', value: 5n }]);
    const thrower = new TxState(
      {
        read: () => {
          throw new EstimateHit(3, 1);
        },
      },
      pre,
    );
    expect(() => thrower.read('n:0x9')).toThrow(EstimateHit);
  });

  it('storage key derivation is the standard one: pedersen(sn_keccak("ERC20_balances"), owner)', () => {
    expect(balanceKey(0xabcn)).toBe(BigInt(pedersen(selectorOf('ERC20_balances'), 0xabcn)));
  });
});

describe('demo block (our Cairo-assembly contracts, full stack)', () => {
  const spec = {
    txs: [
      { type: 'transfer', from: 0, to: 1, amount: 100 },
      { type: 'swap', from: 1, aToB: true, amount: 1000 },
      { type: 'mint', from: 2 },
      { type: 'mint', from: 0 },
      { type: 'transfer', from: 1, to: 0, amount: 10n ** 12n }, // insufficient: reverts
    ] as const,
  };

  it('direct calls: exact final state, events, read/write sets', () => {
    const b = buildDemoBlock({ ...spec, txs: [...spec.txs], mode: 'direct' });
    const [a0, a1, a2] = b.addresses.accounts;
    const st = b.preState.clone();
    const ex = b.executor.runSequential(st);
    expect(ex.map((e) => e.reverted)).toEqual([false, false, false, false, true]);
    expect(st.read(bal(a0))).toBe(1_000_000_000n - 100n);
    expect(st.read(bal(a1))).toBe(1_000_000_000n + 100n);
    // swap 1000 A→B with 1e6/1e6 reserves: out = floor(1e6·1000 / 1_001_000) = 999
    expect(ex[1].execute!.retdata).toEqual([999n, 0n]);
    expect(st.read(storageCell(A.amm, AMM_RESERVE_A))).toBe(1_001_000n);
    expect(st.read(storageCell(A.amm, AMM_RESERVE_B))).toBe(1_000_000n - 999n);
    expect(st.read(storageCell(A.nft, NFT_NEXT_ID))).toBe(2n);
    expect(st.read(storageCell(A.nft, BigInt(pedersen(NFT_OWNERS, 1n))))).toBe(a2);
    expect(st.read(storageCell(A.nft, BigInt(pedersen(NFT_OWNERS, 2n))))).toBe(a0);
    expect(collectEvents(ex[0].execute)).toEqual([
      { order: 0, from: TOKEN, keys: [selectorOf('Transfer'), a0, a1], data: [100n, 0n] },
    ]);
    expect(collectEvents(ex[2].execute)[0].data).toEqual([1n, 0n]);
    expect(ex[4].execute!.retdata).toEqual([shortString('u256_sub Overflow')]);
    // read/write sets of the transfer: class of the token, both balances
    expect(ex[0].reads.map((r) => r.cell)).toEqual([classCell(TOKEN), bal(a0), bal(a1)]);
    expect([...ex[0].writes]).toEqual([
      [bal(a0), 1_000_000_000n - 100n],
      [bal(a1), 1_000_000_000n + 100n],
    ]);
    expect(ex[4].writes.size).toBe(0);
    expect(b.executor.cellName(bal(a0))).toContain('ERC20 balance of account 0');
    expect(b.executor.txLabel(1)).toBe('swap 1000 A→B by account 1');
  });

  it('account transactions: signature, nonce, execute, deferred fee credit', () => {
    const b = buildDemoBlock({ ...spec, txs: [...spec.txs] });
    const [a0, a1] = b.addresses.accounts;
    const st = b.preState.clone();
    const ex = b.executor.runSequential(st);
    expect(ex.map((e) => e.rejected)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(ex.map((e) => e.reverted)).toEqual([false, false, false, false, true]);
    expect(st.read(nonceCell(a0))).toBe(2n);
    expect(st.read(nonceCell(a1))).toBe(2n); // reverted tx still bumps the nonce
    const fees = ex.map((e) => e.fee);
    expect(fees.every((f) => f > 0n)).toBe(true);
    expect(st.read(bal(A.sequencer))).toBe(fees.reduce((x, y) => x + y, 0n));
    expect(st.read(bal(a0))).toBe(1_000_000_000n - 100n - fees[0] - fees[3]);
    expect(st.read(bal(a1))).toBe(1_000_000_000n + 100n - fees[1] - fees[4]);
    // deferred: no transaction reads or writes the sequencer balance
    for (const e of ex) {
      expect(e.reads.some((r) => r.cell === bal(A.sequencer))).toBe(false);
      expect(e.writes.has(bal(A.sequencer))).toBe(false);
      expect(e.feeCredit?.cell).toBe(bal(A.sequencer));
    }
    const r = b.executor.execute(0, { read: (c) => b.preState.read(c) });
    expect(r.fee).toEqual({ cell: bal(A.sequencer), amount: fees[0] });
  });

  it('naive fee mode: every transaction reads and writes the sequencer balance', () => {
    const b = buildDemoBlock({
      txs: [{ type: 'transfer', from: 0, to: 1, amount: 5 }],
      feeMode: 'naive',
    });
    const st = b.preState.clone();
    const [e] = b.executor.runSequential(st);
    expect(e.reads.some((r) => r.cell === bal(A.sequencer))).toBe(true);
    expect(e.writes.get(bal(A.sequencer))).toBe(e.fee);
    expect(b.executor.execute(0, { read: (c) => b.preState.read(c) }).fee).toBeUndefined();
  });

  it('nested call + revert: a multicall whose 2nd call fails discards the 1st call writes, keeps nonce and fee', () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 1 }] });
    const [a0, a1] = b.addresses.accounts;
    const tx = b.executor.txs[0];
    if (tx.kind !== 'invoke') throw new Error();
    const calls = [
      { to: TOKEN, selector: selectorOf('transfer'), calldata: [a1, 10n, 0n] },
      { to: TOKEN, selector: selectorOf('transfer'), calldata: [a1, 10n ** 15n, 0n] },
    ];
    const txHash = invokeTxHash(a0, calls, 0n, tx.maxFee, shortString('SN_DEMO'));
    const sig = sign('0x' + txHash.toString(16), '0x' + 0x5eed00n.toString(16));
    const multi = new StarknetBlockExecutor(
      [{ ...tx, calls, txHash, signature: [sig.r, sig.s] }],
      b.preState,
      b.executor.config,
    );
    const st = b.preState.clone();
    const [e] = multi.runSequential(st);
    expect(e.reverted).toBe(true);
    expect(e.execute!.inner.map((c) => c.failed)).toEqual([false, true]);
    expect(collectEvents(e.execute)).toEqual([]);
    expect(st.read(bal(a1))).toBe(1_000_000_000n);
    expect(st.read(bal(a0))).toBe(1_000_000_000n - e.fee);
    expect(st.read(nonceCell(a0))).toBe(1n);
  });

  it('bad signature or nonce: rejected, nothing written', () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 1 }] });
    const tx = b.executor.txs[0];
    if (tx.kind !== 'invoke') throw new Error();
    const bad = new StarknetBlockExecutor(
      [
        { ...tx, signature: [tx.signature[0], tx.signature[1] + 1n] },
        { ...tx, nonce: 7n },
      ],
      b.preState,
      b.executor.config,
    );
    const ex = bad.runSequential(b.preState.clone());
    expect(ex[0].rejected).toMatch(/validation failed.*ecdsa/);
    expect(ex[1].rejected).toMatch(/invalid nonce/);
    expect(ex.every((e) => e.writes.size === 0)).toBe(true);
  });

  it('EstimateHit thrown by the view propagates out of nested calls', () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 1 }] });
    const target = bal(b.addresses.accounts[1]);
    const view = {
      read: (c: string) => {
        if (c === target) throw new EstimateHit(1, 0);
        return b.preState.read(c);
      },
    };
    expect(() => b.executor.execute(0, view)).toThrow(EstimateHit);
  });
});

const FIXTURE = resolve(
  __dirname,
  '../../../../shared/fixtures/casm/cairo-lang/erc20__erc_20.compiled_contract_class.json',
);
describe.skipIf(!existsSync(FIXTURE))('real compiled ERC20 (../shared/fixtures)', () => {
  it('constructor, transfer, balance_of, approve/allowance; standard storage keys', () => {
    if (!existsSync(FIXTURE)) console.warn('skipped: ../shared/fixtures missing');
    const pre = new InMemoryState();
    pre.declare(0xe2cn, loadCasmClass(readFileSync(FIXTURE, 'utf8')));
    const token = 0x7070n;
    pre.write(classCell(token), 0xe2cn);
    const alice = 0xa11cen;
    const bob = 0xb0bn;
    const call = (
      caller: bigint,
      name: string,
      calldata: bigint[],
      type: 'EXTERNAL' | 'CONSTRUCTOR' = 'EXTERNAL',
    ) => {
      const s = new TxState(pre, pre);
      const ctx = new ExecutionContext(s, BLOCK, emptyTxInfo());
      const r = executeCall(ctx, {
        contract: token,
        selector: selectorOf(name),
        calldata,
        caller,
        entryPointType: type,
        gas: 10n ** 10n,
      });
      for (const [c, v] of s.writeSet()) pre.write(c, v);
      return { r, s };
    };
    const ctor = call(
      0n,
      'constructor',
      [shortString('Token'), shortString('TKN'), 18n, 1000n, 0n, alice],
      'CONSTRUCTOR',
    );
    expect(ctor.r.failed).toBe(false);
    // this class names its storage `balances` / `allowances` / `total_supply`; a Map entry lives at
    // pedersen(sn_keccak(name), key), a u256 in (low at k, high at k + 1)
    const balKey = (o: bigint) => BigInt(pedersen(selectorOf('balances'), o));
    expect(pre.read(storageCell(token, balKey(alice)))).toBe(1000n);
    expect(ctor.s.writeSet().get(storageCell(token, balKey(alice) + 1n))).toBe(0n);
    expect(pre.read(storageCell(token, selectorOf('total_supply')))).toBe(1000n);
    expect(pre.read(storageCell(token, selectorOf('name')))).toBe(shortString('Token'));
    expect(call(bob, 'balance_of', [alice]).r.retdata).toEqual([1000n, 0n]);
    const t = call(alice, 'transfer', [bob, 300n, 0n]);
    expect(t.r.failed).toBe(false);
    expect([...t.s.writeSet().keys()]).toEqual(
      expect.arrayContaining([storageCell(token, balKey(alice)), storageCell(token, balKey(bob))]),
    );
    expect(call(bob, 'balance_of', [alice]).r.retdata).toEqual([700n, 0n]);
    expect(call(bob, 'balance_of', [bob]).r.retdata).toEqual([300n, 0n]);
    expect(t.r.events.length).toBe(1);
    expect(call(alice, 'approve', [bob, 50n, 0n]).r.failed).toBe(false);
    const allowKey = BigInt(pedersen(BigInt(pedersen(selectorOf('allowances'), alice)), bob));
    expect(pre.read(storageCell(token, allowKey))).toBe(50n);
    expect(call(bob, 'allowance', [alice, bob]).r.retdata).toEqual([50n, 0n]);
    const over = call(alice, 'transfer', [bob, 10n ** 6n, 0n]);
    expect(over.r.failed).toBe(true);
    expect(over.r.retdata).toEqual([shortString('u256_sub Overflow')]);
    expect(over.s.writeSet().size).toBe(0);
  });
});
