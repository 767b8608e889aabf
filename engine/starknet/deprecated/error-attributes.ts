/**
 * The `with_attr error_message(...)` scopes of a Cairo 0 program, which a revert reason prints
 * above the VM frame of a failure inside them. blockifier keeps the program's attributes named
 * "error_message" (blockifier 0.20.0-rc.0 src/execution/execution_utils.rs
 * `sn_api_to_cairo_vm_program`), and cairo-vm 3.2.0 prints "Error message: {value}\n" for each
 * one whose [start_pc, end_pc) holds the failing pc, in the program's order
 * (src/vm/errors/vm_exception.rs `get_error_attr_value`).
 *
 * Not modelled: cairo-vm's substitution of `{variable}` references in the message
 * (`substitute_error_message_references`); such a message is printed as written.
 */
import type { DeprecatedClass } from './class';

interface ErrorAttribute {
  startPc: number;
  endPc: number;
  value: string;
}

interface RawAttribute {
  name?: unknown;
  start_pc?: unknown;
  end_pc?: unknown;
  value?: unknown;
}

const byClass = new WeakMap<DeprecatedClass, ErrorAttribute[]>();

function attributesOf(cls: DeprecatedClass): ErrorAttribute[] {
  let attrs = byClass.get(cls);
  if (attrs) return attrs;
  const raw = (cls.program as unknown as { attributes?: unknown }).attributes;
  attrs = (Array.isArray(raw) ? (raw as RawAttribute[]) : [])
    .filter((a) => a.name === 'error_message')
    .map((a) => ({ startPc: Number(a.start_pc), endPc: Number(a.end_pc), value: String(a.value) }));
  byClass.set(cls, attrs);
  return attrs;
}

/** cairo-vm `get_error_attr_value` at `pc`: undefined when no error_message scope holds it. */
export function errorAttributeText(cls: DeprecatedClass, pc: number): string | undefined {
  const lines = attributesOf(cls)
    .filter((a) => a.startPc <= pc && pc < a.endPc)
    .map((a) => `Error message: ${a.value}\n`);
  return lines.length ? lines.join('') : undefined;
}
