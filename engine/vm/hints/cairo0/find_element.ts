/**
 * Hints of cairo-lang's starkware/cairo/common/find_element.cairo (find_element,
 * search_sorted_lower) and set.cairo (set_add), v0.13.x.
 */
import { type Val } from '../../felt';
import { valAdd } from '../../memory';
import { isRel, relOff, relSeg } from '../../relocatable';
import { type Cairo0Hint, type HintContext, readFelt, readRange } from './context';

function elmSize(c: HintContext): number {
  const s = c.ids.felt('elm_size');
  if (s <= 0n) throw new Error(`Invalid value for elm_size. Got: ${s}.`);
  return Number(s);
}

function nElms(c: HintContext): number {
  const n = c.ids.felt('n_elms');
  const max = c.scope.get('__find_element_max_size') as bigint | number | undefined;
  if (max !== undefined && n > BigInt(max))
    throw new Error(`find_element() can only be used with n_elms<=${max}. Got: n_elms=${n}.`);
  return Number(n);
}

export function findElement(c: HintContext): void {
  const array = c.ids.ptr('array_ptr');
  const size = elmSize(c);
  const key = c.ids.felt('key');
  const given = c.scope.get('__find_element_index') as bigint | number | undefined;
  if (given !== undefined) {
    const found = readFelt(c, valAdd(array, size * Number(given)) as number);
    if (found !== key)
      throw new Error(
        `Invalid index found in __find_element_index. index: ${given}, expected key ${key}, found key: ${found}.`,
      );
    c.ids.set('index', BigInt(given));
    c.scope.delete('__find_element_index');
    return;
  }
  const n = nElms(c);
  for (let i = 0; i < n; i++)
    if (readFelt(c, valAdd(array, size * i) as number) === key) {
      c.ids.set('index', BigInt(i));
      return;
    }
  throw new Error(`Key ${key} was not found.`);
}

export function searchSortedLower(c: HintContext): void {
  const array = c.ids.ptr('array_ptr');
  const size = elmSize(c);
  const n = nElms(c);
  const key = c.ids.felt('key');
  for (let i = 0; i < n; i++)
    if (readFelt(c, valAdd(array, size * i) as number) >= key) {
      c.ids.set('index', BigInt(i));
      return;
    }
  c.ids.set('index', BigInt(n));
}

/** Python's `<=` on two pointers of one segment. */
function ptrLe(a: Val, b: Val): boolean {
  if (!isRel(a) || !isRel(b) || relSeg(a) !== relSeg(b))
    throw new Error('set_add: set_ptr and set_end_ptr must be pointers into one segment');
  return relOff(a) <= relOff(b);
}

export function setAdd(c: HintContext): void {
  const size = Number(c.ids.felt('elm_size'));
  if (size <= 0) throw new Error('assertion failed: ids.elm_size > 0');
  const set = c.ids.ptr('set_ptr');
  const end = c.ids.ptr('set_end_ptr');
  if (!ptrLe(set, end)) throw new Error('assertion failed: ids.set_ptr <= ids.set_end_ptr');
  const elm = readRange(c, c.ids.ptr('elm_ptr'), size);
  for (let i = 0; i < relOff(end) - relOff(set); i += size) {
    const cand = readRange(c, valAdd(set, i) as number, size);
    if (cand.every((v, j) => v === elm[j])) {
      c.ids.set('index', BigInt(Math.floor(i / size)));
      c.ids.set('is_elm_in_set', 1n);
      return;
    }
  }
  c.ids.set('is_elm_in_set', 0n);
}

/** search_sorted (v0.13.2+): like search_sorted_lower, and whether the key itself was found. */
export function searchSorted(c: HintContext): void {
  const array = c.ids.ptr('array_ptr');
  const size = elmSize(c);
  const n = nElms(c);
  const key = c.ids.felt('key');
  for (let i = 0; i < n; i++) {
    const v = readFelt(c, valAdd(array, size * i) as number);
    if (v >= key) {
      c.ids.set('index', BigInt(i));
      c.ids.set('exists', v === key ? 1n : 0n);
      return;
    }
  }
  c.ids.set('index', BigInt(n));
  c.ids.set('exists', 0n);
}

export const FIND_ELEMENT_HINTS: Record<string, Cairo0Hint> = {
  [`array_ptr = ids.array_ptr
elm_size = ids.elm_size
assert isinstance(elm_size, int) and elm_size > 0, \\
    f'Invalid value for elm_size. Got: {elm_size}.'
key = ids.key

if '__find_element_index' in globals():
    ids.index = __find_element_index
    found_key = memory[array_ptr + elm_size * __find_element_index]
    assert found_key == key, \\
        f'Invalid index found in __find_element_index. index: {__find_element_index}, ' \\
        f'expected key {key}, found key: {found_key}.'
    # Delete __find_element_index to make sure it's not used for the next calls.
    del __find_element_index
else:
    n_elms = ids.n_elms
    assert isinstance(n_elms, int) and n_elms >= 0, \\
        f'Invalid value for n_elms. Got: {n_elms}.'
    if '__find_element_max_size' in globals():
        assert n_elms <= __find_element_max_size, \\
            f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \\
            f'Got: n_elms={n_elms}.'

    for i in range(n_elms):
        if memory[array_ptr + elm_size * i] == key:
            ids.index = i
            break
    else:
        raise ValueError(f'Key {key} was not found.')`]: findElement,
  [`array_ptr = ids.array_ptr
elm_size = ids.elm_size
assert isinstance(elm_size, int) and elm_size > 0, \\
    f'Invalid value for elm_size. Got: {elm_size}.'

n_elms = ids.n_elms
assert isinstance(n_elms, int) and n_elms >= 0, \\
    f'Invalid value for n_elms. Got: {n_elms}.'
if '__find_element_max_size' in globals():
    assert n_elms <= __find_element_max_size, \\
        f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \\
        f'Got: n_elms={n_elms}.'

for i in range(n_elms):
    if memory[array_ptr + elm_size * i] >= ids.key:
        ids.index = i
        break
else:
    ids.index = n_elms`]: searchSortedLower,
  [`assert ids.elm_size > 0
assert ids.set_ptr <= ids.set_end_ptr
elm_list = memory.get_range(ids.elm_ptr, ids.elm_size)
for i in range(0, ids.set_end_ptr - ids.set_ptr, ids.elm_size):
    if memory.get_range(ids.set_ptr + i, ids.elm_size) == elm_list:
        ids.index = i // ids.elm_size
        ids.is_elm_in_set = 1
        break
else:
    ids.is_elm_in_set = 0`]: setAdd,
  [`array_ptr = ids.array_ptr
elm_size = ids.elm_size
assert isinstance(elm_size, int) and elm_size > 0, \\
    f'Invalid value for elm_size. Got: {elm_size}.'

n_elms = ids.n_elms
assert isinstance(n_elms, int) and n_elms >= 0, \\
    f'Invalid value for n_elms. Got: {n_elms}.'
if '__find_element_max_size' in globals():
    assert n_elms <= __find_element_max_size, \\
        f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \\
        f'Got: n_elms={n_elms}.'

for i in range(n_elms):
    if memory[array_ptr + elm_size * i] >= ids.key:
        ids.index = i
        ids.exists = 1 if memory[array_ptr + elm_size * i] == ids.key else 0
        break
else:
    ids.index = n_elms
    ids.exists = 0`]: searchSorted,
};
