import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byteArray, hash } from 'starknet';
import { getStarkKey, sign } from '@scure/starknet';
import { runContract } from '../../../engine/starknet/run-contract';
import { BYTE_ARRAY_MAGIC, panicMessage } from '../../../engine/starknet/panic';
import { selectorOf, shortString } from '../../../engine/starknet/execution';
import { probeClass } from './probe-class';

const FIX = resolve(__dirname, '../../../../shared/fixtures/casm');
const has = existsSync(FIX);
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');
const CL = (n: string) => read(`cairo-lang/${n}.compiled_contract_class.json`);
const h = (v: bigint) => '0x' + v.toString(16);

/** ByteArray serialization (starknet.js) with the panic magic in front. */
function byteArrayPanic(text: string): bigint[] {
  const ba = byteArray.byteArrayFromString(text);
  return [
    BYTE_ARRAY_MAGIC,
    BigInt(ba.data.length),
    ...ba.data.map((x) => BigInt(x)),
    BigInt(ba.pending_word),
    BigInt(ba.pending_word_len),
  ];
}

describe('panic messages', () => {
  it('decodes ByteArray panics (short and longer than 31 bytes) and short strings', () => {
    const long = 'a panic message longer than thirty-one bytes: 42';
    expect(panicMessage(byteArrayPanic('boom'))).toBe('boom');
    expect(panicMessage([...byteArrayPanic(long), shortString('ENTRYPOINT_FAILED')])).toBe(
      `${long}, ENTRYPOINT_FAILED`,
    );
    expect(panicMessage([shortString('u256_sub Overflow'), 0x1234n])).toBe(
      'u256_sub Overflow, 0x1234',
    );
  });
});

describe('run-contract: tx info, block info, block hashes, messages (probe class)', () => {
  it('serves the given tx and block info and block hashes, and reports messages', () => {
    const r = runContract(probeClass(), 'probe', {
      calldata: [50n, 7n, 8n],
      caller: 0xca11n,
      blockHashes: [[50n, 0xabcn]],
      block: { blockNumber: 70n, blockTimestamp: 1234n, sequencerAddress: 0x5e9n },
      tx: {
        transactionHash: 0x77n,
        version: 3n,
        nonce: 5n,
        chainId: shortString('SN_MAIN'),
        signature: [9n, 10n],
        resourceBounds: [{ resource: shortString('L1_GAS'), maxAmount: 33n, maxPricePerUnit: 2n }],
        tip: 4n,
      },
    });
    expect(r.panicked).toBe(false);
    const [num, ts, seq, txh, ver, nonce, chain, sig0, maxAmount, tip, bh, caller, contract] =
      r.retdata.map(BigInt);
    expect([num, ts, seq]).toEqual([70n, 1234n, 0x5e9n]);
    expect([txh, ver, nonce, chain, sig0, maxAmount, tip]).toEqual([
      0x77n,
      3n,
      5n,
      shortString('SN_MAIN'),
      9n,
      33n,
      4n,
    ]);
    expect([bh, caller, contract]).toEqual([0xabcn, 0xca11n, 0x1234n]);
    expect(r.messages).toEqual([{ from: '0x1234', to: '0xe1', payload: ['0x7', '0x8'] }]);
  });

  it('decodes a ByteArray panic of the called entry point as text', () => {
    const r = runContract(probeClass(), 'fail', {
      calldata: byteArrayPanic('Insufficient balance!'),
    });
    expect(r.panicked).toBe(true);
    expect(r.error).toBe('Insufficient balance!');
  });
});

