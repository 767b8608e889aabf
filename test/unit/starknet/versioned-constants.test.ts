import { describe, expect, it } from 'vitest';
import {
  LATEST_STARKNET_VERSION,
  STARKNET_VERSIONS,
  UnknownStarknetVersionError,
  gasConstantsFor,
} from '../../../engine/starknet/versioned-constants';
import { txInitialGas, txPhaseGas } from '../../../engine/starknet/tx-gas';
import { emptyTxInfo, shortString } from '../../../engine/starknet/execution';

/**
 * Expected values were computed by hand (a separate Python reading of the same blockifier JSON
 * files, crates/blockifier/resources at sequencer commit 60161ba7), not by the code under test:
 *  - 0.14.4 StorageRead: 240 steps × 100 + 1 range check × 70 = 24,070;
 *  - 0.14.4 CallContract: 901 × 100 + 18 × 70 = 91,360;
 *  - 0.14.4 Deploy: 1173 × 100 + 21 × 70 + 7 pedersen × 4050 = 147,120, per calldata felt
 *    8 × 100 + 1 × 4050 = 4,850;
 *  - 0.14.4 SendMessageToL1: 127 × 100 + 70 = 12,770, per payload felt 6 × 100 = 600
 *    (0.14.3: 14,470 and no linear part);
 *  - 0.14.4 KeccakRound: 223 × 100 + 45 × 70 + 6 × 583 + 1 × 136,189 = 165,137;
 *  - 0.14.0 StorageRead: its OS resources cost less than the 10,000 syscall base: 10,000;
 *  - 0.13.3 (structured): StorageRead 50 × 100 + 1 × 10,000 = 15,000; CallContract 510 steps +
 *    1 base = 61,000; Sha256ProcessBlock 1852 × 100 + 65 × 70 + 1115 × 594 + 10,000 = 862,060;
 *    KeccakRound flat 180,000; Secp256k1Mul 76,501 × 100 + 7045 × 70 + 2 × 10 = 8,143,270
 *    (0.13.0: 76,401 steps, 8,133,250).
 */
