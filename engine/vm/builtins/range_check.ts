import type { Memory } from '../memory';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin } from './builtin';

/** range_check (bound 2^128) and range_check96 (bound 2^96): every written cell must be a felt below the bound. */
export function rangeCheckBuiltin(mem: Memory, bits = 128): Builtin {
  const name = bits === 128 ? 'range_check' : `range_check${bits}`;
  const b = simpleBuiltin(name, mem, 1);
  const bound = 2n ** BigInt(bits);
  const smallBound = bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits;
  mem.validators[b.segment] = (_m, off, v) => {
    if (typeof v === 'number') {
      if (v < 0)
        throw new VmError('Builtin', `${name}: relocatable value written at ${b.segment}:${off}`);
      if (v < smallBound) return;
    }
    if (BigInt(v) >= bound)
      throw new VmError(
        'Builtin',
        `${name}: value 0x${BigInt(v).toString(16)} at ${b.segment}:${off} is out of range [0, 2^${bits})`,
      );
  };
  return b;
}
