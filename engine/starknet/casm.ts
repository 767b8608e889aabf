/**
 * CasmContractClass loading for the Starknet layer — a thin adapter over engine/vm's CASM runner
 * (`engine/vm/casm.ts`: loader, OS calling convention, builtin-costs table, Cairo 1 hints,
 * per-class program/decode/hint cache). There is no second runner here any more: every entry
 * point runs through `engine/vm`'s `runEntryPoint` (see execution.ts).
 *
 * Kept for backward compatibility: `loadCasmClass`, `CasmClass`, `CasmClassJson`, `EntryPoint`,
 * `readArray`, `BUILTIN_GAS_COSTS` (a view of engine/vm's single `DEFAULT_BUILTIN_COSTS` table).
 */
import { type Val, toBig } from '../vm/felt';
import type { Memory } from '../vm/memory';
import { VmError } from '../vm/errors';
import { isRel, relOff, relSeg } from '../vm/relocatable';
import {
  type EntryPointType,
  type LoadedCasmClass,
  type LoadedEntryPoint,
  DEFAULT_BUILTIN_COSTS,
  loadCasmClass as vmLoadCasmClass,
} from '../vm/casm';

import type { ContractClass } from './state';
import { isDeprecatedClass } from './deprecated/class';
import { resolveDeprecatedEntryPoint } from './deprecated/run';

export type { EntryPointType };

export interface CasmEntryPointJson {
  selector: string;
  offset: number;
  builtins: string[];
}

export interface CasmClassJson {
  prime?: string;
  compiler_version?: string;
  bytecode: string[];
  bytecode_segment_lengths?: unknown;
  hints: [number, Record<string, unknown>[]][];
  pythonic_hints?: unknown;
  entry_points_by_type: Record<EntryPointType, CasmEntryPointJson[]>;
}

/** A loaded class: engine/vm's LoadedCasmClass (entry points by selector in `bySelector`). */
export type CasmClass = LoadedCasmClass;
/** An entry point of a loaded class (`selectorBig` is the selector as a bigint). */
export type EntryPoint = LoadedEntryPoint;

/** Gas price per builtin use (pedersen, bitwise, ec_op, poseidon, add_mod, mul_mod): engine/vm's table. */
export const BUILTIN_GAS_COSTS: readonly number[] = DEFAULT_BUILTIN_COSTS.slice(0, 6).map(Number);

const loaded = new WeakMap<object, CasmClass>();

/**
 * Load a class with engine/vm. Loading the same JSON object again returns the same loaded class
 * (so its decode cache is shared, e.g. by every demo block built from `demoClasses()`).
 */
export function loadCasmClass(json: CasmClassJson | string): CasmClass {
  if (typeof json === 'string') return vmLoadCasmClass(json);
  let c = loaded.get(json);
  if (!c) loaded.set(json, (c = vmLoadCasmClass(json)));
  return c;
}

/** Entry point of `cls` with this type and selector, if any. */
export function findEntryPointOf(
  cls: CasmClass,
  type: EntryPointType,
  selector: bigint,
): EntryPoint | undefined {
  return cls.bySelector[type].get(selector);
}

/** Whether a class (Cairo 1 or deprecated) has this entry point (a Cairo 0 default one counts). */
export function hasEntryPoint(cls: ContractClass, type: EntryPointType, selector: bigint): boolean {
  if (isDeprecatedClass(cls))
    return typeof resolveDeprecatedEntryPoint(cls, type, selector) !== 'string';
  return findEntryPointOf(cls, type, selector) !== undefined;
}

/** Felts of the array span [start, end) (Cairo `Span<felt252>` pointers). */
export function readArray(mem: Memory, start: Val, end: Val): bigint[] {
  if (!isRel(start) || !isRel(end) || relSeg(start) !== relSeg(end))
    throw new VmError('Syscall', 'invalid array pointers');
  const seg = relSeg(start);
  const out: bigint[] = [];
  for (let i = relOff(start); i < relOff(end); i++) {
    const v = mem.get(seg, i);
    if (v === undefined || isRel(v))
      throw new VmError('Syscall', `array element ${seg}:${i} is not a known felt`);
    out.push(toBig(v));
  }
  return out;
}
