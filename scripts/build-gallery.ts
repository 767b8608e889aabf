/**
 * Builds the block gallery (`public/gallery/`): real public Starknet blocks converted through our
 * own import code (engine/blocks/import) into STM Explorer bundles, plus `index.json`.
 *
 *   node --import tsx scripts/build-gallery.ts [shared-blocks-dir]
 *
 * The raw data is pathfinder's feeder-gateway test fixtures (eqlabs/pathfinder, MIT OR Apache-2.0),
 * copied to ../shared/fixtures/blocks/pathfinder-feeder (see that folder's README). The output is
 * deterministic (no dates), so test/unit/blocks/gallery.test.ts can check that re-running this
 * reproduces the committed files byte for byte.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importBlock, makeBundle, serializeBundle } from '../engine/blocks/import';
import type { GalleryEntry, GalleryIndex } from '../lib/gallery';

const PATHFINDER = {
  repository: 'https://github.com/eqlabs/pathfinder',
  commit: 'afd4b22ed95f07fae70b9a8d88eb2122babc9338',
  root: 'crates/gateway-test-fixtures/fixtures/',
  license: 'MIT OR Apache-2.0',
};

/** Bundles above this size are not shipped (the app downloads the whole file). */
export const MAX_GALLERY_BYTES = 1_000_000;

interface GallerySpec {
  id: string;
  /** The title's start; the version and transaction count are added from the imported block. */
  label: string;
  /**
   * For blocks whose header has no `starknet_version`: the Starknet version of the gateway that
   * served them, as pathfinder's fixture folder names it.
   */
  era?: string;
  network: GalleryEntry['network'];
  /** Paths under the pathfinder fixtures folder (= under shared/fixtures/blocks/pathfinder-feeder). */
  parts: string[];
}

/** Old and current Starknet versions, small and large blocks. */
export const GALLERY_SPECS: GallerySpec[] = [
  {
    id: 'mainnet-2240',
    label: 'Mainnet 2240',
    era: '0.7.0',
    network: 'mainnet',
    parts: ['0.7.0/block/mainnet_2240.json'],
  },
  {
    id: 'mainnet-2500',
    label: 'Mainnet 2500',
    era: '0.8.0',
    network: 'mainnet',
    parts: ['0.8.0/block/mainnet_2500.json'],
  },
  {
    id: 'mainnet-65000',
    label: 'Mainnet 65000',
    network: 'mainnet',
    parts: ['0.11.1/block/mainnet_65000.json'],
  },
  {
    id: 'sepolia-integration-35748',
    label: 'Sepolia integration 35748',
    network: 'sepolia-integration',
    parts: [
      '0.13.2/block/sepolia_integration_35748.json',
      '0.13.2/state_update/sepolia_integration_35748.json',
    ],
  },
  {
    id: 'sepolia-integration-63881',
    label: 'Sepolia integration 63881',
    network: 'sepolia-integration',
    parts: [
      '0.13.4/block/sepolia_integration_63881.json',
      '0.13.4/state_update/sepolia_integration_63881.json',
    ],
  },
  {
    id: 'sepolia-integration-3077642',
    label: 'Sepolia integration 3077642',
    network: 'sepolia-integration',
    parts: ['0.14.1/state_update/sepolia_integration_3077642.json'],
  },
];

const CONVERSION =
  'Parsed and checked by engine/blocks/import (importBlock); the raw feeder documents are kept ' +
  'untouched in an STM Explorer bundle (engine/blocks/import/bundle.ts), written as compact JSON.';

function versionLabel(v: string | undefined, spec: GallerySpec): string {
  if (v) return `Starknet ${v}`;
  if (!spec.era) throw new Error(`${spec.id}: no starknet_version in the header and no era given`);
  return `Starknet ${spec.era} era`;
}

/** One gallery block: its bundle text and index entry. */
function convert(spec: GallerySpec, blocksDir: string): { text: string; entry: GalleryEntry } {
  const docs = spec.parts.map((p) =>
    JSON.parse(readFileSync(resolve(blocksDir, 'pathfinder-feeder', p), 'utf8')),
  );
  const paths = spec.parts.map((p) => PATHFINDER.root + p);
  const bundle = makeBundle(docs, {
    source: { note: `${PATHFINDER.repository} @ ${PATHFINDER.commit}: ${paths.join(', ')}` },
  });
  delete bundle.createdAt; // the output must not depend on when it was built
  const text = serializeBundle(bundle) + '\n';
  const block = importBlock(text); // through our import code: throws on anything it refuses
  if (block.number === undefined) throw new Error(`${spec.id}: the block has no number`);
  return {
    text,
    entry: {
      id: spec.id,
      title: `${spec.label} — ${versionLabel(block.starknetVersion, spec)}, ${block.transactions.length} txs`,
      network: spec.network,
      starknetVersion: block.starknetVersion ?? null,
      blockNumber: block.number,
      txCount: block.transactions.length,
      file: `${spec.id}.json`,
      source: {
        repository: PATHFINDER.repository,
        commit: PATHFINDER.commit,
        paths,
        license: PATHFINDER.license,
        conversion: CONVERSION,
      },
    },
  };
}

/** Every gallery file (name → text), `index.json` included; bundles over the size cap are left out. */
export function buildGallery(blocksDir: string): { files: Map<string, string>; skipped: string[] } {
  const files = new Map<string, string>();
  const skipped: string[] = [];
  const blocks: GalleryEntry[] = [];
  for (const spec of GALLERY_SPECS) {
    const { text, entry } = convert(spec, blocksDir);
    if (Buffer.byteLength(text) > MAX_GALLERY_BYTES) {
      skipped.push(`${spec.id} (${Buffer.byteLength(text)} bytes)`);
      continue;
    }
    files.set(entry.file, text);
    blocks.push(entry);
  }
  const index: GalleryIndex = { version: 1, blocks };
  files.set('index.json', JSON.stringify(index, null, 2) + '\n');
  return { files, skipped };
}

export const GALLERY_DIR = resolve(import.meta.dirname, '../public/gallery');

function main(): void {
  const blocksDir = resolve(
    process.argv[2] ?? resolve(import.meta.dirname, '../../shared/fixtures/blocks'),
  );
  const { files, skipped } = buildGallery(blocksDir);
  mkdirSync(GALLERY_DIR, { recursive: true });
  for (const [name, text] of files) {
    writeFileSync(resolve(GALLERY_DIR, name), text);
    console.log(`${name}: ${Buffer.byteLength(text)} bytes`);
  }
  for (const s of skipped) console.log(`skipped (over ${MAX_GALLERY_BYTES} bytes): ${s}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
