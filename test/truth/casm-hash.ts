/**
 * Compiled class hash of a CASM class, v1 (Poseidon) and v2 (Blake2s; what Starknet 0.14.1+
 * expects in a DECLARE). Scenario input only: the node checks it. The layout is
 * starknet_api's `contract_class/compiled_class_hash.rs` (starkware-libs/sequencer, commit
 * 60161ba754d96601c4ec18d70125e2e2a1a036a7) and the Blake felt encoding starknet-types-core's
 * `Blake2Felt252` (felts < 2^63 as 2 u32 words, others as 8 with the top bit set; words
 * little-endian into Blake2s-256; the digest read as a little-endian integer mod P).
 */
import { blake2s } from '@noble/hashes/blake2.js';
import { poseidonHashMany } from '@scure/starknet';

const P = 2n ** 251n + 17n * 2n ** 192n + 1n;
type HashArray = (xs: bigint[]) => bigint;

export const blakeHashArray: HashArray = (xs) => {
  const words: number[] = [];
  for (const x of xs) {
    if (x < 1n << 63n) words.push(Number((x >> 32n) & 0xffffffffn), Number(x & 0xffffffffn));
    else
      for (let i = 7; i >= 0; i--) {
        let w = Number((x >> BigInt(32 * i)) & 0xffffffffn);
        if (i === 7) w = (w | 0x80000000) >>> 0;
        words.push(w);
      }
  }
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(4 * i, w, true));
  const d = blake2s(bytes);
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(d[i]);
  return v % P;
};

export const poseidonHashArray: HashArray = (xs) => poseidonHashMany(xs);

const ascii = (s: string) => BigInt('0x' + Buffer.from(s, 'ascii').toString('hex'));

interface EntryPoint {
  selector: string;
  offset: number;
  builtins: string[];
}
type Nested = number | Nested[];

function bytecodeHash(H: HashArray, code: bigint[], seg: Nested): bigint {
  let pos = 0;
  const node = (n: Nested): [number, bigint] => {
    if (typeof n === 'number') {
      const data = code.slice(pos, pos + n);
      pos += n;
      return [n, H(data)];
    }
    const kids = n.map(node);
    const h = (H(kids.flatMap(([len, x]) => [BigInt(len), x])) + 1n) % P;
    return [kids.reduce((k, [len]) => k + len, 0), h];
  };
  return node(seg)[1];
}

/** The compiled class hash of a CASM JSON (`version` 2 = Blake, 1 = Poseidon). */
export function compiledClassHash(casm: Record<string, unknown>, version: 1 | 2 = 2): string {
  const H = version === 2 ? blakeHashArray : poseidonHashArray;
  const eps = casm.entry_points_by_type as Record<string, EntryPoint[]>;
  const epHash = (list: EntryPoint[]) =>
    H(list.flatMap((e) => [BigInt(e.selector), BigInt(e.offset), H(e.builtins.map(ascii))]));
  const code = (casm.bytecode as string[]).map((x) => BigInt(x));
  const seg = (casm.bytecode_segment_lengths as Nested | undefined) ?? code.length;
  const h = H([
    ascii('COMPILED_CLASS_V1'),
    epHash(eps.EXTERNAL ?? []),
    epHash(eps.L1_HANDLER ?? []),
    epHash(eps.CONSTRUCTOR ?? []),
    bytecodeHash(H, code, seg),
  ]);
  return '0x' + h.toString(16);
}
