/**
 * One transaction's re-execution, as named steps in the order of blockifier's transaction flow
 * (pre-validation, validate + execute, fee, post-execution checks, state diff, receipt), each
 * ending the transaction with a fallback when it cannot go on. README.md "How", step 2.
 */
import { type CellKey, classCell, hex, nonceCell } from '../../types';
import type { CallNode } from '../import/model';
import { ETH_TOKEN, STRK_TOKEN } from '../import/common';
import {
  type ExecutorConfig,
  type StarknetTx,
  type TxExecution,
  executeTransaction,
} from '../../starknet/transactions';
import { feeConstantsFor } from '../../starknet/fee';
import { importedTxLabel } from '../replay';
import { executorConfig } from './executable';
import { type RunnableTx, runnableTx } from './tx-kinds';
import { checkTxHash, describeTxHashCheck, verifiedByImport } from './tx-hash-check';
import { declarationDifferences } from './declarations';
import type { Finding } from './model';
import { feeClassInfo, recordFee, rerunAfterPostExecutionCheck } from './post-execution';
import {
  type BlockRun,
  type RawTx,
  type TxRun,
  canon,
  exactSets,
  isObj,
  fallBack,
  recordedTx,
  rpcFailure,
  txFinding,
} from './block-run';

/** A step that could not go on: the transaction falls back for this reason. */
type Fallback = { fallback: string };
type Credit = { cell: CellKey; value: bigint };

/** What the steps after a complete execution need of it. */
interface Executed {
  ex: TxExecution;
  /** The transaction as last run (with `postExecutionRevert` when the fee check failed). */
  tx: StarknetTx;
  feeToken: bigint;
  /** The fee it is charged (the receipt's), which the executable block's invoke keeps. */
  feeAmount: bigint;
}

/** Re-execute transaction `i` of the block; its record goes to `run.out` and `run.runnable`. */
export async function reexecuteTx(run: BlockRun, i: number): Promise<void> {
  const fresh = startTx(run, i);
  const ready = preValidate(run, fresh);
  if ('fallback' in ready) return fallBack(run, fresh, ready.fallback);
  const { t, conv, feeAmount } = ready;
  const feeToken = feeTokenOf(run, t);
  // the fee check charges memory holes (Cairo-steps accounts), so count them here
  const cfg = {
    ...executorConfig(run.block, run.source, feeToken, run.chainId),
    countMemoryHoles: true,
  };
  const prefetched = await prefetch(run, t, conv);
  if (prefetched) return fallBack(run, t, prefetched.fallback);
  const first = await executeUntilComplete(run, t, conv.tx, cfg);
  if ('fallback' in first) return fallBack(run, t, first.fallback);
  const checked = await postExecutionFeeCheck(run, t, first.ex, conv.tx, feeToken, cfg);
  if ('fallback' in checked) return fallBack(run, t, checked.fallback);
  const done: Executed = { ex: checked.ex, tx: checked.tx, feeToken, feeAmount };
  run.opts.onExecution?.(i, done.ex);
  recordOutcome(t, done.ex);
  const wrong = outcomeProblem(run, t);
  if (wrong) return fallBack(run, t, wrong.fallback);
  const pre = await valuesBefore(run, t, done.ex);
  if ('fallback' in pre) return fallBack(run, t, pre.fallback);
  await chargeFee(run, t, done, pre.before, checked.chargedFee);
  commitWrites(run, t, done.ex, pre.credit);
  const entry = await compareWithTrace(run, t, done.ex, pre.before, pre.credit);
  pushExecutableEntry(run, t, done, entry, pre.credit);
}

