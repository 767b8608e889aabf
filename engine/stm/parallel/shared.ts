/**
 * Block-STM's shared state in SharedArrayBuffers: the collaborative scheduler (counters and
 * per-transaction status with Atomics) and a multi-version memory that every worker reads and
 * writes directly, without a round trip to the main thread.
 *
 * Everything is plain Int32/Uint16 arrays over SharedArrayBuffers created by the host
 * (`allocateShared`) and posted to every worker (`SharedHandles` is structured-cloneable).
 * See README.md "Shared memory layout" for the layout, the capacities and their errors.
 *
 * Pure TypeScript, no Node or DOM API: the same file runs in worker_threads and Web Workers.
 * Atomics.wait is only called by workers (the browser's main thread never calls it); the host
 * only reads the buffers after every worker finished, and raises the start flag only to release
 * the workers of a run that failed before the start (the last worker ready starts a run).
 */
import { EstimateHit, type ExecWeights } from '../types';
import type { CellKey } from '../../types';
import { MemoCache } from '../../memo';

// ---------------------------------------------------------------- control words (Int32)
// Words written often by different workers sit on different 64-byte cache lines (16 words):
// scheduler counters, the idle futex, allocation tops, the start barrier, one line per worker.
// The done and error flags, read by every worker at every task and written about once per run,
// share the start barrier's line (read-mostly during a run), not the scheduler counters' line
// (written at every task): a read of a line the other core just wrote is a cache miss.
export const C_EXEC_IDX = 0;
export const C_VAL_IDX = 1;
export const C_DECREASE_CNT = 2;
/** Futex word idle workers sleep on; bumped whenever new work may have appeared. */
export const C_EPOCH = 16;
export const C_WAITERS = 17;
export const C_CELL_COUNT = 32;
export const C_ARENA_TOP = 33;
export const C_BITS_TOP = 34;
export const C_POOL_TOP = 35;
/** Start flag: the last worker at the start barrier stores 1 (worker-core's awaitStart). */
export const C_GO = 48;
export const C_READY = 49;
export const C_DONE = 52;
/** 0 = no error; 1 = a worker failed (C_ERROR_TX / C_ERROR_WORKER say where); 2 = stopped by the host. */
export const C_ERROR = 53;
export const C_ERROR_TX = 54;
export const C_ERROR_WORKER = 55;
/**
 * In the run's own ctrl, used before the start only: the warm-up passes' barrier (a worker adds 1
 * when it reaches pass p and goes on once the count reaches (p + 1) · workers) and the skip mark
 * (p + 1 = skip pass p and the rest: worker 0's time budget ran out; set before it arrives at
 * barrier p). They are not in a pass's buffers, which are cleared for reuse while the others may
 * be arriving.
 */
export const C_WARM_READY = 56;
export const C_WARM_SKIP = 57;
/** Per worker w, at C_CURRENT_TX + 16 w: the transaction it is working on (+1; 0 = none) — names the tx if it crashes. */
export const C_CURRENT_TX = 64;
const WORKER_STRIDE = 16;
/**
 * Per worker w, next to its current tx: its share of the paper's NUM_ACTIVE_TASKS (tasks it holds).
 * One shared counter sat on the scheduler counters' line and took two atomic read-modify-writes
 * per task from every worker, each a cache-line transfer between cores; a word on the worker's
 * own line costs no transfer, and only CHECK_DONE (at the end of the block) sums the words.
 * CHECK_DONE's argument is unchanged: a worker raises its word before it fetches an index and
 * lowers it after the task is over, so a worker holding a task below n is never counted as 0
 * while both indices read ≥ n without an index decrease (which DECREASE_CNT catches).
 */
const C_ACTIVE_OF = C_CURRENT_TX + 1;
const activeWordOf = (worker: number): number => C_ACTIVE_OF + WORKER_STRIDE * worker;
export const MAX_WORKERS = 128;
/**
 * The blockifier variant's in-order commit, on a line of their own after the workers' lines
 * (written once per transaction, read before every task): the next transaction to commit, and
 * the commit lock (0 free, 1 held; worker_logic.rs `commit_while_possible` /
 * scheduler.rs `try_enter_commit_phase`).
 */
export const C_COMMIT_IDX = C_CURRENT_TX + WORKER_STRIDE * MAX_WORKERS;
const C_COMMIT_LOCK = C_COMMIT_IDX + 1;
/**
 * The bouncer's stop (blockifier, with a block capacity): 0 while the block is open, else the
 * number of transactions in the block + 1 (worker_logic.rs `NoRoomInBlock` → `halt`).
 */
const C_BLOCK_END = C_COMMIT_IDX + 2;
/** Float64 per transaction in `SharedHandles.weights`: cost, then the ExecWeights (NaN: none). */
const WTS = 8;
const CTRL_WORDS = C_COMMIT_IDX + 16;

// ---------------------------------------------------------------- per-transaction records
/** Int32 words per transaction: one 64-byte cache line, so neighbours do not false-share. */
const TS = 16;
/** Status word `incarnation << 2 | status` (transitions by CAS). */
const T_STATUS = 0;
/** Dependency mutex (0 free, 1 locked, 2 locked with waiters). */
const T_LOCK = 1;
/** Head (tx + 1) of the list of transactions waiting on this one; T_NEXT links that list. */
const T_HEAD = 2;
const T_NEXT = 3;
/** Pool offsets of the current write list / read list (0 = none). */
const T_WRITES = 4;
const T_READS = 5;
/**
 * blockifier variant: the deferred sequencer-fee credit of the last recorded incarnation: its
 * cell id + 1 (0 = none) and, in words 8–15 (8-byte aligned), the amount as 4 × u64 limbs.
 */
const T_FEE_CELL = 6;
const T_FEE_LIMBS = 8;

// ---------------------------------------------------------------- scheduler status word
export const READY_TO_EXECUTE = 0;
export const EXECUTING = 1;
export const EXECUTED = 2;
export const ABORTING = 3;
const st = (w: number): number => w & 3;
const inc = (w: number): number => w >>> 2;
const word = (i: number, s: number): number => (i << 2) | s;

export const NO_TASK = -1;
export const taskTx = (t: number): number => t >> 1;
export const isValidation = (t: number): boolean => (t & 1) === 1;
const execTask = (tx: number): number => tx * 2;
const valTask = (tx: number): number => tx * 2 + 1;

// ---------------------------------------------------------------- MVMemory constants
export const READ_STORAGE = 0;
export const READ_OK = 1;
export const READ_ESTIMATE = 2;
/**
 * Words per write entry in the pool: cell, (incarnation << 1 | ESTIMATE), the value as 4 × 64-bit
 * limbs (little-endian, read and written through a BigUint64Array view: no per-limb BigInt
 * arithmetic). Write lists are `[len, pad, entries…]`; every pool allocation is an even number of
 * words at an even offset, so entries (and their limbs) are 8-byte aligned.
 */
const WE = 10;
/** Offset of the first entry in a write list. */
const WH = 2;
/** Words per read entry: cell, version tx, version incarnation (read lists: `[len, entries…]`). */
const RE = 3;
/**
 * Value-based validation (blockifier) compares the values read, so its read lists keep them:
 * `[len, pad, entries…]`, each entry cell, version tx, version incarnation, pad, the value as
 * 4 × u64 limbs at word 4 (8-byte aligned like the write lists).
 */
const RV = 12;
/**
 * A written cell's writer set (which transactions' current incarnations write it) is a sparse
 * bitset: a directory of ceil(n / PAGE_BITS) page offsets (0 = no page yet), and pages allocated
 * at the first write in their range: a summary word (bit w: word w ever had a bit), then
 * PAGE_BITS / 32 words of bits. A dense n-bit set per written cell made the region O(n²): 207 MB
 * of address space for a 10,000-transaction block (23 MB now); a cell written by a few
 * transactions takes a directory and one or two pages.
 */
