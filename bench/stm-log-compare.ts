/**
 * Byte-identity check of the simulator against an older revision: every variant on several
 * blocks and core counts, run by the old engine (with its own workloads) and by the working
 * tree's; a SHA-256 of each run's event log (every array and string table), metrics, final
 * state and committed reads and writes must match.
 *
 *   node --import tsx bench/stm-log-compare.ts [old-rev = HEAD]
 *
 * Exits 1 on the first difference. test/unit/stm/digest.test.ts pins small blocks to digests
 * computed long ago; this covers larger ones (the bench's own block among them) and random
 * blocks with blind writes and dynamic read sets, against any revision.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { runBlock, VARIANTS, type BlockExecutor, type RunResult } from '../engine/stm';
import * as wlNew from '../engine/blocks/workloads';
import { blockShapeArb, blockSpec } from '../test/property/random-blocks';
import { loadOldEngine } from './old-engine';

type Workloads = typeof wlNew;

/** The blocks compared, built by one side's workloads. */
function blocks(wl: Workloads): Record<string, () => BlockExecutor> {
  const out: Record<string, () => BlockExecutor> = {
    'p2p-10000-1000': () => wl.p2pTransfers({ n: 10000, accounts: 1000, seed: 7 }),
    'p2p-2000-10-fee': () => wl.p2pTransfers({ n: 2000, accounts: 10, seed: 3, fee: 2n }),
    'amm-800': () => wl.ammSwaps({ n: 800, pools: 4, traders: 50, seed: 5 }),
    'nft-500': () => wl.nftMints({ n: 500, collections: 3, minters: 40, seed: 6 }),
    'mixed-1000': () => wl.mixedBlock({ n: 1000, accounts: 30, seed: 8, fee: 1n }),
    'mixed-costs': () =>
      wl.mixedBlock({ n: 300, accounts: 12, seed: 9, randomCosts: true, initialBalance: 300n }),
    figure1: () => wl.figure1Preset(),
  };
  const shapes = fc.sample(blockShapeArb(40), { seed: 17, numRuns: 12 });
  shapes.forEach((s, i) => (out[`random-${i}`] = () => new wl.SyntheticBlock(blockSpec(s))));
  return out;
}

function digest(r: RunResult): string {
  const h = createHash('sha256');
  const log = r.log as unknown as Record<string, unknown>;
  for (const key of Object.keys(log).sort()) {
    const v = log[key];
    h.update(key);
    if (ArrayBuffer.isView(v)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else h.update(JSON.stringify(v));
  }
  h.update(JSON.stringify(r.metrics));
  h.update([...r.finalState].map(([c, v]) => `${c}=${v}`).join(';'));
  h.update(JSON.stringify(r.committedReads.map((rs) => rs.map((x) => `${x.cell}=${x.value}`))));
  h.update(JSON.stringify(r.committedWrites.map((ws) => ws.map(([c, v]) => `${c}=${v}`))));
  return h.digest('hex').slice(0, 16);
}

async function main() {
  const rev = process.argv[2] ?? 'HEAD';
  const old = await loadOldEngine(rev);
  old.dispose(); // its modules are loaded by now
  const oldBlocks = blocks(old.workloads as Workloads);
  const newBlocks = blocks(wlNew);
  let runs = 0;
  for (const name of Object.keys(newBlocks))
    for (const variant of VARIANTS)
      for (const cores of [1, 4, 32]) {
        const opts = { variant, cores, seed: 11 } as const;
        const a = digest(old.runBlock(oldBlocks[name](), opts));
        const b = digest(runBlock(newBlocks[name](), opts));
        runs++;
        if (a !== b) {
          console.log(`DIFFERENT: ${name} ${variant} ${cores} cores: ${a} vs ${b}`);
          process.exit(1);
        }
      }
  console.log(
    `identical: ${runs} runs (${Object.keys(newBlocks).length} blocks × ${VARIANTS.length} variants × 3 core counts) against ${rev}`,
  );
}

void main();
