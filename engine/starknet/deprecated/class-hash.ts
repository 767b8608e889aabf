/**
 * The class hash of a deprecated (Cairo 0) class: starknet.js's `computeLegacyContractClassHash`
 * (cairo-lang's `compute_deprecated_class_hash`: entry points, builtins, the hinted class hash of
 * program and ABI, the program data). Apart from class.ts so that loading a class (workers, the
 * executable block) does not pull starknet.js in.
 */
import { hash } from 'starknet';
import type { DeprecatedClassJson } from './class';

/** The class hash of a class in its compiled form: the JSON text (kept exact) or the object. */
export function deprecatedClassHash(json: DeprecatedClassJson | string): bigint {
  return BigInt(hash.computeLegacyContractClassHash(json as never));
}
