import { create } from 'zustand';
import { request } from '../engine-worker/client';
import type { RunParams, WhatIf, WhatIfSummary } from '../engine-worker/protocol';
import { errorMessage } from '../format';

/** The last what-if asked for (engine/stm/what-if.ts runs it in the engine worker). */
export interface WhatIfState {
  kind: WhatIf | null;
  result: WhatIfSummary | null;
  running: boolean;
  error: string | null;
  /** The run parameters the result belongs to (a new run makes it stale). */
  params: RunParams | null;
  run: (kind: WhatIf, params: RunParams) => Promise<void>;
  clear: () => void;
}

export const useWhatIf = create<WhatIfState>((set, get) => ({
  kind: null,
  result: null,
  running: false,
  error: null,
  params: null,
  run: async (kind, params) => {
    set({ kind, running: true, error: null, params });
    try {
      const result = await request({
        type: 'whatIf',
        kind,
        variant: params.variant,
        cores: params.cores,
        costModel: params.costModel,
        seed: params.seed,
        // the main run's capacity: a what-if of a block the bouncer cut is cut the same way
        ...(params.blockCapacity ? { blockCapacity: params.blockCapacity } : {}),
      });
      // a later click wins
      if (get().kind === kind && get().params === params) set({ result, running: false });
    } catch (e) {
      set({ running: false, error: errorMessage(e) });
    }
  },
  clear: () => set({ kind: null, result: null, running: false, error: null, params: null }),
}));
