/**
 * An executable block: what re-execution learnt about a real block, kept so that its
 * transactions can run again on engine/starknet with no RPC — on Block-STM's real workers, in
 * the simulator, anywhere. Re-execution fetched the pre-block state and the compiled classes its
 * final runs needed; with those, running the transactions again in block order reads nothing that
 * is unknown, and gives the same writes.
 *
 * Plain JSON data (felts as hex strings, classes as the node's CASM JSON), so it crosses
 * postMessage and can be saved to a file. This file does not import starknet.js: workers convert
 * the transactions with rpc-tx.ts alone.
 *
 * Transactions re-execution could not reproduce (unsupported types, missing classes, status
 * mismatches…) are kept as `recorded`: they read their trace-inferred cells and write the values
 * re-execution applied for them (the trace's state diff), as `ReplayExecutor` does for a whole
 * imported block. Every transaction that pays the sequencer carries its fee credit as
 * `TxResult.fee` (an invoke: the credit engine/starknet's deferred fee transfer computes; a
 * recorded one: its credit from re-execution or import/fee-credit.ts), exactly as the simulated
 * replay of the same block does: the variants decide where the credit is applied (inline, at
 * commit), and a run ends in the chain's state, credits included. Files of format @1 were saved
 * without credits; they still run, crediting nothing (their recorded writes leave credits out).
 */
import type { CellKey } from '../../types';
import { MemoCache } from '../../memo';
import type { BlockExecutor, StateView, TxResult } from '../../stm/types';
import { type CasmClassJson, loadCasmClass } from '../../starknet/casm';
import type { BlockInfo } from '../../starknet/execution';
import type { ClassProvider, ContractClass } from '../../starknet/state';
import { execWeights } from '../../starknet/bouncer-weights';
import {
  type DeprecatedClassJson,
  isDeprecatedClass,
  isDeprecatedClassJson,
  loadDeprecatedClass,
} from '../../starknet/deprecated/class';
import { type SierraVersion, setSierraVersion } from '../../starknet/sierra-version';
import {
  type ExecutorConfig,
  type InvokeTx,
  executeTransaction,
} from '../../starknet/transactions';
import { type ConvertedInvoke, type RpcTx, convertInvoke } from './rpc-tx';

export const EXECUTABLE_FORMAT = 'stm-explorer/executable-block@2';
/** Saved before transactions carried their fee credits: runs with no credit at all. */
export const EXECUTABLE_FORMAT_NO_CREDITS = 'stm-explorer/executable-block@1';

export interface ExecutableBlock {
  format: typeof EXECUTABLE_FORMAT | typeof EXECUTABLE_FORMAT_NO_CREDITS;
  number?: number;
  timestamp: string;
  sequencer: string;
  /** The Starknet version whose gas constants the transactions ran with (the newest when absent). */
  starknetVersion?: string;
  /** The block's L1 gas price in WEI (hex): the step limit of v0/v1/v2 transactions depends on it. */
  l1GasPriceWei?: string;
  /** The block's L1 data gas price in WEI (hex, KZG blocks): with the L1 gas price, v0/v1/v2 minimal fees. */
  l1DataGasPriceWei?: string;
  /** Chain id (felt hex) the accounts see in tx_info; engine/starknet's default when absent. */
  chainId?: string;
  /** Pre-block values (hex) of every cell re-execution fetched; any other cell reads as 0. */
  preState: [CellKey, string][];
  /** Compiled classes re-execution loaded: class hash (hex) → the node's CASM JSON. */
  classes: [string, unknown][];
  /**
   * Sierra version of the classes whose Sierra the node gave (class hash → [major, minor, patch]):
   * it picks Sierra gas or Cairo steps (engine/starknet sierra-version.ts). Absent in files saved
   * before it was kept: the CASM's compiler version decides then.
   */
  sierraVersions?: [string, SierraVersion][];
  txs: ExecutableTx[];
}

