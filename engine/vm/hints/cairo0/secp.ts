/**
 * BigInt3 / secp256k1 hints of cairo-lang's starkware/cairo/common/cairo_secp/ (bigint.cairo,
 * field.cairo, signature.cairo, ec.cairo; v0.13.x) and the ed25519-field variants of the same
 * shape. Limbs are base 2^86 (`secp_utils.BASE`); `pack` reads them as signed felts. The Python
 * names the hints share (value, res, x, a, b, ...) live in the VM scope.
 */
import { invMod, powMod } from '../../felt';
import { asInt } from './math';
import {
  type Cairo0Hint,
  type HintContext,
  nondet,
  pyDiv,
  pyMod,
  scopeVar,
  setAp,
  writeArg,
} from './context';

export const BASE = 1n << 86n;
export const SECP_P = (1n << 256n) - (1n << 32n) - 977n;
export const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ED25519_P = (1n << 255n) - 19n;

/** secp_utils.pack: d0 + d1·BASE + d2·BASE², limbs as signed felts. */
export function pack(c: HintContext, name: string): bigint {
  let r = 0n;
  for (let i = 2; i >= 0; i--) r = r * BASE + asInt(c.ids.felt(`${name}.d${i}`));
  return r;
}

/** secp_utils.split: three base-2^86 limbs; the number must fit. */
export function split(num: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    out.push(pyMod(num, BASE));
    num = pyDiv(num, BASE);
  }
  if (num !== 0n) throw new Error('split: value does not fit in three 86-bit limbs');
  return out;
}

/** math_utils.div_mod: a / b modulo p. */
export function divMod(a: bigint, b: bigint, p: bigint): bigint {
  return pyMod(pyMod(a, p) * invMod(pyMod(b, p), p), p);
}

/** math_utils.safe_div: exact division. */
function safeDiv(x: bigint, y: bigint): bigint {
  if (pyMod(x, y) !== 0n) throw new Error(`${x} is not divisible by ${y}.`);
  return x / y;
}

function verifyZero(p: bigint): Cairo0Hint {
  return (c) => {
    const v = pack(c, 'val');
    if (pyMod(v, p) !== 0n) throw new Error(`verify_zero: Invalid input ${v}.`);
    c.ids.set('q', pyDiv(v, p));
  };
}

/** Set the scope's `value` and the other names the Python assigns with it. */
function setValue(c: HintContext, v: bigint, ...names: string[]): void {
  c.scope.set('value', v);
  for (const n of names) c.scope.set(n, v);
}

export function getPointFromX(c: HintContext): void {
  const xCube = pyMod(pack(c, 'x_cube'), SECP_P);
  const ySquare = pyMod(xCube + c.ids.felt('BETA'), SECP_P);
  const y = powMod(ySquare, (SECP_P + 1n) / 4n, SECP_P);
  c.scope.set('x_cube_int', xCube);
  c.scope.set('y_square_int', ySquare);
  c.scope.set('y', y);
  setValue(c, c.ids.felt('v') % 2n === y % 2n ? y : pyMod(-y, SECP_P));
}

export function divModN(c: HintContext): void {
  const a = pack(c, 'a');
  const b = pack(c, 'b');
  c.scope.set('a', a);
  c.scope.set('b', b);
  setValue(c, divMod(a, b, SECP_N), 'res');
}

export function recoverDivModNPacked(c: HintContext): void {
  const n = pack(c, 'n');
  const x = pyMod(pack(c, 'x'), n);
  const s = pyMod(pack(c, 's'), n);
  c.scope.set('N', n);
  setValue(c, divMod(x, s, n), 'res');
}

export function recoverProductMod(c: HintContext): void {
  const a = pack(c, 'a');
  const b = pack(c, 'b');
  const m = pack(c, 'm');
  c.scope.set('product', a * b);
  c.scope.set('m', m);
  setValue(c, pyMod(a * b, m), 'res');
}

/** Scope values named like the Python, `value` included. */
function packInto(c: HintContext, names: Record<string, string>): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [py, id] of Object.entries(names)) c.scope.set(py, (out[py] = pack(c, id)));
  return out;
}

export function ecDoubleSlope(c: HintContext): void {
  const { x, y } = packInto(c, { x: 'point.x', y: 'point.y' });
  if (pyMod(y, SECP_P) === 0n) throw new Error('ec_double_slope: y = 0');
  setValue(c, divMod(3n * x * x, 2n * y, SECP_P), 'slope');
}

