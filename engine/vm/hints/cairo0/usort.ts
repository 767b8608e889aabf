/**
 * Hints of cairo-lang's starkware/cairo/common/usort.cairo (v0.13.x): sort the distinct values
 * with their multiplicities, then hand out each value's positions in increasing order.
 */
import { valAdd } from '../../memory';
import { feltFromBig } from '../../felt';
import {
  type Cairo0Hint,
  type HintContext,
  byValue,
  enterScope,
  genArg,
  readFelt,
  scopeVar,
} from './context';

export function usortBody(c: HintContext): void {
  const input = c.ids.ptr('input');
  const len = Number(c.ids.felt('input_len'));
  const max = c.scope.get('__usort_max_size') as bigint | number | null | undefined;
  if (max !== null && max !== undefined && len > Number(max))
    throw new Error(`usort() can only be used with input_len<=${max}. Got: input_len=${len}.`);
  const positions = new Map<bigint, number[]>();
  for (let i = 0; i < len; i++) {
    const v = readFelt(c, valAdd(input, i) as number);
    const list = positions.get(v);
    if (list) list.push(i);
    else positions.set(v, [i]);
  }
  const output = [...positions.keys()].sort(byValue);
  c.scope.set('positions_dict', positions);
  c.ids.set('output_len', BigInt(output.length));
  c.ids.set('output', genArg(c, output));
  c.ids.set(
    'multiplicities',
    genArg(
      c,
      output.map((k) => BigInt(positions.get(k)!.length)),
    ),
  );
}

export function usortVerify(c: HintContext): void {
  const all = scopeVar<Map<bigint, number[]>>(c, 'positions_dict');
  c.scope.set('last_pos', 0);
  c.scope.set('positions', [...(all.get(c.ids.felt('value')) ?? [])].reverse());
}

export function usortNextPosition(c: HintContext): void {
  const current = scopeVar<number[]>(c, 'positions').pop();
  if (current === undefined) throw new Error('pop from empty list');
  const last = scopeVar<number>(c, 'last_pos');
  c.ids.set('next_item_index', feltFromBig(BigInt(current - last)));
  c.scope.set('last_pos', current + 1);
}

export const USORT_HINTS: Record<string, Cairo0Hint> = {
  "vm_enter_scope(dict(__usort_max_size = globals().get('__usort_max_size')))": (c) =>
    enterScope(c.vm, { __usort_max_size: c.scope.get('__usort_max_size') ?? null }),
  [`from collections import defaultdict

input_ptr = ids.input
input_len = int(ids.input_len)
if __usort_max_size is not None:
    assert input_len <= __usort_max_size, (
        f"usort() can only be used with input_len<={__usort_max_size}. "
        f"Got: input_len={input_len}."
    )

positions_dict = defaultdict(list)
for i in range(input_len):
    val = memory[input_ptr + i]
    positions_dict[val].append(i)

output = sorted(positions_dict.keys())
ids.output_len = len(output)
ids.output = segments.gen_arg(output)
ids.multiplicities = segments.gen_arg([len(positions_dict[k]) for k in output])`]: usortBody,
  'last_pos = 0\npositions = positions_dict[ids.value][::-1]': usortVerify,
  'assert len(positions) == 0': (c) => {
    if (scopeVar<number[]>(c, 'positions').length !== 0)
      throw new Error('assertion failed: len(positions) == 0');
  },
  [`current_pos = positions.pop()
ids.next_item_index = current_pos - last_pos
last_pos = current_pos + 1`]: usortNextPosition,
};
