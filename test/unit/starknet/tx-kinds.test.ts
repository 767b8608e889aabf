/**
 * L1 handlers, DEPLOY_ACCOUNT and DECLARE on engine/starknet with real compiled classes from
 * ../shared/fixtures (the cairo-lang test contract's #[l1_handler]; OpenZeppelin's 0.8.0
 * account, which checks a Stark signature of the real v3 transaction hash).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ec, hash } from 'starknet';
import { classCell, nonceCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { selectorOf } from '../../../engine/starknet/execution';
import { type ExecutorConfig, executeTransaction } from '../../../engine/starknet/transactions';
import { demoClassHash, demoClasses } from '../../../engine/starknet/demo/contracts';
import { setSierraVersion } from '../../../engine/starknet/sierra-version';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';

const FIX = fileURLToPath(new URL('../../../../shared/fixtures/casm/', import.meta.url));
const TEST_CONTRACT = FIX + 'cairo-lang/test_contract__test_contract.compiled_contract_class.json';
const OZ_ACCOUNT = FIX + 'starknet-js/account/account_oz_080.casm';
const have = existsSync(TEST_CONTRACT) && existsSync(OZ_ACCOUNT);
const json = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;

describe.skipIf(!have)('transaction kinds beyond INVOKE (real classes)', () => {
  const FEE_TOKEN = 0xfee0n;
  const setup = () => {
    const st = new InMemoryState();
    const erc20 = demoClasses().erc20;
    st.declare(demoClassHash(erc20), loadCasmClass(erc20));
    st.write(classCell(FEE_TOKEN), demoClassHash(erc20));
    const cfg: ExecutorConfig = {
      block: { blockNumber: 20n, blockTimestamp: 1000n, sequencerAddress: 0x5e0n },
      classes: st,
      feeToken: FEE_TOKEN,
      feeMode: 'deferred',
    };
    return { st, cfg };
  };

  it('runs an L1 handler through the L1_HANDLER entry point, with no fee', () => {
    const { st, cfg } = setup();
    st.declare(0x77n, loadCasmClass(json(TEST_CONTRACT) as never));
    st.write(classCell(0x1234n), 0x77n);
    const l1 = { contract: 0x1234n, selector: selectorOf('l1_handle'), nonce: 0n, txHash: 1n };
    const ex = executeTransaction({ kind: 'l1-handler', ...l1, calldata: [0x99n, 5n] }, st, cfg);
    expect(ex.reverted).toBe(false);
    expect(ex.execute?.entryPointType).toBe('L1_HANDLER');
    expect(ex.execute?.retdata).toEqual([5n]);
    expect(ex.execute!.gasConsumed > 0n).toBe(true);
    // it starts with l1_handler_max_amount_bounds.l2_gas (blockifier l1_handler_transaction.rs)
    expect(ex.execute!.initialGas).toBe(gasConstantsFor().l1HandlerMaxL2Gas);
    expect(gasConstantsFor('0.14.4').l1HandlerMaxL2Gas).toBe(100_000_000n);
    expect(ex.feeTransfer).toBeUndefined();
    // the same selector is no external entry point: an invoke-style call would not find it
    const wrong = executeTransaction(
      { kind: 'call', caller: 0n, call: { to: 0x1234n, selector: l1.selector, calldata: [5n] } },
      st,
      cfg,
    );
    expect(wrong.revertReason).toMatch(/ENTRYPOINT_NOT_FOUND/);
  });

  it('an L1 handler over l1_handler_max_amount_bounds is reverted after it ran, nothing charged', () => {
    const { st, cfg } = setup();
    st.declare(0x77n, loadCasmClass(json(TEST_CONTRACT) as never));
    st.write(classCell(0x1234n), 0x77n);
    // blockifier 0.20.0-rc.0 resources/blockifier_versioned_constants_0_14_4.json
    expect(gasConstantsFor('0.14.4').l1HandlerMaxAmounts).toEqual({
      l1Gas: 40_000n,
      l1DataGas: 20_000n,
      l2Gas: 100_000_000n,
    });
    const why = 'Insufficient max L2Gas: max amount: 100000000, actual used: 100000001.';
    const l1 = { contract: 0x1234n, selector: selectorOf('l1_handle'), nonce: 0n, txHash: 1n };
    const tx = { kind: 'l1-handler' as const, ...l1, calldata: [0x99n, 5n] };
    const ex = executeTransaction({ ...tx, postExecutionRevert: why }, st, cfg);
    expect(ex.reverted).toBe(true);
    expect(ex.revertReason).toBe(why);
    expect(ex.execute).toBeUndefined();
    expect(ex.writes.size).toBe(0);
    expect(ex.chargedSteps).toBe(0);
    expect(ex.discardedExecuteGas).toBeUndefined();
  });

  it('deploys an account (constructor, then __validate_deploy__ on the real v3 hash), then declares with it', () => {
    const { st, cfg } = setup();
    const oz = json(OZ_ACCOUNT);
    const classHash = 0xacc0n;
    const cls = loadCasmClass(oz as never);
    // as a Sierra 1.7 class (metered in Sierra gas), so each phase's gas cap shows
    setSierraVersion(cls, [1, 7, 0]);
    st.declare(classHash, cls);
    const key = '0x1234567';
    const pub = BigInt(ec.starkCurve.getStarkKey(key));
    const salt = 7n;
    const address = BigInt(hash.calculateContractAddressFromHash(salt, classHash, [pub], 0));
    const chainId = '0x534e5f5345504f4c4941';
    const bounds = {
      l1_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
      l1_data_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
      l2_gas: { max_amount: '0x0', max_price_per_unit: '0x0' },
    };
    const v3 = {
      version: '0x3' as const,
      chainId: chainId as never,
      nonceDataAvailabilityMode: 0 as never,
      feeDataAvailabilityMode: 0 as never,
      resourceBounds: bounds as never,
      tip: '0x0',
      paymasterData: [],
    };
    const sign = (h: string) => {
      const s = ec.starkCurve.sign(h, key);
      return [s.r, s.s];
    };
    const h = hash.calculateDeployAccountTransactionHash({
      contractAddress: address,
      classHash: '0x' + classHash.toString(16),
      compiledConstructorCalldata: ['0x' + pub.toString(16)],
      salt: '0x' + salt.toString(16),
      nonce: '0x0',
      ...v3,
    });
    const txInfo = { version: 3n, chainId: BigInt(chainId) };
    const deploy = {
      kind: 'deploy-account' as const,
      address,
      classHash,
      salt,
      constructorCalldata: [pub],
      nonce: 0n,
      maxFee: 0n,
      txHash: BigInt(h),
      signature: sign(h),
      txInfo,
    };
    const ex = executeTransaction(deploy, st, { ...cfg, chainId: BigInt(chainId) });
    expect(ex.rejected).toBeUndefined();
    // the constructor runs in a validate context (blockifier 0.20.0-rc.0 run_non_revertible:
    // new_validate), with validate's gas cap
    expect(ex.execute!.trackedResource).toBe('SierraGas');
    expect(ex.execute!.initialGas).toBe(gasConstantsFor().validateMaxSierraGas);
    expect(ex.writes.get(classCell(address))).toBe(classHash);
    expect(ex.writes.get(nonceCell(address))).toBe(1n);
    // a wrong signature is rejected and writes nothing
    const bad = executeTransaction({ ...deploy, signature: [1n, 2n] }, st, cfg);
    expect(bad.rejected).toMatch(/validation failed/);
    expect(bad.writes.size).toBe(0);

    for (const [c, v] of ex.writes) st.write(c, v);
    const dh = hash.calculateDeclareTransactionHash({
      classHash: '0x99',
      compiledClassHash: '0x98',
      senderAddress: '0x' + address.toString(16),
      nonce: '0x1',
      accountDeploymentData: [],
      ...v3,
    });
    const declare = {
      kind: 'declare' as const,
      sender: address,
      classHash: 0x99n,
      compiledClassHash: 0x98n,
      nonce: 1n,
      maxFee: 0n,
      txHash: BigInt(dh),
      signature: sign(dh),
      txInfo,
    };
    const dx = executeTransaction(declare, st, { ...cfg, chainId: BigInt(chainId) });
    expect(dx.rejected).toBeUndefined();
    expect(dx.writes.get(nonceCell(address))).toBe(2n);
  });
});