export function lineSlope(c: HintContext): void {
  const p = packInto(c, { x0: 'point0.x', y0: 'point0.y', x1: 'point1.x', y1: 'point1.y' });
  if (pyMod(p.x0 - p.x1, SECP_P) === 0n) throw new Error('line_slope: equal x coordinates');
  setValue(c, divMod(p.y0 - p.y1, p.x0 - p.x1, SECP_P), 'slope');
}

export function ecDoubleNewX(c: HintContext): void {
  c.scope.set('SECP_P', SECP_P); // `from secp_utils import SECP_P`
  const { slope, x } = packInto(c, { slope: 'slope', x: 'point.x', y: 'point.y' });
  setValue(c, pyMod(slope * slope - 2n * x, SECP_P), 'new_x');
}

export function ecAddNewX(c: HintContext): void {
  c.scope.set('SECP_P', SECP_P); // `from secp_utils import SECP_P`
  const p = packInto(c, { slope: 'slope', x0: 'point0.x', x1: 'point1.x', y0: 'point0.y' });
  setValue(c, pyMod(p.slope * p.slope - p.x0 - p.x1, SECP_P), 'new_x');
}

/** `value = new_y = (slope * (<x> - new_x) - <y>) % SECP_P` with the scope's names. */
function newY(x: string, y: string): Cairo0Hint {
  return (c) => {
    const v = (n: string) => scopeVar<bigint>(c, n);
    const p = (c.scope.get('SECP_P') as bigint | undefined) ?? SECP_P; // secp256r1 sets its own
    setValue(c, pyMod(v('slope') * (v(x) - v('new_x')) - v(y), p), 'new_y');
  };
}

export function scalarNibbles(c: HintContext): void {
  const num = (c.ids.felt('scalar.high') << 128n) + c.ids.felt('scalar.low');
  const nibbles = Array.from({ length: 64 }, (_, i) => (num >> BigInt(4 * i)) & 0xfn);
  c.ids.set('first_nibble', nibbles.pop()!);
  c.ids.set('last_nibble', nibbles[0]);
  c.scope.set('nibbles', nibbles);
}

const IMPORT_PACK = 'from starkware.cairo.common.cairo_secp.secp_utils import pack';
const IMPORT_SECP_P_PACK = 'from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack';
const IMPORT_DIV = 'from starkware.python.math_utils import div_mod, safe_div';

export const SECP_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.cairo_secp.secp_utils import split

segments.write_arg(ids.res.address_, split(value))`]: (c) =>
    writeArg(c, c.ids.ptr('res.address_'), split(scopeVar<bigint>(c, 'value'))),
  [`${IMPORT_SECP_P_PACK}

q, r = divmod(pack(ids.val, PRIME), SECP_P)
assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
ids.q = q % PRIME`]: verifyZero(SECP_P),
  [`${IMPORT_PACK}
SECP_P = 2**255-19
to_assert = pack(ids.val, PRIME)
q, r = divmod(pack(ids.val, PRIME), SECP_P)
assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
ids.q = q % PRIME`]: verifyZero(ED25519_P),
  [`${IMPORT_PACK}
SECP_P = 2**255-19

y = pack(ids.point.y, PRIME) % SECP_P
# The modulo operation in python always returns a nonnegative number.
value = (-y) % SECP_P`]: (c) =>
    setValue(c, pyMod(-pyMod(pack(c, 'point.y'), ED25519_P), ED25519_P)),
  [`${IMPORT_SECP_P_PACK}

y = pack(ids.point.y, PRIME) % SECP_P
# The modulo operation in python always returns a nonnegative number.
value = (-y) % SECP_P`]: (c) => setValue(c, pyMod(-pyMod(pack(c, 'point.y'), SECP_P), SECP_P)),
  [`${IMPORT_SECP_P_PACK}

x = pack(ids.x, PRIME) % SECP_P`]: (c) => c.scope.set('x', pyMod(pack(c, 'x'), SECP_P)),
  'memory[ap] = to_felt_or_relocatable(x == 0)': (c) => setAp(c, scopeVar<bigint>(c, 'x') === 0n),
  [`from starkware.cairo.common.cairo_secp.secp_utils import SECP_P
from starkware.python.math_utils import div_mod

value = x_inv = div_mod(1, x, SECP_P)`]: (c) =>
    setValue(c, divMod(1n, scopeVar<bigint>(c, 'x'), SECP_P), 'x_inv'),
  [`${IMPORT_SECP_P_PACK}

value = pack(ids.x, PRIME) % SECP_P`]: (c) => setValue(c, pyMod(pack(c, 'x'), SECP_P)),
  'ids.low = (ids.x.d0 + ids.x.d1 * ids.BASE) & ((1 << 128) - 1)': (c) =>
    c.ids.set(
      'low',
      (c.ids.felt('x.d0') + c.ids.felt('x.d1') * c.ids.felt('BASE')) & ((1n << 128n) - 1n),
    ),
  [`from starkware.cairo.common.cairo_secp.secp_utils import N, pack