/** A fresh record; a transaction the trace has no state diff for cannot be checked (a finding). */
function startTx(run: BlockRun, i: number): TxRun {
  run.progress(
    'execute',
    i,
    run.imported.transactions.length,
    `transaction ${i + 1} of ${run.imported.transactions.length}`,
  );
  const itx = run.imported.transactions[i];
  const t: TxRun = {
    i,
    itx,
    raw: run.rawByHash.get(canon(itx.hash)) ?? run.rawTxs[i],
    expected: run.diffs.get(canon(itx.hash)),
    info: { exact: false, attempts: 0, mismatches: 0 },
  };
  if (!t.expected)
    txFinding(run, t, {
      kind: 'no-state-diff',
      message: `no per-transaction state diff in the traces: transaction #${i} is not checked`,
    });
  return t;
}

/**
 * Pre-validation: what must hold before anything runs. The budget is not gone, the node sent the
 * raw transaction, the block's version is one we execute, and the transaction converts to what
 * engine/starknet runs (tx-kinds.ts, blockifier's `Transaction::from_api`).
 */
function preValidate(
  run: BlockRun,
  t: TxRun,
): { t: TxRun & { raw: RawTx }; conv: RunnableTx; feeAmount: bigint } | Fallback {
  if (run.budgetGone) return { fallback: 'request budget exhausted earlier' };
  const { raw } = t;
  if (!raw || !isObj(raw.transaction)) {
    txFinding(run, t, {
      kind: 'unsupported-tx',
      message: `raw transaction #${t.i} missing from getBlockWithReceipts`,
    });
    return { fallback: 'raw transaction missing' };
  }
  checkHash(run, t, raw);
  if (run.tooOld !== undefined) {
    txFinding(run, t, { kind: 'unsupported-tx', message: run.tooOld });
    return { fallback: run.tooOld };
  }
  const feeAmount = t.itx.fee ? BigInt(t.itx.fee.amount) : 0n;
  const conv = runnableTx(raw, t.itx.hash, feeAmount);
  if ('unsupported' in conv) {
    txFinding(run, t, { kind: 'unsupported-tx', message: conv.unsupported });
    return { fallback: conv.unsupported };
  }
  return { t: Object.assign(t, { raw }), conv, feeAmount };
}

/**
 * The transaction-hash check (when the chain id is known), for every kind, also those that fall
 * back afterwards: the hash is what the account signed. The hash we computed goes to the record;
 * a finding when it differs from the node's or cannot be recomputed. Execution goes on with the
 * node's hash either way. A hash the block's import verified on this chain is not recomputed.
 */
function checkHash(run: BlockRun, t: TxRun, raw: RawTx): void {
  if (run.chainId === undefined) return;
  const nodeHash = t.itx.hash;
  if (verifiedByImport(run.imported.hashCheck, t.i, run.chainId)) {
    t.info.computedHash = canon(nodeHash);
    return;
  }
  const c = checkTxHash(raw.transaction, nodeHash, run.chainId);
  const message = describeTxHashCheck(c, t.i, nodeHash);
  if (c.status === 'match') {
    t.info.computedHash = c.hash;
  } else if (c.status === 'unrecomputable') {
    txFinding(run, t, { kind: 'tx-hash-unchecked', message });
  } else {
    t.info.computedHash = c.computed;
    txFinding(run, t, {
      kind: 'tx-hash-mismatch',
      expected: c.expected,
      got: c.computed,
      message: `${message}; executing with the node's hash`,
    });
  }
}

/** The option's fee token, else the trace fee transfer's, else STRK for v3 and ETH before. */
function feeTokenOf(run: BlockRun, t: TxRun & { raw: RawTx }): bigint {
  return BigInt(
    run.opts.feeToken ??
      t.itx.feeToken ??
      (BigInt(String(t.raw.transaction.version)) === 3n ? STRK_TOKEN : ETH_TOKEN),
  );
}

function callHints(calls: CallNode[], cells: Set<CellKey>, classes: Set<string>): void {
  for (const c of calls) {
    try {
      cells.add(classCell(BigInt(c.contract)));
    } catch {
      /* not a felt: ignore the hint */
    }
    if (c.classHash) classes.add(canon(c.classHash));
    callHints(c.calls, cells, classes);
  }
}

