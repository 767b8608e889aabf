import { create } from 'zustand';
import type { IsolationStatus } from '../isolation';
import type { ParallelSupport } from '../parallel';

/** Facts about the browser the app runs in (isolation, cores), probed once at start. */
export interface EnvironmentState {
  isolation: IsolationStatus | null;
  setIsolation: (s: IsolationStatus) => void;
  /** lib/parallel's parallelSupport(), read once on the client. */
  parallel: ParallelSupport | null;
  setParallel: (s: ParallelSupport) => void;
}

export const useEnvironment = create<EnvironmentState>((set) => ({
  isolation: null,
  setIsolation: (isolation) => set({ isolation }),
  parallel: null,
  setParallel: (parallel) => set({ parallel }),
}));
