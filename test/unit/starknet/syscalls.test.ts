import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { p256 } from '@noble/curves/nist.js';
import { hash } from 'starknet';
import { feltFromBig } from '../../../engine/vm/felt';
import { classCell, storageCell } from '../../../engine/types';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { SYSCALL_NAMES, selectorOf, shortString } from '../../../engine/starknet/execution';
import { gasConstantsFor } from '../../../engine/starknet/versioned-constants';
import { UnrecoverableError } from '../../../engine/starknet/errors';
import {
  demoClasses,
  demoClassHash,
  ERC20_BALANCES,
} from '../../../engine/starknet/demo/contracts';
import { SHA256_IV } from '../../../engine/starknet/sha256';
import { pedersenHash } from '../../../engine/starknet/crypto';
import { BLOCK, fakeSyscallEnv } from './helpers';

const GAS = 10n ** 9n;
const G = gasConstantsFor();
/** What a syscall takes from the request gas: its cost minus the base the compiler pre-charged. */
const charged = (name: keyof typeof G.syscalls, n = 0n) =>
  G.syscalls[name].base + G.syscalls[name].linear * n - G.syscallBaseGasCost;
const f = feltFromBig;

function withErc20() {
  const pre = new InMemoryState();
  const json = demoClasses().erc20;
  const ch = demoClassHash(json);
  pre.declare(ch, loadCasmClass(json));
  pre.write(classCell(0x70cn), ch);
  pre.write(storageCell(0x70cn, pedersenHash(ERC20_BALANCES, 0xaan)), 500n);
  return { pre, ch };
}

