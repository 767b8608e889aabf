/**
 * The pre-v3 transaction kinds of Starknet 0.13.x blocks on engine/starknet, as blockifier
 * 0.20.0-rc.0 runs them (src/transaction/account_transaction.rs, transactions.rs): DEPLOY_ACCOUNT
 * v1 and DECLARE v1/v2 signed with real v1/v2 hashes by OpenZeppelin's 0.8.0 account, INVOKE v0,
 * and the `max_fee` balance check before validation. Real classes from ../shared/fixtures.
 */
import { describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { classCell, nonceCell, storageCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { selectorOf } from '../../../engine/starknet/execution';
import { setSierraVersion } from '../../../engine/starknet/sierra-version';
import { balanceKey, executeTransaction } from '../../../engine/starknet/transactions';
import {
  ACCOUNT_CLASS,
  CHAIN,
  ETH,
  TEST_CONTRACT,
  deployAccountV1,
  have,
  hx,
  json,
  setup,
  sign,
} from './oz-v1';

describe.skipIf(!have)('pre-v3 transactions (blockifier 0.20.0-rc.0)', () => {
  it('DEPLOY_ACCOUNT v1: deploys, validates the v1 hash, pays its fee in the ETH token', () => {
    const { st, cfg } = setup();
    const tx = deployAccountV1(10_000n);
    const bal = storageCell(ETH, balanceKey(tx.address));
    st.write(bal, 50_000n);
    const ex = executeTransaction(tx, st, cfg);
    expect(ex.rejected).toBeUndefined();
    expect(ex.reverted).toBe(false);
    expect(ex.writes.get(classCell(tx.address))).toBe(ACCOUNT_CLASS);
    expect(ex.writes.get(nonceCell(tx.address))).toBe(1n);
    expect(ex.fee).toBe(1000n);
    expect(ex.writes.get(bal)).toBe(49_000n);
    // the pre-validation check read the balance (low and high words) before anything ran
    expect(ex.reads[0].cell).toBe(nonceCell(tx.address));
    expect(ex.reads.map((r) => r.cell)).toContain(storageCell(ETH, balanceKey(tx.address) + 1n));
    // the account checks the signature against tx_info's hash: another hash fails validation
    const other = executeTransaction({ ...tx, txHash: tx.txHash + 1n }, st, cfg);
    expect(other.rejected).toMatch(/^validation failed/);
    expect(other.writes.size).toBe(0);
  });

  it("rejects a max_fee the account's balance cannot cover, with blockifier's text, before validation", () => {
    const { st, cfg } = setup();
    const tx = deployAccountV1(10_000n);
    st.write(storageCell(ETH, balanceKey(tx.address)), 9_999n);
    const ex = executeTransaction(tx, st, cfg);
    expect(ex.rejected).toBe('Max fee (10000) exceeds balance (9999).');
    expect(ex.writes.size).toBe(0);
    expect(ex.validate).toBeUndefined();
    // the high word counts: 2^128 + 0 covers it
    st.write(storageCell(ETH, balanceKey(tx.address) + 1n), 1n);
    st.write(storageCell(ETH, balanceKey(tx.address)), 0n);
    const rich = executeTransaction(tx, st, cfg);
    expect(rich.rejected).toBeUndefined();
    // max_fee 0: no fee is charged, so neither the check nor a fee transfer happens
    const free = deployAccountV1(0n);
    const ex0 = executeTransaction({ ...free, maxFee: 0n }, new InMemoryState(), {
      ...cfg,
      classes: st,
    });
    expect(ex0.rejected).toBeUndefined();
    expect(ex0.feeTransfer).toBeUndefined();
    expect(ex0.fee).toBe(0n);
  });

  it('rejects a max_fee below the minimal fee of the block version, before the balance check', () => {
    const { st, cfg } = setup();
    // blockifier_versioned_constants_0_13_4.json: DeployAccount 4161 steps + 21 per constructor
    // calldata felt; 5 felts of state diff (the account, its class hash, its balance) with their KZG
    // work (113 steps each) and poseidon hashing (60 steps): 4807 steps × 0.0025 → 13 L1 gas; 5 × 32
    // L1 data gas. At 1000 and 7 WEI: 13000 + 1120.
    const block = {
      ...cfg.block,
      starknetVersion: '0.13.4',
      l1GasPriceWei: 1000n,
      l1DataGasPriceWei: 7n,
    };
    const low = deployAccountV1(14_119n);
    st.write(storageCell(ETH, balanceKey(low.address)), 50_000n);
    const ex = executeTransaction(low, st, { ...cfg, block });
    expect(ex.rejected).toBe('Max fee (14119) is too low. Minimum fee: 14120.');
    expect(ex.reads.map((r) => r.cell)).not.toContain(storageCell(ETH, balanceKey(low.address)));
    const ok = executeTransaction(deployAccountV1(14_120n), st, { ...cfg, block });
    expect(ok.rejected).toBeUndefined();
    // without the data gas price (a calldata-DA block) the minimum is not checked
    const { l1DataGasPriceWei: _, ...noData } = block;
    expect(executeTransaction(low, st, { ...cfg, block: noData }).rejected).toBeUndefined();
  });

  it('DECLARE v1 declares a Cairo 0 class (no compiled class hash), v2 a Cairo 1 class with it', () => {
    const { st, cfg } = setup();
    const deploy = deployAccountV1(10_000n);
    st.write(storageCell(ETH, balanceKey(deploy.address)), 50_000n);
    const dep = executeTransaction(deploy, st, cfg);
    for (const [c, v] of dep.writes) st.write(c, v);
    // two classes: declaring 0x99 again would be refused (redeclare.test.ts)
    const declare = (version: 1n | 2n, nonce: bigint) => {
      const classHash = version === 1n ? 0x99n : 0x9an;
      const h = hash.calculateDeclareTransactionHash({
        classHash: hx(classHash),
        senderAddress: hx(deploy.address),
        version: version === 1n ? '0x1' : '0x2',
        maxFee: hx(5000n),
        chainId: CHAIN as never,
        nonce: hx(nonce),
        ...(version === 2n ? { compiledClassHash: '0x98' } : {}),
      });
      return {
        kind: 'declare' as const,
        sender: deploy.address,
        classHash,
        ...(version === 2n ? { compiledClassHash: 0x98n } : {}),
        nonce,
        maxFee: 700n,
        txHash: BigInt(h),
        signature: sign(h),
        txInfo: { version, maxFee: 5000n },
      };
    };
    const v1 = executeTransaction(declare(1n, 1n), st, cfg);
    expect(v1.rejected).toBeUndefined();
    expect(v1.validate?.calldata).toEqual([0x99n]);
    expect(v1.declared).toEqual({ classHash: 0x99n });
    expect(v1.writes.get(nonceCell(deploy.address))).toBe(2n);
    expect(v1.fee).toBe(700n);
    for (const [c, v] of v1.writes) st.write(c, v);
    const v2 = executeTransaction(declare(2n, 2n), st, cfg);
    expect(v2.rejected).toBeUndefined();
    expect(v2.declared).toEqual({ classHash: 0x9an, compiledClassHash: 0x98n });
    // a wrong nonce is rejected and declares nothing
    const stale = executeTransaction(declare(2n, 1n), st, cfg);
    expect(stale.rejected).toBe('invalid nonce');
    expect(stale.declared).toBeUndefined();
  });

  it('INVOKE v0 calls its entry point directly: no nonce, no __validate__; a failure rejects it', () => {
    const { st, cfg } = setup();
    const cls = loadCasmClass(json(TEST_CONTRACT) as never);
    // as a Sierra 1.6 class, run in Cairo steps: its step budget is what a max_fee would limit
    setSierraVersion(cls, [1, 6, 0]);
    st.declare(0x77n, cls);
    const contract = 0x1234n;
    st.write(classCell(contract), 0x77n);
    st.write(nonceCell(contract), 5n);
    const v0 = (selector: bigint, calldata: bigint[]) => ({
      kind: 'invoke' as const,
      sender: contract,
      calls: [{ to: contract, selector, calldata }],
      executeCalldata: calldata,
      entryPointSelector: selector,
      nonce: 0n,
      maxFee: 0n,
      txHash: 0x42n,
      signature: [],
      txInfo: { version: 0n, maxFee: 0n },
    });
    // with the block's L1 gas price known, as in re-execution: a max_fee of 0 charges no fee, so
    // its steps are not limited by it (blockifier `max_steps`, `limit_steps_by_resources`)
    const priced = {
      ...cfg,
      block: { ...cfg.block, starknetVersion: '0.13.4', l1GasPriceWei: 1000n },
    };
    const ex = executeTransaction(v0(selectorOf('ret_3'), []), st, priced);
    expect(ex.rejected).toBeUndefined();
    expect(ex.reverted).toBe(false);
    expect(ex.validate).toBeUndefined();
    expect(ex.execute?.selector).toBe(selectorOf('ret_3'));
    expect(ex.execute?.retdata).toEqual([3n]);
    expect(ex.execute?.trackedResource).toBe('CairoSteps');
    // the nonce is neither checked (0 ≠ 5) nor bumped
    expect(ex.writes.has(nonceCell(contract))).toBe(false);
    // a v0 invoke cannot be reverted (blockifier `is_non_revertible`): its failure rejects it
    const bad = executeTransaction(v0(selectorOf('no_such_entry_point'), []), st, cfg);
    expect(bad.reverted).toBe(false);
    expect(bad.rejected).toMatch(/^execution failed: .*ENTRYPOINT_NOT_FOUND/);
    expect(bad.writes.size).toBe(0);
  });
});
