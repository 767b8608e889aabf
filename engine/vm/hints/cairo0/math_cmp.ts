/**
 * Comparison hints of cairo-lang's starkware/cairo/common/math.cairo (assert_le_felt,
 * assert_lt_felt) and math_cmp.cairo (is_nn, is_le_felt), v0.13.x, by their code text.
 */
import { P, feltFromBig } from '../../felt';
import { valAdd } from '../../memory';
import { type Cairo0Hint, type HintContext, RC_BOUND, pyMod, scopeVar, setAp } from './context';

export function isNn(c: HintContext): void {
  setAp(c, c.ids.felt('a') < RC_BOUND ? 0n : 1n);
}

export function isNnOutOfRange(c: HintContext): void {
  setAp(c, pyMod(-c.ids.felt('a') - 1n, P) < RC_BOUND ? 0n : 1n);
}

export function isLeFelt(c: HintContext): void {
  setAp(c, c.ids.felt('a') <= c.ids.felt('b') ? 0n : 1n);
}

export function assertLtFelt(c: HintContext): void {
  const a = c.ids.felt('a');
  const b = c.ids.felt('b');
  if (!(a < b)) throw new Error(`a = ${a} is not less than b = ${b}.`);
}

/**
 * assert_le_felt: split [0, P) at a and b into three arcs; the longest one is excluded, the two
 * others are written to the range-check segment as (high, low) limbs of the given bases.
 */
export function assertLeFelt(c: HintContext): void {
  const a = c.ids.felt('a');
  const b = c.ids.felt('b');
  if (a > b) throw new Error(`a = ${a} is not less than or equal to b = ${b}.`);
  const arcs: [bigint, number][] = [
    [a, 0],
    [b - a, 1],
    [P - 1n - b, 2],
  ];
  arcs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  if (!(arcs[0][0] <= P / 3n && arcs[1][0] <= P / 2n)) throw new Error('assert_le_felt: bad arcs');
  c.scope.set('excluded', arcs[2][1]);
  const rc = c.ids.get('range_check_ptr');
  const put = (i: number, v: bigint) => c.vm.mem.setAt(valAdd(rc, i) as number, feltFromBig(v));
  const third = c.ids.felt('PRIME_OVER_3_HIGH');
  const half = c.ids.felt('PRIME_OVER_2_HIGH');
  put(1, arcs[0][0] / third);
  put(0, arcs[0][0] % third);
  put(3, arcs[1][0] / half);
  put(2, arcs[1][0] % half);
}

export const MATH_CMP_HINTS: Record<string, Cairo0Hint> = {
  'memory[ap] = 0 if 0 <= (ids.a % PRIME) < range_check_builtin.bound else 1': isNn,
  'memory[ap] = 0 if 0 <= ((-ids.a - 1) % PRIME) < range_check_builtin.bound else 1':
    isNnOutOfRange,
  'memory[ap] = 0 if (ids.a % PRIME) <= (ids.b % PRIME) else 1': isLeFelt,
  [`from starkware.cairo.common.math_utils import assert_integer
assert_integer(ids.a)
assert_integer(ids.b)
assert (ids.a % PRIME) < (ids.b % PRIME), \\
    f'a = {ids.a % PRIME} is not less than b = {ids.b % PRIME}.'`]: assertLtFelt,
  [`import itertools

from starkware.cairo.common.math_utils import assert_integer
assert_integer(ids.a)
assert_integer(ids.b)
a = ids.a % PRIME
b = ids.b % PRIME
assert a <= b, f'a = {a} is not less than or equal to b = {b}.'

# Find an arc less than PRIME / 3, and another less than PRIME / 2.
lengths_and_indices = [(a, 0), (b - a, 1), (PRIME - 1 - b, 2)]
lengths_and_indices.sort()
assert lengths_and_indices[0][0] <= PRIME // 3 and lengths_and_indices[1][0] <= PRIME // 2
excluded = lengths_and_indices[2][1]

memory[ids.range_check_ptr + 1], memory[ids.range_check_ptr + 0] = (
    divmod(lengths_and_indices[0][0], ids.PRIME_OVER_3_HIGH))
memory[ids.range_check_ptr + 3], memory[ids.range_check_ptr + 2] = (
    divmod(lengths_and_indices[1][0], ids.PRIME_OVER_2_HIGH))`]: assertLeFelt,
  'memory[ap] = 1 if excluded != 0 else 0': (c) => setAp(c, scopeVar<number>(c, 'excluded') !== 0),
  'memory[ap] = 1 if excluded != 1 else 0': (c) => setAp(c, scopeVar<number>(c, 'excluded') !== 1),
  'assert excluded == 2': (c) => {
    if (scopeVar<number>(c, 'excluded') !== 2) throw new Error('assert excluded == 2 failed');
  },
};
