import { create } from 'zustand';
import { request } from '../engine-worker/client';
import type { BlockSummary } from '../engine-worker/protocol';
import { DEFAULT_PRESET_PARAMS, type PresetId, type PresetParams } from '../presets';
import { fetchGalleryBlock, fetchGalleryIndex, type GalleryEntry } from '../gallery';

/** The block being explored: where it came from and its summary (the worker holds the data). */
export interface BlockState {
  summary: BlockSummary | null;
  presetId: PresetId | null;
  presetParams: PresetParams;
  /** The gallery block loaded (its id, for `?block=` links), or null. */
  galleryId: string | null;
  /** The gallery's blocks once its index was fetched (`loadGalleryIndex`). */
  gallery: GalleryEntry[] | null;
  loading: boolean;
  progress: { done: number; total: number; message?: string } | null;
  error: string | null;
  /** Increases with every successfully loaded block (runs compare it to know they are stale). */
  version: number;
  loadPreset: (id: PresetId, params?: Partial<PresetParams>) => Promise<boolean>;
  importJson: (text: string, name?: string) => Promise<boolean>;
  /** Fetch the gallery's index (once); a failure is shown as `error`. */
  loadGalleryIndex: () => Promise<void>;
  /** Load a gallery block (fetched from `/gallery/`) through the same import as pasted JSON. */
  loadGallery: (id: string) => Promise<boolean>;
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
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  async function load(
    req: Parameters<typeof request>[0],
    origin: { presetId?: PresetId; galleryId?: string },
    params?: PresetParams,
  ): Promise<boolean> {
    set({ loading: true, error: null, progress: null });
    try {
      const summary = (await request(req, (done, total, message) =>
        set({ progress: { done, total, message } }),
      )) as BlockSummary;
      set((s) => ({
        summary,
        presetId: origin.presetId ?? null,
        galleryId: origin.galleryId ?? null,
        presetParams: params ?? s.presetParams,
        loading: false,
        progress: null,
        version: s.version + 1,
      }));
      return true;
    } catch (e) {
      set({ loading: false, progress: null, error: message(e) });
      return false;
    }
  }
  return {
    summary: null,
    presetId: null,
    presetParams: DEFAULT_PRESET_PARAMS,
    galleryId: null,
    gallery: null,
    loading: false,
    progress: null,
    error: null,
    version: 0,
    loadPreset: (id, params) => {
      const p = { ...get().presetParams, ...(params ?? {}) };
      return load({ type: 'loadPreset', id, params: p }, { presetId: id }, p);
    },
    importJson: (text, name) => load({ type: 'importJson', text, name }, {}),
    loadGalleryIndex: async () => {
      try {
        set({ gallery: (await fetchGalleryIndex()).blocks });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    loadGallery: async (id) => {
      set({ loading: true, error: null, progress: null });
      let got: Awaited<ReturnType<typeof fetchGalleryBlock>>;
      try {
        got = await fetchGalleryBlock(id);
      } catch (e) {
        set({ loading: false, error: message(e) });
        return false;
      }
      const req = { type: 'importJson' as const, text: got.text, name: got.entry.title };
      return load(req, { galleryId: id });
    },
    fetchRpc: (url, blockId, opts) => load({ type: 'fetchRpc', url, blockId, ...opts }, {}),
    savedReexecution: () => request({ type: 'savedReexecution' }),
  };
});