describe('syscalls (fake VM memory, Starknet OS layout)', () => {
  it('covers every syscall of the issue', () => {
    for (const n of [
      'StorageRead',
      'StorageWrite',
      'CallContract',
      'LibraryCall',
      'EmitEvent',
      'GetExecutionInfo',
      'Deploy',
      'SendMessageToL1',
      'Keccak',
      'Sha256ProcessBlock',
      'GetBlockHash',
      'GetClassHashAt',
      'ReplaceClass',
    ])
      expect(SYSCALL_NAMES).toContain(n);
    for (const c of ['k1', 'r1'])
      for (const op of ['New', 'Add', 'Mul', 'GetPointFromX', 'GetXy'])
        expect(SYSCALL_NAMES).toContain(`Secp256${c}${op}`);
  });

  it('StorageRead / StorageWrite: read-your-writes, gas charged, recorded sets', () => {
    const env = fakeSyscallEnv();
    env.pre.write(storageCell(0xc0n, 7n), 42n);
    const r = env.syscall('StorageRead', GAS, [0, 7], 1);
    expect(r).toMatchObject({ failed: false, gas: GAS - charged('StorageRead'), fields: [42] });
    const w = env.syscall('StorageWrite', GAS, [0, 7, 43], 0);
    expect(w.failed).toBe(false);
    expect(env.syscall('StorageRead', GAS, [0, 7], 1).fields).toEqual([43]);
    expect(env.state.reads).toEqual([{ cell: storageCell(0xc0n, 7n), value: 42n }]);
    expect([...env.state.writeSet()]).toEqual([[storageCell(0xc0n, 7n), 43n]]);
    const full = (n: keyof typeof G.syscalls) => G.syscalls[n].base;
    expect(env.ctx.syscallGas).toBe(2n * full('StorageRead') + full('StorageWrite'));
    // an address domain other than 0 is an error no contract can catch (blockifier)
    expect(() => env.syscall('StorageRead', GAS, [1, 7], 1)).toThrow(
      new UnrecoverableError('Invalid address domain: 1.'),
    );
  });

  it('out of gas: failure response, gas untouched, nothing done', () => {
    const env = fakeSyscallEnv();
    const need = charged('StorageWrite');
    const r = env.syscall('StorageWrite', need - 1n, [0, 7, 1], 0);
    expect(r.failed).toBe(true);
    expect(r.gas).toBe(need - 1n);
    expect(r.reason).toEqual([shortString('Out of gas')]);
    expect(env.state.writeSet().size).toBe(0);
  });

  it('CallContract: nested call with its own context; failure returns panic data + ENTRYPOINT_FAILED', () => {
    const { pre } = withErc20();
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([0xaan]);
    const r = env.syscall('CallContract', GAS, [0x70c, f(selectorOf('balance_of')), s, e], 2);
    expect(r.failed).toBe(false);
    expect(env.readArr(r.fields[0], r.fields[1])).toEqual([500n, 0n]);
    expect(env.call.inner[0].contract).toBe(0x70cn);
    expect(env.call.inner[0].caller).toBe(0xc0n);
    const inner = env.call.inner[0];
    // the callee gets the request gas minus the syscall's charge; the caller pays what it used
    expect(inner.initialGas).toBe(GAS - charged('CallContract'));
    expect(r.gas).toBe(GAS - charged('CallContract') - inner.gasConsumed);
    expect(inner.gasConsumed).toBeGreaterThan(G.entryPointInitialBudget);
    // transfer from 0xc0 (no balance) panics inside: failure, writes rolled back
    const [s2, e2] = env.array([0xbbn, 1n, 0n]);
    const r2 = env.syscall('CallContract', GAS, [0x70c, f(selectorOf('transfer')), s2, e2], 2);
    expect(r2.failed).toBe(true);
    expect(r2.reason).toEqual([shortString('u256_sub Overflow'), shortString('ENTRYPOINT_FAILED')]);
    expect(env.state.writeSet().size).toBe(0);
    // unknown selector
    const r3 = env.syscall('CallContract', GAS, [0x70c, 0x1234, s, e], 2);
    expect(r3.reason).toEqual([
      shortString('ENTRYPOINT_NOT_FOUND'),
      shortString('ENTRYPOINT_FAILED'),
    ]);
  });

  it('LibraryCall: runs the class on the caller contract storage', () => {
    const { pre, ch } = withErc20();
    pre.write(storageCell(0xc0n, pedersenHash(ERC20_BALANCES, 0xaan)), 77n);
    pre.write(classCell(0xc0n), ch); // the calling contract must be deployed (blockifier)
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([0xaan]);
    const r = env.syscall('LibraryCall', GAS, [f(ch), f(selectorOf('balance_of')), s, e], 2);
    expect(env.readArr(r.fields[0], r.fields[1])).toEqual([77n, 0n]);
    expect(env.call.inner[0].callType).toBe('Delegate');
  });

  it('EmitEvent and SendMessageToL1', () => {
    const env = fakeSyscallEnv();
    const [ks, ke] = env.array([1n, 2n]);
    const [ds, de] = env.array([3n]);
    expect(env.syscall('EmitEvent', GAS, [ks, ke, ds, de], 0).failed).toBe(false);
    const [ps, pe] = env.array([9n, 8n]);
    expect(env.syscall('SendMessageToL1', GAS, [0xe7, ps, pe], 0).failed).toBe(false);
    expect(env.call.events).toEqual([{ order: 0, from: 0xc0n, keys: [1n, 2n], data: [3n] }]);
    expect(env.call.messages).toEqual([{ order: 0, from: 0xc0n, to: 0xe7n, payload: [9n, 8n] }]);
  });

  it('GetExecutionInfo: block info, tx info v2, caller, contract, selector', () => {
    const env = fakeSyscallEnv();
    const r = env.syscall('GetExecutionInfo', GAS, [], 1);
    expect(r.gas).toBe(GAS - charged('GetExecutionInfo'));
    const info = r.fields[0];
    expect([env.at(info, 2), env.at(info, 3), env.at(info, 4)]).toEqual([0xca11n, 0xc0n, 0x5e1n]);
    const block = env.ptrAt(info, 0);
    expect([env.at(block, 0), env.at(block, 1), env.at(block, 2)]).toEqual([
      BLOCK.blockNumber,
      BLOCK.blockTimestamp,
      BLOCK.sequencerAddress,
    ]);
    const tx = env.ptrAt(info, 1);
    expect(env.at(tx, 0)).toBe(3n);
    expect(env.readArr(env.ptrAt(tx, 3), env.ptrAt(tx, 4))).toEqual([11n, 22n]);
    expect(env.at(tx, 5)).toBe(0x7a5n);
  });

  it('Deploy: address from (salt, class, calldata, deployer), class cell written, duplicates fail', () => {
    const pre = new InMemoryState();
    const json = demoClasses().nft;
    const ch = demoClassHash(json);
    pre.declare(ch, loadCasmClass(json));
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([]);
    const r = env.syscall('Deploy', GAS, [f(ch), 5, s, e, 0], 3);
    expect(r.failed).toBe(false);
    const addr = BigInt(hash.calculateContractAddressFromHash(5n, ch, [], 0xc0n));
    expect(BigInt(r.fields[0])).toBe(addr);
    expect(env.state.read(classCell(addr))).toBe(ch);
    // blockifier: both are state errors, which no caller can catch
    expect(() => env.syscall('Deploy', GAS, [f(ch), 5, s, e, 0], 3)).toThrow(
      /^Deployment failed: contract already deployed at address 0x0/,
    );
    expect(() => env.syscall('Deploy', GAS, [0x999, 5, s, e, 0], 3)).toThrow(
      'Class with hash 0x' + '0'.repeat(61) + '999 is not declared.',
    );
  });

  it('Keccak: keccak-f over 17-word blocks, u256 result; bad length fails', () => {
    const env = fakeSyscallEnv();
    // padded empty message: first byte 0x01, last byte of the 136-byte block 0x80
    const words = new Array(17).fill(0n);
    words[0] = 1n;
    words[16] = 0x80n << 56n;
    const [s, e] = env.array(words);
    const r = env.syscall('Keccak', GAS, [s, e], 2);
    const d = keccak_256(new Uint8Array());
    let le = 0n;
    for (let i = 31; i >= 0; i--) le = (le << 8n) | BigInt(d[i]);
    expect(BigInt(r.fields[0])).toBe(le & ((1n << 128n) - 1n));
    expect(BigInt(r.fields[1])).toBe(le >> 128n);
    expect(r.gas).toBe(GAS - charged('Keccak') - G.syscalls.KeccakRound.base);
    const [s2, e2] = env.array([1n, 2n]);
    expect(env.syscall('Keccak', GAS, [s2, e2], 2).reason).toEqual([
      shortString('Invalid input length'),
    ]);
    // blockifier counts keccak by rounds run (a failed call counts none): 1, then 2 more
    expect(env.ctx.syscallCounts.Keccak).toBe(1);
    const [s3, e3] = env.array([...words, ...words]);
    env.syscall('Keccak', GAS, [s3, e3], 2);
    expect(env.ctx.syscallCounts.Keccak).toBe(3);
  });

  it('Sha256ProcessBlock: compresses one block (sha256("abc"))', () => {
    const env = fakeSyscallEnv();
    const [st] = env.array(SHA256_IV.map(BigInt));
    const block = new Array(16).fill(0n);
    block[0] = 0x61626380n;
    block[15] = 24n;
    const [inp] = env.array(block);
    const r = env.syscall('Sha256ProcessBlock', GAS, [st, inp], 1);
    const out = Array.from({ length: 8 }, (_, i) =>
      env.at(r.fields[0], i).toString(16).padStart(8, '0'),
    ).join('');
    expect(out).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('Sha512ProcessBlock: compresses one block (sha512("abc"), checked with @noble/hashes)', () => {
    const env = fakeSyscallEnv();
    // FIPS 180-4 §5.3.5 initial hash value
    const iv = [
      0x6a09e667f3bcc908n,
      0xbb67ae8584caa73bn,
      0x3c6ef372fe94f82bn,
      0xa54ff53a5f1d36f1n,
      0x510e527fade682d1n,
      0x9b05688c2b3e6c1fn,
      0x1f83d9abfb41bd6bn,
      0x5be0cd19137e2179n,
    ];
    const [st] = env.array(iv);
    const block = new Array(16).fill(0n);
    block[0] = 0x6162638000000000n;
    block[15] = 24n;
    const [inp] = env.array(block);
    const r = env.syscall('Sha512ProcessBlock', GAS, [st, inp], 1);
    const out = Array.from({ length: 8 }, (_, i) =>
      env.at(r.fields[0], i).toString(16).padStart(16, '0'),
    ).join('');
    expect(out).toBe(bytesToHex(sha512(new TextEncoder().encode('abc'))));
  });

  it('GetBlockHash: reads the block-hash contract, range-checked', () => {
    const env = fakeSyscallEnv();
    env.pre.write(storageCell(1n, 900n), 0xb10cn);
    expect(env.syscall('GetBlockHash', GAS, [900], 1).fields).toEqual([0xb10c]);
    expect(env.state.reads[0].cell).toBe(storageCell(1n, 900n));
    expect(env.syscall('GetBlockHash', GAS, [995], 1).reason).toEqual([
      shortString('Block number out of range'),
    ]);
  });

  it('GetClassHashAt and ReplaceClass', () => {
    const { pre, ch } = withErc20();
    const env = fakeSyscallEnv(pre, 0xc0n);
    expect(BigInt(env.syscall('GetClassHashAt', GAS, [0x70c], 1).fields[0])).toBe(ch);
    expect(env.syscall('GetClassHashAt', GAS, [0x70d], 1).fields).toEqual([0]);
    expect(env.syscall('ReplaceClass', GAS, [f(ch)], 0).failed).toBe(false);
    expect(env.state.read(classCell(0xc0n))).toBe(ch);
    expect(() => env.syscall('ReplaceClass', GAS, [0x1], 0)).toThrow(UnrecoverableError);
  });

  for (const [name, curve] of [
    ['Secp256k1', secp256k1],
    ['Secp256r1', p256],
  ] as const) {
    it(`${name}: New, GetPointFromX, Add, Mul, GetXy agree with @noble/curves`, () => {
      const env = fakeSyscallEnv();
      const M = (1n << 128n) - 1n;
      const Gp = curve.Point.BASE.toAffine();
      const split = (v: bigint) => [f(v & M), f(v >> 128n)];
      const n = env.syscall(`${name}New`, GAS, [...split(Gp.x), ...split(Gp.y)], 2);
      expect(n.fields[0]).toBe(0);
      const id = n.fields[1];
      const bad = env.syscall(`${name}New`, GAS, [...split(Gp.x), ...split(Gp.y + 1n)], 2);
      expect(bad.fields).toEqual([1, 0]);
      const fx = env.syscall(
        `${name}GetPointFromX`,
        GAS,
        [...split(Gp.x), (Gp.y & 1n) === 1n ? 1 : 0],
        2,
      );
      expect(fx.fields[0]).toBe(0);
      const sum = env.syscall(`${name}Add`, GAS, [id, fx.fields[1]], 1).fields[0];
      const mul = env.syscall(`${name}Mul`, GAS, [id, 2, 0], 1).fields[0];
      const xy1 = env.syscall(`${name}GetXy`, GAS, [sum], 4).fields.map(BigInt);
      const xy2 = env.syscall(`${name}GetXy`, GAS, [mul], 4).fields.map(BigInt);
      const two = curve.Point.BASE.double().toAffine();
      expect(xy1).toEqual([two.x & M, two.x >> 128n, two.y & M, two.y >> 128n]);
      expect(xy2).toEqual(xy1);
    });
  }
});
