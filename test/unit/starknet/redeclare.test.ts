/**
 * A DECLARE of a class that is already declared is refused as blockifier 0.20.0-rc.0 refuses it
 * (`src/transaction/transactions.rs` `try_declare`; the text of `DeclareTransactionError` in
 * `src/transaction/errors.rs`, pinned by its `error_format_test.rs`): v2/v3 always, v0/v1 from
 * Starknet 0.13.2 (`disable_cairo0_redeclaration`). "Declared" is the class's `declaredCell`:
 * before the block the pre-state's, in the block written by an earlier DECLARE. Real classes from
 * ../shared/fixtures (OpenZeppelin's 0.8.0 account, which checks the signature of the real hash).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ec, hash } from 'starknet';
import { declaredCell, nonceCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import {
  type DeclareTx,
  type ExecutorConfig,
  StarknetBlockExecutor,
  executeTransaction,
} from '../../../engine/starknet/transactions';
import { runBlock } from '../../../engine/stm';
import { demoClassHash, demoClasses } from '../../../engine/starknet/demo/contracts';
import { classCell } from '../../../engine/types';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';

const FIX = fileURLToPath(new URL('../../../../shared/fixtures/casm/', import.meta.url));
const OZ_ACCOUNT = FIX + 'starknet-js/account/account_oz_080.casm';
const have = existsSync(OZ_ACCOUNT);

const KEY = '0x1234567';
const CHAIN = '0x534e5f5345504f4c4941';
const FEE_TOKEN = 0xfee0n;
const CLASS = 0x99n;
const ACCOUNT_CLASS = 0xacc0n;
const ALREADY = `Class with hash 0x${'0'.repeat(62)}99 is already declared.`;

/** An OZ account deployed at `address` (its DEPLOY_ACCOUNT run), in a state with a fee token. */
function accountState(starknetVersion?: string) {
  const st = new InMemoryState();
  const erc20 = demoClasses().erc20;
  st.declare(demoClassHash(erc20), loadCasmClass(erc20));
  st.write(classCell(FEE_TOKEN), demoClassHash(erc20));
  const cfg: ExecutorConfig = {
    block: { blockNumber: 20n, blockTimestamp: 1000n, sequencerAddress: 0x5e0n, starknetVersion },
    classes: st,
    feeToken: FEE_TOKEN,
    feeMode: 'deferred',
    chainId: BigInt(CHAIN),
  };
  st.declare(ACCOUNT_CLASS, loadCasmClass(JSON.parse(readFileSync(OZ_ACCOUNT, 'utf8'))));
  return { st, cfg, address: deployAccount(st, cfg, 7n) };
}

/** Run the DEPLOY_ACCOUNT of an OZ account with `salt` on `st`; its address. */
function deployAccount(st: InMemoryState, cfg: ExecutorConfig, salt: bigint): bigint {
  const pub = BigInt(ec.starkCurve.getStarkKey(KEY));
  const address = BigInt(hash.calculateContractAddressFromHash(salt, ACCOUNT_CLASS, [pub], 0));
  const h = hash.calculateDeployAccountTransactionHash({
    contractAddress: address,
    classHash: '0x' + ACCOUNT_CLASS.toString(16),
    constructorCalldata: ['0x' + pub.toString(16)],
    salt: '0x' + salt.toString(16),
    version: '0x1',
    maxFee: '0x0',
    chainId: CHAIN as never,
    nonce: '0x0',
  });
  const deploy = executeTransaction(
    {
      kind: 'deploy-account',
      address,
      classHash: ACCOUNT_CLASS,
      salt,
      constructorCalldata: [pub],
      nonce: 0n,
      maxFee: 0n,
      txHash: BigInt(h),
      signature: sign(h),
      txInfo: { version: 1n, maxFee: 0n },
    },
    st,
    cfg,
  );
  expect(deploy.rejected).toBeUndefined();
  st.apply(deploy.writes);
  return address;
}

function sign(h: string): bigint[] {
  const s = ec.starkCurve.sign(h, KEY);
  return [s.r, s.s];
}

/** A signed DECLARE v1 (Cairo 0 class) or v2 (Cairo 1: with a compiled class hash) of CLASS. */
function declare(address: bigint, nonce: bigint, version: 1 | 2, classHash = CLASS): DeclareTx {
  const h = hash.calculateDeclareTransactionHash({
    classHash: '0x' + classHash.toString(16),
    ...(version === 2 ? { compiledClassHash: '0x98' } : {}),
    senderAddress: '0x' + address.toString(16),
    version: version === 2 ? '0x2' : '0x1',
    maxFee: '0x0',
    chainId: CHAIN as never,
    nonce: '0x' + nonce.toString(16),
  });
  return {
    kind: 'declare',
    sender: address,
    classHash,
    ...(version === 2 ? { compiledClassHash: 0x98n } : {}),
    nonce,
    maxFee: 0n,
    txHash: BigInt(h),
    signature: sign(h),
    txInfo: { version: BigInt(version), maxFee: 0n },
  };
}

