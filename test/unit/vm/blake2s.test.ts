import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { blake2s } from '@noble/hashes/blake2.js';
import { keccak } from '@scure/starknet';
import {
  assemble,
  loadCasmClass,
  runEntryPoint,
  decodeInstruction,
  disassembleWord,
  encodeInstruction,
  runProgram,
  Relocatable,
  VmError,
} from '../../../engine/vm/index';
import { BLAKE2S_IV, blake2sCompress } from '../../../engine/vm/blake2s';

/** Message bytes as little-endian u32 words, zero-padded to whole 64-byte blocks (at least one). */
function blocksOf(msg: Uint8Array): number[][] {
  const n = Math.max(1, Math.ceil(msg.length / 64));
  const padded = new Uint8Array(n * 64);
  padded.set(msg);
  const dv = new DataView(padded.buffer);
  return Array.from({ length: n }, (_, b) =>
    Array.from({ length: 16 }, (_, w) => dv.getUint32(b * 64 + w * 4, true)),
  );
}

/** Parameter block for an unkeyed 32-byte digest (RFC 7693 §2.5): h0 ^= 0x01010020. */
const initialState = () => [BLAKE2S_IV[0] ^ 0x01010020, ...BLAKE2S_IV.slice(1)];

function digestBytes(state: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(32);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) dv.setUint32(i * 4, state[i], true);
  return out;
}

