/**
 * Deprecated (Cairo 0) contract classes: loading them for execution.
 *
 * Two JSON forms carry one: the JSON-RPC `DEPRECATED_CONTRACT_CLASS` (starknet-specs
 * api/starknet_api_openrpc.json: `program` is the base64 of the gzipped program JSON,
 * `entry_points_by_type` {CONSTRUCTOR, EXTERNAL, L1_HANDLER} of `{offset, selector}` in hex, `abi`)
 * and cairo-lang's compiled contract (`starknet-compile-deprecated` output: the same with the
 * program object inline and numeric or hex offsets). The program runs on engine/vm's Cairo 0
 * support (`cairo0ProgramCache`: the common-library hints) plus the syscall hint of run.ts.
 */
import { type Cairo0Program, parseCairo0 } from '../../vm/cairo0';
import type { ProgramCache } from '../../vm/vm';
import { cairo0ProgramCache } from '../../vm/cairo0';
import type { EntryPointType } from '../casm';
import { syscallHint } from './syscall-hint';

export interface DeprecatedEntryPointJson {
  offset: string | number;
  selector: string;
}

export interface DeprecatedClassJson {
  /** The program: base64 of gzipped JSON (RPC form), its JSON text, or the object itself. */
  program: string | Cairo0Program;
  entry_points_by_type: Partial<Record<EntryPointType, DeprecatedEntryPointJson[]>>;
  abi?: unknown;
}

export interface DeprecatedEntryPoint {
  selector: bigint;
  offset: number;
}

/** A loaded Cairo 0 class: its program with a shared decode/hint cache, and its entry points. */
export interface DeprecatedClass {
  readonly kind: 'deprecated';
  readonly program: Cairo0Program;
  readonly cache: ProgramCache;
  /** The program's builtins, in the order of its implicit arguments. */
  readonly builtins: readonly string[];
  /** Entry points per type, in the class's order (blockifier takes the first for the default). */
  readonly entryPoints: Record<EntryPointType, DeprecatedEntryPoint[]>;
  readonly raw: DeprecatedClassJson;
}

/** blockifier CAIRO0_BUILTINS_NAMES (deprecated_entry_point_execution.rs): anything else is refused. */
const CAIRO0_BUILTINS = new Set([
  'range_check',
  'pedersen',
  'ecdsa',
  'bitwise',
  'ec_op',
  'poseidon',
]);

export function isDeprecatedClass(c: unknown): c is DeprecatedClass {
  return typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'deprecated';
}

/** Whether a class JSON is a deprecated one (it has a `program`, a CASM class has `bytecode`). */
export function isDeprecatedClassJson(json: unknown): json is DeprecatedClassJson {
  return (
    typeof json === 'object' &&
    json !== null &&
    'program' in json &&
    'entry_points_by_type' in json &&
    !('bytecode' in json)
  );
}

const TYPES: EntryPointType[] = ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'];

function entryPointsOf(json: DeprecatedClassJson): Record<EntryPointType, DeprecatedEntryPoint[]> {
  const out = { EXTERNAL: [], L1_HANDLER: [], CONSTRUCTOR: [] } as Record<
    EntryPointType,
    DeprecatedEntryPoint[]
  >;
  for (const t of TYPES)
    for (const ep of json.entry_points_by_type[t] ?? [])
      out[t].push({ selector: BigInt(ep.selector), offset: Number(BigInt(ep.offset)) });
  return out;
}

/** Is this program text JSON (rather than base64 of gzip)? */
const looksLikeJson = (s: string) => s.trimStart().startsWith('{');

/**
 * Load a class whose program is inline (an object or JSON text). The RPC form's gzipped program
 * must be inflated first (`loadRpcDeprecatedClass`). An object must have been parsed exactly
 * (`parseJsonExact`): programs hold constants beyond 2^53 (storage.cairo's ADDR_BOUND).
 */
export function loadDeprecatedClass(json: DeprecatedClassJson): DeprecatedClass {
  const p = json.program;
  if (typeof p === 'string' && !looksLikeJson(p))
    throw new Error('the program is compressed: load it with loadRpcDeprecatedClass');
  const program = parseCairo0(p);
  const unsupported = program.builtins.filter((b) => !CAIRO0_BUILTINS.has(b));
  if (unsupported.length > 0)
    throw new Error(`unsupported Cairo 0 builtins: ${unsupported.join(', ')}`);
  return {
    kind: 'deprecated',
    program,
    cache: cairo0ProgramCache(program, syscallHint),
    builtins: program.builtins,
    entryPoints: entryPointsOf(json),
    raw: json,
  };
}

/** base64 → gunzip → text, with the platform's DecompressionStream (Node ≥ 18 and browsers). */
export async function inflateProgram(base64: string): Promise<string> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return await new Response(stream).text();
}

/** The class with its program inline (the RPC form's inflated to JSON text), loadable synchronously. */
export async function inflateClassJson(json: DeprecatedClassJson): Promise<DeprecatedClassJson> {
  const p = json.program;
  return typeof p === 'string' && !looksLikeJson(p)
    ? { ...json, program: await inflateProgram(p) }
    : json;
}

/** Load a class in either form (the RPC form's program is inflated first). */
export async function loadRpcDeprecatedClass(json: DeprecatedClassJson): Promise<DeprecatedClass> {
  return loadDeprecatedClass(await inflateClassJson(json));
}
