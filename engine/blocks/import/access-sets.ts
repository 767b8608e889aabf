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

/** The sequencer's fee-token balance cells: writes there are deferred (README rule 3). */
function sequencerCells(ctx: AccessContext): Set<CellKey> {
  const cells = new Set<CellKey>();
  if (ctx.sequencerAddress && BigInt(ctx.sequencerAddress) !== 0n)
    for (const token of [ETH_TOKEN, STRK_TOKEN])
      for (const c of erc20BalanceCells(token, ctx.sequencerAddress)) cells.add(c);
  return cells;
}

/** The node's initial reads (0.10.1+) as cell → pre-block value. */
function initialValues(ctx: AccessContext): Map<CellKey, string> {
  const initial = new Map<CellKey, string>();
  const r = ctx.initialReads;
  if (!r) return initial;
  for (const s of r.storage) initial.set(storageCell(BigInt(s.contract), BigInt(s.key)), s.value);
  for (const n of r.nonces) initial.set(nonceCell(BigInt(n.contract)), n.nonce);
  for (const c of r.classHashes) initial.set(classCell(BigInt(c.contract)), c.classHash);
  return initial;
}

function byContract(cells: Iterable<CellKey>): Map<string, CellKey[]> {
  const out = new Map<string, CellKey[]>();
  for (const cell of cells) {
    const contract = cell.split(':')[1];
    const list = out.get(contract);
    if (list) list.push(cell);
    else out.set(contract, [cell]);
  }
  return out;
}

/** A transaction's writes: its state diff, else what its events and the rules imply. */
function txWrites(input: AccessInput): Map<CellKey, WriteAccess> {
  const writes = new Map<CellKey, WriteAccess>();
  const put = (w: WriteAccess) => {
    const prev = writes.get(w.cell);
    if (!prev || (prev.value === undefined && w.value !== undefined)) writes.set(w.cell, w);
  };
  const { tx, stateDiff: d } = input;
  if (d) {
    const diff = (cell: CellKey, value: string) => put({ cell, value, evidence: 'state_diff' });
    for (const s of d.storage) diff(storageCell(BigInt(s.contract), BigInt(s.key)), s.value);
    for (const n of d.nonces) diff(nonceCell(BigInt(n.contract)), n.nonce);
    for (const c of [...d.deployed, ...d.replaced])
      diff(classCell(BigInt(c.contract)), c.classHash);
    return writes;
  }
  for (const e of tx.events) {
    const p = transferParties(e);
    if (!p) continue;
    for (const owner of [p.from, p.to]) {
      if (BigInt(owner) === 0n) continue; // mint / burn side
      for (const cell of erc20BalanceCells(e.from, owner))
        put({ cell, evidence: 'transfer_event' });
    }
  }
  if (tx.sender && hasNonce(tx.type, tx.version))
    put({
      cell: nonceCell(BigInt(tx.sender)),
      value: tx.nonce !== undefined ? hex(BigInt(tx.nonce) + 1n) : undefined,
      evidence: 'inferred_rule',
    });
  if (input.deployed)
    put({
      cell: classCell(BigInt(input.deployed.contract)),
      value: input.deployed.classHash,
      evidence: 'inferred_rule',
    });
  return writes;
}

/** What the walk over the block knows before each transaction. */
interface Walk {
  ctx: AccessContext;
  deferred: Set<CellKey>;
  initial: Map<CellKey, string>;
  /** Latest value written so far (undefined value = written, value unknown). */
  lastWrite: Map<CellKey, { value?: string; tx: number }>;
  /** Initial reads already given to a transaction. */
  attributed: Set<CellKey>;
  /** Initial-read cells by contract not yet given out (attribution through call trees). */
  initialByContract: Map<string, CellKey[]>;
}

