import { describe, expect, it } from 'vitest';
import { runBlock, VARIANTS } from '../../../engine/stm';
import { findPreset } from '../../../engine/blocks/catalog';
import {
  capacityFromText,
  capacityText,
  CAPACITY_PRESETS,
} from '../../../lib/stores/block-capacity';
import { blockEndText, excludedTx, haltNarration } from '../../../lib/block-end';

describe('the block-capacity control (lib/stores/block-capacity.ts)', () => {
  it('parses the text as the CLI does; empty means no capacity', () => {
    expect(capacityFromText('')).toEqual({});
    expect(capacityFromText(' n_txs=6 ')).toEqual({ capacity: { n_txs: 6 } });
    expect(capacityFromText('n_txs=six').error).toBe('n_txs="six" is not a number');
    expect(capacityFromText('gas=1').error).toMatch(/^unknown weight "gas"/);
    for (const p of CAPACITY_PRESETS) expect(capacityFromText(p.text).error).toBeUndefined();
  });
  it('writes a capacity back as text', () => {
    expect(capacityText({ sierra_gas: 5e6, n_txs: 40 })).toBe('sierra_gas=5000000,n_txs=40');
    expect(capacityFromText(capacityText({ n_txs: 3, n_events: 2 })).capacity).toEqual({
      n_txs: 3,
      n_events: 2,
    });
  });
});

describe('the seed-bouncer teaching preset', () => {
  const preset = findPreset('seed-bouncer');
  const names = (tx: number) => `tx${tx + 1}`;

  it('blockifier on 5 cores halts at the commit of tx7; the summary says so', () => {
    const r = runBlock(preset.build(), {
      variant: 'blockifier',
      cores: preset.defaultCores,
      costModel: preset.costModel,
      blockCapacity: preset.blockCapacity,
    });
    const end = r.metrics.blockEnd!;
    expect(end).toMatchObject({ included: 6, full: true, exceeded: ['n_txs'] });
    expect(end.haltedAt).toBe(r.metrics.makespan);
    // five cores start txs 1–5 at once; txs 7–9 run speculatively before the halt
    expect(end.excludedExecutions).toBeGreaterThan(0);
    const text = blockEndText(r.metrics, '', names)!;
    expect(text).toMatch(/^Block full at tx7 \(it would exceed n_txs\)/);
    expect(text).toMatch(/thrown away/);
    expect(haltNarration(r.metrics, end.haltedAt!, names)).toMatch(
      /^tx7 passed its commit validation but does not fit/,
    );
    expect(haltNarration(r.metrics, end.haltedAt! - 1, names)).toBeNull();
    expect(excludedTx(r.metrics, 6)).toBe(true);
    expect(excludedTx(r.metrics, 5)).toBe(false);
  });

  it('every variant ends the block at tx7 with the sequential state', () => {
    const seq = runBlock(preset.build(), {
      variant: 'sequential',
      cores: 1,
      blockCapacity: preset.blockCapacity,
    });
    for (const variant of VARIANTS) {
      const r = runBlock(preset.build(), {
        variant,
        cores: 5,
        costModel: preset.costModel,
        blockCapacity: preset.blockCapacity,
      });
      expect(r.metrics.blockEnd!.included, variant).toBe(6);
      expect(r.finalState).toEqual(seq.finalState);
    }
  });

  it('without a capacity there is nothing to say', () => {
    const r = runBlock(preset.build(), { variant: 'blockifier', cores: 5 });
    expect(blockEndText(r.metrics)).toBeNull();
  });
});
