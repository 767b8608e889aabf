import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ABORTING,
  EXECUTED,
  EXECUTING,
  MVMemory,
  NO_TASK,
  READ_ESTIMATE,
  READ_OK,
  READ_STORAGE,
  READY_TO_EXECUTE,
  Scheduler,
} from '../../../engine/stm';
import { FastBitset } from '../../../engine/stm/bitset';

describe('MVMemory', () => {
  it('reads the latest write below, ESTIMATE markers, validation', () => {
    const m = new MVMemory(5);
    const rs = (cells: number[], txs: number[], incs: number[], values?: bigint[]) => ({
      cells: Int32Array.from(cells),
      txs: Int32Array.from(txs),
      incs: Int32Array.from(incs),
      values: values ?? cells.map(() => 0n),
    });
    expect(m.read(7, 3)).toBe(READ_STORAGE);
    m.record(1, 0, rs([], [], []), Int32Array.from([7]), [10n]);
    m.record(3, 0, rs([], [], []), Int32Array.from([7]), [30n]);
    expect(m.read(7, 2)).toBe(READ_OK);
    expect([m.outTx, m.outInc, m.outValue]).toEqual([1, 0, 10n]);
    expect(m.read(7, 4)).toBe(READ_OK);
    expect(m.outValue).toBe(30n);
    expect(m.read(7, 1)).toBe(READ_STORAGE);
    m.record(2, 0, rs([7], [1], [0], [10n]), Int32Array.from([]), []);
    expect(m.validateReadSet(2)).toBe(-1);
    // a deferred fee credit rewrites tx 1's entry under the same version: 2 read the old value
    m.appendWrite(1, 0, 7, 13n);
    expect(m.validateReadSet(2)).toBe(0);
    m.record(2, 1, rs([7], [1], [0], [13n]), Int32Array.from([]), []);
    expect(m.validateReadSet(2)).toBe(-1);
    m.convertWritesToEstimates(1);
    expect(m.read(7, 2)).toBe(READ_ESTIMATE);
    expect(m.outTx).toBe(1);
    expect(m.validateReadSet(2)).toBe(0);
    // new incarnation of 1 no longer writes 7: the entry disappears
    expect(m.record(1, 1, rs([], [], []), Int32Array.from([8]), [5n])).toBe(true);
    expect(m.read(7, 2)).toBe(READ_STORAGE);
    expect(m.snapshot()).toEqual(
      new Map([
        [7, 30n],
        [8, 5n],
      ]),
    );
  });
});

