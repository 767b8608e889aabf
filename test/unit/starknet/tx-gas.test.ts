/** The gas each phase of a transaction starts with (blockifier account_transaction.rs). */
import { describe, expect, it } from 'vitest';
import { buildDemoBlock } from '../../../engine/starknet/demo/block';
import {
  executeCalldata,
  executeTransaction,
  type InvokeTx,
} from '../../../engine/starknet/transactions';
import { shortString } from '../../../engine/starknet/execution';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';
import { feeConstantsFor, txOverheadResources } from '../../../engine/starknet/fee';
import { setSierraVersion } from '../../../engine/starknet/sierra-version';
import { chargesFee, txPhaseSteps } from '../../../engine/starknet/tx-gas';
import { classCell } from '../../../engine/types';
import type { LoadedCasmClass } from '../../../engine/vm';
import { emptyTxInfo } from '../../../engine/starknet/execution';

const G = gasConstantsFor();
const bound = (r: string, amount: bigint) => ({
  resource: shortString(r),
  maxAmount: amount,
  maxPricePerUnit: 1n,
});

describe('transaction gas (0.14.4)', () => {
  const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 100 }] });
  const tx = b.executor.txs[0] as InvokeTx;
  const run = (t: InvokeTx) => executeTransaction(t, b.preState, b.executor.config);

  it('no user L2 bound: validate gets its cap, execute gets its cap, the fee transfer runs free', () => {
    const ex = run(tx);
    expect(ex.rejected).toBeUndefined();
    expect(ex.validate!.initialGas).toBe(G.validateMaxSierraGas);
    expect(ex.execute!.initialGas).toBe(G.executeMaxSierraGas);
    expect(ex.feeTransfer!.initialGas).toBe(G.defaultInitialGasCost);
    expect(ex.validate!.gasConsumed).toBeGreaterThan(G.entryPointInitialBudget);
  });

  it('a v3 L2 bound is shared: execute gets what validate left', () => {
    const l2 = 5_000_000n;
    const ex = run({
      ...tx,
      txInfo: { resourceBounds: [bound('L1_GAS', 0n), bound('L2_GAS', l2), bound('L1_DATA', 0n)] },
    });
    expect(ex.validate!.initialGas).toBe(l2);
    expect(ex.execute!.initialGas).toBe(l2 - ex.validate!.gasConsumed);
    expect(ex.reverted).toBe(false);
  });

  it('a bound below the validate run rejects the transaction', () => {
    const ex = run({
      ...tx,
      txInfo: {
        resourceBounds: [bound('L1_GAS', 0n), bound('L2_GAS', 5000n), bound('L1_DATA', 0n)],
      },
    });
    expect(ex.rejected).toMatch(/validation failed/);
    expect(ex.writes.size).toBe(0);
  });

  it("the block's Starknet version selects the constants; an unknown one is a clear error", () => {
    const at = (starknetVersion: string) =>
      executeTransaction(tx, b.preState, {
        ...b.executor.config,
        block: { ...b.executor.config.block, starknetVersion },
      });
    const old = at('0.13.3');
    expect(old.rejected).toBeUndefined();
    // 0.13.3 meters every class in Cairo steps: default initial gas, nothing reported consumed
    expect(old.execute).toMatchObject({ trackedResource: 'CairoSteps', gasConsumed: 0n });
    expect(old.execute!.initialGas).toBe(gasConstantsFor('0.13.3').defaultInitialGasCost);
    expect(at('0.14.1').execute!.initialGas).toBe(gasConstantsFor('0.14.1').executeMaxSierraGas);
    expect(() => at('0.9.1')).toThrow(/unknown Starknet version "0.9.1"/);
  });

  // blockifier 0.20.0-rc.0 src/execution/entry_point.rs (max_steps,
  // subtract_validation_and_overhead_steps) and transaction/account_transaction.rs
  // (run_revertible: execution_steps_consumed)
  describe('the step budget of an account in Cairo steps (Sierra 1.6.0, Starknet 0.14.1)', () => {
    const V = '0.14.1';
    // the account's class as a copy registered as Sierra 1.6.0 (the demo block's stays as it is)
    const accountHash = b.preState.read(classCell(tx.sender));
    const classes = b.executor.config.classes;
    const original = classes.getClass(accountHash)!;
    const account = Object.assign(Object.create(Object.getPrototypeOf(original)), original);
    setSierraVersion(account, [1, 6, 0]);
    const cfg = {
      ...b.executor.config,
      block: { ...b.executor.config.block, starknetVersion: V },
      classes: { getClass: (h: bigint) => (h === accountHash ? account : classes.getClass(h)) },
    };
    const bounded = (l2: bigint): InvokeTx => ({
      ...tx,
      txInfo: {
        version: 3n,
        resourceBounds: [bound('L1_GAS', 0n), bound('L2_GAS', l2), bound('L1_DATA', 0n)],
      },
    });
    const overhead = (t: InvokeTx) =>
      txOverheadResources('INVOKE', executeCalldata(t.calls).length, feeConstantsFor(V)!).steps;

    it('a phase may run l2_gas.max_amount / step_gas_cost steps, at most its global limit', () => {
      const g = gasConstantsFor(V);
      const info = (l2: bigint) => bounded(l2).txInfo as Parameters<typeof txPhaseSteps>[1];
      expect(txPhaseSteps(g, info(1_234_567n), 'execute')).toBe(12345);
      expect(txPhaseSteps(g, info(10n ** 12n), 'validate')).toBe(g.validateMaxNSteps);
      expect(txPhaseSteps(g, info(10n ** 12n), 'execute')).toBe(g.invokeTxMaxNSteps);
    });

    it('execute is charged the steps it took, and all it was allotted when it ran out', () => {
      const ok = executeTransaction(bounded(10n ** 9n), b.preState, cfg);
      expect(ok.execute!.trackedResource).toBe('CairoSteps');
      expect(ok.reverted).toBe(false);
      const validateSteps = ok.validateCharged!.steps;
      const executeSteps = ok.steps - validateSteps - ok.feeTransfer!.steps;
      expect(ok.executeStepsConsumed).toBe(executeSteps);
      // a bound that leaves execute 10 steps fewer than it needs
      const allotted = executeSteps - 10;
      const l2 = BigInt(validateSteps + overhead(tx) + allotted) * gasConstantsFor(V).stepGasCost;
      const out = executeTransaction(bounded(l2), b.preState, cfg);
      expect(out.reverted).toBe(true);
      expect(out.revertReason).toBe('RunResources has no remaining steps.');
      expect(out.executeStepsConsumed).toBe(allotted);
    });
    it('a v1 invoke whose max_fee allows fewer steps than execute needs is reverted for steps', () => {
      const run = (maxFee: bigint) =>
        executeTransaction({ ...tx, txInfo: { version: 1n, maxFee } }, b.preState, {
          ...cfg,
          block: { ...cfg.block, l1GasPriceWei: 1n },
        });
      const free = run(10n ** 9n);
      expect(free.reverted).toBe(false);
      // 1 wei per L1 gas, 400 steps per L1 gas: a max_fee that leaves execute 10 steps short
      const need = free.validateCharged!.steps + overhead(tx) + free.executeStepsConsumed! - 10;
      const ex = run(BigInt(Math.floor(need / 400)));
      expect(ex.rejected).toBeUndefined();
      expect(ex.reverted).toBe(true);
      expect(ex.revertReason).toBe('RunResources has no remaining steps.');
    });
  });
});