describe.runIf(has)('run-contract scenarios on the shared classes', () => {
  it('declares and deploys an ERC20 and the account calls it (nested steps, events)', () => {
    const r = runContract(CL('account__account'), '__execute__', {
      calldata: [1n, 0x7007n, selectorOf('transfer'), 3n, 0xdefn, 250n, 0n],
      constructorCalldata: [1n],
      declare: [{ classHash: 0xe20n, json: CL('erc20__erc_20') }],
      deploy: [
        { address: 0x7007n, classHash: 0xe20n, calldata: [1n, 2n, 18n, 1000n, 0n, 0x1234n] },
      ],
    });
    expect(r.panicked, r.error).toBe(false);
    expect(r.calls.map((c) => [c.depth, c.contract])).toEqual([
      [0, '0x1234'],
      [1, '0x7007'],
    ]);
    expect(r.steps).toBe(r.calls[0].steps + r.calls[1].steps);
    expect(r.calls[1].steps).toBeGreaterThan(0);
    expect(BigInt(r.gasConsumed)).toBeGreaterThan(BigInt(r.calls[1].gasConsumed));
    expect(r.events).toEqual([
      { from: '0x7007', keys: [expect.any(String)], data: ['0x1234', '0xdef', '0xfa', '0x0'] },
    ]);
  });

  it('validate mode: VALID for a signature of the tx hash, not for another hash', () => {
    const key = '0x1234567890abcdef';
    const pub = BigInt(getStarkKey(key));
    const sig = sign('0x2a1b', key);
    const run = (txHash: bigint) =>
      runContract(CL('account__account'), '__validate__', {
        calldata: [0n],
        constructorCalldata: [pub],
        validate: true,
        caller: 0x999n, // validate runs with caller 0 whatever is given
        tx: { transactionHash: txHash, signature: [sig.r, sig.s] },
      });
    const ok = run(0x2a1bn);
    expect(ok.valid).toBe(true);
    expect(ok.retdata).toEqual([h(shortString('VALID'))]);
    const bad = run(0x2a1cn);
    expect(bad.valid).toBe(false);
    expect(bad.error).toBe('INVALID_SIGNATURE');
  });

  it('runs an L1 handler and a constructor entry point', () => {
    const tc = CL('test_contract__test_contract');
    const l1 = runContract(tc, 'l1_handle', {
      entryPointType: 'L1_HANDLER',
      calldata: [0x99n, 7n],
    });
    expect(l1.entryPointType).toBe('L1_HANDLER');
    expect(l1.panicked, l1.error).toBe(false);
    expect(l1.retdata).toEqual(['0x7']);
    const bridge = CL('token_bridge__token_bridge');
    const ok = runContract(bridge, 'constructor', {
      entryPointType: 'CONSTRUCTOR',
      calldata: [5n],
    });
    expect(ok.panicked).toBe(false);
    expect(ok.writes).toEqual([
      { contract: '0x1234', key: h(selectorOf('governor')), value: '0x5' },
    ]);
    const zero = runContract(bridge, 'constructor', {
      entryPointType: 'CONSTRUCTOR',
      calldata: [0n],
    });
    expect(zero.error).toBe('ZERO_GOVERNOR_ADDRESS');
  });

  it('library call through a proxy to a declared class', () => {
    const r = runContract(CL('proxy__proxy'), 'increase_counter', {
      calldata: [5n],
      declare: [{ classHash: 0xc0n, json: CL('new_syntax_test_contract__counter_contract') }],
      constructorCalldata: [0xc0n],
    });
    expect(r.panicked, r.error).toBe(false);
    expect(r.calls.map((c) => [c.depth, c.callType, c.classHash])).toEqual([
      [0, 'Call', '0xc1a55'],
      [1, 'Delegate', '0xc0'],
    ]);
    expect(r.writes.map((w) => w.value)).toEqual(['0x5']);
  });

  it('deploy syscall: the deployed address is the one starknet.js computes', () => {
    const deployer = read('starknet-js/cairo2100/deployer.casm');
    // OpenZeppelin's universal deployer: deploy_contract(class_hash, salt, not_from_zero, calldata)
    const r = runContract(deployer, 'deploy_contract', {
      calldata: [0xc0n, 77n, 0n, 1n, 3n], // not_from_zero = false: salt as is, deployer 0
      declare: [{ classHash: 0xc0n, json: CL('test_contract__test_contract') }],
    });
    expect(r.panicked, r.error).toBe(false);
    const expected = hash.calculateContractAddressFromHash(77n, 0xc0n, ['3'], 0n);
    expect(BigInt(r.retdata[0])).toBe(BigInt(expected));
    expect(r.calls[1]).toMatchObject({
      depth: 1,
      entryPointType: 'CONSTRUCTOR',
      contract: h(BigInt(expected)),
    });
  });
});
