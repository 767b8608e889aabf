/**
 * Small hints of cairo-lang's common library (v0.13.x), by their code text: alloc, VM scopes,
 * memcpy/memset loops (memcpy.cairo, memset.cairo), pow.cairo's bit, and the
 * `to_felt_or_relocatable(...)` comparisons of poseidon.cairo / keccak.cairo / builtin_keccak.
 */
import {
  type Cairo0Hint,
  type HintContext,
  enterScope,
  exitScope,
  nondet,
  scopeVar,
  setAp,
} from './context';
import { relOff } from '../../relocatable';

/** `ids.elements_end - ids.elements` for two pointers of one array. */
function span(c: HintContext): number {
  return relOff(c.ids.ptr('elements_end')) - relOff(c.ids.ptr('elements'));
}

/** `vm_enter_scope({'n': ids.<name>})`, then `n -= 1; ids.<flag> = 1 if n > 0 else 0`. */
function loopCounter(name: string): Cairo0Hint {
  return (c) => enterScope(c.vm, { n: c.ids.felt(name) });
}
function loopStep(flag: string): Cairo0Hint {
  return (c: HintContext) => {
    const n = scopeVar<bigint>(c, 'n') - 1n;
    c.scope.set('n', n);
    c.ids.set(flag, n > 0n ? 1n : 0n);
  };
}

export const BASIC_HINTS: Record<string, Cairo0Hint> = {
  'memory[ap] = segments.add()': (c) => setAp(c, c.vm.mem.addSegmentRel()),
  'vm_enter_scope()': (c) => enterScope(c.vm),
  'vm_exit_scope()': (c) => exitScope(c.vm),
  "vm_enter_scope({'n': ids.len})": loopCounter('len'),
  "vm_enter_scope({'n': ids.n})": loopCounter('n'),
  'n -= 1\nids.continue_copying = 1 if n > 0 else 0': loopStep('continue_copying'),
  'n -= 1\nids.continue_loop = 1 if n > 0 else 0': loopStep('continue_loop'),
  'ids.locs.bit = (ids.prev_locs.exp % PRIME) & 1': (c) =>
    c.ids.set('locs.bit', c.ids.felt('prev_locs.exp') & 1n),
  'memory[ap] = to_felt_or_relocatable(ids.n >= 10)': (c) => setAp(c, c.ids.felt('n') >= 10n),
  'memory[ap] = to_felt_or_relocatable(ids.n >= 2)': (c) => setAp(c, c.ids.felt('n') >= 2n),
  'memory[ap] = to_felt_or_relocatable(ids.n_bytes < ids.BYTES_IN_WORD)': (c) =>
    setAp(c, c.ids.felt('n_bytes') < c.ids.felt('BYTES_IN_WORD')),
  'memory[ap] = to_felt_or_relocatable(ids.n_bytes >= ids.KECCAK_FULL_RATE_IN_BYTES)': (c) =>
    setAp(c, c.ids.felt('n_bytes') >= c.ids.felt('KECCAK_FULL_RATE_IN_BYTES')),
  // A no-op import (seen in hand-written programs).
  'import math': () => {},
  [nondet('ids.elements_end - ids.elements >= 10')]: (c) => setAp(c, span(c) >= 10),
  [nondet('ids.elements_end - ids.elements >= 2')]: (c) => setAp(c, span(c) >= 2),
};