describe('step budget of a phase (blockifier EntryPointExecutionContext::max_steps)', () => {
  const v3 = (l2: bigint) => ({
    ...emptyTxInfo(),
    version: 3n,
    resourceBounds: [bound('L1_GAS', 0n), bound('L2_GAS', l2), bound('L1_DATA', 0n)],
  });
  it('a v3 transaction with all bounds: its L2 gas bound / step_gas_cost, under the block bound', () => {
    expect(txPhaseSteps(G, v3(1_000_000n), 'execute')).toBe(Number(1_000_000n / G.stepGasCost));
    expect(txPhaseSteps(G, v3(10n ** 15n), 'execute')).toBe(G.invokeTxMaxNSteps);
  });
  const l1Only = (l1: bigint) => ({
    ...v3(0n),
    resourceBounds: [bound('L1_GAS', l1), bound('L2_GAS', 0n)],
  });
  const v1 = (maxFee: bigint) => ({ ...emptyTxInfo(), version: 1n, maxFee });
  // vm_resource_fee_cost.n_steps of the 0.14 constants: 25/10000 L1 gas per step (400 steps per gas)
  const prices = { l1GasPerStep: [25, 10000] as [number, number], l1GasPriceWei: 1000n };
  it('an L1-gas-only v3 transaction: l1_gas.max_amount / l1_gas_per_step, under the block bound', () => {
    expect(txPhaseSteps(G, l1Only(5n), 'execute', prices)).toBe(2000);
    expect(txPhaseSteps(G, l1Only(10n ** 12n), 'validate', prices)).toBe(G.validateMaxNSteps);
  });
  it('a max_fee transaction: (max_fee / L1 gas price in WEI) / l1_gas_per_step, each rounded down', () => {
    // 12_999 / 1000 = 12 L1 gas → 4800 steps
    expect(txPhaseSteps(G, v1(12_999n), 'execute', prices)).toBe(4800);
    expect(txPhaseSteps(G, v1(0n), 'validate', prices)).toBe(0);
    expect(txPhaseSteps(G, v1(10n ** 30n), 'execute', prices)).toBe(G.invokeTxMaxNSteps);
  });
  it('a transaction that pays no fee is not limited by its bounds (enforce_fee)', () => {
    const priced = (r: string, amount: bigint, price: bigint) => ({
      ...bound(r, amount),
      maxPricePerUnit: price,
    });
    const zero = {
      ...v3(0n),
      resourceBounds: [
        priced('L1_GAS', 0n, 0n),
        priced('L2_GAS', 0n, 0n),
        priced('L1_DATA', 0n, 0n),
      ],
    };
    expect(chargesFee(zero)).toBe(false);
    // an amount at price 0 costs nothing; the tip is added to the L2 gas price
    const free = {
      ...zero,
      resourceBounds: [
        priced('L1_GAS', 5n, 0n),
        priced('L2_GAS', 10n ** 9n, 0n),
        priced('L1_DATA', 0n, 7n),
      ],
    };
    expect(chargesFee(free)).toBe(false);
    expect(chargesFee({ ...free, tip: 1n })).toBe(true);
    // L1-gas-only bounds: only the L1 gas bound counts
    expect(
      chargesFee({ ...zero, resourceBounds: [priced('L1_GAS', 0n, 9n), priced('L2_GAS', 4n, 4n)] }),
    ).toBe(false);
    expect(chargesFee(l1Only(1n))).toBe(true);
    expect(chargesFee(v1(0n))).toBe(false);
    expect(chargesFee(v1(1n))).toBe(true);
  });
  it('a v3 invoke whose L1 gas bound costs nothing runs with the block bound, not 0 steps', () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 1n }] });
    // its classes in Cairo steps (Sierra 1.6), where the step budget is what limits a run
    for (const c of Object.values(b.classes))
      setSierraVersion(b.preState.getClass(c.classHash) as LoadedCasmClass, [1, 6, 0]);
    const tx = b.executor.txs[0] as InvokeTx;
    const run = (amount: bigint, price: bigint) =>
      executeTransaction(
        {
          ...tx,
          maxFee: 0n,
          txInfo: {
            version: 3n,
            resourceBounds: ['L1_GAS', 'L2_GAS'].map((r) => ({
              ...bound(r, amount),
              maxPricePerUnit: price,
            })),
          },
        },
        b.preState,
        { ...b.executor.config, block: { ...b.executor.config.block, starknetVersion: '0.14.4' } },
      );
    // bounds that cost nothing (an amount of 0 at a price, or a price of 0): the block bound,
    // where 0 L1 gas would otherwise allow 0 steps (blockifier `max_steps` without
    // `limit_steps_by_resources`)
    for (const [amount, price] of [
      [0n, 1n],
      [0n, 0n],
      [1n, 0n],
    ]) {
      const ex = run(amount, price);
      expect(ex.rejected).toBeUndefined();
      expect(ex.reverted).toBe(false);
    }
  });
  it('without the per-step cost or the L1 gas price: the block bound', () => {
    expect(txPhaseSteps(G, v1(12_999n), 'execute', { l1GasPerStep: [25, 10000] })).toBe(
      G.invokeTxMaxNSteps,
    );
    expect(txPhaseSteps(G, l1Only(5n), 'execute')).toBe(G.invokeTxMaxNSteps);
  });
  it('an L1 handler keeps the block bound (limit_steps_by_resources = false)', () => {
    expect(txPhaseSteps(G, emptyTxInfo(), 'validate')).toBe(G.validateMaxNSteps);
  });
  it('a Cairo-steps account runs out of steps in execute under a small L2 bound (reverted, not rejected)', () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 0, to: 1, amount: 100 }] });
    const tx = b.executor.txs[0] as InvokeTx;
    const free = executeTransaction(tx, b.preState, b.executor.config);
    // enough steps for validate, too few for validate + execute
    const steps = BigInt(free.validate!.steps + 5);
    const ex = executeTransaction(
      { ...tx, txInfo: { resourceBounds: v3(steps * G.stepGasCost).resourceBounds } },
      b.preState,
      { ...b.executor.config, block: { ...b.executor.config.block, starknetVersion: '0.13.3' } },
    );
    expect(ex.rejected).toBeUndefined();
    expect(ex.reverted).toBe(true);
    expect(ex.revertReason).toMatch(/steps/);
  });
});