/** BLAKE2s-256 driven by our compression function alone. */
function hashWithCompress(msg: Uint8Array): Uint8Array {
  const blocks = blocksOf(msg);
  let h: ArrayLike<number> = initialState();
  blocks.forEach((m, i) => {
    const last = i === blocks.length - 1;
    const t = last ? msg.length : 64 * (i + 1);
    h = blake2sCompress(h, m, t, 0, last ? 0xffffffff : 0);
  });
  return digestBytes(h);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('blake2s compression', () => {
  it('gives the RFC 7693 Appendix B digest of "abc"', () => {
    expect(hex(hashWithCompress(new TextEncoder().encode('abc')))).toBe(
      '508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982',
    );
  });
  it('agrees with @noble/hashes on messages of 0..200 bytes', () => {
    for (let n = 0; n <= 200; n += 7) {
      const msg = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      expect(hex(hashWithCompress(msg))).toBe(hex(blake2s(msg)));
    }
  });
});

/** Words the Cairo compiler 2.20.0 emitted for blake2s_compress / blake2s_finalize (fixtures). */
const COMPILED = [
  [0x88107ffd7ffe7fffn, false, 'blake2s[state=[ap + -2], message=[ap + -3], byte_count=[ap + -1]'],
  [0x108107ffb7ffe7fffn, true, 'blake2s[state=[ap + -2], message=[ap + -5], byte_count=[ap + -1]'],
  [0x880b7ffd7ffb7ffcn, false, 'blake2s[state=[fp + -5], message=[fp + -3], byte_count=[fp + -4]'],
  [0x1080b7ffd7ffb7ffcn, true, 'blake2s[state=[fp + -5], message=[fp + -3], byte_count=[fp + -4]'],
] as const;

describe('blake2s instruction encoding', () => {
  it('decodes, prints and re-assembles the compiler-emitted words', () => {
    for (const [w, fin, prefix] of COMPILED) {
      const text = disassembleWord(w);
      expect(text).toBe(`${prefix}, finalize=${fin}] => [ap + 0], ap++`);
      expect(assemble(text + ';').bytecode).toEqual([w]);
      expect(encodeInstruction(decodeInstruction(w))).toBe(w);
      expect(decodeInstruction(w).opcodeExt).toBe(fin ? 2 : 1);
    }
  });
  it('rejects bad flag combinations and unknown extensions', () => {
    // Blake with opcode assert_eq, with an immediate op1, and extension 4.
    expect(() => decodeInstruction(0x88107ffd7ffe7fffn | (4n << 60n))).toThrow(VmError);
    const immOp1 = (1n << 63n) | (1n << 50n) | (0x8001n << 32n) | (0x7fffn << 16n) | 0x7fffn;
    expect(() => decodeInstruction(immOp1)).toThrow(/Blake2s/);
    expect(() => decodeInstruction((4n << 63n) | 0x48107ffd7ffe7fffn)).toThrow(VmError);
    expect(() =>
      assemble('blake2s[state=[ap], message=[ap], byte_count=[ap], finalize=true] => [ap];'),
    ).toThrow(/ap\+\+/);
  });
  it('prints and assembles QM31 instructions (the extension next to Blake)', () => {
    const w = assemble('{QM31} [ap + 0] = [ap + -1] + [fp + -3], ap++;').bytecode;
    expect(w[0] >> 63n).toBe(3n);
    expect(disassembleWord(w[0])).toBe('{QM31} [ap + 0] = [ap + -1] + [fp + -3], ap++');
  });
});

/**
 * An unrolled program hashing `blocks` message blocks with the opcode. Arguments: [fp - 5] the
 * initial state, [fp - 4] the message words, [fp - 3] the output area (8 words per block; block i
 * reads its state from block i - 1's output).
 */
function hashProgram(nBlocks: number, nBytes: number): string {
  const lines: string[] = [];
  for (let i = 0; i < nBlocks; i++) {
    const last = i === nBlocks - 1;
    lines.push(i === 0 ? '[ap] = [fp + -5], ap++;' : `[ap] = [fp + -3] + ${8 * (i - 1)}, ap++;`);
    lines.push(`[ap] = [fp + -4] + ${16 * i}, ap++;`);
    lines.push(`[ap] = ${last ? nBytes : 64 * (i + 1)}, ap++;`);
    lines.push(`[ap] = [fp + -3] + ${8 * i};`);
    lines.push(
      `blake2s[state=[ap + -3], message=[ap + -2], byte_count=[ap + -1], finalize=${last}] => [ap + 0], ap++;`,
    );
  }
  lines.push('ret;');
  return lines.join('\n');
}

function hashOnVm(msg: Uint8Array): { digest: Uint8Array; blakeOpcodes: number } {
  const blocks = blocksOf(msg);
  const r = runProgram(hashProgram(blocks.length, msg.length), {
    setup: (vm) => {
      const segs = [initialState(), blocks.flat(), []].map((vals) => {
        const seg = vm.mem.addSegment();
        vals.forEach((v, i) => vm.mem.set(seg, i, v));
        return new Relocatable(seg, 0);
      });
      return segs;
    },
  });
  const outSeg = r.vm.mem.numSegments - 3; // setup's third segment (then return_fp, end)
  const out = r.vm.mem.segment(outSeg).toArray(8 * (blocks.length - 1)) as number[];
  return { digest: digestBytes(out), blakeOpcodes: r.vm.blakeOpcodes };
}

describe('blake2s opcode in the VM', () => {
  it('hashes like @noble/hashes for one and several blocks', () => {
    for (const n of [0, 3, 64, 65, 200]) {
      const msg = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
      const { digest, blakeOpcodes } = hashOnVm(msg);
      expect(hex(digest)).toBe(hex(blake2s(msg)));
      expect(blakeOpcodes).toBe(Math.max(1, Math.ceil(n / 64)));
    }
  });
  it('fails clearly on a message word that is not a u32', () => {
    const prog = hashProgram(1, 4);
    expect(() =>
      runProgram(prog, {
        setup: (vm) =>
          [initialState(), [2 ** 32, ...new Array(15).fill(0)], []].map((vals) => {
            const seg = vm.mem.addSegment();
            vals.forEach((v, i) => vm.mem.set(seg, i, v));
            return new Relocatable(seg, 0);
          }),
      }),
    ).toThrow(/message \(op1\)\[0\] must be a u32/);
  });
});

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const MAX_ENTRYPOINT = `${FIX}/casm/cairo-lang/max_entrypoint__max_entrypoint_contract.compiled_contract_class.json`;

describe.skipIf(!existsSync(MAX_ENTRYPOINT))(
  'blake2s opcode in compiled Cairo (max_entrypoint)',
  () => {
    it('maximal() returns blake2s_finalize(blake2s_compress([v4; 8], 16, [v4; 16]), 16, [v4; 16])', () => {
      // Source: starkware-libs/cairo crates/cairo-lang-starknet/cairo_level_tests/contracts/
      // max_entrypoint.cairo. Calldata: v1: felt252, v2: u128, v3: u384 (2 felts), v4: u32.
      const cls = loadCasmClass(readFileSync(MAX_ENTRYPOINT, 'utf8'));
      const v4 = 0x01020304;
      const selector = keccak(new TextEncoder().encode('maximal'));
      const r = runEntryPoint(cls, { selector, calldata: [5n, 9n, 7n, 0n, BigInt(v4)] });
      expect(r.panicked).toBe(false);
      expect(r.vm.blakeOpcodes).toBe(2);
      const words = new Array<number>(16).fill(v4);
      const mid = blake2sCompress(words.slice(0, 8), words, 16);
      const expected = blake2sCompress(mid, words, 16, 0, 0xffffffff);
      expect(r.retdata.slice(-8)).toEqual([...expected].map(BigInt));
    });
  },
);
