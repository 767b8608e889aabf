/**
 * Hints of cairo-lang's starkware/cairo/common/math.cairo (v0.13.x), by their code text.
 * `assert_integer(x)` in the Python only rejects relocatables: `ids.*` reads of felts do that here.
 */
import { P, isqrt, invMod } from '../../felt';
import { minSqrt } from './ec';
import { isRel } from '../../relocatable';
import { type Cairo0Hint, type HintContext, RC_BOUND, pyDiv, pyMod } from './context';

/** `as_int`: the felt as a signed integer in (−P/2, P/2]. */
export function asInt(v: bigint): bigint {
  return v > P / 2n ? v - P : v;
}

/** A felt read as cairo-lang's `ids.x` (an int in [0, P)); pointers are rejected. */
const f = (c: HintContext, name: string) => c.ids.felt(name);

export function assertNn(c: HintContext): void {
  const a = f(c, 'a');
  if (a >= RC_BOUND) throw new Error(`a = ${a} is out of range.`);
}

export function assertNotZero(c: HintContext): void {
  const v = f(c, 'value');
  if (v === 0n) throw new Error(`assert_not_zero failed: ${v} = 0.`);
}

export function assertNotEqual(c: HintContext): void {
  const a = c.ids.get('a');
  const b = c.ids.get('b');
  if (isRel(a) !== isRel(b))
    throw new Error('assert_not_equal: cannot compare a felt and a pointer');
  if (a === b) throw new Error(`assert_not_equal failed: ${String(a)} = ${String(b)}.`);
}

export function assert250Bit(c: HintContext): void {
  const value = pyMod(asInt(f(c, 'value')), P);
  if (value >= f(c, 'UPPER_BOUND'))
    throw new Error(`${value} is outside of the range [0, 2**250).`);
  const shift = f(c, 'SHIFT');
  const v = f(c, 'value');
  c.ids.set('high', v / shift);
  c.ids.set('low', v % shift);
}

export function splitFelt(c: HintContext): void {
  const maxHigh = f(c, 'MAX_HIGH');
  const maxLow = f(c, 'MAX_LOW');
  if (!(maxHigh < 1n << 128n && maxLow < 1n << 128n))
    throw new Error('split_felt: bad MAX_HIGH/LOW');
  if (P - 1n !== maxHigh * (1n << 128n) + maxLow) throw new Error('split_felt: bad MAX_HIGH/LOW');
  const v = f(c, 'value');
  c.ids.set('low', v & ((1n << 128n) - 1n));
  c.ids.set('high', v >> 128n);
}

export function sqrt(c: HintContext): void {
  const value = f(c, 'value');
  if (value >= 1n << 250n) throw new Error(`value=${value} is outside of the range [0, 2**250).`);
  c.ids.set('root', isqrt(value));
}

function checkDiv(div: bigint): void {
  if (!(div > 0n && div <= P / RC_BOUND))
    throw new Error(`div=0x${div.toString(16)} is out of the valid range.`);
}

export function unsignedDivRem(c: HintContext): void {
  const div = f(c, 'div');
  checkDiv(div);
  const value = f(c, 'value');
  c.ids.set('q', value / div);
  c.ids.set('r', value % div);
}

export function signedDivRem(c: HintContext): void {
  const div = f(c, 'div');
  checkDiv(div);
  const bound = f(c, 'bound');
  if (bound > RC_BOUND / 2n)
    throw new Error(`bound=0x${bound.toString(16)} is out of the valid range.`);
  const intValue = asInt(f(c, 'value'));
  const q = pyDiv(intValue, div);
  c.ids.set('r', pyMod(intValue, div));
  if (!(-bound <= q && q < bound))
    throw new Error(`${intValue} / ${div} = ${q} is out of the range [${-bound}, ${bound}).`);
  c.ids.set('biased_q', q + bound);
}

/** math_utils.is_positive: as_int(value) > 0, for |value| < rc_bound. */
export function isPositive(c: HintContext): void {
  const v = asInt(f(c, 'value'));
  if (!(-RC_BOUND < v && v < RC_BOUND)) throw new Error(`value = ${v} is out of the valid range.`);
  c.ids.set('is_positive', v > 0n ? 1n : 0n);
}

export function splitIntAssertRange(c: HintContext): void {
  if (f(c, 'value') !== 0n) throw new Error('split_int(): value is out of range.');
}

/** math.cairo's sqrt: the smaller root of x, or of x/3 when x is not a square (3 is not one). */
export function feltSqrt(c: HintContext): void {
  const x = f(c, 'x');
  const r = minSqrt(x, P) ?? minSqrt((x * invMod(3n, P)) % P, P);
  if (r === undefined) throw new Error('sqrt: no root');
  c.ids.set('y', r);
}

export const MATH_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.math_utils import assert_integer
assert_integer(ids.a)
assert 0 <= ids.a % PRIME < range_check_builtin.bound, f'a = {ids.a} is out of range.'`]: assertNn,
  [`from starkware.cairo.common.math_utils import assert_integer
assert_integer(ids.value)
assert ids.value % PRIME != 0, f'assert_not_zero failed: {ids.value} = 0.'`]: assertNotZero,
  [`from starkware.cairo.lang.vm.relocatable import RelocatableValue
