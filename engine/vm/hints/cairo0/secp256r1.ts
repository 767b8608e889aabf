/**
 * secp256r1 (P-256) hints of cairo-lang 0.14.0.1's starkware/cairo/common/secp256r1/ (field.cairo,
 * ec.cairo): the secp256k1 BigInt3 hints with the P-256 prime, α = −3 and β (secp256r1_utils.py).
 * `SECP_P` in the scope is the prime the last hint imported under that name (one hint imports
 * SECP256R1_P as SECP_P for the shared `new_y` hint).
 */
import { powMod } from '../../felt';
import { assert250Bit } from './math';
import { divMod, pack } from './secp';
import { type Cairo0Hint, type HintContext, pyMod, scopeVar } from './context';

export const SECP256R1_P = (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n;
export const SECP256R1_ALPHA = SECP256R1_P - 3n;
export const SECP256R1_BETA = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function setValue(c: HintContext, v: bigint, ...names: string[]): void {
  c.scope.set('value', v);
  for (const n of names) c.scope.set(n, v);
}

function packed(c: HintContext, names: Record<string, string>): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [py, id] of Object.entries(names)) c.scope.set(py, (out[py] = pack(c, id)));
  return out;
}

export function r1DoubleSlope(c: HintContext): void {
  const { x, y } = packed(c, { x: 'point.x', y: 'point.y' });
  if (pyMod(y, SECP256R1_P) === 0n) throw new Error('ec_double_slope: y = 0');
  setValue(c, divMod(3n * x * x + SECP256R1_ALPHA, 2n * y, SECP256R1_P), 'slope');
}

export function r1LineSlope(c: HintContext): void {
  const p = packed(c, { x0: 'point0.x', y0: 'point0.y', x1: 'point1.x', y1: 'point1.y' });
  if (pyMod(p.x0 - p.x1, SECP256R1_P) === 0n) throw new Error('line_slope: equal x');
  setValue(c, divMod(p.y0 - p.y1, p.x0 - p.x1, SECP256R1_P), 'slope');
}

export function r1GetPointFromX(c: HintContext): void {
  const x = pack(c, 'x');
  const ySquare = pyMod(
    powMod(x, 3n, SECP256R1_P) + SECP256R1_ALPHA * x + SECP256R1_BETA,
    SECP256R1_P,
  );
  const y = powMod(ySquare, (SECP256R1_P + 1n) / 4n, SECP256R1_P);
  c.scope.set('y_square_int', ySquare);
  c.scope.set('y', y);
  setValue(c, c.ids.felt('v') % 2n === y % 2n ? y : pyMod(-y, SECP256R1_P));
}

export function r1DoubleNewX(c: HintContext): void {
  const { slope, x } = packed(c, { slope: 'slope', x: 'point.x', y: 'point.y' });
  setValue(c, pyMod(slope * slope - 2n * x, SECP256R1_P), 'new_x');
}

export function r1DoubleNewY(c: HintContext): void {
  const v = (n: string) => scopeVar<bigint>(c, n);
  setValue(c, pyMod(v('slope') * (v('x') - v('new_x')) - v('y'), SECP256R1_P), 'new_y');
}

const IMPORT_P = 'from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P';
const IMPORT_PACK = 'from starkware.cairo.common.cairo_secp.secp_utils import pack';

export const SECP256R1_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_ALPHA, SECP256R1_P
${IMPORT_PACK}
from starkware.python.math_utils import ec_double_slope

# Compute the slope.
x = pack(ids.point.x, PRIME)
y = pack(ids.point.y, PRIME)
value = slope = ec_double_slope(point=(x, y), alpha=SECP256R1_ALPHA, p=SECP256R1_P)`]:
    r1DoubleSlope,
  [`${IMPORT_P}
${IMPORT_PACK}
from starkware.python.math_utils import line_slope

# Compute the slope.
x0 = pack(ids.point0.x, PRIME)
y0 = pack(ids.point0.y, PRIME)
x1 = pack(ids.point1.x, PRIME)
y1 = pack(ids.point1.y, PRIME)
value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP256R1_P)`]: r1LineSlope,
  [`${IMPORT_P}
