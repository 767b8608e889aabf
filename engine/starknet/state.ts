/**
 * State seen by Starknet execution.
 *
 * Everything mutable during a block is a *cell* (engine/types.ts): storage `s:<contract>:<key>`,
 * nonce `n:<contract>`, class hash of a deployed contract `c:<contract>`. A reader only needs
 * `read(cell)`, which is exactly Block-STM's `StateView`, so the multi-version memory plugs in
 * directly; an RPC-backed reader only has to implement the same method.
 *
 * Compiled classes (class hash → CASM) are immutable within a block and live in a separate
 * `ClassProvider`; they are not cells.
 *
 * `TxState` is the per-transaction layer: it buffers writes (read-your-writes), records the read
 * set (first read of each cell, with the value seen) and the write set, and supports nested
 * checkpoints so that a reverted call discards its own writes and only those.
 */
import { type CellKey, classCell, nonceCell, storageCell } from '../types';
import type { CasmClass } from './casm';
import type { DeprecatedClass } from './deprecated/class';

/** A class that can run: Cairo 1 (CASM) or deprecated (Cairo 0, deprecated/class.ts). */
export type ContractClass = CasmClass | DeprecatedClass;

/** Anything that can read cells (Block-STM's StateView has the same shape). */
export interface CellReader {
  /** May throw (e.g. Block-STM's EstimateHit): callers must let it propagate. */
  read(cell: CellKey): bigint;
  /** Block-STM's StateView.at: told the execution's current offset before a read. */
  at?(offset: number): void;
}

export interface ClassProvider {
  getClass(classHash: bigint): ContractClass | undefined;
}

/** The reader interface in Starknet terms (derived from cells). */
export interface StateReader {
  getStorageAt(contract: bigint, key: bigint): bigint;
  getNonceAt(contract: bigint): bigint;
  getClassHashAt(contract: bigint): bigint;
  getCompiledClass(classHash: bigint): ContractClass | undefined;
}

export interface StateWriter {
  setStorageAt(contract: bigint, key: bigint, value: bigint): void;
  setNonceAt(contract: bigint, nonce: bigint): void;
  setClassHashAt(contract: bigint, classHash: bigint): void;
}

/** Plain in-memory state: the pre-state of presets and tests, or a sequential run's state. */
export class InMemoryState implements CellReader, ClassProvider, StateReader, StateWriter {
  readonly cells = new Map<CellKey, bigint>();
  readonly classes = new Map<bigint, ContractClass>();

  read(cell: CellKey): bigint {
    return this.cells.get(cell) ?? 0n;
  }
  write(cell: CellKey, value: bigint): void {
    this.cells.set(cell, value);
  }
  /** Apply a transaction's writes (and optional deferred fee credit). */
  apply(
    writes: Iterable<readonly [CellKey, bigint]>,
    fee?: { cell: CellKey; amount: bigint },
  ): void {
    for (const [c, v] of writes) this.cells.set(c, v);
    if (fee) this.cells.set(fee.cell, this.read(fee.cell) + fee.amount);
  }
  getClass(classHash: bigint): ContractClass | undefined {
    return this.classes.get(classHash);
  }
  /**
   * Makes a class loadable, and only that: its `declaredCell` is left alone. This provider also
   * serves the classes the block's own DECLAREs declare (a DeclareTx carries no class; later
   * transactions load it from here), so loadable does not mean declared before the block. A
   * pre-state that means "declared before the block" writes `declaredCell(classHash)` = 1 too.
   */
  declare(classHash: bigint, cls: ContractClass): void {
    this.classes.set(classHash, cls);
  }
  getStorageAt(contract: bigint, key: bigint): bigint {
    return this.read(storageCell(contract, key));
  }
  getNonceAt(contract: bigint): bigint {
    return this.read(nonceCell(contract));
  }
  getClassHashAt(contract: bigint): bigint {
    return this.read(classCell(contract));
  }
  getCompiledClass(classHash: bigint): ContractClass | undefined {
    return this.classes.get(classHash);
  }
  setStorageAt(contract: bigint, key: bigint, value: bigint): void {
    this.write(storageCell(contract, key), value);
  }
  setNonceAt(contract: bigint, nonce: bigint): void {
    this.write(nonceCell(contract), nonce);
  }
  setClassHashAt(contract: bigint, classHash: bigint): void {
    this.write(classCell(contract), classHash);
  }
  clone(): InMemoryState {
    const s = new InMemoryState();
    for (const [k, v] of this.cells) s.cells.set(k, v);
    for (const [k, v] of this.classes) s.classes.set(k, v);
    return s;
  }
}

