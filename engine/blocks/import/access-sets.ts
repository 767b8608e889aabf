/**
 * Access sets (reads / writes per transaction) from what an imported block carries.
 * The rule is documented in README.md ("Inference rule"); keep the two in sync.
 */
import { pedersenOf } from '../../vm/builtins/pedersen';
import { type CellKey, classCell, hex, nonceCell, storageCell } from '../../types';
import type {
  AccessSets,
  BlockStateDiff,
  CallNode,
  ImportedTx,
  ReadAccess,
  WriteAccess,
} from './model';
import type { InitialReadsPart } from './parts';
import { ETH_TOKEN, STRK_TOKEN, TRANSFER_SELECTOR, hasNonce, snKeccak } from './common';

const BALANCES_BASE = snKeccak('ERC20_balances');
const FELT_P = 2n ** 251n + 17n * 2n ** 192n + 1n;
const balanceKeyCache = new Map<string, bigint>();

/** Storage key of `ERC20_balances[owner]`: pedersen(sn_keccak("ERC20_balances"), owner). */
export function erc20BalanceKey(owner: string): bigint {
  let k = balanceKeyCache.get(owner);
  if (k === undefined) {
    k = pedersenOf(BALANCES_BASE, BigInt(owner));
    balanceKeyCache.set(owner, k);
  }
  return k;
}

/** The two cells of a u256 balance: low limb at the key, high limb at key + 1. */
export function erc20BalanceCells(token: string, owner: string): [CellKey, CellKey] {
  const k = erc20BalanceKey(owner);
  return [storageCell(BigInt(token), k), storageCell(BigInt(token), (k + 1n) % FELT_P)];
}

/** (from, to) of an ERC20 Transfer event, or undefined if the event is not one. */
export function transferParties(e: {
  keys: string[];
  data: string[];
}): { from: string; to: string } | undefined {
  if (e.keys[0] !== TRANSFER_SELECTOR) return undefined;
  // Cairo 1 (OpenZeppelin): keys = [Transfer, from, to], data = [amount.low, amount.high]
  if (e.keys.length === 3 && e.data.length === 2) return { from: e.keys[1], to: e.keys[2] };
  // Cairo 0: keys = [Transfer], data = [from, to, amount.low, amount.high]
  if (e.keys.length === 1 && e.data.length === 4) return { from: e.data[0], to: e.data[1] };
  return undefined;
}

export interface AccessInput {
  tx: ImportedTx;
  /** The transaction's own state diff (traces, pre-confirmed feeder blocks). */
  stateDiff?: BlockStateDiff;
  /** DEPLOY / DEPLOY_ACCOUNT: the deployed contract and its class, when known without a state diff. */
  deployed?: { contract: string; classHash?: string };
}

export interface AccessContext {
  sequencerAddress?: string;
  initialReads?: InitialReadsPart;
  /** Block-level state diff: final values for cells whose last writer is known only from events. */
  blockStateDiff?: BlockStateDiff;
}

export interface AccessResult {
  /** Initial reads that no transaction's call tree explains. */
  unattributedInitialReads: number;
}

function touchedContracts(calls: CallNode[], out = new Set<string>()): Set<string> {
  for (const c of calls) {
    out.add(c.contract);
    touchedContracts(c.calls, out);
  }
  return out;
}

/**
 * Fill `tx.accessSets` for every input, in block order. Mutates the transactions.
 */
