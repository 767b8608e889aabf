import { describe, expect, it } from 'vitest';
import { runProgram, VmError } from '../../../engine/vm/index';
import {
  M31,
  type QM31,
  qm31Add,
  qm31Div,
  qm31Inv,
  qm31Mul,
  qm31Pack,
  qm31Sub,
  qm31Unpack,
} from '../../../engine/vm/qm31';

// Test vectors of starknet-io/types-rs crates/starknet-types-core/src/qm31 (packed reduced ops).
const X: QM31 = [1414213562n, 1732050807n, 1618033988n, 1234567890n];
const Y: QM31 = [1259921049n, 1442249570n, 1847759065n, 2094551481n];
const XY: QM31 = [947980980n, 1510986506n, 623360030n, 1260310989n];
const big = (v: number | bigint) => BigInt(v);

describe('QM31 arithmetic', () => {
  it('matches the reference vectors for mul, div, add, sub and inverse', () => {
    expect(qm31Mul(X, Y)).toEqual(XY);
    expect(qm31Div(XY, Y)).toEqual(X);
    expect(qm31Div(XY, X)).toEqual(Y);
    const sum = qm31Add(X, Y);
    expect(sum).toEqual(X.map((c, i) => (c + Y[i]) % M31));
    expect(qm31Sub(sum, Y)).toEqual(X);
    for (const v of [[1n, 2n, 3n, 4n] as QM31, Y])
      expect(qm31Mul(v, qm31Inv(v))).toEqual([1n, 0n, 0n, 0n]);
  });
  it('packs four 36-bit coordinates and rejects unreduced or oversized felts', () => {
    const packed = big(qm31Pack([1n, 2n, 3n, 4n]));
    expect(packed).toBe(1n + (2n << 36n) + (3n << 72n) + (4n << 108n));
    expect(qm31Unpack(packed)).toEqual([1n, 2n, 3n, 4n]);
    expect(() => qm31Unpack(M31)).toThrow(/unreduced/);
    expect(() => qm31Unpack(1n << 144n)).toThrow(/not a packed QM31/);
    expect(() => qm31Inv([0n, 0n, 0n, 0n])).toThrow(VmError);
  });
});

describe('QM31 opcode in the VM', () => {
  it('computes *, deduces op0 by division, adds an immediate', () => {
    const r = runProgram(
      [
        '{QM31} [ap + 0] = [fp + -4] * [fp + -3], ap++;',
        '{QM31} [ap + -1] = [ap + 0] * [fp + -3], ap++;',
        '{QM31} [ap + 0] = [ap + -1] + 5, ap++;',
        'ret;',
      ].join('\n'),
      { args: [big(qm31Pack(X)), big(qm31Pack(Y))], nReturn: 3 },
    );
    expect(r.returnValues).toEqual([
      big(qm31Pack(XY)),
      big(qm31Pack(X)),
      big(qm31Pack([(X[0] + 5n) % M31, X[1], X[2], X[3]])),
    ]);
    expect(r.steps).toBe(4);
  });
  it('fails when dst disagrees or an operand is not a packed QM31', () => {
    const prog = '{QM31} [fp + -3] = [fp + -4] + [fp + -4];\nret;';
    expect(() => runProgram(prog, { args: [1n, 3n] })).toThrow(/QM31 assert_eq failed/);
    expect(() => runProgram(prog, { args: [M31, 3n] })).toThrow(/unreduced/);
    expect(runProgram(prog, { args: [1n, 2n] }).steps).toBe(2);
  });
});
