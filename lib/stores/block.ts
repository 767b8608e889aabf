import { create } from 'zustand';
import { request } from '../engine-worker/client';
import type { BlockSummary } from '../engine-worker/protocol';
import { DEFAULT_PRESET_PARAMS, type PresetId, type PresetParams } from '../presets';

/** The block being explored: where it came from and its summary (the worker holds the data). */
export interface BlockState {
  summary: BlockSummary | null;
  presetId: PresetId | null;
  presetParams: PresetParams;
  loading: boolean;
  progress: { done: number; total: number; message?: string } | null;
  error: string | null;
  /** Increases with every successfully loaded block (runs compare it to know they are stale). */
  version: number;
  loadPreset: (id: PresetId, params?: Partial<PresetParams>) => Promise<boolean>;
  importJson: (text: string, name?: string) => Promise<boolean>;
  fetchRpc: (
    url: string,
    blockId: number | 'latest',
    opts?: { exact?: boolean; maxRequests?: number },
  ) => Promise<boolean>;
  /**
   * The loaded block's re-execution as a file (JSON text: block, findings, pre-state, classes;
   * importing it again needs no RPC node), or null when the block was not re-executed.
   */
  savedReexecution: () => Promise<string | null>;
}

export const useBlock = create<BlockState>((set, get) => {
  async function load(
    req: Parameters<typeof request>[0],
    presetId: PresetId | null,
    params?: PresetParams,
  ): Promise<boolean> {
    set({ loading: true, error: null, progress: null });
    try {
      const summary = (await request(req, (done, total, message) =>
        set({ progress: { done, total, message } }),
      )) as BlockSummary;
      set((s) => ({
        summary,
        presetId,
        presetParams: params ?? s.presetParams,
        loading: false,
        progress: null,
        version: s.version + 1,
      }));
      return true;
    } catch (e) {
      set({ loading: false, progress: null, error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }
  return {
    summary: null,
    presetId: null,
    presetParams: DEFAULT_PRESET_PARAMS,
    loading: false,
    progress: null,
    error: null,
    version: 0,
    loadPreset: (id, params) => {
      const p = { ...get().presetParams, ...(params ?? {}) };
      return load({ type: 'loadPreset', id, params: p }, id, p);
    },
    importJson: (text, name) => load({ type: 'importJson', text, name }, null),
    fetchRpc: (url, blockId, opts) => load({ type: 'fetchRpc', url, blockId, ...opts }, null),
    savedReexecution: () => request({ type: 'savedReexecution' }),
  };
});