export function buildAccessSets(
  inputs: AccessInput[],
  ctx: AccessContext,
  onTx?: (i: number) => void,
): AccessResult {
  const deferredCells = new Set<CellKey>();
  if (ctx.sequencerAddress && BigInt(ctx.sequencerAddress) !== 0n) {
    for (const token of [ETH_TOKEN, STRK_TOKEN])
      for (const c of erc20BalanceCells(token, ctx.sequencerAddress)) deferredCells.add(c);
  }
  const initial = new Map<CellKey, string>();
  if (ctx.initialReads) {
    for (const r of ctx.initialReads.storage)
      initial.set(storageCell(BigInt(r.contract), BigInt(r.key)), r.value);
    for (const r of ctx.initialReads.nonces) initial.set(nonceCell(BigInt(r.contract)), r.nonce);
    for (const r of ctx.initialReads.classHashes)
      initial.set(classCell(BigInt(r.contract)), r.classHash);
  }
  const haveInitial = ctx.initialReads !== undefined;
  /** Latest value written so far (undefined value = written, value unknown). */
  const lastWrite = new Map<CellKey, { value?: string; tx: number }>();
  const attributed = new Set<CellKey>();
  /** Initial-read cells by contract, for attribution through call trees. */
  const initialByContract = new Map<string, CellKey[]>();
  for (const cell of initial.keys()) {
    const contract = cell.split(':')[1];
    const list = initialByContract.get(contract);
    if (list) list.push(cell);
    else initialByContract.set(contract, [cell]);
  }

  inputs.forEach((input, i) => {
    const { tx } = input;
    const writes = new Map<CellKey, WriteAccess>();
    const put = (w: WriteAccess) => {
      const prev = writes.get(w.cell);
      if (!prev || (prev.value === undefined && w.value !== undefined)) writes.set(w.cell, w);
    };
    if (input.stateDiff) {
      const d = input.stateDiff;
      for (const s of d.storage)
        put({
          cell: storageCell(BigInt(s.contract), BigInt(s.key)),
          value: s.value,
          evidence: 'state_diff',
        });
      for (const n of d.nonces)
        put({ cell: nonceCell(BigInt(n.contract)), value: n.nonce, evidence: 'state_diff' });
      for (const c of d.deployed)
        put({ cell: classCell(BigInt(c.contract)), value: c.classHash, evidence: 'state_diff' });
      for (const c of d.replaced)
        put({ cell: classCell(BigInt(c.contract)), value: c.classHash, evidence: 'state_diff' });
    } else {
      for (const e of tx.events) {
        const p = transferParties(e);
        if (!p) continue;
        for (const owner of [p.from, p.to]) {
          if (BigInt(owner) === 0n) continue; // mint / burn side
          for (const cell of erc20BalanceCells(e.from, owner))
            put({ cell, evidence: 'transfer_event' });
        }
      }
      if (tx.sender && hasNonce(tx.type, tx.version)) {
        put({
          cell: nonceCell(BigInt(tx.sender)),
          value: tx.nonce !== undefined ? hex(BigInt(tx.nonce) + 1n) : undefined,
          evidence: 'inferred_rule',
        });
      }
      if (input.deployed)
        put({
          cell: classCell(BigInt(input.deployed.contract)),
          value: input.deployed.classHash,
          evidence: 'inferred_rule',
        });
    }

    const sets: AccessSets = { reads: [], writes: [], deferredWrites: [], inferred: false };
    for (const w of writes.values())
      (deferredCells.has(w.cell) ? sets.deferredWrites : sets.writes).push(w);

    const reads = new Map<CellKey, ReadAccess>();
    const read = (cell: CellKey) => {
      if (reads.has(cell) || deferredCells.has(cell)) return;
      const earlier = lastWrite.get(cell);
      if (!earlier && initial.has(cell)) {
        reads.set(cell, { cell, value: initial.get(cell), evidence: 'initial_reads' });
        attributed.add(cell);
        return;
      }
      // With initial_reads, a cell nobody wrote before and that is absent from initial_reads
      // was not read from pre-block state: this transaction wrote it blindly.
      if (!earlier && haveInitial) return;
      reads.set(cell, { cell, value: earlier?.value, evidence: 'inferred_rule' });
    };
    if (tx.sender && hasNonce(tx.type, tx.version)) read(nonceCell(BigInt(tx.sender)));
    if (tx.sender && tx.feeToken && tx.sender !== ctx.sequencerAddress) {
      for (const c of erc20BalanceCells(tx.feeToken, tx.sender)) read(c);
    }
    for (const w of sets.writes) read(w.cell);
    if (haveInitial) {
      // Initial reads no rule explains: give each to the first transaction whose call tree touches its contract.
      const touched = touchedContracts(tx.calls);
      if (tx.sender) touched.add(tx.sender);
      for (const contract of touched) {
        const cells = initialByContract.get(contract);
        if (!cells) continue;
        for (const cell of cells) {
          if (reads.has(cell)) attributed.add(cell);
          if (attributed.has(cell)) continue;
          reads.set(cell, { cell, value: initial.get(cell), evidence: 'initial_reads' });
          attributed.add(cell);
        }
        initialByContract.delete(contract);
      }
    }
    sets.reads = [...reads.values()];
    sets.inferred =
      sets.reads.some((r) => r.evidence === 'inferred_rule') ||
      sets.writes.some((w) => w.evidence !== 'state_diff');
    tx.accessSets = sets;
    for (const w of sets.writes) lastWrite.set(w.cell, { value: w.value, tx: i });
    onTx?.(i);
  });

  // Final values from the block's state diff for the last (event-evidenced) writer of each cell.
  if (ctx.blockStateDiff) {
    const finals = new Map<CellKey, string>();
    for (const s of ctx.blockStateDiff.storage)
      finals.set(storageCell(BigInt(s.contract), BigInt(s.key)), s.value);
    for (const [cell, lw] of lastWrite) {
      if (lw.value !== undefined || !finals.has(cell)) continue;
      const w = inputs[lw.tx].tx.accessSets.writes.find((x) => x.cell === cell);
      if (w) w.value = finals.get(cell);
    }
  }
  let unattributed = 0;
  for (const cell of initial.keys()) if (!attributed.has(cell)) unattributed++;
  return { unattributedInitialReads: unattributed };
}