/**
 * Fetch in one round what the trace says the transaction touches (its inferred sets, the
 * principal's nonce and class, the call tree's contracts and classes), so that the execution
 * loop below needs fewer round trips. Undefined when done (or switched off).
 */
async function prefetch(run: BlockRun, t: TxRun, conv: RunnableTx): Promise<Fallback | undefined> {
  if (run.opts.prefetchHints === false) return undefined;
  const { itx } = t;
  try {
    const cells = new Set<CellKey>([nonceCell(conv.principal), classCell(conv.principal)]);
    const classes = new Set<string>(conv.classes.map(hex));
    for (const a of [
      ...itx.accessSets.reads,
      ...itx.accessSets.writes,
      ...itx.accessSets.deferredWrites,
    ])
      cells.add(a.cell);
    callHints(itx.calls, cells, classes);
    await Promise.all([run.source.fetchCells(cells), run.source.fetchClasses(classes)]);
    return undefined;
  } catch (e) {
    return { fallback: rpcFailure(run, t, e, 'prefetching state') };
  }
}

function executionFailed(run: BlockRun, t: TxRun, message: string): Fallback {
  txFinding(run, t, { kind: 'execution-failed', message });
  return { fallback: message };
}

/**
 * Validate + execute (+ fee transfer): `executeTransaction` is synchronous and RPC is not, so run
 * it, fetch whatever pre-block state it missed, and run again until a run misses nothing. That
 * run read only real values: it is exact. `maxAttempts` bounds the rounds.
 */