both_ints = isinstance(ids.a, int) and isinstance(ids.b, int)
both_relocatable = (
    isinstance(ids.a, RelocatableValue) and isinstance(ids.b, RelocatableValue) and
    ids.a.segment_index == ids.b.segment_index)
assert both_ints or both_relocatable, \\
    f'assert_not_equal failed: non-comparable values: {ids.a}, {ids.b}.'

# If a and b are both ints, (a - b) % PRIME != 0 iff a != b.
# If a and b are both relocatables, their segment indices are equal, so
# (a - b) % PRIME != 0 iff their offsets are different.
assert (ids.a - ids.b) % PRIME != 0, f'assert_not_equal failed: {ids.a} = {ids.b}.'`]:
    assertNotEqual,
  [`from starkware.cairo.common.math_utils import as_int

# Correctness check.
value = as_int(ids.value, PRIME) % PRIME
assert value < ids.UPPER_BOUND, f'{value} is outside of the range [0, 2**250).'

# Calculation for the assertion.
ids.high, ids.low = divmod(ids.value, ids.SHIFT)`]: assert250Bit,
  [`from starkware.cairo.common.math_utils import assert_integer
assert ids.MAX_HIGH < 2**128 and ids.MAX_LOW < 2**128
assert PRIME - 1 == ids.MAX_HIGH * 2**128 + ids.MAX_LOW
assert_integer(ids.value)
ids.low = ids.value & ((1 << 128) - 1)
ids.high = ids.value >> 128`]: splitFelt,
  [`from starkware.python.math_utils import isqrt
value = ids.value % PRIME
assert value < 2 ** 250, f"value={value} is outside of the range [0, 2**250)."
assert 2 ** 250 < PRIME
ids.root = isqrt(value)`]: sqrt,
  [`from starkware.cairo.common.math_utils import assert_integer
assert_integer(ids.div)
assert 0 < ids.div <= PRIME // range_check_builtin.bound, \\
    f'div={hex(ids.div)} is out of the valid range.'
ids.q, ids.r = divmod(ids.value, ids.div)`]: unsignedDivRem,
  [`from starkware.cairo.common.math_utils import as_int, assert_integer

assert_integer(ids.div)
assert 0 < ids.div <= PRIME // range_check_builtin.bound, \\
    f'div={hex(ids.div)} is out of the valid range.'

assert_integer(ids.bound)
assert ids.bound <= range_check_builtin.bound // 2, \\
    f'bound={hex(ids.bound)} is out of the valid range.'

int_value = as_int(ids.value, PRIME)
q, ids.r = divmod(int_value, ids.div)

assert -ids.bound <= q < ids.bound, \\
    f'{int_value} / {ids.div} = {q} is out of the range [{-ids.bound}, {ids.bound}).'

ids.biased_q = q + ids.bound`]: signedDivRem,
  [`from starkware.cairo.common.math_utils import is_positive
ids.is_positive = 1 if is_positive(
    value=ids.value, prime=PRIME, rc_bound=range_check_builtin.bound) else 0`]: isPositive,
  [`memory[ids.output] = res = (int(ids.value) % PRIME) % ids.base
assert res < ids.bound, f'split_int(): Limb {res} is out of range.'`]: (c) => {
    const res = pyMod(f(c, 'value'), f(c, 'base'));
    if (res >= f(c, 'bound')) throw new Error(`split_int(): Limb ${res} is out of range.`);
    c.vm.mem.setAt(c.ids.ptr('output'), res < 2n ** 53n ? Number(res) : res);
  },
  [`assert ids.value == 0, 'split_int(): value is out of range.'`]: splitIntAssertRange,
  [`from starkware.cairo.lang.vm.relocatable import RelocatableValue
both_ints = isinstance(ids.a, int) and isinstance(ids.b, int)
both_relocatable = (
    isinstance(ids.a, RelocatableValue) and isinstance(ids.b, RelocatableValue) and
    ids.a.segment_index == ids.b.segment_index)
assert both_ints or both_relocatable, \\
    f'assert_not_equal failed: non-comparable values: {ids.a}, {ids.b}.'
assert (ids.a - ids.b) % PRIME != 0, f'assert_not_equal failed: {ids.a} = {ids.b}.'`]:
    assertNotEqual,
  [`from starkware.crypto.signature.signature import FIELD_PRIME
from starkware.python.math_utils import div_mod, is_quad_residue, sqrt

x = ids.x
if is_quad_residue(x, FIELD_PRIME):
    ids.y = sqrt(x, FIELD_PRIME)
else:
    ids.y = sqrt(div_mod(x, 3, FIELD_PRIME), FIELD_PRIME)`]: feltSqrt,
  [`from starkware.python.math_utils import log2_ceil
ids.res = log2_ceil(ids.value)`]: (c) => {
    const v = f(c, 'value');
    if (v < 1n) throw new Error('log2_ceil: value must be positive');
    c.ids.set('res', v === 1n ? 0n : BigInt((v - 1n).toString(2).length)); // (v − 1).bit_length()
  },
  'assert ids.base != 0, "Cannot raise 0 to a negative power."': (c) => {
    if (f(c, 'base') === 0n) throw new Error('Cannot raise 0 to a negative power.');
  },
};
