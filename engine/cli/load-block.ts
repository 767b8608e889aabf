/**
 * Where `analyze` and `plot` get their block: a file (any format engine/blocks/import detects),
 * a built-in preset, or a JSON-RPC node. Every failure becomes an InputError naming the problem.
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findPreset } from '../blocks/catalog';
import {
  importBlock,
  fetchBlockFromRpc,
  type BlockId,
  type ImportedBlock,
  type TxHashCheck,
} from '../blocks/import';
import { ReplayExecutor } from '../blocks/replay';
import {
  reexecuteBlock,
  saveReexecution,
  savedReexecutionIn,
  type ExecutableBlock,
  type Finding,
  type ReexecuteResult,
  type ReexecuteStats,
} from '../blocks/reexecute';
import type { BlockExecutor, CostModel } from '../stm/types';
import { InputError, UsageError } from './errors';
import { keyValues, type Options, type Parsed } from './args';
import { progressBar, type Progress } from './progress';
import { chainIdArg, importFailure } from './hash-check-args';
import type { BlockCapacity } from '../stm/bouncer';

export interface LoadedBlock {
  executor: BlockExecutor;
  source: string;
  /** 'executed' for presets (real execution), else the import's access mode. */
  accessMode: 'executed' | 'inferred' | 'partial' | 'exact';
  costModel?: Partial<CostModel>;
  /** A preset's own block capacity (seed-bouncer), used when --block-capacity is not given. */
  blockCapacity?: BlockCapacity;
  defaultCores?: number;
  /** The import's transaction-hash check (imported blocks; absent for presets). */
  hashCheck?: TxHashCheck;
  /** With --exact (or a saved re-execution): what re-execution found and its counters. */
  reexecution?: { findings: Finding[]; stats: ReexecuteStats };
  /**
   * What real workers run (--mode workers): a preset, an imported block (replayed from its access
   * sets), or with --rpc --exact also the executable block (its transactions run on each
   * worker's Cairo VM).
   */
  parallel?:
    | { preset: string; params?: Record<string, number> }
    | { imported: ImportedBlock; executable?: ExecutableBlock };
}

export interface BlockSourceArgs {
  file?: string;
  preset?: string;
  params?: Record<string, number>;
  rpc?: string;
  block?: string;
  /** Re-execute every transaction for exact access sets (RPC only). */
  exact?: boolean;
  maxRequests?: number;
  /** With --exact: write the re-execution to this file (`analyze <file>` loads it without RPC). */
  save?: string;
  /** --chain-id (felt hex): the chain the transaction hashes are checked on. */
  chainId?: string;
  /** --no-hash-check: false. */
  verifyTxHashes?: boolean;
}

/** The hash-check options of an import, from the arguments (nothing when not given). */
function hashOpts(args: BlockSourceArgs) {
  return {
    ...(args.chainId !== undefined ? { chainId: args.chainId } : {}),
    ...(args.verifyTxHashes === false ? { verifyTxHashes: false } : {}),
  };
}

