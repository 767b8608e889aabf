/**
 * Hints that are not in cairo-lang's common library but in the test programs of the fixtures
 * (lambdaclass cairo-vm's cairo_programs/, copied by ziggy-starkdust): uint384 field arithmetic
 * with 128-bit limbs (field_arithmetic.cairo). Limbs are read as plain integers (no as_int).
 */
import { type Cairo0Hint, type HintContext, pyMod } from './context';
import { minSqrt } from './ec';
import { divMod } from './secp';

const MASK128 = (1n << 128n) - 1n;

function packLimbs(c: HintContext, name: string, limbs: string[]): bigint {
  let r = 0n;
  for (let i = limbs.length - 1; i >= 0; i--) r = (r << 128n) + c.ids.felt(`${name}.${limbs[i]}`);
  return r;
}
function splitLimbs(c: HintContext, name: string, limbs: string[], v: bigint): void {
  for (const l of limbs) {
    c.ids.set(`${name}.${l}`, v & MASK128);
    v >>= 128n;
  }
}
const D3 = ['d0', 'd1', 'd2'];
const D6 = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
const LH = ['low', 'high'];

export function uint384AddCarries(c: HintContext): void {
  const shift = c.ids.felt('SHIFT');
  let carry = 0n;
  for (const d of D3) {
    carry = c.ids.felt(`a.${d}`) + c.ids.felt(`b.${d}`) + carry >= shift ? 1n : 0n;
    c.ids.set(`carry_${d}`, carry);
  }
}

export function uint384DivRemExpanded(c: HintContext): void {
  const a = packLimbs(c, 'a', D6);
  const div = packLimbs(c, 'div', D3);
  splitLimbs(c, 'quotient', D6, a / div);
  splitLimbs(c, 'remainder', D3, a % div);
}

/** sqrt of x or of generator·x (exactly one is a square when x ≠ 0), for 3-limb or low/high. */
function sqrtOrGenerator(limbs: string[]): Cairo0Hint {
  return (c) => {
    const g = packLimbs(c, 'generator', limbs);
    const x = packLimbs(c, 'x', limbs);
    const p = packLimbs(c, 'p', limbs);
    const rx = minSqrt(x, p);
    const rgx = minSqrt(g * x, p);
    if (x !== 0n && (rx !== undefined) === (rgx !== undefined))
      throw new Error('assertion failed: success_x + success_gx == 1');
    c.ids.set('success_x', rx !== undefined ? 1n : 0n);
    c.ids.set('success_gx', rgx !== undefined ? 1n : 0n);
    splitLimbs(c, 'sqrt_x', limbs, rx ?? 0n);
    splitLimbs(c, 'sqrt_gx', limbs, rgx ?? 0n);
  };
}

const SPLIT_PACK = `def split(num: int, num_bits_shift: int, length: int):
    a = []
    for _ in range(length):
        a.append( num & ((1 << num_bits_shift) - 1) )
        num = num >> num_bits_shift
    return tuple(a)

def pack(z, num_bits_shift: int) -> int:
    limbs = (z.d0, z.d1, z.d2)
    return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))`;