describe('versioned constants (blockifier 0.13.0 … 0.14.4)', () => {
  it('has every version blockifier defines, newest by default, a clear error otherwise', () => {
    expect(STARKNET_VERSIONS).toEqual([
      '0.13.0',
      '0.13.1',
      '0.13.1.1',
      '0.13.2',
      '0.13.2.1',
      '0.13.3',
      '0.13.4',
      '0.13.5',
      '0.13.6',
      '0.14.0',
      '0.14.1',
      '0.14.2',
      '0.14.3',
      '0.14.4',
    ]);
    expect(LATEST_STARKNET_VERSION).toBe('0.14.4');
    expect(gasConstantsFor().version).toBe('0.14.4');
    expect(gasConstantsFor('v0.14.1').version).toBe('0.14.1');
    expect(gasConstantsFor('0.14.1.0').version).toBe('0.14.1');
    expect(() => gasConstantsFor('0.12.3')).toThrow(UnknownStarknetVersionError);
    expect(() => gasConstantsFor('0.15.0')).toThrow(/unknown Starknet version "0.15.0".*0\.14\.4/);
  });

  it('syscall costs, composed as blockifier does', () => {
    const v = gasConstantsFor('0.14.4').syscalls;
    expect(v.StorageRead).toEqual({ base: 24070n, linear: 0n });
    expect(v.CallContract).toEqual({ base: 91360n, linear: 0n });
    expect(v.Deploy).toEqual({ base: 147120n, linear: 4850n });
    expect(v.SendMessageToL1).toEqual({ base: 12770n, linear: 600n });
    expect(v.MetaTxV0).toEqual({ base: 168550n, linear: 4850n });
    expect(v.KeccakRound.base).toBe(165137n);
    expect(v.EmitEvent.base).toBe(10000n);
    expect(gasConstantsFor('0.14.3').syscalls.SendMessageToL1).toEqual({
      base: 14470n,
      linear: 0n,
    });
    expect(gasConstantsFor('0.14.0').syscalls.StorageRead.base).toBe(10000n);
    const old = gasConstantsFor('0.13.3').syscalls;
    expect(old.StorageRead.base).toBe(15000n);
    expect(old.CallContract.base).toBe(61000n);
    expect(old.Sha256ProcessBlock.base).toBe(862060n);
    expect(old.KeccakRound.base).toBe(180000n);
    expect(old.Secp256k1Mul.base).toBe(8143270n);
    expect(gasConstantsFor('0.13.0').syscalls.Secp256k1Mul.base).toBe(8133250n);
    // not yet in 0.13.1: no cost, which the handler reports as an unsupported syscall
    expect(gasConstantsFor('0.13.1').syscalls.Sha256ProcessBlock.base).toBe(0n);
  });

  it('base costs, caps, limits and the builtin table per version', () => {
    const g = gasConstantsFor('0.14.4');
    expect(g.entryPointInitialBudget).toBe(10000n);
    expect(g.syscallBaseGasCost).toBe(10000n);
    expect(g.defaultInitialGasCost).toBe(10n ** 10n);
    expect([g.validateMaxSierraGas, g.executeMaxSierraGas]).toEqual([100_000_000n, 1_110_000_000n]);
    expect(g.builtinCostTable).toEqual([4050n, 583n, 4085n, 491n, 230n, 604n, 3334n]);
    expect(g.maxRecursionDepth).toBe(50);
    expect(g.eventLimits).toEqual({
      maxDataLength: 300,
      maxKeysLength: 50,
      maxEmittedEvents: 1000,
    });
    expect(gasConstantsFor('0.14.2').executeMaxSierraGas).toBe(1_100_000_000n);
    expect(gasConstantsFor('0.14.1').builtinCostTable[6]).toBe(0n);
    expect(gasConstantsFor('0.13.4').executeMaxSierraGas).toBe(1_000_000_000n);
    const v0130 = gasConstantsFor('0.13.0');
    expect(v0130.eventLimits.maxEmittedEvents).toBe(1_000_000_000);
    expect([v0130.enableReverts, v0130.minSierraVersionForSierraGas]).toEqual([false, [100, 0, 0]]);
    expect(gasConstantsFor('0.13.4').enableReverts).toBe(true);
    expect(gasConstantsFor('0.13.6').blockDirectExecuteCall).toBe(false);
    expect(gasConstantsFor('0.14.0').blockDirectExecuteCall).toBe(true);
  });

  it('a transaction starts with its L2 bound (v3, all resources) or validate + execute caps', () => {
    const g = gasConstantsFor('0.14.4');
    const tx = emptyTxInfo();
    expect(txInitialGas(g, tx)).toBe(1_210_000_000n);
    const bound = (r: string, amount: bigint) => ({
      resource: shortString(r),
      maxAmount: amount,
      maxPricePerUnit: 1n,
    });
    tx.resourceBounds = [bound('L1_GAS', 1n), bound('L2_GAS', 5_000_000n), bound('L1_DATA', 1n)];
    expect(txInitialGas(g, tx)).toBe(5_000_000n);
    // L1-gas-only bounds (no L1_DATA entry) or a v1 transaction: no user L2 bound
    expect(txInitialGas(g, { ...tx, resourceBounds: tx.resourceBounds.slice(0, 2) })).toBe(
      1_210_000_000n,
    );
    expect(txInitialGas(g, { ...tx, version: 1n })).toBe(1_210_000_000n);
    expect(txPhaseGas(g, 1_210_000_000n, 'validate')).toBe(100_000_000n);
    expect(txPhaseGas(g, 1_210_000_000n, 'execute')).toBe(1_110_000_000n);
    expect(txPhaseGas(g, 5_000_000n, 'execute')).toBe(5_000_000n);
  });
});
