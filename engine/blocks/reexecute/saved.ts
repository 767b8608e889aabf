/**
 * A re-execution saved to a file: the re-executed block (exact access sets, findings, stats) and
 * its executable block (pre-state, classes, transactions). Loading it again needs no RPC node:
 * the explorer and the CLI show the same block and real workers run its Cairo code. Plain JSON.
 *
 *   { format: 'stm-explorer-reexecuted', version: 1, createdAt, source: { rpcUrl?, blockId? },
 *     block: ReexecutedBlock, executable: ExecutableBlock, findings: Finding[], stats }
 */
import {
  EXECUTABLE_FORMAT,
  EXECUTABLE_FORMAT_NO_CREDITS,
  ExecutableBlockExecutor,
  type ExecutableBlock,
} from './executable';
import type { ReexecuteResult } from './model';

export const SAVED_FORMAT = 'stm-explorer-reexecuted';
export const SAVED_VERSION = 1;

export interface SavedReexecution extends ReexecuteResult {
  format: typeof SAVED_FORMAT;
  version: typeof SAVED_VERSION;
  createdAt: string;
  source: { rpcUrl?: string; blockId?: unknown };
}

export function saveReexecution(
  r: ReexecuteResult,
  source: SavedReexecution['source'],
): SavedReexecution {
  return {
    format: SAVED_FORMAT,
    version: SAVED_VERSION,
    createdAt: new Date().toISOString(),
    source,
    block: r.block,
    executable: r.executable,
    findings: r.findings,
    stats: r.stats,
  };
}

/**
 * The saved re-execution a file's text holds; undefined when it is something else (then it is for
 * engine/blocks/import, which also reports text that is not JSON, with its position). A cheap
 * test on the raw text first: a saved re-execution names its format. Throws like
 * `readSavedReexecution`.
 */
export function savedReexecutionIn(text: string): SavedReexecution | undefined {
  if (!text.includes(`"${SAVED_FORMAT}"`)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  return readSavedReexecution(doc);
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The re-execution a parsed document holds; undefined when it is not a saved re-execution (then
 * it is for engine/blocks/import). Throws an Error naming the field when it claims to be one but
 * is not readable.
 */
export function readSavedReexecution(doc: unknown): SavedReexecution | undefined {
  if (!isObj(doc) || doc.format !== SAVED_FORMAT) return undefined;
  const bad = (field: string, what: string) =>
    new Error(`saved re-execution: ${field} ${what} (format ${SAVED_FORMAT})`);
  if (doc.version !== SAVED_VERSION)
    throw bad(
      'version',
      `${JSON.stringify(doc.version)} is not supported (this build reads version ${SAVED_VERSION})`,
    );
  const { block, executable, findings, stats } = doc;
  if (!isObj(block) || !Array.isArray(block.transactions))
    throw bad('block', 'is missing or has no transactions');
  const formats: unknown[] = [EXECUTABLE_FORMAT, EXECUTABLE_FORMAT_NO_CREDITS];
  if (!isObj(executable) || !formats.includes(executable.format))
    throw bad('executable', `is missing or not ${EXECUTABLE_FORMAT}`);
  if (!Array.isArray(executable.txs) || executable.txs.length !== block.transactions.length)
    throw bad(
      'executable.txs',
      `must list the block's ${block.transactions.length} transactions, got ${Array.isArray(executable.txs) ? executable.txs.length : 'none'}`,
    );
  if (!Array.isArray(executable.preState) || !Array.isArray(executable.classes))
    throw bad('executable', 'has no preState or classes');
  if (!Array.isArray(findings)) throw bad('findings', 'is missing');
  if (!isObj(stats)) throw bad('stats', 'is missing');
  try {
    // what every worker will do with it: fail here, at import, rather than in each worker
    new ExecutableBlockExecutor(executable as unknown as ExecutableBlock);
  } catch (e) {
    throw bad('executable', `cannot be run: ${e instanceof Error ? e.message : String(e)}`);
  }
  return doc as unknown as SavedReexecution;
}
