/**
 * Hints of cairo-lang's starkware/cairo/common/squash_dict.cairo (v0.13.x): the accesses are
 * grouped by key; keys are handed out in increasing order, and each key's access indices too.
 * State lives in the VM scope under the Python names (keys, access_indices, ...).
 */
import { valAdd } from '../../memory';
import { feltFromBig } from '../../felt';
import {
  type Cairo0Hint,
  type HintContext,
  RC_BOUND,
  byValue,
  readFelt,
  scopeVar,
} from './context';

export function squashDictInit(c: HintContext): void {
  const accessSize = Number(c.ids.felt('DictAccess.SIZE'));
  const address = c.ids.ptr('dict_accesses');
  if (c.ids.felt('ptr_diff') % BigInt(accessSize) !== 0n)
    throw new Error('Accesses array size must be divisible by DictAccess.SIZE');
  const n = Number(c.ids.felt('n_accesses'));
  const max = c.scope.get('__squash_dict_max_size') as number | bigint | undefined;
  if (max !== undefined && n > Number(max))
    throw new Error(
      `squash_dict() can only be used with n_accesses<=${max}. Got: n_accesses=${n}.`,
    );
  const accessIndices = new Map<bigint, number[]>();
  for (let i = 0; i < n; i++) {
    const key = readFelt(c, valAdd(address, accessSize * i) as number);
    const list = accessIndices.get(key);
    if (list) list.push(i);
    else accessIndices.set(key, [i]);
  }
  const keys = [...accessIndices.keys()].sort(byValue).reverse(); // descending: pop() = smallest
  c.scope.set('access_indices', accessIndices);
  c.scope.set('keys', keys);
  c.ids.set('big_keys', keys[0] >= RC_BOUND ? 1n : 0n);
  const key = keys.pop()!;
  c.scope.set('key', key);
  c.ids.set('first_key', key);
}

function indices(c: HintContext): number[] {
  return scopeVar<number[]>(c, 'current_access_indices');
}

export function squashDictInnerFirst(c: HintContext): void {
  const all = scopeVar<Map<bigint, number[]>>(c, 'access_indices');
  const list = [...all.get(scopeVar<bigint>(c, 'key'))!].sort((a, b) => b - a);
  const first = list.pop()!;
  c.scope.set('current_access_indices', list);
  c.scope.set('current_access_index', first);
  c.vm.mem.setAt(c.ids.ptr('range_check_ptr'), first);
}

export function squashDictInnerNext(c: HintContext): void {
  const next = indices(c).pop();
  if (next === undefined) throw new Error('pop from empty list');
  const current = scopeVar<number>(c, 'current_access_index');
  c.ids.set('loop_temps.index_delta_minus1', feltFromBig(BigInt(next - current - 1)));
  c.scope.set('current_access_index', next);
}

export function squashDictNextKey(c: HintContext): void {
  const keys = scopeVar<bigint[]>(c, 'keys');
  if (keys.length === 0) throw new Error('No keys left but remaining_accesses > 0.');
  const key = keys.pop()!;
  c.scope.set('key', key);
  c.ids.set('next_key', key);
}

const check = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`assertion failed: ${what}`);
};

export const SQUASH_DICT_HINTS: Record<string, Cairo0Hint> = {
  [`dict_access_size = ids.DictAccess.SIZE
address = ids.dict_accesses.address_
assert ids.ptr_diff % dict_access_size == 0, \\
    'Accesses array size must be divisible by DictAccess.SIZE'
n_accesses = ids.n_accesses
if '__squash_dict_max_size' in globals():
    assert n_accesses <= __squash_dict_max_size, \\
        f'squash_dict() can only be used with n_accesses<={__squash_dict_max_size}. ' \\
        f'Got: n_accesses={n_accesses}.'
# A map from key to the list of indices accessing it.
access_indices = {}
for i in range(n_accesses):
    key = memory[address + dict_access_size * i]
    access_indices.setdefault(key, []).append(i)
# Descending list of keys.
keys = sorted(access_indices.keys(), reverse=True)
# Are the keys used bigger than range_check bound.
ids.big_keys = 1 if keys[0] >= range_check_builtin.bound else 0
ids.first_key = key = keys.pop()`]: squashDictInit,
  [`current_access_indices = sorted(access_indices[key])[::-1]
current_access_index = current_access_indices.pop()
memory[ids.range_check_ptr] = current_access_index`]: squashDictInnerFirst,
  'ids.should_skip_loop = 0 if current_access_indices else 1': (c) =>
    c.ids.set('should_skip_loop', indices(c).length > 0 ? 0n : 1n),
  [`new_access_index = current_access_indices.pop()
ids.loop_temps.index_delta_minus1 = new_access_index - current_access_index - 1
current_access_index = new_access_index`]: squashDictInnerNext,
  'ids.loop_temps.should_continue = 1 if current_access_indices else 0': (c) =>
    c.ids.set('loop_temps.should_continue', indices(c).length > 0 ? 1n : 0n),
  'assert len(current_access_indices) == 0': (c) =>
    check(indices(c).length === 0, 'len(current_access_indices) == 0'),
  'assert ids.n_used_accesses == len(access_indices[key])': (c) => {
    const all = scopeVar<Map<bigint, number[]>>(c, 'access_indices');
    const n = all.get(scopeVar<bigint>(c, 'key'))!.length;
    check(c.ids.felt('n_used_accesses') === BigInt(n), 'ids.n_used_accesses == len(...)');
  },
  'assert len(keys) == 0': (c) =>
    check(scopeVar<bigint[]>(c, 'keys').length === 0, 'len(keys) == 0'),
  [`assert len(keys) > 0, 'No keys left but remaining_accesses > 0.'
ids.next_key = key = keys.pop()`]: squashDictNextKey,
};
