import { describe, expect, it } from 'vitest';
import { decodeEvent, LogBuilder } from '../../../engine/stm/events';

describe('LogBuilder', () => {
  it('keeps every event, read and write across many geometric growths', () => {
    const b = new LogBuilder();
    const n = 10_000;
    for (let e = 0; e < n; e++) {
      b.add(e % 4, e % 7, e, e + 1, e, e % 3, 0, -1, -1, e - 1);
      for (let r = 0; r < e % 3; r++) b.read(r, e - 1, 0, BigInt(e * 10 + r));
      if (e % 5 === 0) b.readId(9, -1, -1, -1);
      for (let w = 0; w < e % 2; w++) b.write(w, BigInt(e));
    }
    const log = b.finish(
      { variant: 'block-stm', cores: 7, txCount: n },
      Array.from({ length: 10 }, (_, i) => `c${i}`),
    );
    expect(log.count).toBe(n);
    expect(log.readOffset.length).toBe(n + 1);
    expect(log.writeOffset.length).toBe(n + 1);
    for (const e of [0, 1, 1023, 1024, 1025, 2048, 2049, 4097, n - 1]) {
      const ev = decodeEvent(log, e);
      expect(ev.tx).toBe(e);
      expect(ev.start).toBe(e);
      expect(ev.reads.length).toBe((e % 3) + (e % 5 === 0 ? 1 : 0));
      for (let r = 0; r < e % 3; r++) expect(ev.reads[r].value).toBe(BigInt(e * 10 + r));
      if (e % 5 === 0) expect(ev.reads[ev.reads.length - 1].value).toBe('ESTIMATE');
      expect(ev.writes).toEqual(e % 2 ? [{ cell: 'c0', value: BigInt(e), at: NaN }] : []);
    }
  });
});
