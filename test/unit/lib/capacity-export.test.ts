import { describe, expect, it } from 'vitest';
import { buildPreset, type PresetParams } from '@/lib/presets';
import { execute } from '@/lib/engine-worker/compute';
import type { RunParams } from '@/lib/engine-worker/protocol';
import { metricsCsv, runToJson } from '@/lib/export/export';
import type { RunMetrics } from '@/engine/stm';

const PARAMS: PresetParams = { n: 60, contention: 0.5, seed: 1 };
const block = () => buildPreset('p2p', PARAMS);
const CAP = { n_txs: 20 };
const base: RunParams = { variant: 'blockifier', cores: 4, costModel: {}, seed: 1 };
const withCap: RunParams = { ...base, blockCapacity: CAP };

describe('exports carry the capacity and where the block ended', () => {
  const m = (p: RunParams) => execute(block(), p).metrics;
  const csvRows = (ms: RunMetrics[]) => {
    const [head, ...rows] = metricsCsv(ms).trim().split('\n');
    const cols = head.split(',');
    return rows.map((r) => {
      // the capacity field is quoted when it holds a comma
      const cells = r.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
      return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
    });
  };

  it('CSV: the capacity (as the CLI writes it), transactions in the block, full, exceeded', () => {
    const two = { n_txs: 20, sierra_gas: 1e9 };
    const [a, b, c] = csvRows([m(withCap), m({ ...base, blockCapacity: two }), m(base)]);
    expect(a).toMatchObject({
      blockCapacity: 'n_txs=20',
      included: '20',
      blockFull: 'true',
      exceeded: 'n_txs',
    });
    expect(b.blockCapacity).toBe('"sierra_gas=1000000000,n_txs=20"');
    expect(c).toMatchObject({ blockCapacity: '', included: '', blockFull: '', exceeded: '' });
  });

  it('JSON: the run’s parameters with the capacity, and the metrics with blockEnd', () => {
    const r = execute(block(), withCap);
    const payload = {
      params: withCap,
      log: r.log,
      metrics: r.metrics,
      cellNames: r.log.cells,
      graph: {
        columns: 0,
        level: new Int32Array(),
        edgeFrom: new Int32Array(),
        edgeTo: new Int32Array(),
        edgeCell: new Int32Array(),
        edgeCellKeys: [],
        edgeCellNames: [],
        edgeCellCount: [],
        criticalPath: new Int32Array(),
        criticalLength: 0,
        totalCost: 0,
        cost: new Float64Array(),
        hotspots: [],
        n: 0,
      },
      graphBound: 1,
      wallMs: 0,
    };
    const out = JSON.parse(runToJson(payload, null));
    expect(out.params.blockCapacity).toEqual(CAP);
    expect(out.metrics.blockEnd).toMatchObject({ included: 20, full: true, exceeded: ['n_txs'] });
    expect(out.metrics.blockEnd.capacity.n_txs).toBe(20);
    expect(out.metrics.blockEnd.capacity.sierra_gas).toBeNull();
  });
});
