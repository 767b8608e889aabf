import { describe, expect, it } from 'vitest';
import { runBlock, VARIANTS } from '../../../engine/stm';
import { findPreset } from '../../../engine/blocks/catalog';
import {
  capacityErrorText,
  capacityFromText,
  capacityText,
  CAPACITY_PRESETS,
  linkCapacity,
  openingCapacity,
} from '../../../lib/stores/block-capacity';
import { formatUrlState, parseUrlState } from '../../../lib/url-state';
import { parseBlockCapacity } from '../../../engine/stm/bouncer';
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

describe('the block capacity in the page link (lib/url-state.ts)', () => {
  it('writes the CLI text readably and reads it back', () => {
    const cap = { n_txs: 40, sierra_gas: 5e6 };
    const u = formatUrlState({ preset: 'seed-bouncer', cores: 5, capacity: capacityText(cap) });
    expect(u).toBe('?preset=seed-bouncer&cores=5&capacity=sierra_gas=5000000,n_txs=40');
    const back = parseUrlState(u);
    expect(back).toEqual({
      preset: 'seed-bouncer',
      cores: 5,
      capacity: 'sierra_gas=5000000,n_txs=40',
      problems: [],
    });
    expect(capacityFromText(back.capacity!).capacity).toEqual(cap);
    // what a browser makes of the address: the same
    expect(parseUrlState(new URL('http://x/' + u).search)).toEqual(back);
  });

  it('keeps a "+" of an exponent and the default capacity as "default"', () => {
    const big = { sierra_gas: 1e21 };
    const u = formatUrlState({ capacity: capacityText(big) });
    expect(u).toBe('?capacity=sierra_gas=1e%2B21');
    expect(capacityFromText(parseUrlState(u).capacity!).capacity).toEqual(big);
    expect(capacityText(parseBlockCapacity('default'))).toBe('default');
    expect(parseUrlState(formatUrlState({ capacity: 'default' }))).toEqual({
      capacity: 'default',
      problems: [],
    });
    // percent-encoded by another tool: read the same
    expect(parseUrlState('?capacity=n_txs%3D6%2Cn_events%3D2').capacity).toBe('n_txs=6,n_events=2');
  });

  it('a bad capacity is kept with the parser’s reason, never dropped', () => {
    expect(parseUrlState('?preset=seed-abc&capacity=n_txs=six')).toEqual({
      preset: 'seed-abc',
      capacity: 'n_txs=six',
      capacityError: 'n_txs="six" is not a number',
      problems: [],
    });
    expect(parseUrlState('?capacity=gas=1').capacityError).toMatch(/^unknown weight "gas"/);
    expect(parseUrlState('?capacity=n_txs=-1').capacityError).toBe('n_txs=-1 is negative');
    expect(parseUrlState('?capacity=').capacityError).toMatch(/^empty/);
    expect(parseUrlState('?capacity=none')).toEqual({ capacity: 'none', problems: [] });
  });

  it('the page opens with the link’s capacity, a bad one with its reason, else the preset’s', () => {
    const own = { n_txs: 6 };
    expect(openingCapacity(parseUrlState('?capacity=n_txs=40'), own)).toEqual({
      text: 'n_txs=40',
      linkError: null,
    });
    expect(openingCapacity(parseUrlState('?capacity=none'), own)).toEqual({
      text: '',
      linkError: null,
    });
    expect(openingCapacity({}, own)).toEqual({ text: 'n_txs=6', linkError: null });
    expect(openingCapacity({}, undefined)).toEqual({ text: '', linkError: null });
    const bad = openingCapacity(parseUrlState('?capacity=n_txs=six'), own);
    expect(bad.text).toBe('n_txs=six');
    expect(bad.linkError).toBe(
      `The link's block capacity "n_txs=six" is not valid: n_txs="six" is not a number. Runs have no block capacity until it is fixed.`,
    );
  });

  it('a run records its capacity, or "none" when its preset brings one it did not use', () => {
    expect(linkCapacity({ n_txs: 6 }, undefined)).toBe('n_txs=6');
    expect(linkCapacity(undefined, { n_txs: 6 })).toBe('none');
    expect(linkCapacity(undefined, undefined)).toBeUndefined();
    expect(capacityErrorText('n_txs=')).toBe(
      'n_txs="" is not a number. Runs have no block capacity until it is fixed.',
    );
    expect(capacityErrorText('n_txs=3')).toBeNull();
  });
});
