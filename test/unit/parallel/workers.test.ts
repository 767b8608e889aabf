import { describe, expect, it } from 'vitest';
import { runOnNodeWorkers } from '../../../engine/blocks/parallel/node';
import { ParallelRunError } from '../../../engine/stm/parallel/host';
import { EV_EXECUTE } from '../../../engine/stm/events';

const p2p = { kind: 'preset' as const, id: 'p2p', params: { n: 60, accounts: 5, seed: 3 } };

describe('real worker_threads runs', () => {
  it(
    'an exception in a transaction names the transaction and the worker; the next run works',
    { timeout: 60_000 },
    async () => {
      const err = await runOnNodeWorkers(
        { kind: 'faulty', base: p2p, tx: 17, mode: 'throw' },
        { workers: 2, timeoutMs: 30_000, warmup: 0 },
      ).catch((e) => e);
      expect(err).toBeInstanceOf(ParallelRunError);
      expect(err.tx).toBe(17);
      expect([0, 1]).toContain(err.worker);
      expect(err.message).toMatch(
        /worker [01] failed while running transaction 17: injected fault/,
      );
      const ok = await runOnNodeWorkers(p2p, { workers: 2, timeoutMs: 30_000, warmup: 0 });
      expect(ok.ok).toBe(true);
    },
  );

  it(
    'warm-up: transactions per worker, run as passes over the block, cut short by the time budget',
    { timeout: 60_000 },
    async () => {
      const one = await runOnNodeWorkers(p2p, { workers: 1, timeoutMs: 30_000, warmup: 150 });
      expect(one.warmupPasses).toBe(3); // 60 + 60 + 30 transactions
      // 150 per worker: 300 in all, 5 passes (each worker runs about half of every pass)
      const all = await runOnNodeWorkers(p2p, { workers: 2, timeoutMs: 30_000, warmup: 150 });
      expect(all.warmupPasses).toBe(5);
      expect(all.ok).toBe(true);
      const cut = await runOnNodeWorkers(p2p, {
        workers: 2,
        timeoutMs: 30_000,
        warmup: 600,
        warmupMs: 0,
      });
      expect(cut.warmupPasses).toBe(1); // the first pass always runs
      expect(cut.ok).toBe(true);
      const dflt = await runOnNodeWorkers(p2p, { workers: 2, timeoutMs: 30_000 });
      expect(dflt.warmupPasses).toBeGreaterThanOrEqual(1);
      expect(dflt.warmupPasses).toBeLessThanOrEqual(12); // 6 passes per worker
    },
  );

  it('a crashed worker thread is reported with its transaction', { timeout: 60_000 }, async () => {
    const err = await runOnNodeWorkers(
      { kind: 'faulty', base: p2p, tx: 5, mode: 'exit' },
      { workers: 2, timeoutMs: 30_000, warmup: 0 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ParallelRunError);
    expect([0, 1]).toContain(err.worker);
    expect(err.tx).toBe(5);
    expect(err.message).toMatch(
      /worker [01] crashed while running transaction 5: thread exited with code 3/,
    );
  });

  it('a log that outgrows its first buffers keeps every event’s reads and writes', async () => {
    // no warm-up: the worker's event buffer starts small and grows several times during the run
    const n = 700;
    const r = await runOnNodeWorkers(
      { kind: 'preset', id: 'p2p', params: { n, accounts: 2 * n } },
      { workers: 1, warmup: 0, timeoutMs: 100_000 },
    );
    expect(r.ok).toBe(true);
    const L = r.log;
    let execs = 0;
    for (let e = 0; e < L.count; e++) {
      expect(L.readOffset[e + 1]).toBeGreaterThanOrEqual(L.readOffset[e]);
      if (L.kind[e] !== EV_EXECUTE) continue;
      execs++;
      // every transfer reads and writes both balances
      expect(L.readOffset[e + 1] - L.readOffset[e]).toBeGreaterThanOrEqual(2);
      expect(L.writeOffset[e + 1] - L.writeOffset[e]).toBeGreaterThanOrEqual(2);
    }
    expect(execs).toBe(n);
  });

  it(
    'real Cairo ERC20 transfers on 2 workers: same state as sequential, real timestamps in the log',
    { timeout: 120_000 },
    async () => {
      const r = await runOnNodeWorkers(
        { kind: 'erc20', n: 40, accounts: 6, seed: 2 },
        { workers: 2, timeoutMs: 100_000, warmup: 4 },
      );
      expect(r.ok).toBe(true);
      expect(r.log.format).toBe('stm-log/1');
      expect(r.log.cores).toBe(2);
      let execs = 0;
      for (let e = 0; e < r.log.count; e++) {
        expect(r.log.end[e]).toBeGreaterThanOrEqual(r.log.start[e]);
        expect(r.log.end[e]).toBeLessThanOrEqual(r.wallMs + 1e-6);
        if (r.log.kind[e] === EV_EXECUTE) execs++;
      }
      expect(execs).toBeGreaterThanOrEqual(40);
      expect(r.metrics.makespan).toBe(r.wallMs);
      expect(r.finalState.size).toBeGreaterThan(0);
      // the log numbers its cells densely (the shared ids have gaps): every reference is a key
      const nCells = r.log.cells.length;
      expect(r.log.cells.every((k) => k.length > 0)).toBe(true);
      expect(new Set(r.log.cells).size).toBe(nCells);
      for (const c of [...r.log.readCell, ...r.log.writeCell]) expect(c).toBeLessThan(nCells);
      for (const c of r.log.causeCell) expect(c).toBeLessThan(nCells);
      const written = new Set([...r.log.writeCell].map((c) => r.log.cells[c]));
      for (const k of r.finalState.keys()) expect(written.has(k)).toBe(true);
    },
  );
});
