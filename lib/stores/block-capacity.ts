import { create } from 'zustand';
import {
  CapacityInputError,
  DEFAULT_BLOCK_CAPACITY,
  parseBlockCapacity,
  WEIGHT_NAMES,
  type BlockCapacity,
} from '@/engine/stm/bouncer';

/**
 * The block capacity of the next run (the bouncer, engine/stm/bouncer.ts), as the user typed it:
 * the same `name=value,…` text as the CLI's `--block-capacity` (or `default`); empty: none.
 */
export interface BlockCapacityState {
  text: string;
  /**
   * Why the page link's capacity (`?capacity=`) is not valid, until the user edits the text: the
   * control shows it, saying it came from the link.
   */
  linkError: string | null;
  setText: (text: string) => void;
  open: (o: { text: string; linkError: string | null }) => void;
}

export const useBlockCapacity = create<BlockCapacityState>((set) => ({
  text: '',
  linkError: null,
  setText: (text) => set({ text, linkError: null }),
  open: ({ text, linkError }) => set({ text, linkError }),
}));

/** Ready-made capacities for the control's menu (text as typed in the box). */
export const CAPACITY_PRESETS: { label: string; text: string }[] = [
  { label: 'No limit', text: '' },
  { label: 'blockifier 0.20 default', text: 'default' },
  { label: '6 transactions', text: 'n_txs=6' },
  { label: '40 transactions', text: 'n_txs=40' },
  { label: 'state diff 200', text: 'state_diff_size=200' },
  { label: 'Sierra gas 10M', text: 'sierra_gas=10000000' },
];

/** The text parsed: a capacity, none (empty text), or the specific error to show. */
export function capacityFromText(text: string): { capacity?: BlockCapacity; error?: string } {
  if (text.trim() === '') return {};
  try {
    return { capacity: parseBlockCapacity(text) };
  } catch (e) {
    if (e instanceof CapacityInputError)
      return { error: e.message.replace('--block-capacity: ', '') };
    throw e;
  }
}

/**
 * What the control says when its text does not parse (null when it does): the parser's reason,
 * and that runs go without a capacity until it is fixed.
 */
export function capacityErrorText(text: string): string | null {
  const { error } = capacityFromText(text);
  return error ? `${error}. Runs have no block capacity until it is fixed.` : null;
}

/** A capacity as the control's text (`n_txs=6,sierra_gas=…`; blockifier's own: `default`). */
export function capacityText(c: BlockCapacity): string {
  if (WEIGHT_NAMES.every((n) => c[n] === DEFAULT_BLOCK_CAPACITY[n])) return 'default';
  return WEIGHT_NAMES.filter((n) => c[n] !== undefined)
    .map((n) => `${n}=${c[n]}`)
    .join(',');
}

/**
 * The capacity a link records for a run: the run's own, or `none` when the run had none but its
 * preset brings one (so the link does not reopen with the preset's); undefined: nothing to record.
 */
export function linkCapacity(
  run: BlockCapacity | undefined,
  presetOwn: BlockCapacity | undefined,
): string | undefined {
  if (run) return capacityText(run);
  return presetOwn ? 'none' : undefined;
}

/**
 * The control's state when a page opens: the link's capacity (`none`: no capacity; a bad one is
 * kept as typed, with the reason, for the control to show), else the opened preset's own
 * capacity, else none.
 */
export function openingCapacity(
  link: { capacity?: string; capacityError?: string },
  presetOwn: BlockCapacity | undefined,
): { text: string; linkError: string | null } {
  const { capacity, capacityError } = link;
  if (capacity === undefined)
    return { text: presetOwn ? capacityText(presetOwn) : '', linkError: null };
  const linkError = capacityError
    ? `The link's block capacity "${capacity}" is not valid: ${capacityError}. Runs have no block capacity until it is fixed.`
    : null;
  return { text: capacity === 'none' ? '' : capacity, linkError };
}
