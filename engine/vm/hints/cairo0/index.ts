/**
 * Registry of Cairo 0 (Python) hints: the hint's code text, whitespace-normalised, maps to the
 * function that does what that Python does. The code texts are cairo-lang's common library's
 * (starkware-libs/cairo-lang, src/starkware/cairo/common/*.cairo, v0.13.x) as compiled into the
 * programs; see engine/vm/README.md.
 */
import { type Cairo0Hint, normaliseCode } from './context';
import { BASIC_HINTS } from './basic';
import { MATH_HINTS } from './math';
import { MATH_CMP_HINTS } from './math_cmp';
import { DICT_HINTS } from './dict';
import { SQUASH_DICT_HINTS } from './squash_dict';
import { USORT_HINTS } from './usort';
import { FIND_ELEMENT_HINTS } from './find_element';
import { UINT256_HINTS } from './uint256';
import { SECP_HINTS } from './secp';
import { SECP256R1_HINTS } from './secp256r1';
import { EC_HINTS } from './ec';
import { SIGNATURE_HINTS } from './signature';
import { KECCAK_HINTS } from './keccak';
import { BLAKE2S_HINTS } from './blake2s';
import { SHA256_HINTS } from './sha256';
import { MERKLE_HINTS } from './merkle';
import { SEGMENTS_HINTS } from './segments';
import { TEST_PROGRAM_HINTS } from './test_programs';

export type { Cairo0Hint, HintContext } from './context';
export { IdsResolver } from './ids';

const FAMILIES: Record<string, Cairo0Hint>[] = [
  BASIC_HINTS,
  MATH_HINTS,
  MATH_CMP_HINTS,
  DICT_HINTS,
  SQUASH_DICT_HINTS,
  USORT_HINTS,
  FIND_ELEMENT_HINTS,
  UINT256_HINTS,
  SECP_HINTS,
  SECP256R1_HINTS,
  EC_HINTS,
  SIGNATURE_HINTS,
  KECCAK_HINTS,
  BLAKE2S_HINTS,
  SHA256_HINTS,
  MERKLE_HINTS,
  SEGMENTS_HINTS,
  TEST_PROGRAM_HINTS,
];

export const CAIRO0_HINTS = new Map<string, Cairo0Hint>();
for (const fam of FAMILIES)
  for (const [code, fn] of Object.entries(fam)) {
    const key = normaliseCode(code);
    if (CAIRO0_HINTS.has(key)) throw new Error(`duplicate Cairo 0 hint ${key.slice(0, 80)}`);
    CAIRO0_HINTS.set(key, fn);
  }

/** The function for a hint's code, or undefined when we do not implement it. */
export function findCairo0Hint(code: string): Cairo0Hint | undefined {
  return CAIRO0_HINTS.get(normaliseCode(code));
}

export { relocateTemporarySegments } from './segments';
