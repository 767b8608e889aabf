/**
 * Blake2s hints of cairo-lang's starkware/cairo/common/cairo_blake2s/ (v0.13.x):
 * compute_blake2s_func reads h (8 words), the message (16 words), t and f just below
 * output_ptr (at −26, −18, −2, −1) and writes the compressed state at output_ptr
 * (blake2s_utils.py). The round function is @noble/hashes' BLAKE2 core; the σ schedule and IV are
 * RFC 7693's (sections 2.6, 2.7).
 */
import { _compress } from '@noble/hashes/blake2.js';
import { valAdd, valSub } from '../../memory';
import { type Cairo0Hint, type HintContext, nondet, readFelt, setAp, writeArg } from './context';

const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
// prettier-ignore
const SIGMA = new Uint8Array([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]);

/** blake2s_compress(message, h, t0, t1, f0, f1): the new 8-word state. */
export function blake2sCompress(
  h: number[],
  msg: number[],
  t0: number,
  t1: number,
  f0: number,
  f1: number,
): number[] {
  const v = _compress(
    SIGMA,
    0,
    Uint32Array.from(msg),
    10,
    h[0],
    h[1],
    h[2],
    h[3],
    h[4],
    h[5],
    h[6],
    h[7],
    IV[0],
    IV[1],
    IV[2],
    IV[3],
    IV[4] ^ t0,
    IV[5] ^ t1,
    IV[6] ^ f0,
    IV[7] ^ f1,
  );
  const w = [
    v.v0,
    v.v1,
    v.v2,
    v.v3,
    v.v4,
    v.v5,
    v.v6,
    v.v7,
    v.v8,
    v.v9,
    v.v10,
    v.v11,
    v.v12,
    v.v13,
    v.v14,
    v.v15,
  ];
  return h.map((x, i) => (x ^ w[i] ^ w[i + 8]) >>> 0);
}

/** n 32-bit words starting `below` cells before ptr. */
function words(c: HintContext, ptr: number, below: number, n: number): number[] {
  const start = valSub(ptr, below) as number; // a negative number would be read as a pointer
  return Array.from({ length: n }, (_, i) => {
    const v = readFelt(c, valAdd(start, i) as number);
    if (v >= 1n << 32n) throw new Error(`blake2s word ${v} is not 32-bit`);
    return Number(v);
  });
}

export function computeBlake2sFunc(c: HintContext): void {
  const out = c.ids.ptr('output');
  const h = words(c, out, 26, 8);
  const msg = words(c, out, 18, 16);
  const [t, f] = words(c, out, 2, 2);
  writeArg(c, out, blake2sCompress(h, msg, t, 0, f, 0).map(BigInt));
}

/** blake2s.cairo finalize: pad with (iv, zero message, t = 0, f = −1, output) instances. */
export function blake2sFinalizePadding(c: HintContext): void {
  const n = Number(c.ids.felt('N_PACKED_INSTANCES'));
  const chunk = Number(c.ids.felt('INPUT_BLOCK_FELTS'));
  if (!(n >= 0 && n < 20 && chunk >= 0 && chunk < 100)) throw new Error('bad blake2s sizes');
  const message = new Array<number>(chunk).fill(0);
  const iv = [IV[0] ^ 0x01010020, ...IV.slice(1)].map((x) => x >>> 0);
  const output = blake2sCompress(iv, message, 0, 0, 0xffffffff, 0);
  const one = [...iv, ...message, 0, 0xffffffff, ...output].map(BigInt);
  writeArg(
    c,
    c.ids.ptr('blake2s_ptr_end'),
    Array.from({ length: Math.max(0, n - 1) }, () => one).flat(),
  );
}

/** Four 32-bit words of a 128-bit value, least significant first (or most, `bigEndian`). */
function words32(v: bigint, bigEndian: boolean): bigint[] {
  const w = [0, 1, 2, 3].map((i) => (v >> BigInt(32 * i)) & 0xffffffffn);
  return bigEndian ? w.reverse() : w;
}

/** blake2s.cairo's encode_felt252_to_u32s: 2 words below 2^63, else 8 words of val + 2^255. */
export function unpackFeltsToU32s(c: HintContext): void {
  const packed = c.ids.ptr('packed_values');
  const out = c.ids.ptr('unpacked_u32s');
  const n = Number(c.ids.felt('packed_values_len'));
  let offset = 0;
  for (let i = 0; i < n; i++) {
    let val = readFelt(c, valAdd(packed, i) as number);
    const len = val < 1n << 63n ? 2 : 8;
    if (len === 8) val += 1n << 255n;
    for (let k = len - 1; k >= 0; k--, val >>= 32n)
      c.vm.mem.setAt(valAdd(out, offset + k) as number, Number(val & 0xffffffffn));
    if (val !== 0n) throw new Error('assertion failed: val == 0');
    offset += len;
  }
}

export const BLAKE2S_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.cairo_blake2s.blake2s_utils import compute_blake2s_func
compute_blake2s_func(segments=segments, output_ptr=ids.output)`]: computeBlake2sFunc,
  [`# Add dummy pairs of input and output.
from starkware.cairo.common.cairo_blake2s.blake2s_utils import IV, blake2s_compress

_n_packed_instances = int(ids.N_PACKED_INSTANCES)
assert 0 <= _n_packed_instances < 20
_blake2s_input_chunk_size_felts = int(ids.INPUT_BLOCK_FELTS)
assert 0 <= _blake2s_input_chunk_size_felts < 100

message = [0] * _blake2s_input_chunk_size_felts
modified_iv = [IV[0] ^ 0x01010020] + IV[1:]
output = blake2s_compress(
    message=message,
    h=modified_iv,
    t0=0,
    t1=0,
    f0=0xffffffff,
    f1=0,
)
padding = (modified_iv + message + [0, 0xffffffff] + output) * (_n_packed_instances - 1)
segments.write_arg(ids.blake2s_ptr_end, padding)`]: blake2sFinalizePadding,
  [`B = 32
MASK = 2 ** 32 - 1
segments.write_arg(ids.data, [(ids.low >> (B * i)) & MASK for i in range(4)])
segments.write_arg(ids.data + 4, [(ids.high >> (B * i)) & MASK for i in range(4)])`]: (c) =>
    writeArg(c, c.ids.ptr('data'), [
      ...words32(c.ids.felt('low'), false),
      ...words32(c.ids.felt('high'), false),
    ]),
  [`B = 32
MASK = 2 ** 32 - 1
segments.write_arg(ids.data, [(ids.high >> (B * (3 - i))) & MASK for i in range(4)])
segments.write_arg(ids.data + 4, [(ids.low >> (B * (3 - i))) & MASK for i in range(4)])`]: (c) =>
    writeArg(c, c.ids.ptr('data'), [
      ...words32(c.ids.felt('high'), true),
      ...words32(c.ids.felt('low'), true),
    ]),
  [`offset = 0
for i in range(ids.packed_values_len):
    val = (memory[ids.packed_values + i] % PRIME)
    val_len = 2 if val < 2**63 else 8
    if val_len == 8:
        val += 2**255
    for i in range(val_len - 1, -1, -1):
        val, memory[ids.unpacked_u32s + offset + i] = divmod(val, 2**32)
    assert val == 0
    offset += val_len`]: unpackFeltsToU32s,
  [nondet('(ids.end != ids.packed_values) and (memory[ids.packed_values] < 2**63)')]: (c) => {
    const p = c.ids.ptr('packed_values');
    setAp(c, c.ids.get('end') !== p && readFelt(c, p) < 1n << 63n);
  },
};
