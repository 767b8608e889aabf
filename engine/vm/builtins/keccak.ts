import { keccakP } from '@noble/hashes/sha3.js';
import type { Memory } from '../memory';
import { normBig } from '../felt';
import { VmError } from '../errors';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';

const IN_LIMIT = 1n << 200n;

/** Keccak-f[1600] on a state given as 8 little-endian 200-bit felts. */
export function keccakF1600(inputs: bigint[]): bigint[] {
  const bytes = new Uint8Array(200);
  for (let i = 0; i < 8; i++) {
    let v = inputs[i];
    for (let j = 0; j < 25; j++) {
      bytes[i * 25 + j] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  const st = new Uint32Array(bytes.buffer);
  keccakP(st, 24);
  const out: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    let v = 0n;
    for (let j = 24; j >= 0; j--) v = (v << 8n) | BigInt(bytes[i * 25 + j]);
    out.push(v);
  }
  return out;
}

/** keccak: 8 input cells (200 bits each) then 8 output cells. */
export function keccakBuiltin(mem: Memory): Builtin {
  const b = simpleBuiltin('keccak', mem, 16);
  let cacheInst = -1;
  let cache: bigint[] = [];
  mem.deducers[b.segment] = (m, off) => {
    const k = off % 16;
    if (k < 8) return undefined;
    const base = off - k;
    if (cacheInst !== base) {
      const v: bigint[] = [];
      for (let i = 0; i < 8; i++) {
        const x = feltIn(m, b.segment, base + i, 'keccak');
        if (x === undefined) return undefined;
        if (x >= IN_LIMIT)
          throw new VmError(
            'Builtin',
            `keccak: input exceeds 200 bits at ${b.segment}:${base + i}`,
          );
        v.push(x);
      }
      cache = keccakF1600(v);
      cacheInst = base;
    }
    return normBig(cache[k - 8]);
  };
  return b;
}
