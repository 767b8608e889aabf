/**
 * How a parallel run learns what to execute, without this folder knowing any block format.
 *
 * The host posts an opaque, structured-cloneable block description to every worker; each worker
 * turns it into a `BlockExecutor` with a `ResolveBlock` injected by its entry file (the Node and
 * browser entries live outside engine/stm, e.g. engine/blocks/parallel, which knows presets,
 * synthetic blocks and real-Cairo blocks). engine/stm never imports engine/blocks, engine/starknet
 * or engine/vm.
 */
import type { BlockExecutor } from '../types';

export interface BlockContext {
  /** Index of the worker building it (-1 on the host or for a private warm-up copy). */
  worker: number;
  /** Ends the thread abruptly (worker_threads: process.exit; browser: self.close + throw). Test hook. */
  exit?: () => never;
}

/** Turn a block description (plain data that crossed postMessage) into an executor. */
export type ResolveBlock<D = unknown> = (desc: D, ctx: BlockContext) => BlockExecutor;
