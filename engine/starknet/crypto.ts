/**
 * Crypto helpers of the Starknet layer. The implementations live in engine/vm (builtins/hash.ts:
 * memoized pedersen; builtins/ecdsa.ts: Stark ECDSA with cached, precomputed public keys); this
 * file only re-exports them under their historical names.
 */
export {
  pedersenHash,
  verifyStarkSignature as verifyStark,
  STARK_ORDER,
} from '../vm/builtins/index';
