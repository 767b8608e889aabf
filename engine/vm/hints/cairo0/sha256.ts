/**
 * SHA-256 hints of cairo-lang's starkware/cairo/common/cairo_sha256/ (v0.14.0.1): the finalize
 * step pads the sha256 segment with (zero message, IV, compress(IV, zero message)) triples so
 * that the batched computation stays full (sha256_utils.py). The compression is @noble/hashes'
 * SHA-256 run over exactly one 64-byte block (no padding block is processed before `digest`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { SHA256_IV } from '@noble/hashes/_md.js';
import { type Cairo0Hint, type HintContext, pyMod, writeArg } from './context';

/** sha2_compress_function(IV, schedule of `block`): the state after one 64-byte block. */
export function compressBlock(block: Uint8Array): number[] {
  if (block.length !== 64) throw new Error('a SHA-256 block is 64 bytes');
  const h = sha256.create();
  h.update(block);
  // `get` is the state accessor of noble's SHA-256 class (protected in its typings).
  return [...(h as unknown as { get(): number[] }).get()].map((x) => x >>> 0);
}

export function sha256FinalizePadding(c: HintContext): void {
  const missing = Number(pyMod(-c.ids.felt('n'), c.ids.felt('BATCH_SIZE')));
  const chunk = Number(c.ids.felt('SHA256_INPUT_CHUNK_SIZE_FELTS'));
  if (!(missing >= 0 && missing < 20 && chunk >= 0 && chunk < 100))
    throw new Error('bad sha256 sizes');
  const message = new Array<number>(chunk).fill(0);
  const one = [...message, ...Array.from(SHA256_IV), ...compressBlock(new Uint8Array(64))].map(
    (x) => BigInt(x >>> 0),
  );
  writeArg(c, c.ids.ptr('sha256_ptr_end'), Array.from({ length: missing }, () => one).flat());
}

export const SHA256_HINTS: Record<string, Cairo0Hint> = {
  [`# Add dummy pairs of input and output.
from starkware.cairo.common.cairo_sha256.sha256_utils import (
    IV,
    compute_message_schedule,
    sha2_compress_function,
)

number_of_missing_blocks = (-ids.n) % ids.BATCH_SIZE
assert 0 <= number_of_missing_blocks < 20
_sha256_input_chunk_size_felts = ids.SHA256_INPUT_CHUNK_SIZE_FELTS
assert 0 <= _sha256_input_chunk_size_felts < 100

message = [0] * _sha256_input_chunk_size_felts
w = compute_message_schedule(message)
output = sha2_compress_function(IV, w)
padding = (message + IV + output) * number_of_missing_blocks
segments.write_arg(ids.sha256_ptr_end, padding)`]: sha256FinalizePadding,
};