export type ExecutableTx =
  /** Executed on engine/starknet: the node's RPC transaction, the receipt's fee and its token. */
  | {
      kind: 'invoke';
      hash: string;
      label: string;
      rpc: RpcTx;
      fee: string;
      feeToken: string;
      /** Re-execution found it fails the post-execution fee check with this text (InvokeTx). */
      postExecutionRevert?: string;
    }
  /** Not reproducible: replayed (reads, then the values re-execution applied for it). */
  | {
      kind: 'recorded';
      hash: string;
      label: string;
      /** Why it is not executed (re-execution's fallback reason). */
      reason: string;
      reads: CellKey[];
      writes: [CellKey, string][];
      cost: number;
      reverted: boolean;
      /** Its sequencer-fee credit (hex amount added to `cell`); absent when it pays none. */
      fee?: { cell: CellKey; amount: string };
    };

/** Transactions of `block` replayed from recorded values (the others run on the Cairo VM). */
export function replayedCount(block: ExecutableBlock): number {
  let k = 0;
  for (const t of block.txs) if (t.kind === 'recorded') k++;
  return k;
}

/**
 * The InvokeTx re-execution runs for an RPC transaction: the receipt's fee is charged exactly
 * (maxFee = the fee, with `executorConfig`'s huge price per cost unit), because engine/starknet
 * does not reproduce Starknet's gas accounting; tx_info carries the transaction's real fields.
 */
export function invokeOf(conv: ConvertedInvoke, hash: string, fee: bigint): InvokeTx {
  return {
    kind: 'invoke',
    sender: conv.sender,
    calls: conv.calls,
    nonce: conv.nonce,
    maxFee: fee,
    txHash: BigInt(hash),
    signature: conv.signature,
    txInfo: conv.txInfo,
    ...(conv.executeCalldata ? { executeCalldata: conv.executeCalldata } : {}),
    ...(conv.entryPointSelector !== undefined
      ? { entryPointSelector: conv.entryPointSelector }
      : {}),
  };
}

/** The engine/starknet configuration of one re-executed transaction (deferred sequencer credit). */
export function executorConfig(
  block: BlockInfo,
  classes: ClassProvider,
  feeToken: bigint,
  chainId: string | undefined,
): ExecutorConfig {
  return {
    block,
    classes,
    feeToken,
    feeMode: 'deferred',
    feePerCostUnit: 1n << 200n,
    ...(chainId !== undefined ? { chainId: BigInt(chainId) } : {}),
  };
}

/**
 * Loaded classes by class hash, per thread: a worker builds one executor per warm-up pass and one
 * for the run, and loading a real class (decoding its bytecode and hints) is not free. A class
 * hash names its content, so the memo is invisible.
 */
const loadedClasses = new MemoCache<string, ContractClass>(256);

export class BundledClasses implements ClassProvider {
  private readonly json: Map<string, unknown>;
  private readonly versions: Map<string, SierraVersion>;
  constructor(classes: [string, unknown][], versions: [string, SierraVersion][] = []) {
    this.json = new Map(classes.map(([h, j]) => [canonHex(h), j]));
    this.versions = new Map(versions.map(([h, v]) => [canonHex(h), v]));
  }
  getClass(classHash: bigint): ContractClass | undefined {
    const h = '0x' + classHash.toString(16);
    const json = this.json.get(h);
    if (json === undefined) return undefined; // not in this block (as in re-execution: a call to it fails)
    let c = loadedClasses.get(h);
    if (c === undefined) {
      // a deprecated class is kept with its program inflated (source.ts), so it loads here too
      if (isDeprecatedClassJson(json)) c = loadDeprecatedClass(json as DeprecatedClassJson);
      else {
        const casm = loadCasmClass(json as CasmClassJson);
        const v = this.versions.get(h);
        if (v) setSierraVersion(casm, v);
        c = casm;
      }
      loadedClasses.set(h, c);
    }
    // on the memoized class too: an older file without versions may have loaded it first
    const v = this.versions.get(h);
    if (v && !isDeprecatedClass(c)) setSierraVersion(c, v);
    return c;
  }
}