/** A re-execution as a loaded block: exact sets in the simulator, its Cairo code on real workers. */
function reexecuted(r: ReexecuteResult, source: string): LoadedBlock {
  return {
    executor: new ReplayExecutor(r.block),
    source,
    accessMode: r.block.accessMode,
    ...(r.block.hashCheck ? { hashCheck: r.block.hashCheck } : {}),
    reexecution: { findings: r.findings, stats: r.stats },
    parallel: { imported: r.block, executable: r.executable },
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function maxRequests(v: string | undefined, command: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--max-requests takes a positive integer, got '${v}'`, command);
  return n;
}

function parseBlockId(v: string, command: string): BlockId {
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'latest' || v === 'pre_confirmed' || v === 'l1_accepted') return v;
  if (/^0x[0-9a-fA-F]+$/.test(v)) return v as `0x${string}`;
  throw new UsageError(
    `--block takes a block number, a 0x block hash, or latest; got '${v}'`,
    command,
  );
}

/** The source options must name one block, and the others must fit it. */
function checkSourceArgs(args: BlockSourceArgs, command: string): void {
  const given = [args.file, args.preset, args.rpc].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new UsageError(
      'give exactly one block source: a file, --preset <id>, or --rpc <url> --block <n>',
      command,
    );
  if (args.exact && args.rpc === undefined)
    throw new UsageError(
      '--exact re-executes a block fetched with --rpc <url> --block <n>',
      command,
    );
  if (args.save !== undefined && !args.exact)
    throw new UsageError('--save writes a re-execution: use it with --rpc … --exact', command);
  if (args.preset === undefined && args.params && Object.keys(args.params).length > 0)
    throw new UsageError('--param only applies to --preset', command);
  if (args.preset !== undefined && (args.chainId !== undefined || args.verifyTxHashes === false))
    throw new UsageError(
      '--chain-id and --no-hash-check apply to imported blocks (a file or --rpc), not presets',
      command,
    );
}

function loadPreset(args: BlockSourceArgs, command: string): LoadedBlock {
  try {
    const p = findPreset(args.preset!);
    return {
      executor: p.build(args.params),
      source: `preset:${p.id}`,
      accessMode: 'executed',
      costModel: p.costModel,
      ...(p.blockCapacity ? { blockCapacity: p.blockCapacity } : {}),
      defaultCores: p.defaultCores,
      parallel: { preset: p.id, params: args.params },
    };
  } catch (e) {
    throw new UsageError(message(e), command);
  }
}

/** --rpc … --exact: re-execute the block (and --save it; its folder is checked first). */
async function loadReexecuted(
  args: BlockSourceArgs,
  id: BlockId,
  progress: Progress,
): Promise<LoadedBlock> {
  const rpc = args.rpc!;
  if (args.save !== undefined) {
    // before a possibly long re-execution, not after it
    try {
      accessSync(dirname(resolve(args.save)), constants.W_OK);
    } catch (e) {
      throw new InputError(`cannot write ${args.save}: ${message(e)}`);
    }
  }
  let r: ReexecuteResult;
  try {
    r = await reexecuteBlock(rpc, id, {
      maxRequests: args.maxRequests,
      ...hashOpts(args),
      onProgress: (p) => progress.update(p.done, p.total, p.message ?? p.phase),
    });
  } catch (e) {
    throw new InputError(
      `could not re-execute block ${args.block} from ${rpc}: ${importFailure(e)}`,
    );
  } finally {
    progress.done();
  }
  if (args.save !== undefined) {
    const saved = saveReexecution(r, { rpcUrl: rpc, blockId: id });
    try {
      writeFileSync(args.save, JSON.stringify(saved));
    } catch (e) {
      throw new InputError(`cannot write ${args.save}: ${message(e)}`);
    }
  }
  return reexecuted(r, `rpc:${rpc}#${args.block}`);
}

/** --rpc: fetch the block (exact with --exact, else its traces' inferred access sets). */
async function loadFromRpc(
  args: BlockSourceArgs,
  command: string,
  progress: Progress,
): Promise<LoadedBlock> {
  const rpc = args.rpc!;
  if (args.block === undefined)
    throw new UsageError('--rpc needs --block <number|latest>', command);
  const id = parseBlockId(args.block, command);
  if (args.exact) return loadReexecuted(args, id, progress);
  try {
    const fetched = await fetchBlockFromRpc(rpc, id, {
      ...hashOpts(args),
      onProgress: (p) => progress.update(p.done, p.total, p.message ?? ''),
    });
    return imported(fetched.block, `rpc:${rpc}#${args.block}`);
  } catch (e) {
    throw new InputError(`could not load block ${args.block} from ${rpc}: ${importFailure(e)}`);
  } finally {
    progress.done();
  }
}

/** An imported block, replayed from its access sets. */
function imported(block: ImportedBlock, source: string): LoadedBlock {
  return {
    executor: new ReplayExecutor(block),
    source,
    accessMode: block.accessMode,
    ...(block.hashCheck ? { hashCheck: block.hashCheck } : {}),
    parallel: { imported: block },
  };
}

/** A file: a saved re-execution, or a block in any format the import reads. */
function loadFile(args: BlockSourceArgs, progress: Progress): LoadedBlock {
  const file = args.file!;
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${message(e)}`);
  }
  let saved;
  try {
    saved = savedReexecutionIn(text);
  } catch (e) {
    throw new InputError(`${file}: ${message(e)}`);
  }
  if (saved) return reexecuted(saved, `file:${file}`);
  try {
    const block = importBlock(text, {
      ...hashOpts(args),
      onProgress: (p) => progress.update(p.done, p.total, p.phase),
    });
    return imported(block, `file:${file}`);
  } catch (e) {
    throw new InputError(`${file}: ${importFailure(e)}`);
  } finally {
    progress.done();
  }
}

export async function loadBlock(
  args: BlockSourceArgs,
  command: string,
  progress: Progress,
): Promise<LoadedBlock> {
  checkSourceArgs(args, command);
  if (args.preset !== undefined) return loadPreset(args, command);
  if (args.rpc !== undefined) return loadFromRpc(args, command, progress);
  return loadFile(args, progress);
}

/** The options that name a block source, shared by every command that takes a block. */
export const BLOCK_SOURCE_OPTIONS: Options = {
  preset: { type: 'string' },
  param: { type: 'string', multiple: true },
  rpc: { type: 'string' },
  block: { type: 'string' },
  exact: { type: 'boolean' },
  'max-requests': { type: 'string' },
  save: { type: 'string' },
  'chain-id': { type: 'string' },
  'no-hash-check': { type: 'boolean' },
};

/** Load the block named by parsed arguments (positional file, --preset/--param, --rpc/--block). */
export async function loadBlockFromArgs(
  { values, positionals }: Parsed,
  command: string,
): Promise<LoadedBlock> {
  if (positionals.length > 1)
    throw new UsageError(`expected one block file, got ${positionals.length} arguments`, command);
  const loaded = await loadBlock(
    {
      file: positionals[0],
      preset: values.preset as string | undefined,
      params: keyValues(values.param as string[] | undefined, command),
      rpc: values.rpc as string | undefined,
      block: values.block as string | undefined,
      exact: values.exact === true,
      maxRequests: maxRequests(values['max-requests'] as string | undefined, command),
      save: values.save as string | undefined,
      chainId: chainIdArg(values['chain-id'] as string | undefined, command),
      verifyTxHashes: values['no-hash-check'] === true ? false : undefined,
    },
    command,
    progressBar('loading'),
  );
  if (loaded.executor.size === 0)
    throw new InputError(`${loaded.source}: the block has no transactions`);
  return loaded;
}