describe.skipIf(!have)('redeclaring a class', () => {
  it("a DECLARE v2 of a class declared before the block is rejected with blockifier's text", () => {
    const { st, cfg, address } = accountState();
    st.write(declaredCell(CLASS), 1n);
    const ex = executeTransaction(declare(address, 1n, 2), st, cfg);
    expect(ex.rejected).toBe(ALREADY);
    // a rejected transaction is not in the block: no nonce, no declaration, no fee
    expect(ex.writes.size).toBe(0);
    expect(ex.declared).toBeUndefined();
    expect(ex.reads.some((r) => r.cell === declaredCell(CLASS))).toBe(true);
  });

  it('the second DECLARE of a class in one block is rejected: it reads what the first wrote', () => {
    const { st, cfg, address } = accountState();
    const first = executeTransaction(declare(address, 1n, 2), st, cfg);
    expect(first.rejected).toBeUndefined();
    expect(first.declared).toEqual({ classHash: CLASS, compiledClassHash: 0x98n });
    // the write Block-STM orders the second declare after (and validates its read against)
    expect(first.writes.get(declaredCell(CLASS))).toBe(1n);
    expect(first.reads.find((r) => r.cell === declaredCell(CLASS))?.value).toBe(0n);
    st.apply(first.writes);
    const second = executeTransaction(declare(address, 2n, 2), st, cfg);
    expect(second.rejected).toBe(ALREADY);
    expect(st.read(nonceCell(address))).toBe(2n);
    // another class is still declared
    const other = executeTransaction(declare(address, 2n, 2, 0x9an), st, cfg);
    expect(other.rejected).toBeUndefined();
    expect(other.writes.get(declaredCell(0x9an))).toBe(1n);
  });

  it('InMemoryState.declare() makes a class loadable, not declared: the block may declare it', () => {
    // the class provider also serves the classes the block's own DECLAREs declare (a DeclareTx
    // carries no class), so loadable ≠ declared before the block
    const { st, cfg, address } = accountState();
    st.declare(CLASS, loadCasmClass(demoClasses().erc20));
    expect(st.read(declaredCell(CLASS))).toBe(0n);
    const ex = executeTransaction(declare(address, 1n, 2), st, cfg);
    expect(ex.rejected).toBeUndefined();
    expect(ex.declared).toEqual({ classHash: CLASS, compiledClassHash: 0x98n });
    expect(ex.writes.get(declaredCell(CLASS))).toBe(1n);
    // (declared before the block is the cell itself: the first test writes it)
  });

  it('under Block-STM, the second of two accounts declaring one class in a block is rejected', () => {
    const { st, cfg, address: a } = accountState();
    const b = deployAccount(st, cfg, 8n);
    // the two DECLAREs share no account, nonce or fee cell: only the class's declaration
    const block = new StarknetBlockExecutor([declare(a, 1n, 2), declare(b, 1n, 2)], st, cfg);
    const seq = runBlock(block, { variant: 'sequential', cores: 1 });
    const seqRejected = block.last.map((e) => e?.rejected);
    const par = runBlock(block, { variant: 'block-stm', cores: 2 });
    expect(block.last.map((e) => e?.rejected)).toEqual([undefined, ALREADY]);
    expect(seqRejected).toEqual([undefined, ALREADY]);
    for (const r of [seq, par]) {
      expect(r.committedWrites[1]).toEqual([]);
      expect(r.committedReads[1]).toContainEqual(
        expect.objectContaining({ cell: declaredCell(CLASS), value: 1n }),
      );
      expect(r.finalState.get(declaredCell(CLASS))).toBe(1n);
    }
    // the second one's first incarnation ran beside the first and read 0: it was re-executed
    expect(par.metrics.executions).toBeGreaterThan(2);
  });

  it('a Cairo 0 class (DECLARE v1) may be declared again before Starknet 0.13.2, not after', () => {
    expect(gasConstantsFor('0.13.1.1').disableCairo0Redeclaration).toBe(false);
    expect(gasConstantsFor('0.13.2').disableCairo0Redeclaration).toBe(true);
    for (const [version, refused] of [
      ['0.13.1', false],
      ['0.13.2', true],
      [undefined, true], // the newest constants
    ] as const) {
      const { st, cfg, address } = accountState(version);
      st.write(declaredCell(CLASS), 1n);
      const ex = executeTransaction(declare(address, 1n, 1), st, cfg);
      expect(ex.rejected, String(version)).toBe(refused ? ALREADY : undefined);
      if (!refused) expect(ex.declared).toEqual({ classHash: CLASS });
    }
  });
});
