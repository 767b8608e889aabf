import { create } from 'zustand';

/** What the user chose for the next run (cores, variant, mode). One store per concern. */
export const MIN_CORES = 1;
export const MAX_CORES = 128;

export interface RunSettings {
  cores: number;
  setCores: (cores: number) => void;
}

export function clampCores(n: number): number {
  if (!Number.isFinite(n)) return MIN_CORES;
  return Math.min(MAX_CORES, Math.max(MIN_CORES, Math.round(n)));
}

export const useRunSettings = create<RunSettings>((set) => ({
  cores: 4,
  setCores: (cores) => set({ cores: clampCores(cores) }),
}));
