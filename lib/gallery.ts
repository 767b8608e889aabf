/**
 * The gallery: real Starknet blocks shipped with the app under `public/gallery/`, each one our own
 * conversion (scripts/build-gallery.ts, through engine/blocks/import) of public feeder-gateway
 * data. The app fetches them from `/gallery/…`, so no RPC node and no shared fixtures are needed.
 */

/** One entry of `public/gallery/index.json`. */
export interface GalleryEntry {
  /** Stable id, used in `?block=<id>` links and as the file stem. */
  id: string;
  title: string;
  network: 'mainnet' | 'sepolia-integration';
  /** From the block header; null for blocks older than Starknet 0.9.1 (no version in the header). */
  starknetVersion: string | null;
  blockNumber: number;
  txCount: number;
  /** File name under `/gallery/`: an STM Explorer bundle (engine/blocks/import/bundle.ts). */
  file: string;
  /** Where the raw data came from (repository, commit, paths, licence). */
  source: GallerySource;
}

export interface GallerySource {
  repository: string;
  commit: string;
  paths: string[];
  license: string;
  /** What we did with it. */
  conversion: string;
}

export interface GalleryIndex {
  version: 1;
  blocks: GalleryEntry[];
}

export const GALLERY_BASE = '/gallery/';
export const GALLERY_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isGalleryId(v: unknown): v is string {
  return typeof v === 'string' && GALLERY_ID_RE.test(v);
}

/** The gallery's index (fetched once per page load). */
let indexPromise: Promise<GalleryIndex> | null = null;
export function fetchGalleryIndex(): Promise<GalleryIndex> {
  indexPromise ??= fetch(`${GALLERY_BASE}index.json`).then(async (r) => {
    if (!r.ok) throw new Error(`the block gallery is unavailable (HTTP ${r.status})`);
    return (await r.json()) as GalleryIndex;
  });
  indexPromise.catch(() => (indexPromise = null));
  return indexPromise;
}

/** A gallery block's entry and bundle text; a clear error for an unknown id. */
export async function fetchGalleryBlock(
  id: string,
): Promise<{ entry: GalleryEntry; text: string }> {
  const index = await fetchGalleryIndex();
  const entry = index.blocks.find((b) => b.id === id);
  if (!entry) {
    const known = index.blocks.map((b) => b.id).join(', ');
    throw new Error(`no gallery block "${id}" (the gallery has: ${known})`);
  }
  const r = await fetch(`${GALLERY_BASE}${entry.file}`);
  if (!r.ok) throw new Error(`gallery block "${id}" could not be loaded (HTTP ${r.status})`);
  return { entry, text: await r.text() };
}
