/**
 * The hints of cairo-lang's Starknet storage library (`src/starkware/starknet/common/storage.cairo`,
 * `normalize_address`, used by every `@storage_var` with keys): not part of the common library
 * engine/vm serves, so the deprecated classes add them. Same texts in lambdaclass/cairo-vm's
 * hint_code.rs (NORMALIZE_ADDRESS_SET_IS_SMALL, NORMALIZE_ADDRESS_SET_IS_250).
 */
import type { Cairo0Hint } from '../../vm/hints/cairo0/index';
import { normaliseCode } from '../../vm/hints/cairo0/context';

const PRIME = 2n ** 251n + 17n * 2n ** 192n + 1n;
const pyMod = (a: bigint) => ((a % PRIME) + PRIME) % PRIME;

const SET_IS_SMALL = `# Verify the assumptions on the relationship between 2**250, ADDR_BOUND and PRIME.
ADDR_BOUND = ids.ADDR_BOUND % PRIME
assert (2**250 < ADDR_BOUND <= 2**251) and (2 * 2**250 < PRIME) and (
        ADDR_BOUND * 2 > PRIME), \\
    'normalize_address() cannot be used with the current constants.'
ids.is_small = 1 if ids.addr < ADDR_BOUND else 0`;

const SET_IS_250 = 'ids.is_250 = 1 if ids.addr < 2**250 else 0';

const setIsSmall: Cairo0Hint = ({ ids }) => {
  const bound = pyMod(ids.constant('ADDR_BOUND') ?? ids.felt('ADDR_BOUND'));
  const ok = 2n ** 250n < bound && bound <= 2n ** 251n && bound * 2n > PRIME;
  if (!ok) throw new Error('normalize_address() cannot be used with the current constants.');
  ids.set('is_small', ids.felt('addr') < bound ? 1n : 0n);
};

const setIs250: Cairo0Hint = ({ ids }) => {
  ids.set('is_250', ids.felt('addr') < 2n ** 250n ? 1n : 0n);
};

const STORAGE_HINTS = new Map<string, Cairo0Hint>([
  [normaliseCode(SET_IS_SMALL), setIsSmall],
  [normaliseCode(SET_IS_250), setIs250],
]);

/** The storage library's hint for this code text, if it is one. */
export function storageHint(code: string): Cairo0Hint | undefined {
  return STORAGE_HINTS.get(normaliseCode(code));
}