const PAGE_BITS = 1024;
const PAGE_SHIFT = 10;
const PAGE_WORDS = 1 + PAGE_BITS / 32;
const MAX_U64 = (1n << 64n) - 1n;
const MAX_VALUE = (1n << 256n) - 1n;

export class CapacityError extends Error {}

export interface SharedHandles {
  n: number;
  maxCells: number;
  tableSlots: number;
  arenaUnits: number;
  bitsWords: number;
  poolWords: number;
  ctrl: SharedArrayBuffer;
  /** Int32 × 16n: per transaction one cache line: status word, dependency lock, dependency head, dependency next, write list, read list. */
  txs: SharedArrayBuffer;
  /** Int32 × 2 × tableSlots: slot state (0 empty, -1 being filled, id + 1) and key hash. */
  table: SharedArrayBuffer;
  /** Int32 × 3 × maxCells: key offset, key length, writer-set directory offset (0 = no writer yet). */
  cellInfo: SharedArrayBuffer;
  /** Uint16 code units of the interned keys. */
  arena: SharedArrayBuffer;
  /** Int32 pool of per-cell writer sets: a directory per written cell and its pages (see PAGE_*). */
  bits: SharedArrayBuffer;
  /** Int32 pool of immutable write lists and read lists (bump-allocated, never freed). */
  pool: SharedArrayBuffer;
  /** Float64 [start time in ms since the epoch (performance.timeOrigin + performance.now())]. */
  clock: SharedArrayBuffer;
  /**
   * 1: the blockifier variant (value-based validation, no ESTIMATE, deferred fee, in-order
   * commit); 0: Block-STM. A number, so that both kinds of handles share one hidden class.
   */
  valueBased: number;
  /**
   * blockifier: Float64 × 8 per transaction: the executor cost and the bouncer weights the
   * executor reported (ExecWeights, NaN when not reported) of its last recorded incarnation,
   * written before EXECUTED is published; read by whoever commits it (8 bytes for Block-STM).
   */
  weights: SharedArrayBuffer;
}

/** Which scheduler a shared state runs (see SharedHandles.valueBased). */
export type SharedVariant = 'block-stm' | 'blockifier';

/** What a run used (or is expected to use) of the shared buffers. */
export interface MemoryUsage {
  txs: number;
  cells: number;
  /** Int32 words of writer sets (directories and pages). */
  bitsWords: number;
  /** Uint16 code units of interned keys. */
  keyUnits: number;
  poolWords: number;
}

export interface Capacity {
  /** Distinct cells the block may touch (default max(4096, 32 × n)). */
  maxCells?: number;
  /** Distinct cells the block may write (default min(maxCells, 8 × n + 1024)): sizes the writer sets. */
  writtenCells?: number;
  /** Int32 words for read/write lists of every incarnation (default 1M + 1024 × n). */
  poolWords?: number;
}

/**
 * A copy of the handles with one fixed property order: a structured-cloned object has another
 * hidden class than the literal `allocateShared` built, and code optimized on one (the warm-up's
 * private state) would deoptimize on the other (the run's) when it reads a capacity.
 */
function sameShape(h: SharedHandles): SharedHandles {
  return {
    n: h.n,
    maxCells: h.maxCells,
    tableSlots: h.tableSlots,
    arenaUnits: h.arenaUnits,
    bitsWords: h.bitsWords,
    poolWords: h.poolWords,
    ctrl: h.ctrl,
    txs: h.txs,
    table: h.table,
    cellInfo: h.cellInfo,
    arena: h.arena,
    bits: h.bits,
    pool: h.pool,
    clock: h.clock,
    valueBased: h.valueBased,
    weights: h.weights,
  };
}

