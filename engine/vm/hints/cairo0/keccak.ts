/**
 * Keccak hints of cairo-lang v0.13.x: keccak.cairo's block permutation (`keccak_func` on the 25
 * 64-bit lanes just before keccak_ptr, written at keccak_ptr) and keccak.cairo's unsafe_keccak
 * (Ethereum keccak-256 of 16-byte big-endian words). Crypto from @noble/hashes.
 */
import { keccakP, keccak_256 } from '@noble/hashes/sha3.js';
import { valAdd, valSub } from '../../memory';
import { relOff } from '../../relocatable';
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
  setHighLow(c, keccak_256(input));
}

/** ids.high, ids.low = the two big-endian 16-byte halves of a 32-byte hash. */
function setHighLow(c: HintContext, h: Uint8Array): void {
  let high = 0n;
  let low = 0n;
  for (let i = 0; i < 16; i++) high = (high << 8n) | BigInt(h[i]);
  for (let i = 16; i < 32; i++) low = (low << 8n) | BigInt(h[i]);
  c.ids.set('high', high);
  c.ids.set('low', low);
}

/** builtin_keccak (and its simulation): `ids.highK, ids.lowK = divmod(memory[ids.<array> + K], 256 ** j)`. */
function splitInput(k: number, j: number, array = 'inputs'): [string, Cairo0Hint] {
  const code = `ids.high${k}, ids.low${k} = divmod(memory[ids.${array} + ${k}], 256${j > 1 ? ` ** ${j}` : ''})`;
  return [
    code,
    (c) => {
      const v = readFelt(c, valAdd(c.ids.ptr(array), k) as number);
      const d = 1n << BigInt(8 * j);
      c.ids.set(`high${k}`, v / d);
      c.ids.set(`low${k}`, v % d);
    },
  ];
}

/** simulate_keccak: the 8 200-bit felts of a keccak builtin state as 25 64-bit lanes. */
export function builtinStateToLanes(c: HintContext): void {
  let full = 0n;
  for (let i = 7; i >= 0; i--) full = (full << 200n) + c.ids.felt(`keccak_builtin_state.s${i}`);
  const lanes = Array.from({ length: 25 }, (_, i) => (full >> BigInt(64 * i)) & MASK64);
  writeArg(c, c.ids.ptr('felt_array'), lanes);
}

/** cairo_keccak's finalize: pad the keccak segment with permutations of the zero state. */
export function keccakFinalizePadding(c: HintContext): void {
  const n = Number(c.ids.felt('KECCAK_STATE_SIZE_FELTS'));
  const blocks = Number(c.ids.felt('BLOCK_SIZE'));
  if (!(n >= 0 && n < 100 && blocks >= 0 && blocks < 10)) throw new Error('bad keccak sizes');
  const inp = new Array<bigint>(n).fill(0n);
  const pair = [...inp, ...keccakFunc(inp)];
  writeArg(c, c.ids.ptr('keccak_ptr_end'), Array.from({ length: blocks }, () => pair).flat());
}

/** keccak.cairo's unsafe_keccak_finalize: keccak-256 of the 16-byte words of the state. */
export function unsafeKeccakFinalize(c: HintContext): void {
  const start = c.ids.ptr('keccak_state.start_ptr');
  const n = relOff(c.ids.ptr('keccak_state.end_ptr')) - relOff(start);
  const input = new Uint8Array(16 * n);
  for (let i = 0; i < n; i++) {
    let w = readFelt(c, valAdd(start, i) as number);
    if (w >= 1n << 128n) throw new Error(`word ${w} does not fit in 16 bytes`);
    for (let k = 15; k >= 0; k--, w >>= 8n) input[16 * i + k] = Number(w & 0xffn);
  }
  setHighLow(c, keccak_256(input));
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
  ...Object.fromEntries([
    splitInput(3, 1),
    splitInput(6, 2),
    splitInput(9, 3),
    splitInput(12, 4),
    splitInput(15, 5),
  ]),
  [`ids.output0_low = ids.output0 & ((1 << 128) - 1)
ids.output0_high = ids.output0 >> 128`]: (c) => {
    const v = c.ids.felt('output0');
    c.ids.set('output0_low', v & ((1n << 128n) - 1n));
    c.ids.set('output0_high', v >> 128n);
  },
  [`tmp, ids.output1_low = divmod(ids.output1, 256 ** 7)
ids.output1_high, ids.output1_mid = divmod(tmp, 2 ** 128)`]: (c) => {
    const v = c.ids.felt('output1');
    const tmp = v >> 56n;
    c.ids.set('output1_low', v & ((1n << 56n) - 1n));
    c.ids.set('output1_high', tmp >> 128n);
    c.ids.set('output1_mid', tmp & ((1n << 128n) - 1n));
  },
  'ids.n_words_to_copy, ids.n_bytes_left = divmod(ids.n_bytes, ids.BYTES_IN_WORD)': (c) => {
    const n = c.ids.felt('n_bytes');
    const w = c.ids.felt('BYTES_IN_WORD');
    c.ids.set('n_words_to_copy', n / w);
    c.ids.set('n_bytes_left', n % w);
  },
  [`# Add dummy pairs of input and output.
_keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
_block_size = int(ids.BLOCK_SIZE)
assert 0 <= _keccak_state_size_felts < 100
assert 0 <= _block_size < 10
inp = [0] * _keccak_state_size_felts
padding = (inp + keccak_func(inp)) * _block_size
segments.write_arg(ids.keccak_ptr_end, padding)`]: keccakFinalizePadding,
  [`from eth_hash.auto import keccak
keccak_input = bytearray()
n_elms = ids.keccak_state.end_ptr - ids.keccak_state.start_ptr
for word in memory.get_range(ids.keccak_state.start_ptr, n_elms):
    keccak_input += word.to_bytes(16, 'big')
hashed = keccak(keccak_input)
ids.high = int.from_bytes(hashed[:16], 'big')
ids.low = int.from_bytes(hashed[16:32], 'big')`]: unsafeKeccakFinalize,
  [`segments.write_arg(ids.inputs, [ids.low % 2 ** 64, ids.low // 2 ** 64])
segments.write_arg(ids.inputs + 2, [ids.high % 2 ** 64, ids.high // 2 ** 64])`]: (c) => {
    const low = c.ids.felt('low');
    const high = c.ids.felt('high');
    const m = 1n << 64n;
    writeArg(c, c.ids.ptr('inputs'), [low % m, low / m, high % m, high / m]);
  },
  ...Object.fromEntries(
    [3, 6, 9, 12, 15, 18, 21].map((k, i) => splitInput(k, i + 1, 'felt_array')),
  ),
  [`full_num = ids.keccak_builtin_state.s0
full_num += (2**200) * ids.keccak_builtin_state.s1
full_num += (2**400) * ids.keccak_builtin_state.s2
full_num += (2**600) * ids.keccak_builtin_state.s3
full_num += (2**800) * ids.keccak_builtin_state.s4
full_num += (2**1000) * ids.keccak_builtin_state.s5
full_num += (2**1200) * ids.keccak_builtin_state.s6
full_num += (2**1400) * ids.keccak_builtin_state.s7
for i in range(25):
    memory[ids.felt_array + i] = full_num % (2**64)
    full_num = full_num >> 64`]: builtinStateToLanes,
};
