/**
 * The state the re-executed transactions see: the block's own earlier writes layered over
 * pre-block state fetched on demand over RPC, and compiled classes fetched on demand.
 *
 * engine/starknet's `CellReader.read` is synchronous, RPC is not. So an execution runs against
 * what is known: an unknown cell reads as 0 and is recorded as a *miss*, an unknown class as
 * undefined (a miss too). After the run, all misses are fetched in one batch and the transaction
 * is executed again, until a run has no misses (its result is then exact: every value it read was
 * real). Each round only adds knowledge, so this terminates; `maxAttempts` bounds it anyway.
 */
import { type CellKey, hex } from '../../types';
import type { PreStateReader } from '../import/rpc-fetch';
import type { RpcClient } from '../import/rpc-client';
import type { CellReader, ClassProvider } from '../../starknet/state';
import { type CasmClass, type CasmClassJson, loadCasmClass } from '../../starknet/casm';
import {
  type SierraVersion,
  setSierraVersion,
  sierraVersionFromProgram,
} from '../../starknet/sierra-version';
import type { ContractClass } from '../../starknet/state';
import {
  type DeprecatedClassJson,
  inflateClassJson,
  isDeprecatedClassJson,
  loadDeprecatedClass,
} from '../../starknet/deprecated/class';

export class ReexecutionSource implements CellReader, ClassProvider {
  /** Pre-block values fetched so far. */
  readonly pre = new Map<CellKey, bigint>();
  /** Writes of the block's earlier transactions (applied in order). */
  readonly overlay = new Map<CellKey, bigint>();
  /** class hash (hex) → loaded class, or a reason string when unavailable. */
  readonly classes = new Map<string, ContractClass | string>();
  /** The node's JSON of every class that loaded (kept for the executable block). */
  readonly classJson = new Map<string, unknown>();
  /** Sierra versions read from the node's Sierra classes (class hash → version), for the executable block. */
  readonly sierraVersions = new Map<string, SierraVersion>();
  readonly missCells = new Set<CellKey>();
  readonly missClasses = new Set<string>();
  /** Unavailable classes the last run asked for (hash → reason). */
  readonly usedUnavailable = new Map<string, string>();
  cellsFetched = 0;
  classesFetched = 0;

  constructor(
    readonly preState: PreStateReader,
    readonly client: RpcClient,
  ) {}

  startRun(): void {
    this.missCells.clear();
    this.missClasses.clear();
    this.usedUnavailable.clear();
  }

  get hasMisses(): boolean {
    return this.missCells.size > 0 || this.missClasses.size > 0;
  }

  read(cell: CellKey): bigint {
    const o = this.overlay.get(cell);
    if (o !== undefined) return o;
    const p = this.pre.get(cell);
    if (p !== undefined) return p;
    this.missCells.add(cell);
    return 0n;
  }

  /** Current value when known (overlay, then fetched pre-state). */
  known(cell: CellKey): bigint | undefined {
    return this.overlay.get(cell) ?? this.pre.get(cell);
  }

  getClass(classHash: bigint): ContractClass | undefined {
    const h = hex(classHash);
    const c = this.classes.get(h);
    if (c === undefined) {
      this.missClasses.add(h);
      return undefined;
    }
    if (typeof c === 'string') {
      this.usedUnavailable.set(h, c);
      return undefined;
    }
    return c;
  }

  /** Fetch pre-block values of cells not known yet (batched by the RPC client). */
  async fetchCells(cells: Iterable<CellKey>): Promise<void> {
    const todo = [...new Set(cells)].filter((c) => !this.overlay.has(c) && !this.pre.has(c));
    if (todo.length === 0) return;
    const values = await this.preState.prefetch(todo);
    for (const [c, v] of values) this.pre.set(c, BigInt(v));
    this.cellsFetched += todo.length;
  }

  /** Value of a cell before the next transaction (fetching it if needed). */
  async value(cell: CellKey): Promise<bigint> {
    const k = this.known(cell);
    if (k !== undefined) return k;
    await this.fetchCells([cell]);
    return this.pre.get(cell) ?? 0n;
  }

  /**
   * Fetch and load compiled classes (`starknet_getCompiledCasm`; a deprecated Cairo 0 class has
   * none, so then `starknet_getClass`, whose program is inflated here). A class the node does not
   * have, or that engine/vm cannot load, is remembered as unavailable with the reason (RPC errors
   * of kind 'RPC'); budget/rate-limit/network errors propagate.
   */
  async fetchClasses(hashes: Iterable<string>): Promise<void> {
    const todo = [...new Set(hashes)].filter((h) => !this.classes.has(h));
    await Promise.all(todo.map((h) => this.fetchClass(h)));
  }

  /** The node's class JSON: CASM, else a deprecated class with its program inflated. */
  private async classJsonOf(h: string): Promise<unknown> {
    try {
      return await this.client.call('starknet_getCompiledCasm', [h], true);
    } catch (e) {
      if ((e as { code?: string }).code !== 'RPC') throw e;
      let json: unknown;
      try {
        json = await this.client.call('starknet_getClass', ['latest', h], true);
      } catch {
        throw e; // the class is unknown: report the CASM request's error
      }
      if (!isDeprecatedClassJson(json)) throw e;
      return await inflateClassJson(json);
    }
  }

  private async fetchClass(h: string): Promise<void> {
    let json: unknown;
    try {
      json = await this.classJsonOf(h);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code !== 'RPC') throw e;
      this.classes.set(h, `starknet_getCompiledCasm(${h}) failed: ${err.message}`);
      return;
    }
    this.classesFetched++;
    try {
      if (isDeprecatedClassJson(json))
        this.classes.set(h, loadDeprecatedClass(json as DeprecatedClassJson));
      else
        this.classes.set(h, await this.withSierraVersion(h, loadCasmClass(json as CasmClassJson)));
      this.classJson.set(h, json);
    } catch (e) {
      this.classes.set(h, `class ${h} could not be loaded by engine/vm: ${(e as Error).message}`);
    }
  }

  /**
   * Register the class's Sierra version from its Sierra program (`starknet_getClass`): it
   * decides whether its calls are tracked in Sierra gas or Cairo steps (sierra-version.ts), and
   * the CASM's compiler version does not tell it (a node may recompile old Sierra with a new
   * compiler: devnet 0.10.1 serves Sierra 1.6.0 accounts as CASM of compiler 2.19.4).
   */
  private async withSierraVersion(h: string, cls: CasmClass): Promise<CasmClass> {
    let sierra: { sierra_program?: string[] } | undefined;
    try {
      sierra = await this.client.call('starknet_getClass', ['latest', h], true);
    } catch (e) {
      if ((e as { code?: string }).code !== 'RPC') throw e;
    }
    const program = sierra?.sierra_program;
    if (Array.isArray(program) && program.length >= 3) {
      const v = sierraVersionFromProgram(program);
      setSierraVersion(cls, v);
      this.sierraVersions.set(h, v);
    }
    return cls;
  }

  /** Fetch everything the last run missed. */
  async fetchMisses(): Promise<void> {
    const cells = [...this.missCells];
    const classes = [...this.missClasses];
    await Promise.all([this.fetchCells(cells), this.fetchClasses(classes)]);
  }
}
