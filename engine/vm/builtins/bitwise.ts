import type { Memory } from '../memory';
import { type Val, normBig } from '../felt';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';

const LIMIT = 1n << 251n;

/** bitwise: cells (x, y, x&y, x^y, x|y), inputs below 2^251. */
export function bitwiseBuiltin(mem: Memory): Builtin {
  const b = simpleBuiltin('bitwise', mem, 5);
  mem.deducers[b.segment] = deduceBitwise;
  return b;
}

function deduceBitwise(m: Memory, off: number, seg: number): Val | undefined {
  const k = off % 5;
  if (k < 2) return undefined;
  const x = feltIn(m, seg, off - k, 'bitwise');
  const y = feltIn(m, seg, off - k + 1, 'bitwise');
  if (x === undefined || y === undefined) return undefined;
  if (x >= LIMIT || y >= LIMIT)
    throw new VmError('Builtin', `bitwise: input exceeds 251 bits at ${seg}:${off - k}`);
  return normBig(k === 2 ? x & y : k === 3 ? x ^ y : x | y);
}
