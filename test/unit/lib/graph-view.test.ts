import { describe, expect, it } from 'vitest';
import { columnRadius, columnShowsNodes, layoutGraph, MAX_ROWS } from '../../../lib/graph-layout';
import { searchTransactions } from '../../../lib/graph-search';
import { cellAccessors, summarize } from '../../../lib/engine-worker/compute';
import { p2pTransfers } from '../../../engine/blocks/workloads/generators';

describe('graph layout', () => {
  // one column of 3,000 transactions and 50 columns of 2
  const n = 3100;
  const level = new Int32Array(n);
  for (let i = 3000; i < n; i++) level[i] = 1 + ((i - 3000) >> 1);
  const L = layoutGraph(level, 51, n);

  it('caps the height and squeezes only the columns that need it', () => {
    expect(L.height).toBeLessThanOrEqual(MAX_ROWS * (2 * L.r + 2) + 1e-6);
    expect(L.colSpacing[0]).toBeLessThan(L.colSpacing[1]);
    expect(L.colSpacing[1]).toBe(2 * L.r + 2); // natural spacing
    // nodes stay inside the layout and in index order within their column
    for (let i = 0; i < n; i++) expect(L.y[i]).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < 3000; i++) expect(L.y[i]).toBeGreaterThan(L.y[i - 1]);
  });

  it('draws a dense column as a bar until the zoom spreads its nodes apart', () => {
    const fit = 0.5;
    expect(columnShowsNodes(L, 0, fit)).toBe(false);
    expect(columnShowsNodes(L, 1, fit)).toBe(true);
    const k = 4 / L.colSpacing[0];
    expect(columnShowsNodes(L, 0, k)).toBe(true);
    // neighbours never overlap once shown
    expect(2 * columnRadius(L, 0, k)).toBeLessThan(L.colSpacing[0] * k);
  });

  it('stretches a wide, flat graph to the view aspect (within limits)', () => {
    const lv = new Int32Array(200).map((_, i) => i >> 1); // 100 columns of 2
    const flat = layoutGraph(lv, 100, 200);
    const tall = layoutGraph(lv, 100, 200, 0.4);
    expect(flat.height / flat.width).toBeLessThan(0.1);
    expect(tall.height).toBeLessThanOrEqual(flat.height * 8);
    expect(tall.height).toBeGreaterThan(flat.height * 4);
    expect(tall.colSpacing[0]).toBeGreaterThan(flat.colSpacing[0]);
    expect(tall.x).toEqual(flat.x);
  });

  it('lays out 5,000 transactions quickly', () => {
    const lv = new Int32Array(5000).map((_, i) => i % 97);
    const t0 = performance.now();
    for (let r = 0; r < 20; r++) layoutGraph(lv, 97, 5000);
    expect((performance.now() - t0) / 20).toBeLessThan(20);
  });
});

describe('graph search', () => {
  const summary = {
    txLabels: ['tx 0 invoke 0xabc…1234 from 0x49d3…', 'tx 1 declare', 'tx 2 invoke'],
    txKeys: ['0xabc0001234 0x49d36 0x7', '0x99 0x7', '0xdef 0x8'],
  };
  it('finds by index', () => {
    expect(searchTransactions('#2', summary, 3)).toEqual([2]);
    expect(searchTransactions('1', summary, 3)).toEqual([1]);
    expect(searchTransactions('tx 9', summary, 3)).toEqual([]);
  });
  it('finds by hash, sender or contract, leading zeros ignored', () => {
    expect(searchTransactions('0x00049d36', summary, 3)).toEqual([0]);
    expect(searchTransactions('0x7', summary, 3)).toEqual([0, 1]);
    expect(searchTransactions('0X0001234', summary, 3)).toEqual([]); // too short to match inside
    expect(searchTransactions('0xc0001234', summary, 3)).toEqual([0]); // 8+ digits: anywhere
  });
  it('falls back to the labels', () => {
    expect(searchTransactions('DECLARE', summary, 3)).toEqual([1]);
    expect(searchTransactions('', summary, 3)).toEqual([]);
  });
  it('summaries carry each transaction contracts for the search', () => {
    const block = p2pTransfers({ n: 3, seed: 1, accounts: 4 });
    const s = summarize(block, { source: 'preset', title: 't', teaching: false }, [
      { reads: ['s:0xa000:0x1001'], writes: ['n:0x1001'] },
      { reads: [], writes: [] },
      { reads: ['s:0xa000:0x1002'], writes: [] },
    ]);
    expect(s.txKeys).toEqual(['0xa000 0x1001', '', '0xa000']);
    expect(searchTransactions('0x1001', s, 3)).toEqual([0]);
  });
});

describe('hotspot readers and writers', () => {
  it('lists who read and who wrote or credited a cell', () => {
    const who = cellAccessors(
      [
        { reads: ['x'], writes: [['x', 1n]] },
        { reads: ['y'], writes: [], credits: ['x'] },
        { reads: ['x', 'x'], writes: ['y'] },
      ],
      ['x'],
    );
    expect(who.get('x')).toEqual({ readers: [0, 2], writers: [0, 1] });
  });
});

describe('statesCursor', () => {
  it('equals statesAt forwards, and after a step back', async () => {
    const { runBlock } = await import('../../../engine/stm');
    const { buildLogModel, statesAt, statesCursor } = await import('../../../lib/timeline-model');
    const block = p2pTransfers({ n: 300, seed: 4, accounts: 30 });
    const m = buildLogModel(runBlock(block, { variant: 'block-stm', cores: 8 }).log);
    const cur = statesCursor(m);
    const ref = new Uint8Array(300);
    const times = [0, 0.1, 0.3, 0.3, 0.7, 0.2, 0.9, 1, 0.5].map((f) => f * m.makespan);
    for (const t of times) expect([...cur(t)]).toEqual([...statesAt(m, t, ref)]);
  });
});
