/** Felt252Dict hints: allocation through the segment arena, entry init/update, and dict squashing. */
import { type Val, P, toBig } from '../felt';
import { VmError } from '../errors';
import { isRel, mkRel, relOff, relSeg, showVal } from '../relocatable';
import type { HintFn, VirtualMachine } from '../vm';
import { asCell, resFelt, resRel, resVal, writeCell } from './operands';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type F = any;

interface DictTracker {
  data: Map<bigint, Val>;
  index: number;
}
export class DictManager {
  trackers = new Map<number, DictTracker>(); // by segment index
  count = 0;
  newDict(vm: VirtualMachine): number {
    const ptr = vm.mem.addSegmentRel();
    this.trackers.set(relSeg(ptr), { data: new Map(), index: this.count++ });
    return ptr;
  }
  tracker(ptr: number): DictTracker {
    const t = this.trackers.get(relSeg(ptr));
    if (!t) throw new VmError('HintError', `no dict tracker for segment of ${showVal(ptr)}`);
    return t;
  }
}

export function dictManager(vm: VirtualMachine): DictManager {
  return (vm.ctx.dictManager ??= new DictManager()) as DictManager;
}

const rel = (r: number, k: number) => mkRel(relSeg(r), relOff(r) + k);

/** Allocate a dict segment and record it in the arena's info segment at index n_dicts. */
export const allocFelt252Dict =
  (f: F): HintFn =>
  (vm) => {
    const arena = resRel(vm, f.segment_arena_ptr);
    const nDicts = Number(vm.mem.readFelt(rel(arena, -2)));
    const infos = vm.mem.readRel(rel(arena, -3));
    const ptr = dictManager(vm).newDict(vm);
    vm.mem.setAt(rel(infos, 3 * nDicts), ptr);
  };

/** Write the previous value of `key` at dict_ptr + 1. */
export const felt252DictEntryInit =
  (f: F): HintFn =>
  (vm) => {
    const ptr = resRel(vm, f.dict_ptr);
    const key = resFelt(vm, f.key);
    const prev = dictManager(vm).tracker(ptr).data.get(key) ?? 0;
    vm.mem.setAt(rel(ptr, 1), prev);
  };

/** Record the new value of the key at dict_ptr - 3. */
export const felt252DictEntryUpdate =
  (f: F): HintFn =>
  (vm) => {
    const ptr = resRel(vm, f.dict_ptr);
    const key = vm.mem.readFelt(rel(ptr, -3));
    dictManager(vm).tracker(ptr).data.set(key, resVal(vm, f.value));
  };

/** Deprecated: value_dst = dict[key]. */
export const felt252DictRead = (f: F): HintFn => {
  const dst = asCell(f.value_dst);
  return (vm) => {
    const ptr = resRel(vm, f.dict_ptr);
    writeCell(vm, dst, dictManager(vm).tracker(ptr).data.get(resFelt(vm, f.key)) ?? 0);
  };
};
/** Deprecated: dict[key] = value. */
export const felt252DictWrite =
  (f: F): HintFn =>
  (vm) => {
    const ptr = resRel(vm, f.dict_ptr);
    dictManager(vm).tracker(ptr).data.set(resFelt(vm, f.key), resVal(vm, f.value));
  };

export const getSegmentArenaIndex = (f: F): HintFn => {
  const dst = asCell(f.dict_index);
  return (vm) => writeCell(vm, dst, dictManager(vm).tracker(resRel(vm, f.dict_end_ptr)).index);
};

/** State of one dict squash: keys (descending, smallest last) and per-key access indices (descending). */
interface SquashScope {
  keys: bigint[];
  indices: Map<bigint, number[]>;
}
function squash(vm: VirtualMachine): SquashScope {
  const s = vm.ctx.squash as SquashScope | undefined;
  if (!s) throw new VmError('HintError', 'no dict squash in progress (InitSquashData not run)');
  return s;
}
function currentKey(s: SquashScope): bigint {
  if (s.keys.length === 0) throw new VmError('HintError', 'dict squash: no current key');
  return s.keys[s.keys.length - 1];
}
function currentIndices(s: SquashScope): number[] {
  return s.indices.get(currentKey(s))!;
}