${IMPORT_PACK}

slope = pack(ids.slope, PRIME)
x = pack(ids.point.x, PRIME)
y = pack(ids.point.y, PRIME)

value = new_x = (pow(slope, 2, SECP256R1_P) - 2 * x) % SECP256R1_P`]: r1DoubleNewX,
  'value = new_y = (slope * (x - new_x) - y) % SECP256R1_P': r1DoubleNewY,
  'from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P as SECP_P': (c) =>
    c.scope.set('SECP_P', SECP256R1_P),
  [`${IMPORT_PACK}

slope = pack(ids.slope, PRIME)
x0 = pack(ids.point0.x, PRIME)
x1 = pack(ids.point1.x, PRIME)
y0 = pack(ids.point0.y, PRIME)

value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P`]: (c) => {
    const p = scopeVar<bigint>(c, 'SECP_P');
    const v = packed(c, { slope: 'slope', x0: 'point0.x', x1: 'point1.x', y0: 'point0.y' });
    setValue(c, pyMod(v.slope * v.slope - v.x0 - v.x1, p), 'new_x');
  },
  [`from starkware.cairo.common.cairo_secp.secp_utils import SECP256R1, pack
from starkware.python.math_utils import y_squared_from_x

y_square_int = y_squared_from_x(
    x=pack(ids.x, PRIME),
    alpha=SECP256R1.alpha,
    beta=SECP256R1.beta,
    field_prime=SECP256R1.prime,
)

# Note that (y_square_int ** ((SECP256R1.prime + 1) / 4)) ** 2 =
#   = y_square_int ** ((SECP256R1.prime + 1) / 2) =
#   = y_square_int ** ((SECP256R1.prime - 1) / 2 + 1) =
#   = y_square_int * y_square_int ** ((SECP256R1.prime - 1) / 2) = y_square_int * {+/-}1.
y = pow(y_square_int, (SECP256R1.prime + 1) // 4, SECP256R1.prime)

# We need to decide whether to take y or prime - y.
if ids.v % 2 == y % 2:
    value = y
else:
    value = (-y) % SECP256R1.prime`]: r1GetPointFromX,
  'ids.is_on_curve = (y * y) % SECP256R1.prime == y_square_int': (c) => {
    const y = scopeVar<bigint>(c, 'y');
    const ok = (y * y) % SECP256R1_P === scopeVar<bigint>(c, 'y_square_int');
    c.ids.set('is_on_curve', ok ? 1n : 0n);
  },
  [`from starkware.cairo.common.math_utils import as_int

# Correctness check.
value = as_int(ids.value, PRIME) % PRIME
assert value < ids.UPPER_BOUND, f'{value} is outside of the range [0, 2**165).'

# Calculation for the assertion.
ids.high, ids.low = divmod(ids.value, ids.SHIFT)`]: assert250Bit,
  [`${IMPORT_P}
${IMPORT_PACK}

q, r = divmod(pack(ids.val, PRIME), SECP256R1_P)
assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
ids.q = q % PRIME`]: (c) => {
    const v = pack(c, 'val');
    if (pyMod(v, SECP256R1_P) !== 0n) throw new Error(`verify_zero: Invalid input ${v}.`);
    c.ids.set('q', (v - pyMod(v, SECP256R1_P)) / SECP256R1_P);
  },
  [`${IMPORT_P}
${IMPORT_PACK}

x = pack(ids.x, PRIME) % SECP256R1_P`]: (c) => c.scope.set('x', pyMod(pack(c, 'x'), SECP256R1_P)),
  [`from starkware.python.math_utils import div_mod

value = div_mod(1, x, SECP256R1_P)`]: (c) =>
    setValue(c, divMod(1n, scopeVar<bigint>(c, 'x'), SECP256R1_P)),
  [`${IMPORT_P}
${IMPORT_PACK}
value = pack(ids.x, PRIME) % SECP256R1_P`]: (c) => setValue(c, pyMod(pack(c, 'x'), SECP256R1_P)),
};
