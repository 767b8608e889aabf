/** Messages between the page (lib/stores/range.ts) and the range worker (range.worker.ts). */
import type { RangeErrorCode, RangeProgress, RangeReport } from '@/engine/blocks/range';
import type { Variant } from '@/engine/stm/types';

export interface RangeRequestArgs {
  url: string;
  from: number;
  to: number;
  cores: number[];
  variants: Variant[];
  seed: number;
}

export type RangeRequest =
  | ({ type: 'start'; id: number } & RangeRequestArgs)
  | { type: 'cancel'; id: number }
  | { type: 'clear-cache'; id: number };

export type RangeReply =
  | ({ type: 'progress'; id: number } & RangeProgress)
  | { type: 'done'; id: number; report: RangeReport }
  | { type: 'cleared'; id: number }
  | { type: 'error'; id: number; code: RangeErrorCode | 'INTERNAL'; message: string };
