/**
 * Blake2s hints of cairo-lang's starkware/cairo/common/cairo_blake2s/ (v0.13.x):
 * compute_blake2s_func reads h (8 words), the message (16 words), t and f just below
 * output_ptr (at −26, −18, −2, −1) and writes the compressed state at output_ptr
 * (blake2s_utils.py). The round function is @noble/hashes' BLAKE2 core; the σ schedule and IV are
 * RFC 7693's (sections 2.6, 2.7).
 */
import { _compress } from '@noble/hashes/blake2.js';
import { valAdd, valSub } from '../../memory';
import { type Cairo0Hint, type HintContext, readFelt, writeArg } from './context';

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

export const BLAKE2S_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.cairo_blake2s.blake2s_utils import compute_blake2s_func
compute_blake2s_func(segments=segments, output_ptr=ids.output)`]: computeBlake2sFunc,
};
