/**
 * Keccak hints of cairo-lang v0.13.x: keccak.cairo's block permutation (`keccak_func` on the 25
 * 64-bit lanes just before keccak_ptr, written at keccak_ptr) and keccak.cairo's unsafe_keccak
 * (Ethereum keccak-256 of 16-byte big-endian words). Crypto from @noble/hashes.
 */
import { keccakP, keccak_256 } from '@noble/hashes/sha3.js';
import { valAdd, valSub } from '../../memory';
import { type Cairo0Hint, type HintContext, readFelt, writeArg } from './context';

const MASK64 = (1n << 64n) - 1n;

/** keccak-f[1600] on 25 lanes (lane i = A[i mod 5][i div 5], as in the Keccak reference). */
export function keccakFunc(lanes: bigint[]): bigint[] {
  if (lanes.length !== 25) throw new Error('keccak_func expects 25 lanes');
  const st = new Uint32Array(50);
  lanes.forEach((v, i) => {
    if (v > MASK64) throw new Error(`keccak lane ${i} is not a 64-bit word`);
    st[2 * i] = Number(v & 0xffffffffn);
    st[2 * i + 1] = Number(v >> 32n);
  });
  keccakP(st, 24);
  return Array.from({ length: 25 }, (_, i) => (BigInt(st[2 * i + 1]) << 32n) | BigInt(st[2 * i]));
}

export function blockPermutation(c: HintContext): void {
  const n = Number(c.ids.felt('KECCAK_STATE_SIZE_FELTS'));
  if (!(n >= 0 && n < 100)) throw new Error('assertion failed: 0 <= state size < 100');
  const ptr = c.ids.ptr('keccak_ptr');
  const start = valSub(ptr, n) as number; // a negative number would be read as a pointer
  const lanes = Array.from({ length: n }, (_, i) => readFelt(c, valAdd(start, i) as number));
  writeArg(c, ptr, keccakFunc(lanes));
}

export function unsafeKeccak(c: HintContext): void {
  const data = c.ids.ptr('data');
  const length = Number(c.ids.felt('length'));
  const max = c.scope.get('__keccak_max_size') as bigint | number | undefined;
  if (max !== undefined && length > Number(max))
    throw new Error(`unsafe_keccak() can only be used with length<=${max}. Got: length=${length}.`);
  const input = new Uint8Array(length);
  for (let w = 0, b = 0; b < length; w++, b += 16) {
    let word = readFelt(c, valAdd(data, w) as number);
    const n = Math.min(16, length - b);
    if (word >= 1n << BigInt(8 * n)) throw new Error(`word ${word} does not fit in ${n} bytes`);
    for (let k = n - 1; k >= 0; k--, word >>= 8n) input[b + k] = Number(word & 0xffn);
  }
  const h = keccak_256(input);
  let high = 0n;
  let low = 0n;
  for (let i = 0; i < 16; i++) high = (high << 8n) | BigInt(h[i]);
  for (let i = 16; i < 32; i++) low = (low << 8n) | BigInt(h[i]);
  c.ids.set('high', high);
  c.ids.set('low', low);
}

export const KECCAK_HINTS: Record<string, Cairo0Hint> = {
  [`from starkware.cairo.common.keccak_utils.keccak_utils import keccak_func
_keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
assert 0 <= _keccak_state_size_felts < 100

output_values = keccak_func(memory.get_range(
    ids.keccak_ptr - _keccak_state_size_felts, _keccak_state_size_felts))
segments.write_arg(ids.keccak_ptr, output_values)`]: blockPermutation,
  [`from eth_hash.auto import keccak

data, length = ids.data, ids.length

if '__keccak_max_size' in globals():
    assert length <= __keccak_max_size, \\
        f'unsafe_keccak() can only be used with length<={__keccak_max_size}. ' \\
        f'Got: length={length}.'

keccak_input = bytearray()
for word_i, byte_i in enumerate(range(0, length, 16)):
    word = memory[data + word_i]
    n_bytes = min(16, length - byte_i)
    assert 0 <= word < 2 ** (8 * n_bytes)
    keccak_input += word.to_bytes(n_bytes, 'big')

hashed = keccak(keccak_input)
ids.high = int.from_bytes(hashed[:16], 'big')
ids.low = int.from_bytes(hashed[16:32], 'big')`]: unsafeKeccak,
};
