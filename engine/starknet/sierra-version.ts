/**
 * The Sierra version of a class decides how blockifier tracks its run
 * (crates/blockifier/src/execution/contract_class.rs, `tracked_resource`): at or above the
 * version's `min_sierra_version_for_sierra_gas` in Sierra gas, below it (and in every call below a
 * call tracked in steps) in Cairo steps, where the call starts with `default_initial_gas_cost`
 * and reports no gas consumed.
 *
 * We load CASM, which has no Sierra version. In order of preference:
 *  1. the version registered with `setSierraVersion` (e.g. from the Sierra twin's program header,
 *     `sierraVersionFromProgram`: its first three felts are major, minor, patch; re-execution
 *     registers every class's from the node's Sierra class, engine/blocks/reexecute/source.ts, as
 *     the sequencer takes it: starkware-libs/sequencer crates/apollo_compile_to_casm/src/lib.rs);
 *  2. a bound from the CASM's `compiler_version`: the shared fixtures show Cairo 2.9.x emitting
 *     Sierra 1.6.0 and 2.10/2.11 emitting 1.7.0 (starknet.js __mocks__/cairo sierra headers), so
 *     a compiler ≥ 2.10.0 means Sierra ≥ 1.7.0 and an older one means < 1.7.0 (wrong for CASM a
 *     node compiled itself from older Sierra, as starknet-devnet serves it);
 *  3. no Cairo compiler version (our own assembled demo classes say 'stm-explorer-asm'): treated
 *     as current Sierra.
 */
import type { CasmClass } from './casm';

export type SierraVersion = [number, number, number];
const registered = new WeakMap<object, SierraVersion>();
const CURRENT: SierraVersion = [1, 7, 0];
const OLD: SierraVersion = [1, 6, 0];

export function setSierraVersion(cls: CasmClass, v: SierraVersion): void {
  registered.set(cls, v);
}

/** Version in a Sierra program's header ("0.1.0" short string for pre-1.0 programs). */
export function sierraVersionFromProgram(program: readonly (string | bigint)[]): SierraVersion {
  const f = program.slice(0, 3).map((x) => BigInt(x));
  if (f[0] === 0x302e312e30n) return [0, 1, 0];
  return [Number(f[0]), Number(f[1]), Number(f[2])];
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const derived = new WeakMap<object, SierraVersion>();

/** Looked up on every call, so the derivation from the compiler version is memoized per class. */
export function sierraVersionOf(cls: CasmClass): SierraVersion {
  const r = registered.get(cls) ?? derived.get(cls);
  if (r) return r;
  const v = fromCompilerVersion(cls);
  derived.set(cls, v);
  return v;
}

function fromCompilerVersion(cls: CasmClass): SierraVersion {
  const cv = cls.raw.compiler_version;
  if (typeof cv !== 'string' || !/^\d+\.\d+\.\d+/.test(cv)) return CURRENT;
  const parts = cv.split('.').map((x) => parseInt(x, 10));
  return compareVersions(parts, [2, 10, 0]) >= 0 ? CURRENT : OLD;
}
