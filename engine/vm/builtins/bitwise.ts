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

const TWO_32 = 4294967296;

/** x op y for small felts (< 2^53) in two 32-bit halves: JS bit operators work on 32 bits. */
function smallBitwise(k: number, x: number, y: number): number {
  const xh = Math.floor(x / TWO_32);
  const yh = Math.floor(y / TWO_32);
  const xl = x >>> 0;
  const yl = y >>> 0;
  if (k === 2) return (xh & yh) * TWO_32 + ((xl & yl) >>> 0);
  if (k === 3) return (xh ^ yh) * TWO_32 + ((xl ^ yl) >>> 0);
  return (xh | yh) * TWO_32 + ((xl | yl) >>> 0);
}

function deduceBitwise(m: Memory, off: number, seg: number): Val | undefined {
  const k = off % 5;
  if (k < 2) return undefined;
  const s = m.segment(seg);
  const xs = s.get(off - k);
  const ys = s.get(off - k + 1);
  // small felts (pointers are negative numbers and take the checked path below)
  if (typeof xs === 'number' && typeof ys === 'number' && xs >= 0 && ys >= 0)
    return smallBitwise(k, xs, ys);
  const x = feltIn(m, seg, off - k, 'bitwise');
  const y = feltIn(m, seg, off - k + 1, 'bitwise');
  if (x === undefined || y === undefined) return undefined;
  if (x >= LIMIT || y >= LIMIT)
    throw new VmError('Builtin', `bitwise: input exceeds 251 bits at ${seg}:${off - k}`);
  return normBig(k === 2 ? x & y : k === 3 ? x ^ y : x | y);
}
