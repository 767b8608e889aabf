/**
 * Panic data as text. Cairo's `panic!("…")` / `assert!(…, "…")` panic with a ByteArray: the magic
 * felt BYTE_ARRAY_MAGIC, then the ByteArray's serialization (number of full 31-byte words, the
 * words, the pending word, its length in bytes). Other felts are short strings when they decode
 * as printable ASCII, else hex. Source of the magic value and layout: starkware-libs/cairo
 * `corelib/src/panics.cairo` and `corelib/src/byte_array.cairo` (commit 302fe00).
 */
import { decodeShortString } from '../vm/index';

export const BYTE_ARRAY_MAGIC = 0x46a6158a16a947e5916b2a2ca68501a45e93d7110e81aa2d6438b1c57c879a3n;

/** Bytes of a big-endian word of `len` bytes. */
function wordBytes(w: bigint, len: number): number[] {
  const out: number[] = [];
  for (let i = len - 1; i >= 0; i--) out.push(Number((w >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** Decode a serialized ByteArray at `data[i]` (after the magic); returns [text, next index]. */
export function decodeByteArray(data: bigint[], i: number): [string, number] | undefined {
  const n = data[i];
  if (n === undefined || n > BigInt(data.length)) return undefined;
  const full = Number(n);
  if (i + full + 3 > data.length) return undefined;
  const bytes: number[] = [];
  for (let k = 0; k < full; k++) bytes.push(...wordBytes(data[i + 1 + k], 31));
  const pendingLen = data[i + full + 2];
  if (pendingLen > 30n) return undefined;
  bytes.push(...wordBytes(data[i + full + 1], Number(pendingLen)));
  return [new TextDecoder().decode(Uint8Array.from(bytes)), i + full + 3];
}

function feltText(v: bigint): string {
  const s = decodeShortString(v);
  return s !== '' && /^[\x20-\x7e]+$/.test(s) ? s : '0x' + v.toString(16);
}

/** Panic data → "text, text, …" (ByteArrays decoded, short strings as text). */
export function panicMessage(data: bigint[]): string {
  const parts: string[] = [];
  for (let i = 0; i < data.length;) {
    if (data[i] === BYTE_ARRAY_MAGIC) {
      const ba = decodeByteArray(data, i + 1);
      if (ba) {
        parts.push(ba[0]);
        i = ba[1];
        continue;
      }
    }
    parts.push(feltText(data[i]));
    i++;
  }
  return parts.join(', ');
}
