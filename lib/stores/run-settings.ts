import { create } from 'zustand';
import { VARIANTS, type CostModel, type Variant } from '@/engine/stm/types';

/** What the user chose for the next run (cores, variant, mode, cost model). One store per concern. */
export const MIN_CORES = 1;
export const MAX_CORES = 128;

/**
 * `selective` re-executes the same transactions as Block-STM (version validation already limits
 * re-execution to the transitive readers of an aborted write); it only aborts them at once, so
 * its numbers equal Block-STM's up to timing (engine/stm/README.md "Variants"). Labelled so.
 */
export const VARIANT_LABELS: Record<Variant, string> = {
  'block-stm': 'Block-STM',
  naive: 'Naive: re-execute all later txs',
  selective: 'Selective re-execution (= Block-STM, eager aborts)',
  'commit-as-you-go': 'Commit as you go',
  'abort-on-dependency': 'Abort a running tx on a dependency',
  blockifier: 'Blockifier (Starknet sequencer)',
  oracle: 'Oracle (graph known in advance)',
  sequential: 'Sequential',
};

export const SHORT_VARIANT_LABELS: Record<Variant, string> = {
  'block-stm': 'Block-STM',
  naive: 'Naive',
  selective: 'Selective (= Block-STM)',
  'commit-as-you-go': 'Commit-as-you-go',
  'abort-on-dependency': 'Abort-on-dependency',
  blockifier: 'Blockifier',
  oracle: 'Oracle',
  sequential: 'Sequential',
};

export type RunMode = 'simulated' | 'workers';

export interface RunSettings {
  cores: number;
  variant: Variant;
  mode: RunMode;
  /** Web Workers of a real run (default navigator.hardwareConcurrency, set on mount). */
  workers: number;
  /** Overrides of the preset's cost model (empty = the preset's own). */
  costModel: Partial<CostModel>;
  seed: number;
  /** Compare view: a second run of the same block. */
  compare: boolean;
  variantB: Variant;
  coresB: number;
  setCores: (cores: number) => void;
  setVariant: (v: Variant) => void;
  setMode: (m: RunMode) => void;
  setWorkers: (n: number) => void;
  setCost: (key: keyof CostModel, value: number) => void;
  resetCost: (model: CostModel) => void;
  setCompare: (on: boolean) => void;
  setVariantB: (v: Variant) => void;
  setCoresB: (n: number) => void;
}

export function clampCores(n: number): number {
  if (!Number.isFinite(n)) return MIN_CORES;
  return Math.min(MAX_CORES, Math.max(MIN_CORES, Math.round(n)));
}

export function isVariant(v: unknown): v is Variant {
  return typeof v === 'string' && (VARIANTS as readonly string[]).includes(v);
}

export const useRunSettings = create<RunSettings>((set) => ({
  cores: 4,
  variant: 'block-stm',
  mode: 'simulated',
  workers: 2,
  costModel: {},
  seed: 1,
  compare: false,
  variantB: 'naive',
  coresB: 4,
  setCores: (cores) => set({ cores: clampCores(cores) }),
  setVariant: (variant) => set({ variant }),
  setMode: (mode) => set({ mode }),
  setWorkers: (n) => set({ workers: clampCores(n) }),
  setCost: (key, value) =>
    set((s) => ({
      costModel: { ...s.costModel, [key]: Number.isFinite(value) && value >= 0 ? value : 0 },
    })),
  resetCost: (model) => set({ costModel: { ...model } }),
  setCompare: (compare) => set({ compare }),
  setVariantB: (variantB) => set({ variantB }),
  setCoresB: (n) => set({ coresB: clampCores(n) }),
}));