async function executeUntilComplete(
  run: BlockRun,
  t: TxRun,
  tx: StarknetTx,
  cfg: ExecutorConfig,
): Promise<{ ex: TxExecution } | Fallback> {
  const { source } = run;
  for (;;) {
    source.startRun();
    t.info.attempts++;
    run.executions++;
    let ex: TxExecution;
    try {
      ex = executeTransaction(tx, source, cfg);
    } catch (e) {
      return executionFailed(
        run,
        t,
        `execution threw: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!source.hasMisses) return { ex };
    if (t.info.attempts >= run.maxAttempts)
      return executionFailed(
        run,
        t,
        `did not converge after ${run.maxAttempts} executions (each one needed more pre-block state)`,
      );
    try {
      await source.fetchMisses();
    } catch (e) {
      return { fallback: rpcFailure(run, t, e, 'fetching pre-block state/classes') };
    }
  }
}

/**
 * The sequencer's post-execution fee check (post-execution.ts): when it fails, the transaction
 * has run again with execute discarded and is charged the check's fee.
 */
async function postExecutionFeeCheck(
  run: BlockRun,
  t: TxRun & { raw: RawTx },
  ex: TxExecution,
  tx: StarknetTx,
  feeToken: bigint,
  cfg: ExecutorConfig,
): Promise<{ ex: TxExecution; tx: StarknetTx; chargedFee?: bigint } | Fallback> {
  try {
    const post = await rerunAfterPostExecutionCheck(run, ex, tx, t.raw, feeToken, cfg);
    return post ? { ex: post.ex, tx: post.tx, chargedFee: post.fee } : { ex, tx };
  } catch (e) {
    return { fallback: rpcFailure(run, t, e, 'the post-execution fee check') };
  }
}

/** Our execution's outcome, steps and revert reason on the record (exact or not). */
function recordOutcome(t: TxRun, ex: TxExecution): void {
  const { info } = t;
  info.steps = ex.steps;
  info.syscallGas = hex(ex.syscallGas);
  info.outcome = ex.rejected ? 'rejected' : ex.reverted ? 'reverted' : 'succeeded';
  info.revertReason = ex.rejected ?? ex.revertReason;
  if (ex.revertTrace !== undefined) info.revertTrace = ex.revertTrace;
}

/**
 * Post-execution checks: an execution that used a class we could not have, or whose outcome
 * differs from the receipt's status, is not the chain's and falls back.
 */
function outcomeProblem(run: BlockRun, t: TxRun): Fallback | undefined {
  const { info, itx } = t;
  if (run.source.usedUnavailable.size > 0) {
    const reasons = [...run.source.usedUnavailable.values()].join('; ');
    txFinding(run, t, {
      kind: 'missing-class',
      message: `execution needed unavailable classes: ${reasons}`,
    });
    return { fallback: `missing class: ${reasons}` };
  }
  const want =
    itx.status === 'reverted' ? 'reverted' : itx.status === 'succeeded' ? 'succeeded' : undefined;
  if (want === undefined || info.outcome === want) return undefined;
  const why = `${info.outcome}${info.revertReason ? ` (${info.revertReason})` : ''}`;
  txFinding(run, t, {
    kind: 'status-mismatch',
    expected: want,
    got: info.outcome,
    message: `receipt says ${want}, our execution ${why}`,
  });
  return { fallback: `status mismatch: ${why}` };
}

/**
 * The pre-transaction values of the cells it wrote (for the fee's state diff and the `not-in-diff`
 * comparison), and the deferred sequencer credit's resulting value.
 */
async function valuesBefore(
  run: BlockRun,
  t: TxRun,
  ex: TxExecution,
): Promise<{ before: Map<CellKey, bigint>; credit?: Credit } | Fallback> {
  const { source } = run;
  let credit: Credit | undefined;
  const before = new Map<CellKey, bigint>();
  try {
    for (const c of ex.writes.keys()) before.set(c, await source.value(c));
    if (ex.feeCredit) {
      const prev = await source.value(ex.feeCredit.cell);
      before.set(ex.feeCredit.cell, prev);
      // on top of what the transaction itself wrote there (a transfer to the sequencer)
      const own = ex.writes.get(ex.feeCredit.cell);
      credit = { cell: ex.feeCredit.cell, value: (own ?? prev) + ex.feeCredit.amount };
    }
  } catch (e) {
    return { fallback: rpcFailure(run, t, e, 'fetching values of blind writes') };
  }
  return { before, credit };
}

/** Fee: ours, against the receipt. Only blocks whose fee we compute need the classes' Sierra. */
async function chargeFee(
  run: BlockRun,
  t: TxRun & { raw: RawTx },
  done: Executed,
  before: Map<CellKey, bigint>,
  chargedFee: bigint | undefined,
): Promise<void> {
  const classInfo = feeConstantsFor(String(run.rawBlock.starknet_version ?? ''))
    ? await feeClassInfo(run.client, done.tx, run.source, run.block.starknetVersion)
    : { trackedBySteps: false };
  recordFee(run, t, done.ex, done.feeToken, before, classInfo, chargedFee);
}

/** The transaction is exact: its writes and credit are what later transactions read. */
function commitWrites(run: BlockRun, t: TxRun, ex: TxExecution, credit: Credit | undefined): void {
  for (const [c, v] of ex.writes) run.source.overlay.set(c, v);
  if (credit) run.source.overlay.set(credit.cell, credit.value);
  t.info.exact = true;
  run.out.push({ ...t.itx, accessSets: exactSets(ex, credit), reexecution: t.info });
}

/**
 * State diff: ours (writes and credit) against the trace's, a `state-mismatch` finding per cell
 * and declaration that differs. With `continueWith: 'trace'` the trace's values then replace
 * ours, and a transaction that differed is replayed from them ('trace'); else 'invoke'.
 */
async function compareWithTrace(
  run: BlockRun,
  t: TxRun,
  ex: TxExecution,
  before: Map<CellKey, bigint>,
  credit: Credit | undefined,
): Promise<'invoke' | 'trace'> {
  const { expected, info } = t;
  if (!expected) return 'invoke';
  const ours = new Map(ex.writes);
  if (credit) ours.set(credit.cell, credit.value);
  const mismatch = (cell: CellKey, exp: string, got: bigint, detail: Finding['detail']) => {
    info.mismatches++;
    txFinding(run, t, {
      kind: 'state-mismatch',
      cell,
      expected: exp,
      got: hex(got),
      detail,
      message: `${cell}: trace ${detail === 'not-in-diff' ? 'leaves it at' : 'has'} ${exp}, re-execution ${detail === 'not-written' ? 'did not write it (value ' + hex(got) + ')' : 'wrote ' + hex(got)}`,
    });
  };
  try {
    for (const [cell, exp] of expected) {
      const got = ours.get(cell) ?? (await run.source.value(cell));
      if (got !== BigInt(exp)) mismatch(cell, exp, got, ours.has(cell) ? 'value' : 'not-written');
    }
  } catch (e) {
    rpcFailure(run, t, e, 'fetching values to compare');
  }
  for (const [cell, v] of ours)
    // a declaration cell is no state-diff entry: declarationDifferences compares it below
    if (!expected.has(cell) && v !== before.get(cell) && !cell.startsWith('d:'))
      mismatch(cell, hex(before.get(cell) ?? 0n), v, 'not-in-diff');
  const declared = run.declarations.get(canon(t.itx.hash)) ?? [];
  for (const d of declarationDifferences(ex.declared, declared)) {
    info.mismatches++;
    txFinding(run, t, { kind: 'state-mismatch', detail: 'declared-class', message: d });
  }
  if (run.opts.continueWith !== 'trace') return 'invoke';
  for (const [c, v] of expected) run.source.overlay.set(c, BigInt(v));
  return info.mismatches > 0 ? 'trace' : 'invoke';
}

/**
 * The trace's values for a `recorded` replay whose credit the engine adds itself: the sequencer's
 * balance is the transaction's own write there (trace value less the credit), or not written.
 */
function traceWritesLessCredit(
  expected: Map<CellKey, string>,
  ex: TxExecution,
  credit: Credit | undefined,
): [CellKey, string][] {
  const out: [CellKey, string][] = [];
  for (const [c, v] of expected) {
    if (c !== credit?.cell) out.push([c, v]);
    else if (ex.writes.has(c) && ex.feeCredit) out.push([c, hex(BigInt(v) - ex.feeCredit.amount)]);
  }
  return out;
}

/**
 * The receipt of the executable block: an INVOKE runs there again from its RPC form; an L1
 * handler, a DEPLOY_ACCOUNT, a DECLARE, and a mismatch continued from the trace replay values.
 */
function pushExecutableEntry(
  run: BlockRun,
  t: TxRun & { raw: RawTx },
  done: Executed,
  entry: 'invoke' | 'trace',
  credit: Credit | undefined,
): void {
  const { itx, info } = t;
  const { ex, tx } = done;
  const replayed = (reason: string, writes: Iterable<readonly [CellKey, bigint | string]>) =>
    run.runnable.push(
      recordedTx(itx, reason, {
        reads: ex.reads.map((r) => r.cell),
        writes: [...writes].map(([c, v]) => [c, typeof v === 'string' ? v : hex(v)]),
        cost: ex.cost,
        reverted: info.outcome !== 'succeeded',
        ...(ex.feeCredit
          ? { fee: { cell: ex.feeCredit.cell, amount: hex(ex.feeCredit.amount) } }
          : {}),
      }),
    );
  if (entry === 'trace')
    replayed(
      "continueWith 'trace': later transactions start from the trace's values",
      traceWritesLessCredit(t.expected!, ex, credit),
    );
  else if (tx.kind !== 'invoke')
    replayed(
      'L1 handlers and DEPLOY_ACCOUNT run in re-execution only; the executable block replays them',
      ex.writes,
    );
  else
    run.runnable.push({
      kind: 'invoke',
      hash: itx.hash,
      label: importedTxLabel(itx),
      rpc: t.raw.transaction,
      fee: hex(done.feeAmount),
      feeToken: hex(done.feeToken),
      ...(tx.postExecutionRevert !== undefined
        ? { postExecutionRevert: tx.postExecutionRevert }
        : {}),
    });
}
