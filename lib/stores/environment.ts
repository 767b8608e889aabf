import { create } from 'zustand';
import type { IsolationStatus } from '../isolation';

/** Facts about the browser the app runs in (isolation, cores), probed once at start. */
export interface EnvironmentState {
  isolation: IsolationStatus | null;
  setIsolation: (s: IsolationStatus) => void;
}

export const useEnvironment = create<EnvironmentState>((set) => ({
  isolation: null,
  setIsolation: (isolation) => set({ isolation }),
}));
