import { describe, expect, it } from 'vitest';
import { getStarkKey, sign } from '@scure/starknet';
import {
  VmError,
  runProgram,
  verifyStarkSignature,
  Memory,
  createBuiltin,
} from '../../../engine/vm/index';
import { addEcdsaSignature, ecdsaSignatures } from '../../../engine/vm/builtins/ecdsa';

const PRIV = 0x1234567890abcdefn;
const PUB = BigInt(getStarkKey('0x' + PRIV.toString(16)));
const MSG = 0x3f0a1b2c3d4e5f60718293a4b5c6d7e8f9n;
const SIG = sign('0x' + MSG.toString(16), '0x' + PRIV.toString(16));

// args: [ecdsa_ptr, pk, msg, r, s] at fp-7 .. fp-3
const SRC = `
  %{ AddEcdsaSignature ecdsa_ptr=[fp + -7] r=[fp + -4] s=[fp + -3] %}
  [fp + -6] = [[fp + -7] + 0];
  [fp + -5] = [[fp + -7] + 1];
  [ap] = [fp + -7] + 2, ap++;
  ret;
`;
const run = (pk: bigint, msg: bigint, r: bigint, s: bigint, src = SRC) =>
  runProgram(src, { builtins: ['ecdsa'], args: [pk, msg, r, s], nReturn: 1 });

describe('ecdsa builtin + AddEcdsaSignature (project extension hint)', () => {
  it('verifySTarkSignature agrees with @scure/starknet', () => {
    expect(verifyStarkSignature(PUB, MSG, SIG.r, SIG.s)).toBe(true);
    expect(verifyStarkSignature(PUB, MSG + 1n, SIG.r, SIG.s)).toBe(false);
    expect(verifyStarkSignature(PUB, MSG, SIG.r, SIG.s + 1n)).toBe(false);
    expect(verifyStarkSignature(PUB + 1n, MSG, SIG.r, SIG.s)).toBe(false);
    // repeated use of the key (precomputed table from the second use on) gives the same answers
    for (let i = 0; i < 3; i++) expect(verifyStarkSignature(PUB, MSG, SIG.r, SIG.s)).toBe(true);
  });

  it('a valid registered signature passes when both cells are written', () => {
    const r = run(PUB, MSG, SIG.r, SIG.s);
    expect(r.vm.halted).toBe(true);
  });

  it('an invalid signature is a Builtin error', () => {
    let err: unknown;
    try {
      run(PUB, MSG, SIG.r, SIG.s ^ 2n);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VmError);
    expect((err as VmError).kind).toBe('Builtin');
  });

  it('writing both cells without a registered signature is a Builtin error (cairo-lang rule)', () => {
    const noHint = SRC.split('\n')
      .filter((l) => !l.includes('%{'))
      .join('\n');
    expect(() => run(PUB, MSG, SIG.r, SIG.s, noHint)).toThrow(/no signature registered/);
  });

  it('registering after the cells are written verifies immediately', () => {
    const mem = new Memory();
    mem.addSegment();
    mem.addSegment();
    const b = createBuiltin('ecdsa', mem);
    mem.set(b.segment, 0, PUB);
    expect(ecdsaSignatures(mem, b.segment)).toBeDefined();
    // cell 1 written without a signature → error
    expect(() => mem.set(b.segment, 1, MSG)).toThrow(/no signature/);
    const mem2 = new Memory();
    const b2 = createBuiltin('ecdsa', mem2);
    addEcdsaSignature(mem2, b2.segment, 2, SIG.r, SIG.s);
    mem2.set(b2.segment, 2, PUB);
    mem2.set(b2.segment, 3, MSG);
    expect(() => addEcdsaSignature(mem2, b2.segment, 2, SIG.r, SIG.s + 1n)).toThrow(
      /invalid signature/,
    );
    expect(() => addEcdsaSignature(mem2, b2.segment + 1, 0, SIG.r, SIG.s)).toThrow(/not an ecdsa/);
  });

  it('the hint rejects a non-address ecdsa_ptr', () => {
    const src = `
      %{ AddEcdsaSignature ecdsa_ptr=[fp + -6] r=[fp + -4] s=[fp + -3] %}
      [ap] = [fp + -7] + 0, ap++;
      ret;
    `;
    expect(() => run(PUB, MSG, SIG.r, SIG.s, src)).toThrow(/ecdsa_ptr is not an address/);
  });
});
