/**
 * The fee steps of a re-executed transaction, after its execution: the sequencer's post-execution
 * fee check (which can revert the transaction and run it again) and our fee, events and messages
 * on its record, checked against the receipt. Both need classes' Sierra (`starknet_getClass`).
 */
import { isDeprecatedClassJson } from '../../starknet/deprecated/class';
import { type CellKey, classCell, hex, storageCell } from '../../types';
import { RpcError, type RpcClient } from '../import/rpc-client';
import {
  type ExecutorConfig,
  type StarknetTx,
  type TxExecution,
  balanceKey,
  collectEvents,
  collectMessages,
  executeTransaction,
} from '../../starknet/transactions';
import { feeConstantsFor } from '../../starknet/fee';
import { gasConstantsFor } from '../../starknet/versioned-constants';
import type { ReexecutionSource } from './source';
import {
  computeFee,
  executeSucceeded,
  declaredCodeSize,
  deprecatedCodeSize,
  feeDifferences,
  postExecutionCheck,
  sierraVersion,
  tracksSteps,
} from './fee-check';
import { type BlockRun, type RawTx, type TxRun, txFinding } from './block-run';

/** What the fee needs of the classes: see `feeClassInfo`. */
export interface FeeClassInfo {
  codeSize?: number;
  trackedBySteps: boolean;
}

/**
 * What the fee needs of the classes (Sierra, over RPC): whether the transaction's entry class
 * (the account; an L1 handler's contract) runs in Cairo steps, and a declared class's code size.
 */
export async function feeClassInfo(
  client: RpcClient,
  tx: StarknetTx,
  source: ReexecutionSource,
  starknetVersion: string | undefined,
): Promise<FeeClassInfo> {
  // a class never changes once declared: 'latest' has it whatever block declared it
  const sierraOf = async (classHash: bigint) => {
    try {
      return await client.call('starknet_getClass', ['latest', hex(classHash)], true);
    } catch (e) {
      if (e instanceof RpcError) return undefined;
      throw e;
    }
  };
  const entry =
    tx.kind === 'deploy-account'
      ? tx.classHash
      : await source.value(
          classCell(
            tx.kind === 'l1-handler' ? tx.contract : tx.kind === 'call' ? tx.call.to : tx.sender,
          ),
        );
  const entryClass = await sierraOf(entry);
  // the block's version says from which Sierra version classes run in Sierra gas
  const minSierra = gasConstantsFor(starknetVersion).minSierraVersionForSierraGas;
  const out: FeeClassInfo = {
    // a Cairo 0 (deprecated) class always runs in Cairo steps
    trackedBySteps:
      isDeprecatedClassJson(entryClass) || tracksSteps(sierraVersion(entryClass), minSierra),
  };
  if (tx.kind === 'declare') {
    const declared = source.classJson.get(hex(tx.classHash));
    out.codeSize = isDeprecatedClassJson(declared)
      ? deprecatedCodeSize(declared)
      : declaredCodeSize(declared, await sierraOf(tx.classHash));
  }
  return out;
}

/**
 * The sequencer's post-execution fee check (fee-check.ts `postExecutionCheck`) of a transaction
 * whose execute succeeded; when it fails, the transaction runs again with execute discarded
 * (`postExecutionRevert`), as blockifier aborts it. Undefined when the check passes or cannot run.
 */
export async function rerunAfterPostExecutionCheck(
  run: BlockRun,
  ex: TxExecution,
  tx: StarknetTx,
  raw: RawTx,
  feeToken: bigint,
  cfg: ExecutorConfig,
): Promise<{ ex: TxExecution; tx: StarknetTx; fee: bigint } | undefined> {
  if (!executeSucceeded(ex) || (tx.kind !== 'invoke' && tx.kind !== 'l1-handler')) return undefined;
  if (!feeConstantsFor(String(run.rawBlock.starknet_version ?? ''))) return undefined;
  const pre = new Map<CellKey, bigint>();
  for (const c of ex.writes.keys()) pre.set(c, await run.source.value(c));
  const { trackedBySteps } = await feeClassInfo(
    run.client,
    tx,
    run.source,
    cfg.block.starknetVersion,
  );
  const check = postExecutionCheck(
    ex,
    raw.transaction,
    run.rawBlock,
    feeToken,
    pre,
    trackedBySteps,
    tx.kind === 'invoke' ? await balanceAfter(ex, tx.sender, feeToken, run.source) : undefined,
  );
  if (!check) return undefined;
  const again: StarknetTx = { ...tx, postExecutionRevert: check.revert };
  run.source.startRun();
  return { ex: executeTransaction(again, run.source, cfg), tx: again, fee: check.fee };
}

/** `sender`'s fee-token balance (u256 low, high) after `ex`'s writes. */
async function balanceAfter(
  ex: TxExecution,
  sender: bigint,
  feeToken: bigint,
  source: ReexecutionSource,
): Promise<{ low: bigint; high: bigint }> {
  const at = async (key: bigint) => {
    const cell = storageCell(feeToken, key);
    return ex.writes.get(cell) ?? (await source.value(cell));
  };
  const key = balanceKey(sender);
  return { low: await at(key), high: await at(key + 1n) };
}

const hexEvents = (ex: TxExecution) =>
  [ex.validate, ex.execute, ex.feeTransfer].flatMap((c) =>
    collectEvents(c).map((e) => ({
      from: hex(e.from),
      keys: e.keys.map(hex),
      data: e.data.map(hex),
    })),
  );

/**
 * The receipt's part of an exact transaction: our fee, events and messages on its record, and a
 * `fee-mismatch` finding per field the receipt disagrees on. `before` holds the pre-transaction
 * values of the cells it wrote (the state diff's allocations); `chargedFee` is the fee a failed
 * post-execution check charged instead.
 */
export function recordFee(
  run: BlockRun,
  t: TxRun & { raw: RawTx },
  ex: TxExecution,
  feeToken: bigint,
  before: Map<CellKey, bigint>,
  classInfo: FeeClassInfo,
  chargedFee?: bigint,
): void {
  const { info } = t;
  info.events = hexEvents(ex);
  info.messages = collectMessages(ex.execute).map((m) => ({
    from: hex(m.from),
    to: hex(m.to),
    payload: m.payload.map(hex),
  }));
  const fee = computeFee(
    ex,
    t.raw.transaction,
    run.rawBlock,
    feeToken,
    before,
    classInfo.codeSize,
    classInfo.trackedBySteps,
    chargedFee,
  );
  if ('unsupported' in fee) {
    info.feeUnsupported = fee.unsupported;
    return;
  }
  info.fee = fee;
  for (const d of feeDifferences(fee, t.raw.receipt))
    txFinding(run, t, {
      kind: 'fee-mismatch',
      detail: d.field,
      expected: d.expected,
      got: d.got,
      message: `${d.field}: receipt ${BigInt(d.expected)}, ours ${BigInt(d.got)}`,
    });
}
