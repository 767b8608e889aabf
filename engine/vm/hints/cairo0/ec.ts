/**
 * Hints of cairo-lang's starkware/cairo/common/ec.cairo (ec_op, chained_ec_op; v0.13.x): a
 * random point s, derived from all inputs, is added so that the builtin never meets a zero.
 * random_ec_point with a seed follows cairo-lang src/starkware/python/math_utils.py (v0.13.x):
 * seed' = sha256(seed); x_i = big-endian sha256(seed'[1:] ‖ i as 10 little-endian bytes) for
 * i < 100; y = the smaller root of x³ + αx + β, negated when seed'[0] is odd.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { P, powMod, sqrtMod } from '../../felt';
import { BETA } from '../../builtins/ec_op';
import { valAdd } from '../../memory';
import { type Cairo0Hint, type HintContext, pyMod, readFelt } from './context';

const ALPHA = 1n;

/** starkware.python.utils.to_bytes: 32 bytes, big-endian. */
function toBytes32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function bigFromBytes(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** The smaller square root of n mod p, or undefined when n is not a square. */
export function minSqrt(n: bigint, p: bigint): bigint | undefined {
  n = pyMod(n, p);
  if (n !== 0n && powMod(n, (p - 1n) / 2n, p) !== 1n) return undefined;
  const r = sqrtMod(n, p)!;
  return r < p - r ? r : pyMod(p - r, p);
}

/** math_utils.random_ec_point(field_prime, alpha, beta, seed) with a seed. */
export function randomEcPoint(
  seedBytes: Uint8Array,
  prime = P,
  alpha = ALPHA,
  beta = BETA,
): [bigint, bigint] {
  const seed = sha256(seedBytes);
  const sign = seed[0] & 1;
  for (let i = 0; i < 100; i++) {
    const buf = new Uint8Array(31 + 10);
    buf.set(seed.subarray(1), 0);
    for (let j = 0, k = i; j < 10; j++, k = Math.floor(k / 256)) buf[31 + j] = k & 0xff;
    const x = bigFromBytes(sha256(buf));
    const y = minSqrt(powMod(x, 3n, prime) + alpha * x + beta, prime);
    if (y !== undefined) return [x, sign ? pyMod(-y, prime) : y];
  }
  throw new Error('Could not find a point on the curve.');
}

function concat(parts: bigint[]): Uint8Array {
  const out = new Uint8Array(32 * parts.length);
  parts.forEach((v, i) => out.set(toBytes32(v), 32 * i));
  return out;
}

function setS(c: HintContext, seed: bigint[]): void {
  const [x, y] = randomEcPoint(concat(seed));
  c.ids.set('s.x', x);
  c.ids.set('s.y', y);
}

export function ecOpRandomPoint(c: HintContext): void {
  const f = (n: string) => c.ids.felt(n);
  setS(c, [f('p.x'), f('p.y'), f('m'), f('q.x'), f('q.y')]);
}

export function chainedEcOpRandomPoint(c: HintContext): void {
  const n = Number(c.ids.felt('len'));
  const max = c.scope.get('__chained_ec_op_max_len') as bigint | number | undefined;
  if (max !== undefined && n > Number(max))
    throw new Error(`chained_ec_op() can only be used with len<=${max}. Got: n_elms=${n}.`);
  const range = (p: number, k: number) =>
    Array.from({ length: k }, (_, i) => readFelt(c, valAdd(p, i) as number));
  setS(c, [
    c.ids.felt('p.x'),
    c.ids.felt('p.y'),
    ...range(c.ids.ptr('m'), n),
    ...range(c.ids.ptr('q.address_'), 2 * n),
  ]);
}

const IMPORTS = `from starkware.crypto.signature.signature import ALPHA, BETA, FIELD_PRIME
from starkware.python.math_utils import random_ec_point
from starkware.python.utils import to_bytes
`;
const SEED_COMMENT = `# Define a seed for random_ec_point that's dependent on all the input, so that:
#   (1) The added point s is deterministic.
#   (2) It's hard to choose inputs for which the builtin will fail.`;

export const EC_HINTS: Record<string, Cairo0Hint> = {
  [`${IMPORTS}
${SEED_COMMENT}
seed = b"".join(map(to_bytes, [ids.p.x, ids.p.y, ids.m, ids.q.x, ids.q.y]))
ids.s.x, ids.s.y = random_ec_point(FIELD_PRIME, ALPHA, BETA, seed)`]: ecOpRandomPoint,
  [`${IMPORTS}
n_elms = ids.len
assert isinstance(n_elms, int) and n_elms >= 0, \\
    f'Invalid value for len. Got: {n_elms}.'
if '__chained_ec_op_max_len' in globals():
    assert n_elms <= __chained_ec_op_max_len, \\
        f'chained_ec_op() can only be used with len<={__chained_ec_op_max_len}. ' \\
        f'Got: n_elms={n_elms}.'

${SEED_COMMENT}
seed = b"".join(
    map(
        to_bytes,
        [
            ids.p.x,
            ids.p.y,
            *memory.get_range(ids.m, n_elms),
            *memory.get_range(ids.q.address_, 2 * n_elms),
        ],
    )
)
ids.s.x, ids.s.y = random_ec_point(FIELD_PRIME, ALPHA, BETA, seed)`]: chainedEcOpRandomPoint,
  [`from starkware.crypto.signature.signature import ALPHA, BETA, FIELD_PRIME
from starkware.python.math_utils import recover_y
ids.p.x = ids.x
# This raises an exception if \`x\` is not on the curve.
ids.p.y = recover_y(ids.x, ALPHA, BETA, FIELD_PRIME)`]: (c) => {
    const x = c.ids.felt('x');
    const y = minSqrt(powMod(x, 3n, P) + ALPHA * x + BETA, P);
    if (y === undefined)
      throw new Error(`${x} does not represent the x coordinate of a point on the curve.`);
    c.ids.set('p.x', x);
    c.ids.set('p.y', y);
  },
  [`curr_m = ids.m
for i in range(ids.M_MAX_BITS):
    memory[ids.m_bit_unpacking + i] = curr_m % 2
    curr_m = curr_m >> 1`]: (c) => {
    let m = c.ids.felt('m');
    const out = c.ids.ptr('m_bit_unpacking');
    const n = Number(c.ids.felt('M_MAX_BITS'));
    for (let i = 0; i < n; i++, m >>= 1n) c.vm.mem.setAt(valAdd(out, i) as number, Number(m & 1n));
  },
  'assert False, "ec_op failed."': () => {
    throw new Error('ec_op failed.');
  },
};
