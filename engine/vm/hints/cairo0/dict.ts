/**
 * Dictionaries of cairo-lang's starkware/cairo/common/dict.cairo and default_dict.cairo (v0.13.x):
 * a DictManager in the VM scope (`__dict_manager`) keeps one tracker per dict segment — its data
 * and the pointer the next access must be at (cairo-lang src/starkware/cairo/common/dict.py).
 */
import type { Val } from '../../felt';
import { valAdd } from '../../memory';
import { isRel, relSeg, showVal } from '../../relocatable';
import { type Cairo0Hint, type HintContext, enterScope, scopeVar, setAp } from './context';

export interface DictTracker {
  data: Map<bigint, Val>;
  defaultValue?: Val;
  currentPtr: number;
}

export class DictManager {
  readonly trackers = new Map<number, DictTracker>();

  newDict(c: HintContext, data: Map<bigint, Val>, defaultValue?: Val): number {
    const base = c.vm.mem.addSegmentRel();
    this.trackers.set(relSeg(base), { data, defaultValue, currentPtr: base });
    return base;
  }

  tracker(ptr: Val): DictTracker {
    if (!isRel(ptr)) throw new Error(`dict pointer ${showVal(ptr)} is not a pointer`);
    const t = this.trackers.get(relSeg(ptr));
    if (!t) throw new Error(`no dict tracker for segment ${relSeg(ptr)}`);
    if (t.currentPtr !== ptr)
      throw new Error(`wrong dict pointer: expected ${showVal(t.currentPtr)}, got ${showVal(ptr)}`);
    return t;
  }
}

export function read(t: DictTracker, key: bigint): Val {
  const v = t.data.get(key);
  if (v !== undefined) return v;
  if (t.defaultValue !== undefined) return t.defaultValue;
  throw new Error(`KeyError: ${key} not in dict`);
}

const MANAGER = '__dict_manager';

/** The scope's DictManager, created on first use (`if '__dict_manager' not in globals()`). */
function manager(c: HintContext): DictManager {
  let m = c.scope.get(MANAGER) as DictManager | undefined;
  if (!m) c.scope.set(MANAGER, (m = new DictManager()));
  return m;
}

const size = (c: HintContext) => Number(c.ids.felt('DictAccess.SIZE'));
const advance = (c: HintContext, t: DictTracker) => {
  t.currentPtr = valAdd(t.currentPtr, size(c)) as number;
};
const feltKey = (c: HintContext) => c.ids.felt('key');

export function dictNew(c: HintContext): void {
  const initial = scopeVar<Map<bigint, Val>>(c, 'initial_dict');
  setAp(c, manager(c).newDict(c, initial));
  c.scope.delete('initial_dict');
}

export function defaultDictNew(c: HintContext): void {
  setAp(c, manager(c).newDict(c, new Map(), c.ids.get('default_value')));
}

export function dictRead(c: HintContext): void {
  const t = manager(c).tracker(c.ids.get('dict_ptr'));
  advance(c, t);
  c.ids.set('value', read(t, feltKey(c)));
}

export function dictWrite(c: HintContext): void {
  const t = manager(c).tracker(c.ids.get('dict_ptr'));
  advance(c, t);
  const key = feltKey(c);
  c.ids.set('dict_ptr.prev_value', read(t, key));
  t.data.set(key, c.ids.get('new_value'));
}

export function dictUpdate(c: HintContext): void {
  const t = manager(c).tracker(c.ids.get('dict_ptr'));
  const key = feltKey(c);
  const current = read(t, key);
  const prev = c.ids.get('prev_value');
  if (current !== prev)
    throw new Error(
      `Wrong previous value in dict. Got ${showVal(prev)}, expected ${showVal(current)}.`,
    );
  t.data.set(key, c.ids.get('new_value'));
  advance(c, t);
}

/** dict_squash: a new scope holding the manager and a copy of the dict's data. */
export function dictSquashCopy(c: HintContext): void {
  const m = scopeVar<DictManager>(c, MANAGER);
  const t = m.tracker(c.ids.get('dict_accesses_end'));
  enterScope(c.vm, { [MANAGER]: m, initial_dict: new Map(t.data) });
}

export function dictSquashUpdatePtr(c: HintContext): void {
  const m = scopeVar<DictManager>(c, MANAGER);
  m.tracker(c.ids.get('squashed_dict_start')).currentPtr = c.ids.ptr('squashed_dict_end.address_');
}

export const DICT_HINTS: Record<string, Cairo0Hint> = {
  [`if '__dict_manager' not in globals():
    from starkware.cairo.common.dict import DictManager
    __dict_manager = DictManager()

memory[ap] = __dict_manager.new_dict(segments, initial_dict)
del initial_dict`]: dictNew,
  [`if '__dict_manager' not in globals():
    from starkware.cairo.common.dict import DictManager
    __dict_manager = DictManager()

memory[ap] = __dict_manager.new_default_dict(segments, ids.default_value)`]: defaultDictNew,
  [`dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
dict_tracker.current_ptr += ids.DictAccess.SIZE
ids.value = dict_tracker.data[ids.key]`]: dictRead,
  [`dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
dict_tracker.current_ptr += ids.DictAccess.SIZE
ids.dict_ptr.prev_value = dict_tracker.data[ids.key]
dict_tracker.data[ids.key] = ids.new_value`]: dictWrite,
  [`# Verify dict pointer and prev value.
dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
current_value = dict_tracker.data[ids.key]
assert current_value == ids.prev_value, \\
    f'Wrong previous value in dict. Got {ids.prev_value}, expected {current_value}.'

# Update value.
dict_tracker.data[ids.key] = ids.new_value
dict_tracker.current_ptr += ids.DictAccess.SIZE`]: dictUpdate,
  [`# Prepare arguments for dict_new. In particular, the same dictionary values should be copied
# to the new (squashed) dictionary.
vm_enter_scope({
    # Make __dict_manager accessible.
    '__dict_manager': __dict_manager,
    # Create a copy of the dict, in case it changes in the future.
    'initial_dict': dict(__dict_manager.get_dict(ids.dict_accesses_end)),
})`]: dictSquashCopy,
  [`# Update the DictTracker's current_ptr to point to the end of the squashed dict.
__dict_manager.get_tracker(ids.squashed_dict_start).current_ptr = \\
    ids.squashed_dict_end.address_`]: dictSquashUpdatePtr,
  'ids.val = __dict_manager.get_dict(ids.dict_ptr)[ids.key]': (c) => {
    const t = scopeVar<DictManager>(c, MANAGER).tracker(c.ids.get('dict_ptr'));
    c.ids.set('val', read(t, feltKey(c)));
  },
};