function canonHex(h: string): string {
  return '0x' + BigInt(h).toString(16);
}

type Prepared =
  | { kind: 'invoke'; label: string; tx: InvokeTx; cfg: ExecutorConfig }
  | {
      kind: 'recorded';
      label: string;
      reads: CellKey[];
      writes: [CellKey, bigint][];
      cost: number;
      reverted: boolean;
      fee?: { cell: CellKey; amount: bigint };
    };

/** An executable block as a Block-STM executor: its transactions run on engine/starknet. */
export class ExecutableBlockExecutor implements BlockExecutor {
  readonly size: number;
  /** Transactions executed on the Cairo VM (the others are recorded replays). */
  readonly executed: number;
  private readonly pre: Map<CellKey, bigint>;
  private readonly txs: Prepared[];
  /** False for files saved before credits were kept (format @1): nothing is credited. */
  private readonly credits: boolean;

  constructor(block: ExecutableBlock) {
    if (block?.format !== EXECUTABLE_FORMAT && block?.format !== EXECUTABLE_FORMAT_NO_CREDITS)
      throw new Error(
        `not an executable block (format ${JSON.stringify(block?.format)}, expected ${EXECUTABLE_FORMAT})`,
      );
    this.credits = block.format === EXECUTABLE_FORMAT;
    this.pre = new Map(block.preState.map(([c, v]) => [c, BigInt(v)]));
    const classes = new BundledClasses(block.classes, block.sierraVersions);
    const info: BlockInfo = {
      blockNumber: BigInt(block.number ?? 0),
      blockTimestamp: BigInt(block.timestamp),
      sequencerAddress: BigInt(block.sequencer),
      starknetVersion: block.starknetVersion,
      ...(block.l1GasPriceWei !== undefined ? { l1GasPriceWei: BigInt(block.l1GasPriceWei) } : {}),
      ...(block.l1DataGasPriceWei !== undefined
        ? { l1DataGasPriceWei: BigInt(block.l1DataGasPriceWei) }
        : {}),
    };
    this.txs = block.txs.map((t, i): Prepared => {
      if (t.kind === 'recorded')
        return {
          kind: 'recorded',
          label: t.label,
          reads: t.reads,
          writes: t.writes.map(([c, v]) => [c, BigInt(v)]),
          cost: t.cost,
          reverted: t.reverted,
          ...(t.fee ? { fee: { cell: t.fee.cell, amount: BigInt(t.fee.amount) } } : {}),
        };
      const conv = convertInvoke(t.rpc);
      if ('unsupported' in conv)
        throw new Error(`executable block: transaction #${i} (${t.hash}): ${conv.unsupported}`);
      return {
        kind: 'invoke',
        label: t.label,
        tx: {
          ...invokeOf(conv, t.hash, BigInt(t.fee)),
          ...(t.postExecutionRevert !== undefined
            ? { postExecutionRevert: t.postExecutionRevert }
            : {}),
        },
        cfg: executorConfig(info, classes, BigInt(t.feeToken), block.chainId),
      };
    });
    this.size = this.txs.length;
    this.executed = this.size - replayedCount(block);
  }

  preState(cell: CellKey): bigint {
    return this.pre.get(cell) ?? 0n;
  }

  execute(tx: number, view: StateView): TxResult {
    const t = this.txs[tx];
    if (t.kind === 'recorded') {
      for (const c of t.reads) view.read(c);
      const fee = this.credits ? t.fee : undefined;
      return { writes: t.writes, cost: t.cost, reverted: t.reverted, ...(fee ? { fee } : {}) };
    }
    const ex = executeTransaction(t.tx, view, t.cfg);
    const fee = this.credits ? ex.feeCredit : undefined;
    return {
      writes: ex.writes,
      cost: ex.cost,
      reverted: ex.reverted || ex.rejected !== undefined,
      weights: execWeights(ex),
      ...(fee ? { fee } : {}),
    };
  }

  txLabel(tx: number): string {
    return this.txs[tx].label;
  }
}
