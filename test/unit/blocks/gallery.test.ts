import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBlock, isBundle } from '../../../engine/blocks/import';
import { buildGallery, GALLERY_DIR, MAX_GALLERY_BYTES } from '../../../scripts/build-gallery';
import { isGalleryId, type GalleryIndex } from '../../../lib/gallery';
import { haveShared, sharedBlocks } from './helpers';

const itShared = haveShared ? it : it.skip;
const committed = (name: string) => readFileSync(resolve(GALLERY_DIR, name), 'utf8');
const index = JSON.parse(committed('index.json')) as GalleryIndex;

describe('block gallery (public/gallery)', () => {
  it('lists 4–6 blocks, old and current, each with provenance', () => {
    expect(index.version).toBe(1);
    expect(index.blocks.length).toBeGreaterThanOrEqual(4);
    expect(index.blocks.length).toBeLessThanOrEqual(6);
    expect(new Set(index.blocks.map((b) => b.id)).size).toBe(index.blocks.length);
    expect(index.blocks.some((b) => b.starknetVersion === null)).toBe(true);
    expect(index.blocks.some((b) => b.starknetVersion?.startsWith('0.14'))).toBe(true);
    for (const b of index.blocks) {
      expect(isGalleryId(b.id)).toBe(true);
      expect(b.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(b.source.paths.length).toBeGreaterThan(0);
    }
  });

  it.each(index.blocks.map((b) => [b.id, b] as const))(
    '%s re-imports cleanly and matches its index entry',
    (_id, entry) => {
      const text = committed(entry.file);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_GALLERY_BYTES);
      expect(isBundle(JSON.parse(text))).toBe(true);
      const block = importBlock(text);
      expect(block.number).toBe(entry.blockNumber);
      expect(block.transactions).toHaveLength(entry.txCount);
      expect(block.starknetVersion ?? null).toBe(entry.starknetVersion);
      expect(block.transactions.every((t) => t.hash.startsWith('0x'))).toBe(true);
    },
  );

  it('holds only the indexed files', () => {
    const expected = ['index.json', ...index.blocks.map((b) => b.file)].sort();
    expect(readdirSync(GALLERY_DIR).sort()).toEqual(expected);
  });

  itShared('re-running the conversion reproduces the committed files byte for byte', () => {
    const { files } = buildGallery(sharedBlocks);
    expect([...files.keys()].sort()).toEqual(readdirSync(GALLERY_DIR).sort());
    for (const [name, text] of files) expect(text, name).toBe(committed(name));
  });
});
