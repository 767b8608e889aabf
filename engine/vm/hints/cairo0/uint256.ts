/**
 * Hints of cairo-lang's starkware/cairo/common/uint256.cairo (v0.13.x): add carries, split_64,
 * sqrt, signed_nn, unsigned_div_rem and mul_div_mod on 128-bit limbs (low, high).
 */
import { isqrt } from '../../felt';
import { type Cairo0Hint, type HintContext, setAp } from './context';

const MASK128 = (1n << 128n) - 1n;
const pack = (c: HintContext, name: string) =>
  (c.ids.felt(`${name}.high`) << 128n) + c.ids.felt(`${name}.low`);
const put = (c: HintContext, name: string, v: bigint) => {
  c.ids.set(`${name}.low`, v & MASK128);
  c.ids.set(`${name}.high`, v >> 128n);
};

export function uint256Add(c: HintContext): void {
  const shift = c.ids.felt('SHIFT');
  const carryLow = c.ids.felt('a.low') + c.ids.felt('b.low') >= shift ? 1n : 0n;
  c.ids.set('carry_low', carryLow);
  const sumHigh = c.ids.felt('a.high') + c.ids.felt('b.high') + carryLow;
  c.ids.set('carry_high', sumHigh >= shift ? 1n : 0n);
}

/** `ids.low = ids.a & ((1<<k) - 1); ids.high = ids.a >> k`. */
function splitAt(bits: bigint): Cairo0Hint {
  return (c) => {
    const a = c.ids.felt('a');
    c.ids.set('low', a & ((1n << bits) - 1n));
    c.ids.set('high', a >> bits);
  };
}

export function uint256Sqrt(c: HintContext): void {
  const root = isqrt(pack(c, 'n'));
  if (root >= 1n << 128n) throw new Error('assertion failed: 0 <= root < 2 ** 128');
  c.ids.set('root.low', root);
  c.ids.set('root.high', 0n);
}

export function uint256UnsignedDivRem(c: HintContext): void {
  const a = pack(c, 'a');
  const div = pack(c, 'div');
  if (div === 0n) throw new Error('ZeroDivisionError: integer division or modulo by zero');
  put(c, 'quotient', a / div);
  put(c, 'remainder', a % div);
}

export function uint256MulDivMod(c: HintContext): void {
  const div = pack(c, 'div');
  if (div === 0n) throw new Error('ZeroDivisionError: integer division or modulo by zero');
  const prod = pack(c, 'a') * pack(c, 'b');
  const q = prod / div;
  put(c, 'quotient_low', q & ((1n << 256n) - 1n));
  put(c, 'quotient_high', q >> 256n);
  put(c, 'remainder', prod % div);
}

export const UINT256_HINTS: Record<string, Cairo0Hint> = {
  [`sum_low = ids.a.low + ids.b.low
ids.carry_low = 1 if sum_low >= ids.SHIFT else 0
sum_high = ids.a.high + ids.b.high + ids.carry_low
ids.carry_high = 1 if sum_high >= ids.SHIFT else 0`]: uint256Add,
  'ids.low = ids.a & ((1<<64) - 1)\nids.high = ids.a >> 64': splitAt(64n),
  'ids.low = ids.a & ((1<<128) - 1)\nids.high = ids.a >> 128': splitAt(128n),
  [`from starkware.python.math_utils import isqrt
n = (ids.n.high << 128) + ids.n.low
root = isqrt(n)
assert 0 <= root < 2 ** 128
ids.root.low = root
ids.root.high = 0`]: uint256Sqrt,
  'memory[ap] = 1 if 0 <= (ids.a.high % PRIME) < 2 ** 127 else 0': (c) =>
    setAp(c, c.ids.felt('a.high') < 1n << 127n),
  [`a = (ids.a.high << 128) + ids.a.low
div = (ids.div.high << 128) + ids.div.low
quotient, remainder = divmod(a, div)

ids.quotient.low = quotient & ((1 << 128) - 1)
ids.quotient.high = quotient >> 128
ids.remainder.low = remainder & ((1 << 128) - 1)
ids.remainder.high = remainder >> 128`]: uint256UnsignedDivRem,
  [`a = (ids.a.high << 128) + ids.a.low
b = (ids.b.high << 128) + ids.b.low
div = (ids.div.high << 128) + ids.div.low
quotient, remainder = divmod(a * b, div)

ids.quotient_low.low = quotient & ((1 << 128) - 1)
ids.quotient_low.high = (quotient >> 128) & ((1 << 128) - 1)
ids.quotient_high.low = (quotient >> 256) & ((1 << 128) - 1)
ids.quotient_high.high = quotient >> 384
ids.remainder.low = remainder & ((1 << 128) - 1)
ids.remainder.high = remainder >> 128`]: uint256MulDivMod,
};
