/**
 * The `with_attr error_message(...)` scopes of a Cairo 0 program, which a revert reason prints
 * above the VM frame of a failure inside them. blockifier keeps the program's attributes named
 * "error_message" (blockifier 0.20.0-rc.0 src/execution/execution_utils.rs
 * `sn_api_to_cairo_vm_program`), and cairo-vm 3.2.0 prints "Error message: {value}\n" for each
 * one whose [start_pc, end_pc) holds the failing pc, in the program's order
 * (src/vm/errors/vm_exception.rs `get_error_attr_value`).
 *
 *
 * A `{name}` in the message is replaced by the value of the scope's reference `name` in the
 * failing VM (cairo-vm 3.2.0 same file, `substitute_error_message_references`,
 * `get_value_from_simple_reference`): only an fp-based (or constant) reference whose cast type
 * mentions `felt`; its value printed in decimal, a pointer as `segment:offset`. The names of
 * referenced variables it cannot evaluate (ap-based, another type, unknown memory) are listed
 * after the message: ` (Cannot evaluate ap-based or complex references: ['x''y'])`.
 */
import type { DeprecatedClass } from './class';
import type { VirtualMachine } from '../../vm/vm';
import { type Val, toBig } from '../../vm/felt';
import { relOff, relSeg } from '../../vm/relocatable';
import {
  type Cairo0Reference,
  type FlowTrackingData,
  IdsResolver,
} from '../../vm/hints/cairo0/ids';
import { type Expr, parseExpr } from '../../vm/hints/cairo0/expr';

interface ErrorAttribute {
  startPc: number;
  endPc: number;
  value: string;
  flow?: FlowTrackingData;
}

interface RawAttribute {
  name?: unknown;
  start_pc?: unknown;
  end_pc?: unknown;
  value?: unknown;
  flow_tracking_data?: FlowTrackingData | null;
}

const byClass = new WeakMap<DeprecatedClass, ErrorAttribute[]>();

function attributesOf(cls: DeprecatedClass): ErrorAttribute[] {
  let attrs = byClass.get(cls);
  if (attrs) return attrs;
  const raw = (cls.program as unknown as { attributes?: unknown }).attributes;
  attrs = (Array.isArray(raw) ? (raw as RawAttribute[]) : [])
    .filter((a) => a.name === 'error_message')
    .map((a) => ({
      startPc: Number(a.start_pc),
      endPc: Number(a.end_pc),
      value: String(a.value),
      ...(a.flow_tracking_data ? { flow: a.flow_tracking_data } : {}),
    }));
  byClass.set(cls, attrs);
  return attrs;
}

/** The register the reference starts from (cairo-vm's `offset1`), if any. */
function firstRegister(e: Expr): 'ap' | 'fp' | undefined {
  if (e.k === 'reg') return e.r;
  if (e.k === 'deref' || e.k === 'cast' || e.k === 'neg') return firstRegister(e.e);
  if (e.k === 'bin') return firstRegister(e.a) ?? firstRegister(e.b);
  return undefined;
}

function castType(e: Expr): string | undefined {
  if (e.k === 'cast') return e.type;
  if (e.k === 'deref' || e.k === 'neg') return castType(e.e);
  return undefined;
}

/** cairo-vm prints a felt in decimal and a relocatable as `segment:offset`. */
function showValue(v: Val): string {
  if (typeof v === 'number' && v < 0) return `${relSeg(v)}:${relOff(v)}`;
  return toBig(v).toString();
}

/** The value of one referenced variable as cairo-vm substitutes it, or undefined. */
function referenceValue(
  path: string,
  id: number,
  flow: FlowTrackingData,
  references: Cairo0Reference[],
  vm: VirtualMachine,
): string | undefined {
  const ref = references[id];
  if (!ref) return undefined;
  const expr = parseExpr(ref.value);
  if (firstRegister(expr) === 'ap' || !castType(expr)?.includes('felt')) return undefined;
  const name = path.slice(path.lastIndexOf('.') + 1);
  try {
    const ids = new IdsResolver({}, [], { ...flow, reference_ids: { [path]: id } }, references);
    return showValue(ids.bind(vm).get(name));
  } catch {
    return undefined; // unknown memory: cairo-vm's `get_maybe` gives None
  }
}

function substituteReferences(
  a: ErrorAttribute,
  cls: DeprecatedClass,
  vm: VirtualMachine | undefined,
): string {
  if (!a.flow || !vm) return a.value;
  const references =
    (cls.program as unknown as { reference_manager?: { references?: Cairo0Reference[] } })
      .reference_manager?.references ?? [];
  let msg = a.value;
  const invalid: string[] = [];
  for (const [path, id] of Object.entries(a.flow.reference_ids)) {
    const name = path.slice(path.lastIndexOf('.') + 1);
    const slot = `{${name}}`;
    if (!msg.includes(slot)) continue;
    const value = referenceValue(path, id, a.flow, references, vm);
    if (value === undefined) invalid.push(name);
    else msg = msg.split(slot).join(value);
  }
  if (invalid.length)
    msg += ` (Cannot evaluate ap-based or complex references: [${invalid.map((n) => `'${n}'`).join('')}])`;
  return msg;
}

/**
 * cairo-vm `get_error_attr_value` at `pc`: undefined when no error_message scope holds it. `vm`
 * (the failing VM) fills in `{variable}` references.
 */
export function errorAttributeText(
  cls: DeprecatedClass,
  pc: number,
  vm?: VirtualMachine,
): string | undefined {
  const lines = attributesOf(cls)
    .filter((a) => a.startPc <= pc && pc < a.endPc)
    .map((a) => `Error message: ${substituteReferences(a, cls, vm)}\n`);
  return lines.length ? lines.join('') : undefined;
}