function pow2AtLeast(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** Bytes of all the shared buffers behind `h` (address space; pages are touched on use). */
export function sharedBytes(h: SharedHandles): number {
  let bytes = 0;
  for (const b of [h.ctrl, h.txs, h.table, h.cellInfo, h.arena, h.bits, h.pool, h.clock])
    bytes += b.byteLength;
  return bytes;
}

/**
 * Clear buffers a (warm-up) run used, so that another run can use them: every word it may have
 * written (up to the allocation tops, the whole transaction records and table) back to 0, as
 * allocateShared left them. Only while no thread uses them.
 */
export function resetShared(h: SharedHandles): void {
  const c = new Int32Array(h.ctrl);
  new Int32Array(h.txs).fill(0);
  new Int32Array(h.table).fill(0);
  new Int32Array(h.cellInfo).fill(0, 0, 3 * Math.min(c[C_CELL_COUNT], h.maxCells));
  new Uint16Array(h.arena).fill(0, 0, c[C_ARENA_TOP]);
  new Int32Array(h.bits).fill(0, 0, c[C_BITS_TOP]);
  new Int32Array(h.pool).fill(0, 0, c[C_POOL_TOP]);
  c.fill(0);
  initCtrl(c, h.n);
}

/** The control words a fresh run starts from (ctrl all 0 before). */
function initCtrl(c: Int32Array, n: number): void {
  c[C_BITS_TOP] = 1; // offset 0 means "no directory / no page"
  c[C_POOL_TOP] = 2; // list pointer 0 means "none"; allocations stay 8-byte aligned
  if (n === 0) c[C_DONE] = 1;
}

/** Create the shared buffers for a block of `n` transactions. */
export function allocateShared(
  n: number,
  cap: Capacity = {},
  variant: SharedVariant = 'block-stm',
): SharedHandles {
  const maxCells = cap.maxCells ?? Math.max(4096, 32 * n);
  const tableSlots = pow2AtLeast(maxCells * 2);
  const arenaUnits = maxCells * 160;
  // Only written cells get a writer set: a directory and a first page each, plus room for 8 more
  // pages per transaction (a page is added when a cell is written in a new 1,024-tx range).
  const written = cap.writtenCells ?? Math.min(maxCells, 8 * n + 1024);
  const bitsWords = 1 + written * (Math.ceil(n / PAGE_BITS) + PAGE_WORDS) + 8 * n * PAGE_WORDS;
  const poolWords = 2 * Math.ceil((cap.poolWords ?? (1 << 20) + 1024 * n) / 2);
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  const h: SharedHandles = {
    n,
    maxCells,
    tableSlots,
    arenaUnits,
    bitsWords,
    poolWords,
    ctrl: sab(CTRL_WORDS * 4),
    txs: sab(TS * n * 4),
    table: sab(2 * tableSlots * 4),
    cellInfo: sab(3 * maxCells * 4),
    arena: sab(arenaUnits * 2),
    bits: sab(bitsWords * 4),
    pool: sab(poolWords * 4),
    clock: sab(8),
    valueBased: variant === 'blockifier' ? 1 : 0,
    weights: sab(variant === 'blockifier' ? WTS * n * 8 : 8),
  };
  initCtrl(new Int32Array(h.ctrl), n);
  return h;
}

interface Chunk {
  cur: number;
  end: number;
}
/**
 * Words (units) a worker takes at once from a shared bump-allocated region: 4096, at most 1/256
 * of the region (a chunk's unused rest is lost: with k workers at most k/256 of the region).
 */
const CHUNK = 4096;
const chunkOf = (capacity: number): number => Math.min(CHUNK, Math.floor(capacity / 256));
/**
 * Cell ids a worker takes at once. Each id owns 3 words of cellInfo (key offset, key length,
 * writer-set directory), written when the cell is interned and at its first write: 16 ids are 3 whole 64-byte
 * lines. Taking ids one by one from the shared counter interleaved the workers' ids, so two
 * workers kept writing the same cellInfo lines (false sharing at every new cell).
 */
const CELL_CHUNK = 16;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The felt stored as 4 little-endian u64 limbs at l[q…q + 3]. */
function loadLimbs(l: BigUint64Array, q: number): bigint {
  const a = l[q + 1];
  if (l[q + 3] === 0n && l[q + 2] === 0n) return a === 0n ? l[q] : (a << 64n) | l[q];
  return (((((l[q + 3] << 64n) | l[q + 2]) << 64n) | a) << 64n) | l[q];
}

/** Store a felt (0 ≤ v < 2²⁵⁶) as 4 little-endian u64 limbs at l[q…q + 3]. */
function storeLimbs(l: BigUint64Array, q: number, v: bigint): void {
  if (v <= MAX_U64) {
    if (v < 0n) throw new RangeError(`value out of range for a felt: ${v}`);
    l[q] = v;
    l[q + 1] = 0n;
    l[q + 2] = 0n;
    l[q + 3] = 0n;
    return;
  }
  if (v > MAX_VALUE) throw new RangeError(`value out of range for a felt: ${v}`);
  l[q] = v; // BigUint64Array stores v mod 2⁶⁴
  let hi = v >> 64n;
  l[q + 1] = hi;
  if (hi <= MAX_U64) {
    l[q + 2] = 0n;
    l[q + 3] = 0n;
    return;
  }
  hi >>= 64n;
  l[q + 2] = hi;
  l[q + 3] = hi >> 64n;
}

/** Where value-based validation gets a cell's pre-block value (a read with no write below). */
export interface PreValues {
  preOf(cell: number): bigint;
}

/**
 * What interning needs to know of a key, computed once per thread: its hash and its code units
 * (copied into the arena with one `set`). Keys are ~80-character strings built by concatenation;
 * hashing one and copying it a character at a time cost about 1.5 µs, a third of the gap between
 * one worker and the plain in-order loop. `view`/`id` remember the key's id in the last view that
 * interned it, so a repeated lookup is this one Map lookup (no per-view Map to fill).
 */
interface KeyInfo {
  readonly hash: number;
  readonly units: Uint16Array;
  view: number;
  id: number;
}

/** Per-thread (module) memo, bounded like the cell-key memos it follows (engine/types.ts). */
const keyInfos = new MemoCache<string, KeyInfo>(1 << 16);
/** Tags the SharedState views of this thread, for KeyInfo.view. */
let nextView = 1;

function keyInfo(key: string): KeyInfo {
  let info = keyInfos.get(key);
  if (info === undefined) {
    const units = new Uint16Array(key.length);
    for (let k = 0; k < key.length; k++) units[k] = key.charCodeAt(k);
    info = { hash: fnv(key), units, view: 0, id: -1 };
    keyInfos.set(key, info);
  }
  return info;
}

/**
 * One thread's view of the shared state. Methods are the paper's scheduler transitions and
 * MVMemory operations, each made of atomic steps (seq-cst Atomics on every shared word that
 * another thread may change concurrently).
 */
export class SharedState {
  readonly n: number;
  readonly ctrl: Int32Array;
  readonly clock: Float64Array;
  /** Per-transaction records, one cache line each (see T_*). */
  private readonly t: Int32Array;
  private readonly table: Int32Array;
  private readonly cellInfo: Int32Array;
  private readonly arena: Uint16Array;
  private readonly bits: Int32Array;
  private readonly pool: Int32Array;
  /** The same pool as 64-bit limbs (index = word offset / 2). */
  private readonly pool64: BigUint64Array;
  /** The transaction records as 64-bit limbs (the deferred fee amounts, T_FEE_LIMBS). */
  private readonly t64: BigUint64Array;
  private readonly wts: Float64Array;
  /** The blockifier variant (SharedHandles.valueBased). */
  readonly valueBased: boolean;
  /** Words of a writer-set directory: ceil(n / PAGE_BITS). */
  private readonly dirWords: number;
  /** Tag of this view in KeyInfo.view. */
  private readonly view = nextView++;
  private readonly localKeys: string[] = [];

  /**
   * Worker-local allocation chunks of the bump-allocated regions: a worker takes a chunk from the
   * shared top (one CAS) and allocates inside it without touching the shared top, whose cache line
   * would otherwise bounce between workers on every record / intern / first write of a cell.
   */
  private readonly poolChunk: Chunk = { cur: 0, end: 0 };
  private readonly bitsChunk: Chunk = { cur: 0, end: 0 };
  private readonly arenaChunk: Chunk = { cur: 0, end: 0 };
  private readonly cellChunk: Chunk = { cur: 0, end: 0 };

  /** This view's word of the NUM_ACTIVE_TASKS count (on its worker's own cache line). */
  private readonly activeWord: number;
  /** Workers of the run: checkDone sums their active-task words. */
  private readonly workers: number;

  /** Output registers of the last `read`. */
  outTx = -1;
  outInc = -1;
  outValue = 0n;

  /** The handles (a fresh object literal: same hidden class whether allocated here or received by postMessage). */
  readonly h: SharedHandles;

  /**
   * `worker` of `workers`: whose NUM_ACTIVE_TASKS word this view counts its tasks in (see
   * C_ACTIVE_OF). Views that run no tasks (the host) keep the defaults.
   */
  constructor(handles: SharedHandles, worker = 0, workers = 1) {
    this.activeWord = activeWordOf(worker);
    this.workers = workers;
    const h = sameShape(handles);
    this.h = h;
    const n = h.n;
    this.n = n;
    this.ctrl = new Int32Array(h.ctrl);
    this.clock = new Float64Array(h.clock);
    this.t = new Int32Array(h.txs);
    this.table = new Int32Array(h.table);
    this.cellInfo = new Int32Array(h.cellInfo);
    this.arena = new Uint16Array(h.arena);
    this.bits = new Int32Array(h.bits);
    this.pool = new Int32Array(h.pool);
    this.pool64 = new BigUint64Array(h.pool);
    this.t64 = new BigUint64Array(h.txs);
    this.wts = new Float64Array(h.weights);
    this.valueBased = h.valueBased === 1;
    this.dirWords = Math.ceil(n / PAGE_BITS);
  }

  // ============================================================ control
  get done(): boolean {
    return Atomics.load(this.ctrl, C_DONE) === 1;
  }
  get failed(): boolean {
    return Atomics.load(this.ctrl, C_ERROR) !== 0;
  }
  /** Record the first failure (later ones are ignored) and wake every sleeping worker. */
  fail(code: number, tx: number, worker: number): void {
    if (Atomics.compareExchange(this.ctrl, C_ERROR, 0, code) === 0) {
      Atomics.store(this.ctrl, C_ERROR_TX, tx);
      Atomics.store(this.ctrl, C_ERROR_WORKER, worker);
    }
    this.wake(true);
  }
  /**
   * New work may be available: if a worker is about to sleep (C_WAITERS > 0), bump the epoch and
   * wake it. With no sleeper the epoch is left alone: an add on every finished execution was a
   * cache-line transfer between cores per transaction. No wake-up is lost (`idle` below): a
   * worker counts itself in C_WAITERS *before* it reads the epoch and looks for work one last
   * time, all sequentially consistent, so either this load sees it (and the epoch moves), or its
   * last look comes after the work was published and finds it.
   */
  wake(force = false): void {
    if (force || Atomics.load(this.ctrl, C_WAITERS) > 0) {
      Atomics.add(this.ctrl, C_EPOCH, 1);
      Atomics.notify(this.ctrl, C_EPOCH);
    }
  }
  /**
   * Worker only, when it found no task several times in a row: count itself as a sleeper, look for
   * a task once more, and if there is none sleep until the epoch moves (or `ms`). Returns the task
   * found (NO_TASK after a sleep: the caller looks again).
   */
  idle(ms: number): number {
    Atomics.add(this.ctrl, C_WAITERS, 1);
    const seen = Atomics.load(this.ctrl, C_EPOCH);
    const task = this.nextTask();
    if (task === NO_TASK && !this.done && !this.failed) this.block(this.ctrl, C_EPOCH, seen, ms);
    Atomics.sub(this.ctrl, C_WAITERS, 1);
    return task;
  }

  /**
   * Time this view spent blocked in Atomics.wait (idle, lock, cell being interned), in ms. Kept in
   * a Float64Array: a number field that starts at 0 and later holds a fraction changes the
   * object's hidden class on the first wait, deoptimizing every method optimized before it.
   */
  private readonly blocked = new Float64Array(1);
  get blockedMs(): number {
    return this.blocked[0];
  }
  private block(a: Int32Array, i: number, v: number, ms: number): void {
    const t = performance.now();
    Atomics.wait(a, i, v, ms);
    this.blocked[0] += performance.now() - t;
  }
  /**
   * A plain store (on the worker's own line): it is read only to name the transaction of a worker
   * that died, after the fact. Atomics.store is a full fence on x86, twice per task.
   */
  setCurrentTx(worker: number, tx: number): void {
    this.ctrl[C_CURRENT_TX + WORKER_STRIDE * worker] = tx + 1;
  }
  currentTx(worker: number): number {
    return Atomics.load(this.ctrl, C_CURRENT_TX + WORKER_STRIDE * worker) - 1;
  }

  // ============================================================ scheduler (paper, Algorithms 4–5)
  incarnation(tx: number): number {
    return inc(Atomics.load(this.t, tx * TS + T_STATUS));
  }
  statusOf(tx: number): number {
    return st(Atomics.load(this.t, tx * TS + T_STATUS));
  }

  private decreaseExecutionIdx(target: number): void {
    for (;;) {
      const cur = Atomics.load(this.ctrl, C_EXEC_IDX);
      if (cur <= target || Atomics.compareExchange(this.ctrl, C_EXEC_IDX, cur, target) === cur)
        break;
    }
    Atomics.add(this.ctrl, C_DECREASE_CNT, 1);
    this.wake();
  }

  private decreaseValidationIdx(target: number): void {
    for (;;) {
      const cur = Atomics.load(this.ctrl, C_VAL_IDX);
      if (cur <= target || Atomics.compareExchange(this.ctrl, C_VAL_IDX, cur, target) === cur)
        break;
    }
    Atomics.add(this.ctrl, C_DECREASE_CNT, 1);
    this.wake();
  }

  /** NUM_ACTIVE_TASKS: the sum of every worker's word (read only when both indices reached n). */
  private activeTasks(): number {
    let sum = 0;
    for (let w = 0; w < this.workers; w++) sum += Atomics.load(this.ctrl, activeWordOf(w));
    return sum;
  }

  private checkDone(): void {
    // blockifier: the block is done when its last transaction is committed (finishCommit)
    if (this.valueBased) return;
    const observed = Atomics.load(this.ctrl, C_DECREASE_CNT);
    if (
      Math.min(Atomics.load(this.ctrl, C_EXEC_IDX), Atomics.load(this.ctrl, C_VAL_IDX)) >= this.n &&
      this.activeTasks() === 0 &&
      observed === Atomics.load(this.ctrl, C_DECREASE_CNT)
    ) {
      if (Atomics.compareExchange(this.ctrl, C_DONE, 0, 1) === 0) this.wake(true);
    }
  }

  /** READY_TO_EXECUTE(i) → EXECUTING(i); returns i or -1. Exactly one caller wins. */
  private tryIncarnate(tx: number): number {
    if (tx >= this.n) return -1;
    const w = Atomics.load(this.t, tx * TS + T_STATUS);
    if (st(w) !== READY_TO_EXECUTE) return -1;
    return Atomics.compareExchange(this.t, tx * TS + T_STATUS, w, word(inc(w), EXECUTING)) === w
      ? inc(w)
      : -1;
  }

  /** Incarnation of the task last returned by nextTask/finish* (valid with that task). */
  taskInc = 0;

  private nextVersionToExecute(): number {
    if (Atomics.load(this.ctrl, C_EXEC_IDX) >= this.n) {
      this.checkDone();
      return NO_TASK;
    }
    Atomics.add(this.ctrl, this.activeWord, 1);
    const tx = Atomics.add(this.ctrl, C_EXEC_IDX, 1);
    const i = this.tryIncarnate(tx);
    if (i >= 0) {
      this.taskInc = i;
      return execTask(tx);
    }
    Atomics.sub(this.ctrl, this.activeWord, 1);
    return NO_TASK;
  }

  private nextVersionToValidate(): number {
    if (Atomics.load(this.ctrl, C_VAL_IDX) >= this.n) {
      this.checkDone();
      return NO_TASK;
    }
    Atomics.add(this.ctrl, this.activeWord, 1);
    const tx = Atomics.add(this.ctrl, C_VAL_IDX, 1);
    if (tx < this.n) {
      const w = Atomics.load(this.t, tx * TS + T_STATUS);
      // blockifier: a committed transaction is not EXECUTED but Committed there
      // (scheduler.rs `next_version_to_validate` validates Executed ones only): no task
      if (st(w) === EXECUTED && !(this.valueBased && tx < this.commitIdx)) {
        this.taskInc = inc(w);
        return valTask(tx);
      }
    }
    Atomics.sub(this.ctrl, this.activeWord, 1);
    return NO_TASK;
  }

  /**
   * blockifier, before NEXT_TASK chooses between validating and executing: raise
   * validation_index to the commit index. A committed transaction is never validated again
   * (scheduler.rs `next_version_to_validate` skips all but Executed ones), so this only skips
   * what would be no task; without it, after a finished execution lowers the
   * index, the workers walked it one NO_TASK at a time over every transaction committed since,
   * and past 16 of them in a row they took it for idleness and slept 2 ms each (up to 80 ms
   * gaps on both workers at once on 2,000 independent transfers). Never raises it past an
   * uncommitted transaction: the commit index only grows.
   */
  private skipCommitted(): void {
    const c = Atomics.load(this.ctrl, C_COMMIT_IDX);
    for (;;) {
      const v = Atomics.load(this.ctrl, C_VAL_IDX);
      if (v >= c || Atomics.compareExchange(this.ctrl, C_VAL_IDX, v, c) === v) return;
    }
  }

  /** NEXT_TASK: NO_TASK does not mean "finished" (check `done`). */
  nextTask(): number {
    if (this.done) return NO_TASK;
    if (this.valueBased) this.skipCommitted();
    if (Atomics.load(this.ctrl, C_VAL_IDX) < Atomics.load(this.ctrl, C_EXEC_IDX))
      return this.nextVersionToValidate();
    return this.nextVersionToExecute();
  }

  private lockDeps(tx: number): void {
    const l = this.t;
    const i = tx * TS + T_LOCK;
    if (Atomics.compareExchange(l, i, 0, 1) === 0) return;
    for (let spin = 0; spin < 64; spin++) if (Atomics.compareExchange(l, i, 0, 1) === 0) return;
    // futex mutex: 2 = locked with possible waiters
    while (Atomics.exchange(l, i, 2) !== 0) this.block(l, i, 2, 5);
  }
  private unlockDeps(tx: number): void {
    if (Atomics.sub(this.t, tx * TS + T_LOCK, 1) !== 1) {
      Atomics.store(this.t, tx * TS + T_LOCK, 0);
      Atomics.notify(this.t, tx * TS + T_LOCK, 1);
    }
  }

  /**
   * ADD_DEPENDENCY: tx (EXECUTING) read an ESTIMATE of `blocking`. False: the blocker already
   * finished, re-execute now. True: tx is ABORTING and waits in blocking's list.
   */
  addDependency(tx: number, blocking: number): boolean {
    this.lockDeps(blocking);
    if (st(Atomics.load(this.t, blocking * TS + T_STATUS)) === EXECUTED) {
      this.unlockDeps(blocking);
      return false;
    }
    const w = Atomics.load(this.t, tx * TS + T_STATUS);
    Atomics.store(this.t, tx * TS + T_STATUS, word(inc(w), ABORTING));
    this.t[tx * TS + T_NEXT] = this.t[blocking * TS + T_HEAD];
    this.t[blocking * TS + T_HEAD] = tx + 1;
    this.unlockDeps(blocking);
    Atomics.sub(this.ctrl, this.activeWord, 1);
    return true;
  }

  /** SET_READY_STATUS: ABORTING(i) → READY_TO_EXECUTE(i + 1). */
  private setReadyStatus(tx: number): void {
    const w = Atomics.load(this.t, tx * TS + T_STATUS);
    Atomics.store(this.t, tx * TS + T_STATUS, word(inc(w) + 1, READY_TO_EXECUTE));
  }

  /** FINISH_EXECUTION: → EXECUTED, resume waiters; maybe return this tx's validation task. */
  finishExecution(tx: number, wroteNewPath: boolean): number {
    const w = Atomics.load(this.t, tx * TS + T_STATUS);
    Atomics.store(this.t, tx * TS + T_STATUS, word(inc(w), EXECUTED));
    this.lockDeps(tx);
    let d = this.t[tx * TS + T_HEAD];
    this.t[tx * TS + T_HEAD] = 0;
    this.unlockDeps(tx);
    if (d !== 0) {
      let min = this.n;
      while (d !== 0) {
        const waiter = d - 1;
        d = this.t[waiter * TS + T_NEXT];
        this.setReadyStatus(waiter);
        if (waiter < min) min = waiter;
      }
      this.decreaseExecutionIdx(min);
    }
    if (Atomics.load(this.ctrl, C_VAL_IDX) > tx) {
      if (wroteNewPath) this.decreaseValidationIdx(tx);
      else {
        this.taskInc = inc(w);
        return valTask(tx);
      }
    } else this.wake();
    Atomics.sub(this.ctrl, this.activeWord, 1);
    return NO_TASK;
  }

  /**
   * TRY_VALIDATION_ABORT: EXECUTED(inc) → ABORTING(inc), for exactly one failing validation.
   * blockifier: a committed transaction is Committed, not Executed, and is never aborted
   * (scheduler.rs `try_validation_abort`). Here a commit ends in EXECUTED again, and a validation
   * task taken before the commit may fail after it: finishCommit stores the commit index before
   * it publishes EXECUTED, so a CAS that saw that EXECUTED also sees the index, and undoes itself
   * (ABORTING for that moment, as during the commit itself).
   */
  tryValidationAbort(tx: number, i: number): boolean {
    const w = word(i, EXECUTED);
    const at = tx * TS + T_STATUS;
    if (Atomics.compareExchange(this.t, at, w, word(i, ABORTING)) !== w) return false;
    if (this.valueBased && tx < this.commitIdx) {
      Atomics.store(this.t, at, w);
      return false;
    }
    return true;
  }

  /** FINISH_VALIDATION: after an abort, make tx ready, revalidate above it, maybe re-execute it here. */
  finishValidation(tx: number, aborted: boolean): number {
    if (aborted) {
      this.setReadyStatus(tx);
      this.decreaseValidationIdx(tx + 1);
      if (Atomics.load(this.ctrl, C_EXEC_IDX) > tx) {
        const i = this.tryIncarnate(tx);
        if (i >= 0) {
          this.taskInc = i;
          return execTask(tx);
        }
      }
    }
    Atomics.sub(this.ctrl, this.activeWord, 1);
    return NO_TASK;
  }

  // ============================================================ memory
  /** What this run used so far (single-threaded warm-up runs read it at the end). */
  usage(): Omit<MemoryUsage, 'txs'> {
    return {
      cells: this.cellIdBound,
      bitsWords: Atomics.load(this.ctrl, C_BITS_TOP),
      keyUnits: Atomics.load(this.ctrl, C_ARENA_TOP),
      poolWords: Atomics.load(this.ctrl, C_POOL_TOP),
    };
  }

  /**
   * Touch (write zeros to) this worker's share of the parts of the buffers a run of `expected`
   * size will use, before the start: the first write to a fresh page of a SharedArrayBuffer is a
   * page fault (several µs each on some VMs, and faults serialize across threads), which would
   * otherwise land inside the timed run. Only before the start flag: every word is still 0.
   */
  prefault(worker: number, workers: number, expected: MemoryUsage): void {
    const part = (a: { fill(v: number, start: number, end: number): unknown }, end: number) => {
      const len = Math.ceil(end / workers);
      const from = worker * len;
      const to = Math.min(end, from + len);
      if (to > from) a.fill(0, from, to);
    };
    const h = this.h;
    const cells = Math.min(h.maxCells, expected.cells);
    part(this.t, this.t.length);
    part(this.table, 2 * h.tableSlots);
    part(this.cellInfo, 3 * cells);
    part(this.arena, Math.min(h.arenaUnits, expected.keyUnits));
    part(this.bits, Math.min(h.bitsWords, expected.bitsWords));
    part(this.pool, Math.min(h.poolWords, expected.poolWords));
  }

  // ============================================================ cells: shared open-addressing table
  /** Intern a cell key (exact: keys are compared in full); throws CapacityError when full. */
  cellId(key: string): number {
    const info = keyInfo(key);
    if (info.view === this.view) return info.id;
    const id = this.intern(info);
    info.view = this.view;
    info.id = id;
    return id;
  }

  private intern(info: KeyInfo): number {
    const { hash, units } = info;
    const slots = this.h.tableSlots;
    const mask = slots - 1;
    const tbl = this.table;
    let i = hash & mask;
    let spins = 0;
    for (let probes = 0; probes < slots;) {
      const s = Atomics.load(tbl, 2 * i);
      if (s === 0) {
        if (Atomics.compareExchange(tbl, 2 * i, 0, -1) !== 0) continue; // lost the race: look again
        const id = this.bump(this.cellChunk, C_CELL_COUNT, 1, CELL_CHUNK, this.h.maxCells);
        const off = this.bump(
          this.arenaChunk,
          C_ARENA_TOP,
          units.length,
          chunkOf(this.h.arenaUnits),
          this.h.arenaUnits,
        );
        if (id < 0 || off < 0) {
          this.fail(1, -1, -1);
          throw new CapacityError(
            id < 0
              ? `shared cell table full: the block touches more than ${this.h.maxCells} cells (raise capacity.maxCells)`
              : `shared key arena full (${this.h.arenaUnits} code units of cell keys; raise capacity.maxCells)`,
          );
        }
        this.arena.set(units, off);
        this.cellInfo[3 * id] = off;
        this.cellInfo[3 * id + 1] = units.length;
        Atomics.store(tbl, 2 * i + 1, hash);
        Atomics.store(tbl, 2 * i, id + 1); // publish (waiters spin or nap: no notify)
        return id;
      }
      if (s === -1) {
        // another worker is filling this slot (a few hundred ns): spin, then nap (no notify needed)
        if (++spins > 4096) this.block(tbl, 2 * i, -1, 1);
        continue;
      }
      const id = s - 1;
      if (Atomics.load(tbl, 2 * i + 1) === hash && this.keyEquals(id, units)) return id;
      i = (i + 1) & mask;
      probes++;
    }
    this.fail(1, -1, -1);
    throw new CapacityError(`shared cell table full (${slots} slots)`);
  }

  private keyEquals(id: number, units: Uint16Array): boolean {
    const off = this.cellInfo[3 * id];
    if (this.cellInfo[3 * id + 1] !== units.length) return false;
    for (let k = 0; k < units.length; k++) if (this.arena[off + k] !== units[k]) return false;
    return true;
  }

  /**
   * Every cell id is below this bound. Not every id below it is a cell: a worker takes ids in
   * chunks (CELL_CHUNK), and the unused rest of a chunk stays a gap (`isCell` is false).
   */
  get cellIdBound(): number {
    return Math.min(Atomics.load(this.ctrl, C_CELL_COUNT), this.h.maxCells);
  }

  /** True iff `id` names an interned cell (published keys are never empty). */
  isCell(id: number): boolean {
    return this.cellInfo[3 * id + 1] !== 0;
  }

  /** Number of interned cells (a scan: for tests and diagnostics). */
  get cellCount(): number {
    let count = 0;
    for (let c = 0, end = this.cellIdBound; c < end; c++) if (this.isCell(c)) count++;
    return count;
  }

  /** The key of an interned cell (any thread, once the cell is published). */
  cellKey(id: number): string {
    const k = this.localKeys[id];
    if (k !== undefined) return k;
    const off = this.cellInfo[3 * id];
    const len = this.cellInfo[3 * id + 1];
    let s = '';
    for (let p = 0; p < len; p += 4096) {
      s += String.fromCharCode(...this.arena.slice(off + p, off + Math.min(len, p + 4096)));
    }
    this.localKeys[id] = s;
    return s;
  }

  // ============================================================ MVMemory
  /**
   * Allocate `words` from this worker's chunk of the region whose shared top is ctrl[top]; when
   * the chunk is used up, take a new one of `chunk` words (exactly `words` near the capacity).
   * -1: the region is full.
   */
  private bump(r: Chunk, top: number, words: number, chunk: number, capacity: number): number {
    if (r.cur + words <= r.end) {
      const p = r.cur;
      r.cur += words;
      return p;
    }
    for (;;) {
      const t = Atomics.load(this.ctrl, top);
      let size = Math.max(chunk, words);
      if (t + size > capacity) size = words;
      if (t + size > capacity) return -1;
      if (Atomics.compareExchange(this.ctrl, top, t, t + size) === t) {
        r.cur = t + words;
        r.end = t + size;
        return t;
      }
    }
  }

  private allocPool(words: number): number {
    words += words & 1; // keep every allocation 8-byte aligned (chunks and the top stay even)
    const p = this.bump(
      this.poolChunk,
      C_POOL_TOP,
      words,
      chunkOf(this.h.poolWords) & ~1,
      this.h.poolWords,
    );
    if (p < 0) {
      this.fail(1, -1, -1);
      throw new CapacityError(
        `shared MVMemory pool full (${this.h.poolWords} words of read/write sets; raise capacity.poolWords)`,
      );
    }
    return p;
  }

  /** Allocate `words` zeroed words of the writer-set region (this worker's chunk). */
  private allocBits(words: number): number {
    const c = chunkOf(this.h.bitsWords);
    const p = this.bump(this.bitsChunk, C_BITS_TOP, words, c, this.h.bitsWords);
    if (p < 0) {
      this.fail(1, -1, -1);
      throw new CapacityError(
        `shared writer-set region full (${this.h.bitsWords} words; the block writes too many cells, raise capacity.writtenCells)`,
      );
    }
    return p;
  }

  /**
   * Install a fresh `words`-word block at word `slot` of `arr` (CAS from 0) and return it, or the
   * block another worker installed first (ours, untouched, goes back to the chunk).
   */
  private install(arr: Int32Array, slot: number, words: number): number {
    const p = this.allocBits(words);
    const prev = Atomics.compareExchange(arr, slot, 0, p);
    if (prev === 0) return p;
    if (this.bitsChunk.cur === p + words) this.bitsChunk.cur = p;
    return prev;
  }

  /** The cell's writer-set directory (allocated at its first write; 0 = none). */
  private bitsetOf(cell: number, create: boolean): number {
    const d = Atomics.load(this.cellInfo, 3 * cell + 2);
    if (d !== 0 || !create) return d;
    return this.install(this.cellInfo, 3 * cell + 2, this.dirWords);
  }

  private setBit(dir: number, tx: number): void {
    const slot = dir + (tx >> PAGE_SHIFT);
    let p = Atomics.load(this.bits, slot);
    if (p === 0) p = this.install(this.bits, slot, PAGE_WORDS);
    const w = (tx >> 5) & 31;
    Atomics.or(this.bits, p + 1 + w, 1 << (tx & 31));
    Atomics.or(this.bits, p, 1 << w);
  }
  /** Only for a tx whose bit was set (its page exists). */
  private clearBit(dir: number, tx: number): void {
    const p = Atomics.load(this.bits, dir + (tx >> PAGE_SHIFT));
    Atomics.and(this.bits, p + 1 + ((tx >> 5) & 31), ~(1 << (tx & 31)));
  }

  /** Highest set bit strictly below `below` in the writer set with directory `dir`, or -1. */
  private predecessor(dir: number, below: number): number {
    if (below <= 0) return -1;
    const last = below - 1;
    let limit = last & (PAGE_BITS - 1);
    for (let pg = last >> PAGE_SHIFT; pg >= 0; pg--, limit = PAGE_BITS - 1) {
      const p = Atomics.load(this.bits, dir + pg);
      if (p === 0) continue;
      const r = this.highestInPage(p, limit);
      if (r >= 0) return (pg << PAGE_SHIFT) + r;
    }
    return -1;
  }

  /** Highest set bit at or below `last` (0…PAGE_BITS − 1) in the page at p, or -1. */
  private highestInPage(p: number, last: number): number {
    const bits = this.bits;
    const w = last >> 5;
    let x = Atomics.load(bits, p + 1 + w) & (-1 >>> (31 - (last & 31)));
    if (x !== 0) return (w << 5) + 31 - Math.clz32(x);
    if (w === 0) return -1;
    // summary: words below w that ever had a bit
    let s = Atomics.load(bits, p) & (-1 >>> (32 - w));
    while (s !== 0) {
      const ww = 31 - Math.clz32(s);
      x = Atomics.load(bits, p + 1 + ww);
      if (x !== 0) return (ww << 5) + 31 - Math.clz32(x);
      s &= ~(1 << ww);
    }
    return -1;
  }

  private entryOf(list: number, cell: number): number {
    if (list === 0) return -1;
    const pool = this.pool;
    const len = pool[list];
    for (let k = 0, e = list + WH; k < len; k++, e += WE) if (pool[e] === cell) return e;
    return -1;
  }

  /** Read `cell` as transaction `tx` sees it (READ_STORAGE / READ_OK / READ_ESTIMATE + out registers). */
  read(cell: number, tx: number): number {
    const b = this.bitsetOf(cell, false);
    if (b !== 0) {
      let below = tx;
      for (;;) {
        const t = this.predecessor(b, below);
        if (t < 0) break;
        const e = this.entryOf(Atomics.load(this.t, t * TS + T_WRITES), cell);
        if (e < 0) {
          below = t; // t's new incarnation no longer writes the cell (bit about to be cleared)
          continue;
        }
        const f = Atomics.load(this.pool, e + 1);
        this.outTx = t;
        this.outInc = f >>> 1;
        if (f & 1) return READ_ESTIMATE;
        this.outValue = this.loadValue(e + 2);
        return READ_OK;
      }
    }
    this.outTx = -1;
    this.outInc = -1;
    return READ_STORAGE;
  }

  /** The value stored at word offset p (even) of the pool. */
  private loadValue(p: number): bigint {
    return loadLimbs(this.pool64, p >> 1);
  }

  /** Store a felt (0 ≤ v < 2²⁵⁶) at word offset p (even) of the pool. */
  private storeValue(p: number, v: bigint): void {
    storeLimbs(this.pool64, p >> 1, v);
  }

  /**
   * Record a finished incarnation: publish its (immutable) write list and read list, set the
   * writer bits of its cells and clear those its previous incarnation wrote and this one does
   * not. Returns true iff it wrote a cell the previous incarnation did not.
   */
  record(
    tx: number,
    incarnation: number,
    readCells: ArrayLike<number>,
    readTxs: ArrayLike<number>,
    readIncs: ArrayLike<number>,
    writeCells: ArrayLike<number>,
    writeVals: ArrayLike<bigint>,
    /** How many of the read / write arrays' entries to use (default: all). */
    nr = readCells.length,
    nw = writeCells.length,
    /** The values read (kept in the read list when the state is value-based). */
    readVals?: ArrayLike<bigint>,
  ): boolean {
    const wWords = WH + nw * WE; // even
    const rWords = this.valueBased ? 2 + nr * RV : 1 + nr * RE;
    const wl = this.allocPool(wWords + rWords); // one allocation for both lists
    this.fillWriteList(wl, incarnation, writeCells, writeVals, nw);
    const rl = wl + wWords;
    if (this.valueBased) this.fillValueReadList(rl, readCells, readTxs, readIncs, nr, readVals);
    else this.fillReadList(rl, readCells, readTxs, readIncs, nr);
    Atomics.store(this.t, tx * TS + T_READS, rl);
    const prev = Atomics.exchange(this.t, tx * TS + T_WRITES, wl); // publish
    const wroteNew = this.setNewWriterBits(tx, prev, writeCells, nw);
    if (prev !== 0) this.clearDroppedWriterBits(tx, prev, writeCells, nw);
    return wroteNew;
  }

  /** Fill the write list at wl (not yet published): nw entries of this incarnation, not ESTIMATE. */
  private fillWriteList(
    wl: number,
    incarnation: number,
    writeCells: ArrayLike<number>,
    writeVals: ArrayLike<bigint>,
    nw: number,
  ): void {
    const pool = this.pool;
    pool[wl] = nw;
    for (let k = 0; k < nw; k++) {
      const e = wl + WH + k * WE;
      pool[e] = writeCells[k];
      pool[e + 1] = incarnation << 1;
      this.storeValue(e + 2, writeVals[k]);
    }
  }

  /** Fill the read list at rl with nr versions (cell, tx, incarnation). */
  private fillReadList(
    rl: number,
    readCells: ArrayLike<number>,
    readTxs: ArrayLike<number>,
    readIncs: ArrayLike<number>,
    nr: number,
  ): void {
    const pool = this.pool;
    pool[rl] = nr;
    for (let k = 0; k < nr; k++) {
      pool[rl + 1 + k * RE] = readCells[k];
      pool[rl + 2 + k * RE] = readTxs[k];
      pool[rl + 3 + k * RE] = readIncs[k];
    }
  }

  /** Fill a value-based read list at rl: nr versions with the values read (validateValues). */
  private fillValueReadList(
    rl: number,
    readCells: ArrayLike<number>,
    readTxs: ArrayLike<number>,
    readIncs: ArrayLike<number>,
    nr: number,
    readVals: ArrayLike<bigint> | undefined,
  ): void {
    const pool = this.pool;
    pool[rl] = nr;
    if (!readVals) throw new Error('a value-based record needs the values read');
    for (let k = 0, e = rl + 2; k < nr; k++, e += RV) {
      pool[e] = readCells[k];
      pool[e + 1] = readTxs[k];
      pool[e + 2] = readIncs[k];
      this.storeValue(e + 4, readVals[k]);
    }
  }

  /**
   * Set tx's bit in the writer set of each cell it now writes and its previous write list (prev,
   * 0: none) did not. True iff there was one (a new write: later transactions must be validated
   * again).
   */
  private setNewWriterBits(
    tx: number,
    prev: number,
    writeCells: ArrayLike<number>,
    nw: number,
  ): boolean {
    let wroteNew = false;
    for (let k = 0; k < nw; k++) {
      const c = writeCells[k];
      if (this.entryOf(prev, c) < 0) {
        wroteNew = true;
        this.setBit(this.bitsetOf(c, true), tx);
      }
    }
    return wroteNew;
  }

  /**
   * Clear tx's bit in the writer set of each cell its previous write list (prev) has and the new
   * one does not.
   */
  private clearDroppedWriterBits(
    tx: number,
    prev: number,
    writeCells: ArrayLike<number>,
    nw: number,
  ): void {
    const pool = this.pool;
    const len = pool[prev];
    for (let k = 0, e = prev + WH; k < len; k++, e += WE) {
      const c = pool[e];
      let still = false;
      for (let j = 0; j < nw; j++) {
        if (writeCells[j] === c) {
          still = true;
          break;
        }
      }
      if (!still) this.clearBit(this.bitsetOf(c, false), tx);
    }
  }

  /** Mark every write of tx's last incarnation as ESTIMATE. */
  convertWritesToEstimates(tx: number): void {
    const wl = Atomics.load(this.t, tx * TS + T_WRITES);
    if (wl === 0) return;
    const len = this.pool[wl];
    for (let k = 0, e = wl + WH; k < len; k++, e += WE) Atomics.or(this.pool, e + 1, 1);
  }

  /** Number of reads in tx's last read set. */
  readSetSize(tx: number): number {
    const rl = Atomics.load(this.t, tx * TS + T_READS);
    return rl === 0 ? 0 : this.pool[rl];
  }

  /**
   * Re-read tx's last read set: -1 if every read returns the same version, else the position of
   * the first read that changed (ESTIMATE counts as changed); `outTx` is then the current writer
   * and `lastFailCell` the cell.
   */
  validateReadSet(tx: number): number {
    const rl = Atomics.load(this.t, tx * TS + T_READS);
    if (rl === 0) return -1;
    const pool = this.pool;
    const len = pool[rl];
    for (let k = 0; k < len; k++) {
      const p = rl + 1 + k * RE;
      const cell = pool[p];
      const r = this.read(cell, tx);
      this.lastFailCell = cell;
      if (r === READ_ESTIMATE) return k;
      if (r === READ_STORAGE) {
        if (pool[p + 1] !== -1) return k;
      } else if (pool[p + 1] !== this.outTx || pool[p + 2] !== this.outInc) return k;
    }
    return -1;
  }
  lastFailCell = -1;

  // ============================================================ blockifier variant
  /**
   * Value-based validation (versioned_state.rs `validate_reads`): -1 if every read of tx's last
   * read set would return the same value now, whoever wrote it; else the position of the first
   * that changed (`lastFailCell`, `outTx` = its current writer or -1).
   */
  validateValues(tx: number, pre: PreValues): number {
    const rl = Atomics.load(this.t, tx * TS + T_READS);
    if (rl === 0) return -1;
    const pool = this.pool;
    const len = pool[rl];
    for (let k = 0, e = rl + 2; k < len; k++, e += RV) {
      const cell = pool[e];
      const r = this.read(cell, tx);
      this.lastFailCell = cell;
      if (r === READ_ESTIMATE) return k; // never written in this variant
      const v = r === READ_OK ? this.outValue : pre.preOf(cell);
      if (v !== this.loadValue(e + 4)) return k;
    }
    return -1;
  }

  /**
   * Delete the writes of tx's last incarnation (versioned_state.rs `delete_writes`): readers then
   * see the writes below it, never an ESTIMATE. The list is unpublished first (a reader that
   * still finds tx's bit sees no entry and looks below), then the bits are cleared. Only while tx
   * is ABORTING (no incarnation of it records meanwhile).
   */
  deleteWrites(tx: number): void {
    const wl = Atomics.exchange(this.t, tx * TS + T_WRITES, 0);
    if (wl === 0) return;
    const len = this.pool[wl];
    for (let k = 0, e = wl + WH; k < len; k++, e += WE)
      this.clearBit(this.bitsetOf(this.pool[e], false), tx);
  }

  /** Keep the deferred fee credit of tx's incarnation being recorded (cell -1: none). */
  setFee(tx: number, cell: number, amount: bigint): void {
    this.t[tx * TS + T_FEE_CELL] = cell + 1;
    if (cell >= 0) storeLimbs(this.t64, (tx * TS + T_FEE_LIMBS) >> 1, amount);
  }

  /** The transaction the next commit is for (n: all committed). */
  get commitIdx(): number {
    return Atomics.load(this.ctrl, C_COMMIT_IDX);
  }

  /**
   * Take the commit lock if the next transaction to commit is EXECUTED and nobody holds it
   * (scheduler.rs `try_enter_commit_phase`). The check first: no atomic write on most tasks.
   */
  tryEnterCommit(): boolean {
    const next = Atomics.load(this.ctrl, C_COMMIT_IDX);
    if (next >= this.n || this.statusOf(next) !== EXECUTED) return false;
    return Atomics.compareExchange(this.ctrl, C_COMMIT_LOCK, 0, 1) === 0;
  }
  exitCommit(): void {
    Atomics.store(this.ctrl, C_COMMIT_LOCK, 0);
  }

  /**
   * Under the commit lock: EXECUTED(i) → ABORTING(i) for the commit of tx, so that no validation
   * aborts it meanwhile (blockifier marks it Committed, `TransactionCommitter::try_commit`; our
   * 2-bit status has no such state, and ABORTING already makes TRY_VALIDATION_ABORT and the
   * validation index pass it by). Returns i, or -1 when tx is not EXECUTED.
   */
  tryBeginCommit(tx: number): number {
    const w = Atomics.load(this.t, tx * TS + T_STATUS);
    if (st(w) !== EXECUTED) return -1;
    const to = word(inc(w), ABORTING);
    return Atomics.compareExchange(this.t, tx * TS + T_STATUS, w, to) === w ? inc(w) : -1;
  }

  /**
   * The commit's validation failed: delete the writes, make tx ready (incarnation + 1), lower
   * execution_index to it (scheduler.rs `finish_abort`).
   */
  abortCommit(tx: number): void {
    this.deleteWrites(tx);
    this.setReadyStatus(tx);
    this.decreaseExecutionIdx(tx);
  }

  /**
   * Apply tx's deferred fee credit at its commit (fee_utils.rs `complete_fee_transfer_flow`): the
   * sequencer balance as tx sees it (its own write, else the committed prefix's value or the
   * pre-state) plus the fee, into tx's write list (a fresh list replaces the published one; no
   * revalidation is triggered: later readers of the old value fail their value-based commit
   * validation). Returns the cell (-1: no fee); `feeBase`, `feeValue` (credited), `feeRead` (the
   * credit read the cell: tx did not write it) and `outTx`/`outInc` (the version read) describe
   * it for the log.
   */
  creditFee(tx: number, inc: number, pre: PreValues): number {
    const fc = this.t[tx * TS + T_FEE_CELL] - 1;
    if (fc < 0) return -1;
    const amount = loadLimbs(this.t64, (tx * TS + T_FEE_LIMBS) >> 1);
    const old = Atomics.load(this.t, tx * TS + T_WRITES);
    const own = this.entryOf(old, fc);
    // a read of the cell tx already made in its execution is not a new read (as inline)
    this.feeRead = own < 0 && !this.readsCell(tx, fc);
    if (own >= 0) this.feeBase = this.loadValue(own + 2);
    else {
      const r = this.read(fc, tx);
      this.feeBase = r === READ_OK ? this.outValue : pre.preOf(fc);
    }
    const pool = this.pool;
    const len = old === 0 ? 0 : pool[old];
    const nl = this.allocPool(WH + (own < 0 ? len + 1 : len) * WE);
    pool[nl] = own < 0 ? len + 1 : len;
    if (len > 0) pool.copyWithin(nl + WH, old + WH, old + WH + len * WE);
    // the credit's entry: tx's own write of the cell, or a new last entry
    const e = own < 0 ? nl + WH + len * WE : nl + (own - old);
    pool[e] = fc;
    pool[e + 1] = inc << 1;
    this.feeValue = this.feeBase + amount;
    this.storeValue(e + 2, this.feeValue);
    Atomics.store(this.t, tx * TS + T_WRITES, nl); // publish
    if (own < 0) this.setBit(this.bitsetOf(fc, true), tx);
    return fc;
  }
  feeBase = 0n;
  feeValue = 0n;
  feeRead = false;

  // ------------------------------------------------------------ the bouncer (blockifier)
  /** Keep the cost and reported weights of tx's incarnation being recorded. */
  setWeights(tx: number, cost: number, w: ExecWeights | undefined): void {
    const f = this.wts;
    const b = tx * WTS;
    f[b] = cost;
    f[b + 1] = w?.sierraGas ?? NaN;
    f[b + 2] = w?.nEvents ?? NaN;
    f[b + 3] = w?.messageSegmentLength ?? NaN;
    f[b + 4] = w?.l1Gas ?? NaN;
    f[b + 5] = w?.provingGas ?? NaN;
    f[b + 6] = w?.receiptL2Gas ?? NaN;
  }

  /** The cost of tx's recorded incarnation. */
  costOf(tx: number): number {
    return this.wts[tx * WTS];
  }

  /** The weights tx's executor reported (fields it did not report are absent). */
  execWeightsOf(tx: number): ExecWeights {
    const f = this.wts;
    const b = tx * WTS;
    const v = (i: number) => (Number.isNaN(f[b + i]) ? undefined : f[b + i]);
    return {
      sierraGas: v(1),
      nEvents: v(2),
      messageSegmentLength: v(3),
      l1Gas: v(4),
      provingGas: v(5),
      receiptL2Gas: v(6),
    };
  }

  /**
   * Cells whose value tx's recorded incarnation changed (its write list against the value below
   * it), plus the sequencer balance when it pays a fee > 0: as the simulator's block-bouncer.ts.
   * Only for a transaction whose lower ones are all committed.
   */
  changedCells(tx: number, pre: PreValues): Set<CellKey> {
    const out = new Set<CellKey>();
    const wl = Atomics.load(this.t, tx * TS + T_WRITES);
    const len = wl === 0 ? 0 : this.pool[wl];
    for (let k = 0, e = wl + WH; k < len; k++, e += WE) {
      const cell = this.pool[e];
      const r = this.read(cell, tx);
      const before = r === READ_OK ? this.outValue : pre.preOf(cell);
      if (this.loadValue(e + 2) !== before) out.add(this.cellKey(cell));
    }
    const fc = this.t[tx * TS + T_FEE_CELL] - 1;
    if (fc >= 0 && loadLimbs(this.t64, (tx * TS + T_FEE_LIMBS) >> 1) > 0n)
      out.add(this.cellKey(fc));
    return out;
  }

  /** The block is full: transactions ≥ included are not in it; every worker stops. */
  halt(included: number): void {
    Atomics.store(this.ctrl, C_BLOCK_END, included + 1);
    if (Atomics.compareExchange(this.ctrl, C_DONE, 0, 1) === 0) this.wake(true);
  }

  /** Transactions in the block if the bouncer stopped it, else -1. */
  get blockEnd(): number {
    return Atomics.load(this.ctrl, C_BLOCK_END) - 1;
  }

  /** Whether tx's last read set (value-based layout) has `cell`. */
  private readsCell(tx: number, cell: number): boolean {
    const rl = Atomics.load(this.t, tx * TS + T_READS);
    if (rl === 0) return false;
    const len = this.pool[rl];
    for (let k = 0, e = rl + 2; k < len; k++, e += RV) if (this.pool[e] === cell) return true;
    return false;
  }

  /** The commit of tx (incarnation i) is over: back to EXECUTED(i), the next one's turn. */
  finishCommit(tx: number, i: number): void {
    // the index first: whoever then sees tx EXECUTED again also sees it committed (no validation)
    Atomics.store(this.ctrl, C_COMMIT_IDX, tx + 1);
    Atomics.store(this.t, tx * TS + T_STATUS, word(i, EXECUTED));
    if (tx + 1 === this.n && Atomics.compareExchange(this.ctrl, C_DONE, 0, 1) === 0)
      this.wake(true);
  }

  /** After the run: the final value of every written cell (highest writer), by cell id. */
  snapshot(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    const cells = this.cellIdBound;
    for (let c = 0; c < cells; c++) {
      const r = this.read(c, this.n);
      if (r === READ_ESTIMATE)
        throw new Error(`parallel run: ESTIMATE left at cell ${this.cellKey(c)}`);
      if (r === READ_OK) out.set(c, this.outValue);
    }
    return out;
  }

  /** Final incarnation of every transaction. */
  incarnations(): Int32Array {
    const out = new Int32Array(this.n);
    for (let t = 0; t < this.n; t++) out[t] = this.incarnation(t);
    return out;
  }
}

export { EstimateHit };