/** A transaction's reads: its nonce, its fee balance, what it wrote, its initial reads. */
function txReads(w: Walk, tx: ImportedTx, writes: WriteAccess[]): ReadAccess[] {
  const haveInitial = w.ctx.initialReads !== undefined;
  const reads = new Map<CellKey, ReadAccess>();
  const read = (cell: CellKey) => {
    if (reads.has(cell) || w.deferred.has(cell)) return;
    const earlier = w.lastWrite.get(cell);
    if (!earlier && w.initial.has(cell)) {
      reads.set(cell, { cell, value: w.initial.get(cell), evidence: 'initial_reads' });
      w.attributed.add(cell);
      return;
    }
    // With initial_reads, a cell nobody wrote before and that is absent from initial_reads
    // was not read from pre-block state: this transaction wrote it blindly.
    if (!earlier && haveInitial) return;
    reads.set(cell, { cell, value: earlier?.value, evidence: 'inferred_rule' });
  };
  if (tx.sender && hasNonce(tx.type, tx.version)) read(nonceCell(BigInt(tx.sender)));
  if (tx.sender && tx.feeToken && tx.sender !== w.ctx.sequencerAddress)
    for (const c of erc20BalanceCells(tx.feeToken, tx.sender)) read(c);
  for (const x of writes) read(x.cell);
  if (haveInitial) attributeInitialReads(w, tx, reads);
  return [...reads.values()];
}

/** Initial reads no rule explains: each to the first transaction whose calls touch its contract. */
function attributeInitialReads(w: Walk, tx: ImportedTx, reads: Map<CellKey, ReadAccess>): void {
  const touched = touchedContracts(tx.calls);
  if (tx.sender) touched.add(tx.sender);
  for (const contract of touched) {
    const cells = w.initialByContract.get(contract);
    if (!cells) continue;
    for (const cell of cells) {
      if (reads.has(cell)) w.attributed.add(cell);
      if (w.attributed.has(cell)) continue;
      reads.set(cell, { cell, value: w.initial.get(cell), evidence: 'initial_reads' });
      w.attributed.add(cell);
    }
    w.initialByContract.delete(contract);
  }
}

/** Final values from the block's state diff for the last (event-evidenced) writer of each cell. */
function fillFinalValues(w: Walk, inputs: AccessInput[]): void {
  if (!w.ctx.blockStateDiff) return;
  const finals = new Map<CellKey, string>();
  for (const s of w.ctx.blockStateDiff.storage)
    finals.set(storageCell(BigInt(s.contract), BigInt(s.key)), s.value);
  for (const [cell, lw] of w.lastWrite) {
    if (lw.value !== undefined || !finals.has(cell)) continue;
    const x = inputs[lw.tx].tx.accessSets.writes.find((y) => y.cell === cell);
    if (x) x.value = finals.get(cell);
  }
}

/**
 * Fill `tx.accessSets` for every input, in block order. Mutates the transactions.
 */
export function buildAccessSets(
  inputs: AccessInput[],
  ctx: AccessContext,
  onTx?: (i: number) => void,
): AccessResult {
  const initial = initialValues(ctx);
  const w: Walk = {
    ctx,
    deferred: sequencerCells(ctx),
    initial,
    lastWrite: new Map(),
    attributed: new Set(),
    initialByContract: byContract(initial.keys()),
  };
  inputs.forEach((input, i) => {
    const sets: AccessSets = { reads: [], writes: [], deferredWrites: [], inferred: false };
    for (const x of txWrites(input).values())
      (w.deferred.has(x.cell) ? sets.deferredWrites : sets.writes).push(x);
    sets.reads = txReads(w, input.tx, sets.writes);
    sets.inferred =
      sets.reads.some((r) => r.evidence === 'inferred_rule') ||
      sets.writes.some((x) => x.evidence !== 'state_diff');
    input.tx.accessSets = sets;
    for (const x of sets.writes) w.lastWrite.set(x.cell, { value: x.value, tx: i });
    onTx?.(i);
  });
  fillFinalValues(w, inputs);
  let unattributed = 0;
  for (const cell of initial.keys()) if (!w.attributed.has(cell)) unattributed++;
  return { unattributedInitialReads: unattributed };
}
