/**
 * The Blake2s opcode extension (Stwo's `Blake2s` / `Blake2sFinalize`, opcode extension 1 / 2).
 *
 * Semantics (lambdaclass/cairo-vm `vm/src/vm/vm_core.rs`, `handle_blake2s_instruction`, commit
 * 3f87626): op0 holds a pointer to the 8-word state, op1 a pointer to the 16-word message, dst the
 * byte counter t (bytes hashed so far including this block, < 2^32); [ap] holds a pointer where
 * the 8 words of the compressed state are written. The last-block variant sets f0 = 0xffffffff.
 * The compression itself is RFC 7693 §3.2 for BLAKE2s (10 rounds, 32-bit words).
 */
import { type Val } from './felt';
import { VmError } from './errors';
import { type Memory } from './memory';
import { isRel, relOff, relSeg, showVal } from './relocatable';

/** BLAKE2s initialisation vector (RFC 7693 §2.6: the SHA-256 IV). */
export const BLAKE2S_IV: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** Message schedule SIGMA (RFC 7693 §2.7), rounds 0..9. */
const SIGMA: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** The mixing function G (RFC 7693 §3.1) on v[a], v[b], v[c], v[d] with message words x, y. */
function mix(v: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number) {
  v[a] = v[a] + v[b] + x;
  v[d] = rotr(v[d] ^ v[a], 16);
  v[c] = v[c] + v[d];
  v[b] = rotr(v[b] ^ v[c], 12);
  v[a] = v[a] + v[b] + y;
  v[d] = rotr(v[d] ^ v[a], 8);
  v[c] = v[c] + v[d];
  v[b] = rotr(v[b] ^ v[c], 7);
}

/**
 * BLAKE2s compression F(h, m, t, f) (RFC 7693 §3.2) with t = t0 + 2^32·t1 and final flags f0, f1.
 * Returns the new 8-word state; inputs are not modified.
 */
export function blake2sCompress(
  h: ArrayLike<number>,
  m: ArrayLike<number>,
  t0: number,
  t1 = 0,
  f0 = 0,
  f1 = 0,
): Uint32Array {
  const v = new Uint32Array(16);
  for (let i = 0; i < 8; i++) {
    v[i] = h[i];
    v[i + 8] = BLAKE2S_IV[i];
  }
  v[12] ^= t0;
  v[13] ^= t1;
  v[14] ^= f0;
  v[15] ^= f1;
  for (const s of SIGMA) {
    mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
    mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
    mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
    mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
    mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
    mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
    mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
    mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  const out = new Uint32Array(8);
  for (let i = 0; i < 8; i++) out[i] = h[i] ^ v[i] ^ v[i + 8];
  return out;
}

const U32_LIMIT = 2 ** 32;

function u32Of(v: Val | undefined, what: string): number {
  if (typeof v === 'number' && v >= 0 && v < U32_LIMIT) return v;
  throw new VmError(
    v === undefined ? 'UnknownOperand' : 'Arithmetic',
    `blake2s: ${what} must be a u32, got ${v === undefined ? 'an unknown cell' : showVal(v)}`,
  );
}

function pointer(v: Val | undefined, what: string): [number, number] {
  if (v === undefined || !isRel(v))
    throw new VmError(
      'UnknownOperand',
      `blake2s: ${what} must be a pointer, got ${v === undefined ? 'an unknown cell' : showVal(v)}`,
    );
  return [relSeg(v), relOff(v)];
}

function readU32s(mem: Memory, ptr: Val | undefined, n: number, what: string): number[] {
  const [seg, off] = pointer(ptr, what);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(u32Of(mem.getOrDeduce(seg, off + i), `${what}[${i}]`));
  return out;
}

/**
 * Execute a Blake2s opcode: `counter` = dst, `statePtr` = op0, `messagePtr` = op1, `outPtr` = [ap].
 * Writes the compressed state (8 felts) at `outPtr` (write-once: cells already there must agree).
 */
export function blakeOpcode(
  mem: Memory,
  counter: Val | undefined,
  statePtr: Val | undefined,
  messagePtr: Val | undefined,
  outPtr: Val | undefined,
  last: boolean,
): void {
  const t = u32Of(counter, 'the byte counter (dst)');
  const state = readU32s(mem, statePtr, 8, 'state (op0)');
  const message = readU32s(mem, messagePtr, 16, 'message (op1)');
  const [seg, off] = pointer(outPtr, 'the output ([ap])');
  const out = blake2sCompress(state, message, t, 0, last ? 0xffffffff : 0, 0);
  for (let i = 0; i < 8; i++) mem.set(seg, off + i, out[i]);
}
