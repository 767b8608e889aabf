/**
 * Which transactions of the real blocks in ../shared/fixtures (pathfinder's feeder fixtures)
 * re-execution runs on the Cairo VM and which fall back, and why (tx-kinds.ts): the table in
 * engine/blocks/reexecute/README.md ("Limits"). Feeder fields are mapped to the JSON-RPC shape
 * (INVOKE_FUNCTION → INVOKE, resource names lower-cased; a DEPLOY_ACCOUNT's address, which RPC
 * gives in the receipt, is the feeder transaction's `contract_address`). Whether a run then
 * reproduces the block exactly needs the node's pre-state, which the fixtures do not have.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnableTx, versionFallback } from '../../../engine/blocks/reexecute/tx-kinds';

const blocks = resolve(__dirname, '../../../../shared/fixtures/blocks/pathfinder-feeder');
const have = existsSync(blocks);

function feederToRpc(t: Record<string, unknown>): Record<string, unknown> {
  const rb = t.resource_bounds as Record<string, unknown> | undefined;
  return {
    ...t,
    type: t.type === 'INVOKE_FUNCTION' ? 'INVOKE' : t.type,
    version: t.version ?? '0x0',
    ...(rb
      ? {
          resource_bounds: Object.fromEntries(
            Object.entries(rb).map(([k, v]) => [k.toLowerCase(), v]),
          ),
        }
      : {}),
  };
}

/** Per block: how many transactions run, and how many fall back for each reason. */
function classify(file: string): {
  version?: string;
  run: number;
  fallback: Record<string, number>;
} {
  const doc = JSON.parse(readFileSync(resolve(blocks, file), 'utf8'));
  const b = doc.block ?? doc;
  const tooOld = versionFallback(b.starknet_version);
  const out = { version: b.starknet_version, run: 0, fallback: {} as Record<string, number> };
  for (const t of b.transactions as Record<string, unknown>[]) {
    const r = runnableTx(
      { transaction: feederToRpc(t), receipt: { contract_address: t.contract_address } },
      String(t.transaction_hash),
      0n,
    );
    const why = tooOld ?? ('unsupported' in r ? r.unsupported : undefined);
    if (why === undefined) out.run++;
    else out.fallback[why] = (out.fallback[why] ?? 0) + 1;
  }
  return out;
}

const DEPLOY = 'blockifier 0.20 does not execute DEPLOY transactions';

describe.skipIf(!have)('transaction kinds of the real fixture blocks', () => {
  it('0.13.x blocks: every transaction runs (INVOKE v1/v3, DECLARE v2)', () => {
    expect(classify('0.13.1/state_update_with_block/sepolia_integration_9703.json')).toEqual({
      version: '0.13.1',
      run: 4,
      fallback: {},
    });
    expect(classify('0.13.1/state_update_with_block/sepolia_integration_pending.json')).toEqual({
      version: '0.13.1',
      run: 3,
      fallback: {},
    });
    // two DECLARE v2 (Cairo 1 classes with their compiled class hash): fell back before
    expect(classify('0.13.2/block/sepolia_integration_35748.json')).toEqual({
      version: '0.13.2',
      run: 2,
      fallback: {},
    });
    expect(classify('0.13.4/block/sepolia_integration_63881.json')).toEqual({
      version: '0.13.4',
      run: 4,
      fallback: {},
    });
  });

  it('0.14.x blocks are unchanged: every INVOKE v3 runs', () => {
    expect(classify('0.14.0/preconfirmed_block/sepolia_integration_955821.json').run).toBe(9);
    expect(classify('0.14.1/state_update/sepolia_integration_3077642.json').run).toBe(201);
  });

  it('a 0.11.1 block falls back whole: blockifier has no constants before 0.13.0', () => {
    expect(classify('0.11.1/block/mainnet_65000.json')).toEqual({
      version: '0.11.1',
      run: 0,
      fallback: {
        'Starknet 0.11.1: no versioned constants before 0.13.0, as in blockifier 0.20': 236,
      },
    });
  });

  it('blocks with no starknet_version (mainnet before 0.9.1): DEPLOYs fall back, INVOKE v0 and L1 handlers run', () => {
    expect(classify('0.7.0/block/mainnet_2240.json')).toEqual({
      version: undefined,
      run: 166,
      fallback: { [DEPLOY]: 132 },
    });
    expect(classify('0.8.0/block/mainnet_2500.json')).toEqual({
      version: undefined,
      run: 224,
      fallback: { [DEPLOY]: 202 },
    });
    expect(classify('0.9.0/block/mainnet_2800.json')).toEqual({
      version: undefined,
      run: 56,
      fallback: { [DEPLOY]: 128 },
    });
  });
});