describe('MVMemory against a plain model', () => {
  it('random records (out of order, shrinking write sets), ESTIMATEs and reads', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tx: fc.integer({ min: 0, max: 39 }),
            cells: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
            estimate: fc.boolean(),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        (ops) => {
          const n = 40;
          const m = new MVMemory(n);
          // model: cell -> tx -> { inc, value | undefined (ESTIMATE) }; tx -> cells written
          const model = new Map<number, Map<number, { inc: number; value: bigint | undefined }>>();
          const written = new Map<number, number[]>();
          const inc = new Int32Array(n);
          const empty = { cells: [], txs: [], incs: [], values: [] };
          let k = 0;
          for (const op of ops) {
            if (op.estimate && written.has(op.tx)) {
              m.convertWritesToEstimates(op.tx);
              for (const c of written.get(op.tx)!) model.get(c)!.get(op.tx)!.value = undefined;
            } else {
              const i = ++inc[op.tx];
              const vals = op.cells.map(() => BigInt(++k));
              m.record(op.tx, i, empty, Int32Array.from(op.cells), vals);
              for (const c of written.get(op.tx) ?? [])
                if (!op.cells.includes(c)) model.get(c)!.delete(op.tx);
              op.cells.forEach((c, j) => {
                if (!model.has(c)) model.set(c, new Map());
                model.get(c)!.set(op.tx, { inc: i, value: vals[j] });
              });
              written.set(op.tx, op.cells);
            }
            for (let c = 0; c <= 6; c++) {
              for (const j of [0, 1, op.tx, op.tx + 1, 20, 40]) {
                let best = -1;
                for (const t of model.get(c)?.keys() ?? []) if (t < j && t > best) best = t;
                const r = m.read(c, j);
                if (best < 0) {
                  expect(r).toBe(READ_STORAGE);
                } else {
                  const e = model.get(c)!.get(best)!;
                  expect([r, m.outTx, m.outInc]).toEqual([
                    e.value === undefined ? READ_ESTIMATE : READ_OK,
                    best,
                    e.inc,
                  ]);
                  if (e.value !== undefined) expect(m.outValue).toBe(e.value);
                }
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Scheduler', () => {
  it('hands out executions in order, then validations; done when all validated', () => {
    const s = new Scheduler(2);
    expect(s.nextTask()).toBe(0); // execute 0
    expect(s.nextTask()).toBe(NO_TASK); // validationIdx < executionIdx: tries to validate 0, not executed yet
    expect(s.nextTask()).toBe(2); // execute 1
    expect(s.status[1]).toBe(EXECUTING);
    expect(s.finishExecution(0, true)).toBe(NO_TASK);
    expect(s.validationIdx).toBe(0);
    expect(s.finishExecution(1, true)).toBe(NO_TASK);
    expect(s.nextTaskSkipping()).toBe(1); // validate 0
    expect(s.finishValidation(0, false)).toBe(NO_TASK);
    expect(s.nextTaskSkipping()).toBe(3); // validate 1
    expect(s.tryValidationAbort(1, 0)).toBe(true);
    expect(s.status[1]).toBe(ABORTING);
    expect(s.finishValidation(1, true)).toBe(2); // re-execute 1, incarnation 1, on this thread
    expect(s.incarnation[1]).toBe(1);
    expect(s.finishExecution(1, false)).toBe(3); // validation already past: validate it now
    expect(s.finishValidation(1, false)).toBe(NO_TASK);
    expect(s.nextTaskSkipping()).toBe(NO_TASK);
    expect(s.done()).toBe(true);
  });

  it('dependencies: a reader of an ESTIMATE waits and is resumed with the next incarnation', () => {
    const s = new Scheduler(3);
    s.nextTaskSkipping();
    s.nextTaskSkipping(); // 0 and 1 executing (validation of 0 skipped in between)
    expect(s.addDependency(1, 0)).toBe(true);
    expect(s.status[1]).toBe(ABORTING);
    s.finishExecution(0, true);
    expect(s.status[1]).toBe(READY_TO_EXECUTE);
    expect(s.incarnation[1]).toBe(1);
    expect(s.executionIdx).toBe(1);
    expect(s.addDependency(2, 0)).toBe(false); // blocker already EXECUTED: re-read
    expect(s.status[0]).toBe(EXECUTED);
  });

  it('nextTaskSkipping == calling nextTask until a task or no progress', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        (st, e, v) => {
          const make = () => {
            const s = new Scheduler(st.length);
            st.forEach((x, i) =>
              (s as unknown as { setStatus(i: number, x: number): void }).setStatus(i, x),
            );
            s.executionIdx = e % (st.length + 1);
            s.validationIdx = v % (st.length + 1);
            return s;
          };
          const a = make();
          const b = make();
          let ta: number;
          for (;;) {
            ta = a.nextTask();
            if (ta !== NO_TASK || !a.canMakeProgress()) break;
          }
          const tb = b.nextTaskSkipping();
          expect(tb).toBe(ta);
          expect([b.executionIdx, b.validationIdx, b.numActiveTasks]).toEqual([
            a.executionIdx,
            a.validationIdx,
            a.numActiveTasks,
          ]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('FastBitset.next', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3000 }),
        fc.nat(),
        (bits, from) => {
          const b = new FastBitset(bits.length);
          bits.forEach((x, i) => x && b.set(i));
          const f = from % (bits.length + 1);
          let want = bits.length;
          for (let i = f; i < bits.length; i++)
            if (bits[i]) {
              want = i;
              break;
            }
          expect(b.next(f)).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
