import type { Memory, Validator } from '../memory';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin } from './builtin';

const nameOf = (bits: number): string => (bits === 128 ? 'range_check' : `range_check${bits}`);

/** One validator per bound, shared by every instance (the segment comes as an argument). */
const validators = new Map<number, Validator>();
function rangeValidator(bits: number): Validator {
  let validate = validators.get(bits);
  if (validate === undefined) {
    const name = nameOf(bits);
    const bound = 2n ** BigInt(bits);
    const smallBound = bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits;
    validate = (_m, off, v, seg) => {
      if (typeof v === 'number') {
        if (v < 0)
          throw new VmError('Builtin', `${name}: relocatable value written at ${seg}:${off}`);
        if (v < smallBound) return;
      }
      if (BigInt(v) >= bound)
        throw new VmError(
          'Builtin',
          `${name}: value 0x${BigInt(v).toString(16)} at ${seg}:${off} is out of range [0, 2^${bits})`,
        );
    };
    validators.set(bits, validate);
  }
  return validate;
}

/** range_check (bound 2^128) and range_check96 (bound 2^96): every written cell must be a felt below the bound. */
export function rangeCheckBuiltin(mem: Memory, bits = 128): Builtin {
  const b = simpleBuiltin(nameOf(bits), mem, 1);
  mem.validators[b.segment] = rangeValidator(bits);
  return b;
}
