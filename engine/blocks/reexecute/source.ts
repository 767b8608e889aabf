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
import { type CasmClassJson, loadCasmClass } from '../../starknet/casm';
import type { ContractClass } from '../../starknet/state';
import {
  type DeprecatedClassJson,
  inflateClassJson,
  isDeprecatedClassJson,
  loadDeprecatedClass,
} from '../../starknet/deprecated/class';
import {
  type SierraVersion,
  setSierraVersion,
  sierraVersionFromProgram,
} from '../../starknet/sierra-version';

export class ReexecutionSource implements CellReader, ClassProvider {
  /** Pre-block values fetched so far. */
  readonly pre = new Map<CellKey, bigint>();
  /** Writes of the block's earlier transactions (applied in order). */
  readonly overlay = new Map<CellKey, bigint>();
  /** class hash (hex) → loaded class, or a reason string when unavailable. */
  readonly classes = new Map<string, ContractClass | string>();
  /** The node's JSON of every class that loaded (kept for the executable block). */
  readonly classJson = new Map<string, unknown>();
  /** The Sierra program version of every loaded Cairo 1 class whose Sierra the node gave. */
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
      if (isDeprecatedClassJson(json)) {
        this.classes.set(h, loadDeprecatedClass(json as DeprecatedClassJson));
        this.classJson.set(h, json);
        return;
      }
      const cls = loadCasmClass(json as CasmClassJson);
      this.classes.set(h, cls);
      this.classJson.set(h, json);
      const v = await this.sierraVersion(h);
      if (v) {
        setSierraVersion(cls, v);
        this.sierraVersions.set(h, v);
      }
    } catch (e) {
      this.classes.set(h, `class ${h} could not be loaded by engine/vm: ${(e as Error).message}`);
    }
  }

  /**
   * The Sierra version of a class (its Sierra program's header, `starknet_getClass`): it decides
   * whether blockifier tracks the class's calls in Sierra gas or in Cairo steps (engine/starknet
   * sierra-version.ts). The CASM alone cannot tell: a node may serve CASM it compiled itself with
   * a newer compiler than the one that made the Sierra (starknet-devnet does). Undefined when the
   * node gives no Sierra program; the CASM heuristic applies then.
   */
  private async sierraVersion(h: string): Promise<SierraVersion | undefined> {
    let sierra: unknown;
    try {
      // the same request (and cache entry) as the fee's class lookup in post-execution.ts
      sierra = await this.client.call('starknet_getClass', ['latest', h], true);
    } catch (e) {
      if ((e as { code?: string }).code !== 'RPC') throw e;
      return undefined;
    }
    const program = (sierra as { sierra_program?: unknown } | null)?.sierra_program;
    if (!Array.isArray(program) || program.length < 3) return undefined;
    return sierraVersionFromProgram(program as string[]);
  }

  /** Fetch everything the last run missed. */
  async fetchMisses(): Promise<void> {
    const cells = [...this.missCells];
    const classes = [...this.missClasses];
    await Promise.all([this.fetchCells(cells), this.fetchClasses(classes)]);
  }
}