export const initSquashData = (f: F): HintFn => {
  const bigKeys = asCell(f.big_keys);
  const firstKey = asCell(f.first_key);
  return (vm) => {
    const accesses = resRel(vm, f.dict_accesses);
    const n = Number(resFelt(vm, f.n_accesses));
    const indices = new Map<bigint, number[]>();
    for (let i = 0; i < n; i++) {
      const key = vm.mem.readFelt(rel(accesses, 3 * i));
      let l = indices.get(key);
      if (!l) indices.set(key, (l = []));
      l.push(i);
    }
    for (const l of indices.values()) l.reverse();
    const keys = [...indices.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    if (keys.length === 0) throw new VmError('HintError', 'InitSquashData: no accesses');
    vm.ctx.squash = { keys, indices } satisfies SquashScope;
    writeCell(vm, bigKeys, keys[0] >= 1n << 128n ? 1 : 0);
    writeCell(vm, firstKey, keys[keys.length - 1]);
  };
};

export const getCurrentAccessIndex =
  (f: F): HintFn =>
  (vm) => {
    const ptr = resRel(vm, f.range_check_ptr);
    const l = currentIndices(squash(vm));
    vm.mem.setAt(ptr, l[l.length - 1]);
  };

export const shouldSkipSquashLoop = (f: F): HintFn => {
  const dst = asCell(f.should_skip_loop);
  return (vm) => writeCell(vm, dst, currentIndices(squash(vm)).length > 1 ? 0 : 1);
};

export const getCurrentAccessDelta = (f: F): HintFn => {
  const dst = asCell(f.index_delta_minus1);
  return (vm) => {
    const l = currentIndices(squash(vm));
    const prev = l.pop()!;
    if (l.length === 0) throw new VmError('HintError', 'GetCurrentAccessDelta: no next access');
    writeCell(vm, dst, BigInt(l[l.length - 1] - prev - 1));
  };
};

export const shouldContinueSquashLoop = (f: F): HintFn => {
  const dst = asCell(f.should_continue);
  return (vm) => writeCell(vm, dst, currentIndices(squash(vm)).length > 1 ? 1 : 0);
};

export const getNextDictKey = (f: F): HintFn => {
  const dst = asCell(f.next_key);
  return (vm) => {
    const s = squash(vm);
    s.indices.delete(s.keys.pop()!);
    writeCell(vm, dst, currentKey(s));
  };
};

// ---- assert_le_felt252 arcs ----
const PRIME_OVER_3_HIGH = 3544607988759775765608368578435044694n;
const PRIME_OVER_2_HIGH = 5316911983139663648412552867652567041n;

export const assertLeFindSmallArcs =
  (f: F): HintFn =>
  (vm) => {
    const a = resFelt(vm, f.a);
    const b = resFelt(vm, f.b);
    const arcs: [bigint, number][] = [
      [a, 0],
      [(b - a + P) % P, 1],
      [(P - 1n - b + P) % P, 2],
    ];
    arcs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    vm.ctx.excludedArc = arcs[2][1];
    const ptr = resRel(vm, f.range_check_ptr);
    vm.mem.setAt(ptr, toBigFelt(arcs[0][0] % PRIME_OVER_3_HIGH));
    vm.mem.setAt(rel(ptr, 1), toBigFelt(arcs[0][0] / PRIME_OVER_3_HIGH));
    vm.mem.setAt(rel(ptr, 2), toBigFelt(arcs[1][0] % PRIME_OVER_2_HIGH));
    vm.mem.setAt(rel(ptr, 3), toBigFelt(arcs[1][0] / PRIME_OVER_2_HIGH));
  };
function toBigFelt(v: bigint): Val {
  return v < 9007199254740992n ? Number(v) : v;
}

export const assertLeIsFirstArcExcluded = (f: F): HintFn => {
  const dst = asCell(f.skip_exclude_a_flag);
  return (vm) => writeCell(vm, dst, vm.ctx.excludedArc !== 0 ? 1 : 0);
};
export const assertLeIsSecondArcExcluded = (f: F): HintFn => {
  const dst = asCell(f.skip_exclude_b_minus_a);
  return (vm) => writeCell(vm, dst, vm.ctx.excludedArc !== 1 ? 1 : 0);
};

// ---- deprecated assertion hints (checks only) ----
export const assertCurrentAccessIndicesIsEmpty = (): HintFn => (vm) => {
  const s = squash(vm);
  if (s.keys.length && currentIndices(s).length > 1)
    throw new VmError('HintError', 'current access indices are not empty');
};
export const assertAllAccessesUsed = (f: F): HintFn => {
  const c = asCell(f.n_used_accesses);
  return (vm) => {
    void toBig(vm.mem.read(mkRel(1, (c.register === 'AP' ? vm.ap : vm.fp) + c.offset)) as bigint);
  };
};
export const assertAllKeysUsed = (): HintFn => (vm) => {
  const s = squash(vm);
  if (s.keys.length > 1) throw new VmError('HintError', 'not all keys were used');
};
export const assertLeAssertThirdArcExcluded = (): HintFn => () => {};
export const assertLtAssertValidInput = (): HintFn => () => {};

export { isRel };