export const TEST_PROGRAM_HINTS: Record<string, Cairo0Hint> = {
  [`sum_d0 = ids.a.d0 + ids.b.d0
ids.carry_d0 = 1 if sum_d0 >= ids.SHIFT else 0
sum_d1 = ids.a.d1 + ids.b.d1 + ids.carry_d0
ids.carry_d1 = 1 if sum_d1 >= ids.SHIFT else 0
sum_d2 = ids.a.d2 + ids.b.d2 + ids.carry_d1
ids.carry_d2 = 1 if sum_d2 >= ids.SHIFT else 0`]: uint384AddCarries,
  [`${SPLIT_PACK}
    
def pack_extended(z, num_bits_shift: int) -> int:
    limbs = (z.d0, z.d1, z.d2, z.d3, z.d4, z.d5)
    return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

a = pack_extended(ids.a, num_bits_shift = 128)
div = pack(ids.div, num_bits_shift = 128)

quotient, remainder = divmod(a, div)

quotient_split = split(quotient, num_bits_shift=128, length=6)

ids.quotient.d0 = quotient_split[0]
ids.quotient.d1 = quotient_split[1]
ids.quotient.d2 = quotient_split[2]
ids.quotient.d3 = quotient_split[3]
ids.quotient.d4 = quotient_split[4]
ids.quotient.d5 = quotient_split[5]

remainder_split = split(remainder, num_bits_shift=128, length=3)
ids.remainder.d0 = remainder_split[0]
ids.remainder.d1 = remainder_split[1]
ids.remainder.d2 = remainder_split[2]`]: uint384DivRemExpanded,
  [`from starkware.python.math_utils import is_quad_residue, sqrt

def split(num: int, num_bits_shift: int = 128, length: int = 3):
    a = []
    for _ in range(length):
        a.append( num & ((1 << num_bits_shift) - 1) )
        num = num >> num_bits_shift
    return tuple(a)

def pack(z, num_bits_shift: int = 128) -> int:
    limbs = (z.d0, z.d1, z.d2)
    return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))


generator = pack(ids.generator)
x = pack(ids.x)
p = pack(ids.p)

success_x = is_quad_residue(x, p)
root_x = sqrt(x, p) if success_x else None

success_gx = is_quad_residue(generator*x, p)
root_gx = sqrt(generator*x, p) if success_gx else None

# Check that one is 0 and the other is 1
if x != 0:
    assert success_x + success_gx ==1

# \`None\` means that no root was found, but we need to transform these into a felt no matter what
if root_x == None:
    root_x = 0
if root_gx == None:
    root_gx = 0
ids.success_x = int(success_x)
ids.success_gx = int(success_gx)
split_root_x = split(root_x)
split_root_gx = split(root_gx)
ids.sqrt_x.d0 = split_root_x[0]
ids.sqrt_x.d1 = split_root_x[1]
ids.sqrt_x.d2 = split_root_x[2]
ids.sqrt_gx.d0 = split_root_gx[0]
ids.sqrt_gx.d1 = split_root_gx[1]
ids.sqrt_gx.d2 = split_root_gx[2]`]: sqrtOrGenerator(D3),
  [`from starkware.python.math_utils import is_quad_residue, sqrt

def split(a: int):
    return (a & ((1 << 128) - 1), a >> 128)

def pack(z) -> int:
    return z.low + (z.high << 128)

generator = pack(ids.generator)
x = pack(ids.x)
p = pack(ids.p)

success_x = is_quad_residue(x, p)
root_x = sqrt(x, p) if success_x else None
success_gx = is_quad_residue(generator*x, p)
root_gx = sqrt(generator*x, p) if success_gx else None

# Check that one is 0 and the other is 1
if x != 0:
    assert success_x + success_gx == 1

# \`None\` means that no root was found, but we need to transform these into a felt no matter what
if root_x == None:
    root_x = 0
if root_gx == None:
    root_gx = 0
ids.success_x = int(success_x)
ids.success_gx = int(success_gx)
split_root_x = split(root_x)
# print('split root x', split_root_x)
split_root_gx = split(root_gx)
ids.sqrt_x.low = split_root_x[0]
ids.sqrt_x.high = split_root_x[1]
ids.sqrt_gx.low = split_root_gx[0]
ids.sqrt_gx.high = split_root_gx[1]`]: sqrtOrGenerator(LH),
  [`from starkware.python.math_utils import div_mod

${SPLIT_PACK}

a = pack(ids.a, num_bits_shift = 128)
b = pack(ids.b, num_bits_shift = 128)
p = pack(ids.p, num_bits_shift = 128)
# For python3.8 and above the modular inverse can be computed as follows:
# b_inverse_mod_p = pow(b, -1, p)
# Instead we use the python3.7-friendly function div_mod from starkware.python.math_utils
b_inverse_mod_p = div_mod(1, b, p)


b_inverse_mod_p_split = split(b_inverse_mod_p, num_bits_shift=128, length=3)

ids.b_inverse_mod_p.d0 = b_inverse_mod_p_split[0]
ids.b_inverse_mod_p.d1 = b_inverse_mod_p_split[1]
ids.b_inverse_mod_p.d2 = b_inverse_mod_p_split[2]`]: (c) =>
    splitLimbs(c, 'b_inverse_mod_p', D3, divMod(1n, packLimbs(c, 'b', D3), packLimbs(c, 'p', D3))),
  [`${SPLIT_PACK}

a = pack(ids.a, num_bits_shift = 128)
b = pack(ids.b, num_bits_shift = 128)
p = pack(ids.p, num_bits_shift = 128)

res = (a - b) % p


res_split = split(res, num_bits_shift=128, length=3)

ids.res.d0 = res_split[0]
ids.res.d1 = res_split[1]
ids.res.d2 = res_split[2]`]: (c) => {
    const p = packLimbs(c, 'p', D3);
    splitLimbs(c, 'res', D3, pyMod(packLimbs(c, 'a', D3) - packLimbs(c, 'b', D3), p));
  },
};
