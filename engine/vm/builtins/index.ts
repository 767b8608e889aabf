import type { Memory } from '../memory';
import { VmError } from '../errors';
import type { Builtin } from './builtin';
import { rangeCheckBuiltin } from './range_check';
import { pedersenBuiltin, poseidonBuiltin } from './hash';
import { bitwiseBuiltin } from './bitwise';
import { ecOpBuiltin } from './ec_op';
import { keccakBuiltin } from './keccak';
import { outputBuiltin, segmentArenaBuiltin, modBuiltin } from './misc';
import { ecdsaBuiltin } from './ecdsa';

export type { Builtin } from './builtin';
export { keccakF1600 } from './keccak';
export { MemoCache } from '../../memo';
export { pedersenHash, PEDERSEN_CACHE } from './hash';
export {
  verifyStarkSignature,
  addEcdsaSignature,
  ecdsaSignatures,
  ECDSA_KEY_CACHE,
  STARK_ORDER,
} from './ecdsa';

export const BUILTIN_NAMES = [
  'output',
  'pedersen',
  'range_check',
  'ecdsa',
  'bitwise',
  'ec_op',
  'keccak',
  'poseidon',
  'range_check96',
  'add_mod',
  'mul_mod',
  'segment_arena',
] as const;

/** Create a builtin runner (allocating its segment). Accepts both `x` and `x_builtin` names. */
export function createBuiltin(name: string, mem: Memory): Builtin {
  const n = name.endsWith('_builtin') ? name.slice(0, -8) : name;
  switch (n) {
    case 'output':
      return outputBuiltin(mem);
    case 'pedersen':
      return pedersenBuiltin(mem);
    case 'range_check':
      return rangeCheckBuiltin(mem, 128);
    case 'range_check96':
      return rangeCheckBuiltin(mem, 96);
    case 'ecdsa':
      return ecdsaBuiltin(mem);
    case 'bitwise':
      return bitwiseBuiltin(mem);
    case 'ec_op':
      return ecOpBuiltin(mem);
    case 'keccak':
      return keccakBuiltin(mem);
    case 'poseidon':
      return poseidonBuiltin(mem);
    case 'segment_arena':
      return segmentArenaBuiltin(mem);
    case 'add_mod':
    case 'mul_mod':
      return modBuiltin(n, mem);
    default:
      throw new VmError('Program', `unknown builtin '${name}'`);
  }
}
