/**
 * Hints of cairo-lang 0.14.0.1's starkware/cairo/common/merkle_update.cairo. The caller puts the
 * authentication path (a list, consumed from its end) in the scope as `auth_path`, as the Python
 * caller does. merkle_multi_update.cairo and small_merkle_tree.cairo need cairo-lang's
 * merkle_tree helpers and are not implemented.
 */
import { type Cairo0Hint, type HintContext, scopeVar, setAp } from './context';

function sibling(side: 'x' | 'y'): Cairo0Hint {
  return (c: HintContext) => {
    const s = scopeVar<bigint[]>(c, 'auth_path').pop();
    if (s === undefined) throw new Error('pop from empty list (auth_path)');
    c.ids.set(`prev_node_hash.${side}`, s);
    c.ids.set(`new_node_hash.${side}`, s);
  };
}

export const MERKLE_HINTS: Record<string, Cairo0Hint> = {
  [`# Check that auth_path had the right number of elements.
assert len(auth_path) == 0, 'Got too many values in auth_path.'`]: (c) => {
    if (scopeVar<bigint[]>(c, 'auth_path').length !== 0)
      throw new Error('Got too many values in auth_path.');
  },
  'memory[ap] = ids.index % 2': (c) => setAp(c, c.ids.felt('index') % 2n),
  [`# Hash hints.
sibling = auth_path.pop()
ids.prev_node_hash.y = sibling
ids.new_node_hash.y = sibling`]: sibling('y'),
  [`# Hash hints.
sibling = auth_path.pop()
ids.prev_node_hash.x = sibling
ids.new_node_hash.x = sibling`]: sibling('x'),
};