/** One recorded read: the first time the transaction read the cell from the underlying state. */
export interface ReadEntry {
  cell: CellKey;
  value: bigint;
}

/**
 * The per-transaction state layer. Reads not satisfied by the transaction's own writes go to the
 * underlying reader (Block-STM's view) and are recorded once. Writes are buffered; `checkpoint()`
 * / `rollback(cp)` undo the writes made since the checkpoint (reads stay recorded: a reverted call
 * still depended on what it read).
 */
export class TxState implements StateReader, StateWriter {
  /** Read set in first-read order. */
  readonly reads: ReadEntry[] = [];
  private readonly readCache = new Map<CellKey, bigint>();
  private readonly writes = new Map<CellKey, bigint>();
  private readonly undo: { cell: CellKey; had: boolean; prev: bigint; prevAt: number }[] = [];
  /** Offset (the clock's value) of the last write of each cell; kept only with a clock. */
  private readonly writeAt = new Map<CellKey, number>();
  /**
   * The execution's clock (cost units since the transaction started: VM steps + syscall cost),
   * set by executeTransaction when the reader wants timing: reads tell it to the reader
   * (`at`) and writes record it (`writeOffsets`).
   */
  clock: (() => number) | null = null;

  constructor(
    readonly base: CellReader,
    readonly classes: ClassProvider,
  ) {}

  /**
   * Cells hidden from this transaction (deferred sequencer fee credit): reads return 0 and are not
   * recorded, writes are dropped. Production sequencers do this for the fee transfer so that the
   * sequencer balance does not serialize the block; the credit is applied at commit.
   */
  masked: Set<CellKey> | null = null;

  read(cell: CellKey): bigint {
    if (this.masked !== null && this.masked.has(cell)) return 0n;
    const w = this.writes.get(cell);
    if (w !== undefined) return w;
    const r = this.readCache.get(cell);
    if (r !== undefined) return r;
    if (this.clock !== null) this.base.at?.(this.clock());
    const v = this.base.read(cell); // may throw EstimateHit: never caught here
    this.readCache.set(cell, v);
    this.reads.push({ cell, value: v });
    return v;
  }

  write(cell: CellKey, value: bigint): void {
    if (this.masked !== null && this.masked.has(cell)) return;
    const prev = this.writes.get(cell);
    const prevAt = this.writeAt.get(cell) ?? 0;
    this.undo.push({ cell, had: prev !== undefined, prev: prev ?? 0n, prevAt });
    this.writes.set(cell, value);
    if (this.clock !== null) this.writeAt.set(cell, this.clock());
  }

  checkpoint(): number {
    return this.undo.length;
  }

  rollback(cp: number): void {
    while (this.undo.length > cp) {
      const u = this.undo.pop()!;
      if (u.had) {
        this.writes.set(u.cell, u.prev);
        this.writeAt.set(u.cell, u.prevAt);
      } else {
        this.writes.delete(u.cell);
        this.writeAt.delete(u.cell);
      }
    }
  }

  /** Write set: final value of every written cell (cells written back to their read value included). */
  writeSet(): Map<CellKey, bigint> {
    return this.writes;
  }

  /** When each cell of the write set got its final value (empty without a clock). */
  writeOffsets(): Map<CellKey, number> {
    return this.writeAt;
  }

  getStorageAt(contract: bigint, key: bigint): bigint {
    return this.read(storageCell(contract, key));
  }
  getNonceAt(contract: bigint): bigint {
    return this.read(nonceCell(contract));
  }
  getClassHashAt(contract: bigint): bigint {
    return this.read(classCell(contract));
  }
  getCompiledClass(classHash: bigint): ContractClass | undefined {
    return this.classes.getClass(classHash);
  }
  setStorageAt(contract: bigint, key: bigint, value: bigint): void {
    this.write(storageCell(contract, key), value);
  }
  setNonceAt(contract: bigint, nonce: bigint): void {
    this.write(nonceCell(contract), nonce);
  }
  setClassHashAt(contract: bigint, classHash: bigint): void {
    this.write(classCell(contract), classHash);
  }
}
