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
import { readFileSync } from 'node:fs';
import { runBlock, type BlockExecutor, type StateView, type TxResult } from '../engine/stm';

export interface Call {
  tx: number;
  values: bigint[];
  /** What the last read threw (an ESTIMATE), if it threw. */
  thrown?: unknown;
}

/**
 * Every execute call of one run of `block` (block-stm, `cores`, with `run`: bench/stm-sim-ab.ts
 * passes an older engine), with the values it read. An executor that numbers its cells is
 * recorded on the numbered path (StateView.readId / writeId), as a run gives it.
 */
export function record(
  block: BlockExecutor,
  cores: number,
  run: typeof runBlock = runBlock,
): Call[] {
  const calls: Call[] = [];
  const numbered = block.cellKey !== undefined;
  const recorder: BlockExecutor = {
    size: block.size,
    preState: (cell) => block.preState(cell),
    execute(tx: number, view: StateView): TxResult {
      const call: Call = { tx, values: [] };
      calls.push(call);
      const spied =
        <A>(read: (a: A) => bigint) =>
        (a: A) => {
          try {
            const v = read(a);
            call.values.push(v);
            return v;
          } catch (e) {
            call.thrown = e;
            throw e;
          }
        };
      const spy: StateView = {
        read: spied((cell: string) => view.read(cell)),
        at: (offset) => view.at?.(offset),
      };
      if (numbered && view.readId && view.writeId) {
        spy.readId = spied((id: number) => view.readId!(id));
        spy.writeId = (id, value, offset) => view.writeId!(id, value, offset);
      }
      return block.execute(tx, spy);
    },
  };
  if (numbered) recorder.cellKey = (id) => block.cellKey!(id);
  run(recorder, { variant: 'block-stm', cores });
  return calls;
}

export class ReplayView implements StateView {
  values: bigint[] = [];
  i = 0;
  thrown: unknown = undefined;
  read(): bigint {
    if (this.i < this.values.length) return this.values[this.i++];
    throw this.thrown;
  }
  at(): void {}
}

/** The same for an executor that numbers its cells: the numbered path, writes dropped. */
class NumberedReplayView extends ReplayView {
  readId(): bigint {
    return this.read();
  }
  writeId(): void {}
}

/** The replay view `block` gets from a run (numbered or not). */
export function replayView(block: BlockExecutor): ReplayView {
  return block.cellKey !== undefined ? new NumberedReplayView() : new ReplayView();
}

/** Time (ms, of `clock`) of the executor alone on the recorded calls. */
export function replay(
  block: BlockExecutor,
  calls: Call[],
  view: ReplayView,
  clock: () => number = () => performance.now(),
): number {
  const t0 = clock();
  for (const c of calls) {
    view.values = c.values;
    view.i = 0;
    view.thrown = c.thrown;
    try {
      block.execute(c.tx, view);
    } catch (e) {
      if (e !== c.thrown) throw e; // the recorded ESTIMATE (of whichever engine recorded it)
    }
  }
  return clock() - t0;
}

/** This thread's CPU time so far (ms; Linux schedstat: run-queue wait left out), NaN elsewhere. */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * `rounds` alternating pairs (a plain run, then the replay), each timed by the wall clock and by
 * this thread's CPU time: medians of each, and the scheduler tasks per second of their
 * difference (`tasksPerS`: wall; `cpuTasksPerS`: CPU time, which a shared host's run-queue
 * waits do not inflate).
 */
export function replayMeasure(block: BlockExecutor, cores: number, rounds: number) {
  const calls = record(block, cores);
  const view = replayView(block);
  const runMs: number[] = [];
  const execMs: number[] = [];
  const runCpu: number[] = [];
  const execCpu: number[] = [];
  let tasks = 0;
  for (let i = 0; i < rounds + 1; i++) {
    const c0 = threadCpuMs();
    const t0 = performance.now();
    const r = runBlock(block, { variant: 'block-stm', cores });
    const run = performance.now() - t0;
    const c1 = threadCpuMs();
    const exec = replay(block, calls, view);
    const c2 = threadCpuMs();
    tasks = r.metrics.tasks;
    if (i === 0) continue; // warm-up
    runMs.push(run);
    execMs.push(exec);
    runCpu.push(c1 - c0);
    execCpu.push(c2 - c1);
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const simMs = median(runMs) - median(execMs);
  const simCpuMs = median(runCpu) - median(execCpu);
  return {
    tasks,
    runMs: median(runMs),
    execMs: median(execMs),
    simMs,
    tasksPerS: simMs > 0 ? tasks / (simMs / 1000) : NaN,
    runCpuMs: median(runCpu),
    execCpuMs: median(execCpu),
    simCpuMs,
    cpuTasksPerS: simCpuMs > 0 ? tasks / (simCpuMs / 1000) : NaN,
    profileClockMs: profileClockMs(
      calls.length,
      calls.reduce((n, c) => n + c.values.length + (c.thrown === undefined ? 0 : 1), 0),
    ),
  };
}

/**
 * What profile mode's clocks cost a run: it reads `performance.now()` twice per `execute` call
 * and twice per read callback made from inside one; returns that many clock reads timed in a
 * loop (ms). Part of it is charged to the simulator by profile mode's measure.
 */
export function profileClockMs(calls: number, reads: number): number {
  const n = 2 * (calls + reads);
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += performance.now();
  const ms = performance.now() - t0;
  return sink > 0 ? ms : ms; // keep the loop from being removed
}
