/**
 * What a Cairo 0 hint sees: the VM, its `ids`, and the current VM scope (cairo-lang's
 * `vm_enter_scope`/`vm_exit_scope`: a stack of dicts; a hint's Python locals and globals live in the
 * top one, so a variable set by one hint, e.g. `excluded`, is read by a later one).
 */
import { type Val, feltFromBig, toBig } from '../../felt';
import { isRel, showVal } from '../../relocatable';
import type { VirtualMachine } from '../../vm';
import { valAdd } from '../../memory';
import type { IdsResolver } from './ids';

export type Scope = Map<string, unknown>;

export interface HintContext {
  vm: VirtualMachine;
  ids: IdsResolver;
  /** The top VM scope. */
  scope: Scope;
}

export type Cairo0Hint = (c: HintContext) => void;

/** `range_check_builtin.bound` (a 128-bit range check). */
export const RC_BOUND = 1n << 128n;

const SCOPES = 'cairo0.scopes';

/** The scope stack of a run (created with one main scope on first use). */
export function scopes(vm: VirtualMachine): Scope[] {
  let s = vm.ctx[SCOPES] as Scope[] | undefined;
  if (!s) vm.ctx[SCOPES] = s = [new Map()];
  return s;
}

export function enterScope(vm: VirtualMachine, vars: Record<string, unknown> = {}): void {
  scopes(vm).push(new Map(Object.entries(vars)));
}

export function exitScope(vm: VirtualMachine): void {
  const s = scopes(vm);
  if (s.length <= 1) throw new Error('cannot exit the main scope');
  s.pop();
}

/** A scope variable that a previous hint must have set. */
export function scopeVar<T>(c: HintContext, name: string): T {
  if (!c.scope.has(name)) throw new Error(`name '${name}' is not defined in the current scope`);
  return c.scope.get(name) as T;
}

/** `memory[ap] = v`. */
export function setAp(c: HintContext, v: Val | bigint | boolean): void {
  const val = typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? feltFromBig(v) : v;
  c.vm.mem.set(1, c.vm.ap, val);
}

/** Read a felt at an address (encoded relocatable). */
export function readFelt(c: HintContext, addr: number): bigint {
  const v = c.vm.mem.getAt(addr);
  if (v === undefined) throw new Error(`unknown memory cell ${showVal(addr)}`);
  if (isRel(v)) throw new Error(`expected a felt at ${showVal(addr)}, found ${showVal(v)}`);
  return toBig(v);
}

/** `memory.get_range(addr, n)`. */
export function readRange(c: HintContext, addr: number, n: number): Val[] {
  const out: Val[] = [];
  for (let i = 0; i < n; i++) {
    const a = valAdd(addr, i) as number;
    const v = c.vm.mem.getAt(a);
    if (v === undefined) throw new Error(`unknown memory cell ${showVal(a)}`);
    out.push(v);
  }
  return out;
}

/** Python's `%` (result has the divisor's sign) and `//` (floor) on bigints. */
export function pyMod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r !== 0n && r < 0n !== m < 0n ? r + m : r;
}
export function pyDiv(a: bigint, m: bigint): bigint {
  return (a - pyMod(a, m)) / m;
}

/** Whitespace-normalised hint code, the registry key. */
export function normaliseCode(code: string): string {
  return code.trim().split(/\s+/).join(' ');
}

/** `segments.gen_arg(values)`: a new segment holding the values; returns its base. */
export function genArg(c: HintContext, values: (Val | bigint)[]): number {
  const base = c.vm.mem.addSegmentRel();
  writeArg(c, base, values);
  return base;
}

/** `segments.write_arg(ptr, values)`. */
export function writeArg(c: HintContext, ptr: number, values: (Val | bigint)[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    c.vm.mem.setAt(valAdd(ptr, i) as number, typeof v === 'bigint' ? feltFromBig(v) : v);
  }
}

/** Sort bigints ascending. */
export function byValue(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The compiled form of `nondet %{ expr %}`: `memory[ap] = to_felt_or_relocatable(expr)`. */
export function nondet(expr: string): string {
  return `memory[ap] = to_felt_or_relocatable(${expr})`;
}
