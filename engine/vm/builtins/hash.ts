import { Fp251, poseidonBasic, type PoseidonFn } from '@scure/starknet';
import { pedersenOf } from './pedersen';
import type { Memory } from '../memory';
import { type Val, normBig } from '../felt';
import { type Builtin, simpleBuiltin, feltIn } from './builtin';
import { MemoCache, packPair } from '../../memo';

/**
 * Memo of pedersen(x, y). A cold hash costs 0.3–3.3 ms (pedersen.ts) and contracts hash the same
 * storage keys over and over (balance slots of a block's accounts), so results are kept in a
 * bounded memo (engine/memo.ts) keyed by the two input felts packed into one bigint, x·2^252 + y
 * (cheaper to build and hash than a string of both).
 */
export const PEDERSEN_CACHE = new MemoCache<bigint, bigint>(1 << 16);

export function pedersenHash(x: bigint, y: bigint): bigint {
  const k = packPair(x, y);
  if (k === undefined) return pedersenOf(x, y); // not felts: no memo
  let v = PEDERSEN_CACHE.get(k);
  if (v === undefined) {
    v = pedersenOf(x, y);
    PEDERSEN_CACHE.set(k, v);
  }
  return v;
}

function deducePedersen(m: Memory, off: number, seg: number): Val | undefined {
  if (off % 3 !== 2) return undefined;
  const x = feltIn(m, seg, off - 2, 'pedersen');
  const y = feltIn(m, seg, off - 1, 'pedersen');
  if (x === undefined || y === undefined) return undefined;
  return normBig(pedersenHash(x, y));
}

/** pedersen: cells (x, y, H(x, y)); the hash cell is deduced. */
export function pedersenBuiltin(mem: Memory): Builtin {
  const b = simpleBuiltin('pedersen', mem, 3);
  mem.deducers[b.segment] = deducePedersen;
  return b;
}

/**
 * StarkWare's width-3 Poseidon permutation (Hades: 8 full and 83 partial rounds, the official MDS
 * matrix [[3, 1, 1], [1, −1, 1], [1, 1, −2]]; the parameters of @scure/starknet 2.4.0's
 * `poseidonSmall`, index.js), built on first use. @scure's own `poseidonSmall` is built when the
 * module is imported (hundreds of SHA-256 round constants, ~35 ms of every process start); ours
 * leaves it unused, so bundles drop it and only programs that use poseidon pay.
 */
let hades: PoseidonFn | undefined;
export function hadesPermutation(state: bigint[]): bigint[] {
  hades ??= poseidonBasic({ Fp: Fp251, rate: 2, capacity: 1, roundsFull: 8, roundsPartial: 83 }, [
    [3n, 1n, 1n],
    [1n, -1n, 1n],
    [1n, 1n, -2n],
  ]);
  return hades(state);
}

/** poseidon: cells (s0, s1, s2, out0, out1, out2) where out = Hades permutation(s). */
export function poseidonBuiltin(mem: Memory): Builtin {
  const b = simpleBuiltin('poseidon', mem, 6);
  let cacheInst = -1;
  let cache: bigint[] = [];
  mem.deducers[b.segment] = (m, off) => {
    const k = off % 6;
    if (k < 3) return undefined;
    const base = off - k;
    if (cacheInst !== base) {
      const s = [0, 1, 2].map((i) => feltIn(m, b.segment, base + i, 'poseidon'));
      if (s.some((x) => x === undefined)) return undefined;
      cache = hadesPermutation(s as bigint[]);
      cacheInst = base;
    }
    return normBig(cache[k - 3]);
  };
  return b;
}