${IMPORT_DIV}

a = pack(ids.a, PRIME)
b = pack(ids.b, PRIME)
value = res = div_mod(a, b, N)`]: divModN,
  'value = k = safe_div(res * b - a, N)': (c) => {
    const res = scopeVar<bigint>(c, 'res');
    const k = safeDiv(res * scopeVar<bigint>(c, 'b') - scopeVar<bigint>(c, 'a'), SECP_N);
    setValue(c, k, 'k');
  },
  [`${IMPORT_SECP_P_PACK}

x_cube_int = pack(ids.x_cube, PRIME) % SECP_P
y_square_int = (x_cube_int + ids.BETA) % SECP_P
y = pow(y_square_int, (SECP_P + 1) // 4, SECP_P)

# We need to decide whether to take y or SECP_P - y.
if ids.v % 2 == y % 2:
    value = y
else:
    value = (-y) % SECP_P`]: getPointFromX,
  [`${IMPORT_PACK}
${IMPORT_DIV}

N = pack(ids.n, PRIME)
x = pack(ids.x, PRIME) % N
s = pack(ids.s, PRIME) % N
value = res = div_mod(x, s, N)`]: recoverDivModNPacked,
  [`${IMPORT_PACK}
${IMPORT_DIV}

a = pack(ids.a, PRIME)
b = pack(ids.b, PRIME)

value = res = a - b`]: (c) => setValue(c, pack(c, 'a') - pack(c, 'b'), 'res'),
  [`${IMPORT_PACK}
${IMPORT_DIV}

a = pack(ids.a, PRIME)
b = pack(ids.b, PRIME)
product = a * b
m = pack(ids.m, PRIME)

value = res = product % m`]: recoverProductMod,
  'value = k = product // m': (c) =>
    setValue(c, pyDiv(scopeVar<bigint>(c, 'product'), scopeVar<bigint>(c, 'm')), 'k'),
  [`${IMPORT_SECP_P_PACK}
from starkware.python.math_utils import ec_double_slope

# Compute the slope.
x = pack(ids.point.x, PRIME)
y = pack(ids.point.y, PRIME)
value = slope = ec_double_slope(point=(x, y), alpha=0, p=SECP_P)`]: ecDoubleSlope,
  [`${IMPORT_SECP_P_PACK}
from starkware.python.math_utils import line_slope

# Compute the slope.
x0 = pack(ids.point0.x, PRIME)
y0 = pack(ids.point0.y, PRIME)
x1 = pack(ids.point1.x, PRIME)
y1 = pack(ids.point1.y, PRIME)
value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP_P)`]: lineSlope,
  [`${IMPORT_SECP_P_PACK}

slope = pack(ids.slope, PRIME)
x = pack(ids.point.x, PRIME)
y = pack(ids.point.y, PRIME)

value = new_x = (pow(slope, 2, SECP_P) - 2 * x) % SECP_P`]: ecDoubleNewX,
  'value = new_y = (slope * (x - new_x) - y) % SECP_P': newY('x', 'y'),
  [`${IMPORT_SECP_P_PACK}

slope = pack(ids.slope, PRIME)
x0 = pack(ids.point0.x, PRIME)
x1 = pack(ids.point1.x, PRIME)
y0 = pack(ids.point0.y, PRIME)

value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P`]: ecAddNewX,
  'value = new_y = (slope * (x0 - new_x) - y0) % SECP_P': newY('x0', 'y0'),
  'memory[ap] = (ids.scalar % PRIME) % 2': (c) => setAp(c, c.ids.felt('scalar') % 2n),
  [`num = (ids.scalar.high << 128) + ids.scalar.low
nibbles = [(num >> i) & 0xf for i in range(0, 256, 4)]
ids.first_nibble = nibbles.pop()
ids.last_nibble = nibbles[0]`]: scalarNibbles,
  [nondet('nibbles.pop()')]: (c) => {
    const n = scopeVar<bigint[]>(c, 'nibbles').pop();
    if (n === undefined) throw new Error('pop from empty list');
    setAp(c, n);
  },
  'ids.is_on_curve = (y * y) % SECP_P == y_square_int': (c) => {
    const y = scopeVar<bigint>(c, 'y');
    c.ids.set('is_on_curve', (y * y) % SECP_P === scopeVar<bigint>(c, 'y_square_int') ? 1n : 0n);
  },
};
