/**
 * A second measure of the simulator's time "excluding the VM", without the profile-mode clocks:
 * (a whole runBlock without `profile`) − (the executor alone, replaying the same `execute` calls).
 *
 * The executor is recorded once: every `execute(tx, view)` call the run makes, the values its
 * reads returned in order, and the ESTIMATE it met, if any. Replaying runs the executor's own
 * code on exactly those calls against a view that hands back the recorded values (an array
 * index per read), so it measures the executor and nothing of the engine. Biases, both small:
 * the replay view's array reads count as executor time (raising the figure), and `preState`
 * (one call per distinct cell read from storage) is not replayed (lowering it). The big
 * difference from profile mode is elsewhere: run alone in a loop, the executor is faster than
 * interleaved with the simulator (warm caches), so this measure charges the simulator with that
 * interference; profile mode charges it to the executor, and charges the simulator with half of
 * every clock read inside a read callback instead.
 */
import {
  EstimateHit,
  runBlock,
  type BlockExecutor,
  type StateView,
  type TxResult,
} from '../engine/stm';

interface Call {
  tx: number;
  values: bigint[];
  /** What the last read threw (an ESTIMATE), if it threw. */
  thrown?: unknown;
}

/** Every execute call of one run of `block` (block-stm, `cores`), with the values it read. */
function record(block: BlockExecutor, cores: number): Call[] {
  const calls: Call[] = [];
  const recorder: BlockExecutor = {
    size: block.size,
    preState: (cell) => block.preState(cell),
    execute(tx: number, view: StateView): TxResult {
      const call: Call = { tx, values: [] };
      calls.push(call);
      const spy: StateView = {
        read(cell) {
          try {
            const v = view.read(cell);
            call.values.push(v);
            return v;
          } catch (e) {
            call.thrown = e;
            throw e;
          }
        },
        at: (offset) => view.at?.(offset),
      };
      return block.execute(tx, spy);
    },
  };
  runBlock(recorder, { variant: 'block-stm', cores });
  return calls;
}

class ReplayView implements StateView {
  values: bigint[] = [];
  i = 0;
  thrown: unknown = undefined;
  read(): bigint {
    if (this.i < this.values.length) return this.values[this.i++];
    throw this.thrown;
  }
  at(): void {}
}

/** Wall time (ms) of the executor alone on the recorded calls. */
function replay(block: BlockExecutor, calls: Call[], view: ReplayView): number {
  const t0 = performance.now();
  for (const c of calls) {
    view.values = c.values;
    view.i = 0;
    view.thrown = c.thrown;
    try {
      block.execute(c.tx, view);
    } catch (e) {
      if (!(e instanceof EstimateHit)) throw e;
    }
  }
  return performance.now() - t0;
}

/**
 * `rounds` alternating pairs (a plain run, then the replay): medians of each, and the scheduler
 * tasks per second of their difference.
 */
export function replayMeasure(block: BlockExecutor, cores: number, rounds: number) {
  const calls = record(block, cores);
  const view = new ReplayView();
  const runMs: number[] = [];
  const execMs: number[] = [];
  let tasks = 0;
  for (let i = 0; i < rounds + 1; i++) {
    const t0 = performance.now();
    const r = runBlock(block, { variant: 'block-stm', cores });
    const run = performance.now() - t0;
    const exec = replay(block, calls, view);
    tasks = r.metrics.tasks;
    if (i === 0) continue; // warm-up
    runMs.push(run);
    execMs.push(exec);
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const simMs = median(runMs) - median(execMs);
  return {
    runMs: median(runMs),
    execMs: median(execMs),
    simMs,
    tasksPerS: simMs > 0 ? tasks / (simMs / 1000) : NaN,
  };
}
