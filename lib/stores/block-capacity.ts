import { create } from 'zustand';
import {
  CapacityInputError,
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
  setText: (text: string) => void;
}

export const useBlockCapacity = create<BlockCapacityState>((set) => ({
  text: '',
  setText: (text) => set({ text }),
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

/** A capacity as the control's text (`n_txs=6,sierra_gas=…`). */
export function capacityText(c: BlockCapacity): string {
  return WEIGHT_NAMES.filter((n) => c[n] !== undefined)
    .map((n) => `${n}=${c[n]}`)
    .join(',');
}
