/**
 * The QM31 opcode extension (opcode extension 3): `assert_eq` whose `+` / `*` act on QM31, the
 * degree-4 extension of M31 (p = 2^31 − 1) used by Stwo: CM31 = M31[i]/(i² + 1),
 * QM31 = CM31[u]/(u² − 2 − i). An element (c0 + c1·i) + (c2 + c3·i)·u is packed in a felt as
 * c0 + c1·2^36 + c2·2^72 + c3·2^108 with every c < p; any other felt is an error.
 * op0 or op1 may be deduced (dst − op1, dst / op1), dst is written when unknown, else compared.
 * Sources: lambdaclass/cairo-vm `vm/src/typed_operations.rs` and `vm_core.rs` (commit 3f87626) for
 * the instruction, starknet-io/types-rs `crates/starknet-types-core/src/qm31` for packing and
 * arithmetic (its test vectors are in test/unit/vm/qm31.test.ts).
 */
import { type Val, normBig } from './felt';
import { VmError } from './errors';
import { isRel, showVal } from './relocatable';

export const M31 = 2147483647n;
const MASK36 = (1n << 36n) - 1n;
const LIMIT = 1n << 144n;

export type QM31 = [bigint, bigint, bigint, bigint];

const m = (x: bigint) => ((x % M31) + M31) % M31;

export function qm31Unpack(v: Val): QM31 {
  if (isRel(v)) throw new VmError('Arithmetic', `QM31: expected a felt, got ${showVal(v)}`);
  const x = BigInt(v);
  if (x >= LIMIT) throw new VmError('Arithmetic', `QM31: ${showVal(v)} is not a packed QM31`);
  const c: QM31 = [x & MASK36, (x >> 36n) & MASK36, (x >> 72n) & MASK36, x >> 108n];
  if (c.some((k) => k >= M31))
    throw new VmError('Arithmetic', `QM31: ${showVal(v)} has an unreduced coordinate`);
  return c;
}

export function qm31Pack(c: QM31): Val {
  return normBig(c[0] | (c[1] << 36n) | (c[2] << 72n) | (c[3] << 108n));
}

export const qm31Add = (a: QM31, b: QM31): QM31 => [
  m(a[0] + b[0]),
  m(a[1] + b[1]),
  m(a[2] + b[2]),
  m(a[3] + b[3]),
];
export const qm31Sub = (a: QM31, b: QM31): QM31 => [
  m(a[0] - b[0]),
  m(a[1] - b[1]),
  m(a[2] - b[2]),
  m(a[3] - b[3]),
];

/** (a + b·u)(c + d·u) = (ac + (2 + i)·bd) + (ad + bc)·u, with CM31 products. */
export function qm31Mul(x: QM31, y: QM31): QM31 {
  const cm = (a0: bigint, a1: bigint, b0: bigint, b1: bigint) => [
    a0 * b0 - a1 * b1,
    a0 * b1 + a1 * b0,
  ];
  const [ac0, ac1] = cm(x[0], x[1], y[0], y[1]);
  const [bd0, bd1] = cm(x[2], x[3], y[2], y[3]);
  const [ad0, ad1] = cm(x[0], x[1], y[2], y[3]);
  const [bc0, bc1] = cm(x[2], x[3], y[0], y[1]);
  // (2 + i)(bd0 + bd1·i) = (2·bd0 − bd1) + (bd0 + 2·bd1)·i
  return [m(ac0 + 2n * bd0 - bd1), m(ac1 + bd0 + 2n * bd1), m(ad0 + bc0), m(ad1 + bc1)];
}

const ONE: QM31 = [1n, 0n, 0n, 0n];

/** x^(p^4 − 2) = x^-1 (the multiplicative group has p^4 − 1 elements). */
export function qm31Inv(x: QM31): QM31 {
  if (x.every((c) => c === 0n)) throw new VmError('Arithmetic', 'QM31: division by zero');
  let e = M31 ** 4n - 2n;
  let base = x;
  let r = ONE;
  while (e > 0n) {
    if (e & 1n) r = qm31Mul(r, base);
    base = qm31Mul(base, base);
    e >>= 1n;
  }
  return r;
}

export const qm31Div = (a: QM31, b: QM31): QM31 => qm31Mul(a, qm31Inv(b));

/**
 * Operands of a QM31 `assert_eq`: deduce the missing one, compute res, return [op0, op1, res].
 * `mul` selects `*` (else `+`). Throws UnknownOperand when two of dst, op0, op1 are unknown.
 */
export function qm31Operands(
  mul: boolean,
  dst: Val | undefined,
  op0: Val | undefined,
  op1: Val | undefined,
): [Val, Val, Val] {
  if (op0 === undefined && op1 !== undefined && dst !== undefined) {
    const d = qm31Unpack(dst);
    const o1 = qm31Unpack(op1);
    op0 = qm31Pack(mul ? qm31Div(d, o1) : qm31Sub(d, o1));
  } else if (op1 === undefined && op0 !== undefined && dst !== undefined) {
    const d = qm31Unpack(dst);
    const o0 = qm31Unpack(op0);
    op1 = qm31Pack(mul ? qm31Div(d, o0) : qm31Sub(d, o0));
  }
  if (op0 === undefined || op1 === undefined)
    throw new VmError('UnknownOperand', 'QM31: cannot deduce the operands');
  const a = qm31Unpack(op0);
  const b = qm31Unpack(op1);
  return [op0, op1, qm31Pack(mul ? qm31Mul(a, b) : qm31Add(a, b))];
}
