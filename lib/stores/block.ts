import { create, type StoreApi } from 'zustand';
import { EngineError, request } from '../engine-worker/client';
import type { BlockSummary } from '../engine-worker/protocol';
import { DEFAULT_PRESET_PARAMS, type PresetId, type PresetParams } from '../presets';
import { fetchGalleryBlock, fetchGalleryIndex, type GalleryEntry } from '../gallery';
import { errorMessage } from '../format';

/** What a TX_HASH_MISMATCH means, for people who did not write the import. */
export const HASH_MISMATCH_HELP =
  'A transaction in this block does not match its hash. Every transaction’s hash is computed ' +
  'from its contents and the chain it belongs to; here they differ, so the block was edited or ' +
  'made up, or it is from a chain that was not tried. You can still import it without checking ' +
  'the hashes, but then nothing shows that its transactions are really the chain’s.';

type BlockRequest = Parameters<typeof request>[0];
type Origin = { presetId?: PresetId; galleryId?: string };
type SetBlock = StoreApi<BlockState>['setState'];
type GetBlock = StoreApi<BlockState>['getState'];

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
  /** The error in plain words, when the engine's message needs it (a hash mismatch). */
  errorHelp: string | null;
  /** The last import failed its transaction-hash check: it can be repeated without the check. */
  canImportUnchecked: boolean;
  /** Repeat the import that failed its hash check, with the check off (false if there is none). */
  importWithoutHashCheck: () => Promise<boolean>;
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

/**
 * What the actions share: the store's `set`/`get`, and the import that failed its hash check
 * (kept outside the state, to repeat it unchecked).
 */
interface BlockCtx {
  set: SetBlock;
  get: GetBlock;
  failedCheck: { req: BlockRequest; origin: Origin } | null;
}

/** The error fields of a fresh attempt (spread into every `set` that starts or fails one). */
const CLEARED = { error: null, errorHelp: null, canImportUnchecked: false };

/** The state before any block is loaded. */
const INITIAL = {
  summary: null,
  presetId: null,
  presetParams: DEFAULT_PRESET_PARAMS,
  galleryId: null,
  gallery: null,
  loading: false,
  progress: null,
  ...CLEARED,
  version: 0,
} satisfies Partial<BlockState>;

/** Only imports check transaction hashes, so only their mismatch can be retried unchecked. */
function isHashMismatch(e: unknown, req: BlockRequest): boolean {
  return (
    e instanceof EngineError &&
    e.code === 'TX_HASH_MISMATCH' &&
    (req.type === 'importJson' || req.type === 'fetchRpc')
  );
}

/** A failure: a hash mismatch of an import can be retried without the check. */
function failed(ctx: BlockCtx, e: unknown, req: BlockRequest, origin: Origin): void {
  const mismatch = isHashMismatch(e, req);
  ctx.failedCheck = mismatch ? { req, origin } : null;
  ctx.set({
    loading: false,
    progress: null,
    error: errorMessage(e),
    errorHelp: mismatch ? HASH_MISMATCH_HELP : null,
    canImportUnchecked: mismatch,
  });
}

/** Every way of loading a block ends here: one worker request, its progress, then the summary. */
async function load(
  ctx: BlockCtx,
  req: BlockRequest,
  origin: Origin,
  params?: PresetParams,
): Promise<boolean> {
  const { set } = ctx;
  ctx.failedCheck = null;
  set({ loading: true, progress: null, ...CLEARED });
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
    failed(ctx, e, req, origin);
    return false;
  }
}

/** A preset, with `params` over the last ones used (so a slider change keeps the others). */
function loadPreset(ctx: BlockCtx, id: PresetId, params?: Partial<PresetParams>): Promise<boolean> {
  const p = { ...ctx.get().presetParams, ...(params ?? {}) };
  return load(ctx, { type: 'loadPreset', id, params: p }, { presetId: id }, p);
}

async function loadGalleryIndex(set: SetBlock): Promise<void> {
  try {
    set({ gallery: (await fetchGalleryIndex()).blocks });
  } catch (e) {
    set({ ...CLEARED, error: errorMessage(e) });
  }
}

/** Fetched first (shown as loading too), then imported like pasted JSON. */
async function loadGallery(ctx: BlockCtx, id: string): Promise<boolean> {
  const { set } = ctx;
  set({ loading: true, progress: null, ...CLEARED });
  let got: Awaited<ReturnType<typeof fetchGalleryBlock>>;
  try {
    got = await fetchGalleryBlock(id);
  } catch (e) {
    set({ loading: false, ...CLEARED, error: errorMessage(e) });
    return false;
  }
  const req = { type: 'importJson' as const, text: got.text, name: got.entry.title };
  return load(ctx, req, { galleryId: id });
}

async function importWithoutHashCheck(ctx: BlockCtx): Promise<boolean> {
  const f = ctx.failedCheck;
  if (!f || (f.req.type !== 'importJson' && f.req.type !== 'fetchRpc')) return false;
  return load(ctx, { ...f.req, verifyTxHashes: false }, f.origin);
}

export const useBlock = create<BlockState>((set, get) => {
  const ctx: BlockCtx = { set, get, failedCheck: null };
  return {
    ...INITIAL,
    loadPreset: (id, params) => loadPreset(ctx, id, params),
    importJson: (text, name) => load(ctx, { type: 'importJson', text, name }, {}),
    loadGalleryIndex: () => loadGalleryIndex(set),
    loadGallery: (id) => loadGallery(ctx, id),
    fetchRpc: (url, blockId, opts) => load(ctx, { type: 'fetchRpc', url, blockId, ...opts }, {}),
    importWithoutHashCheck: () => importWithoutHashCheck(ctx),
    savedReexecution: () => request({ type: 'savedReexecution' }),
  };
});
