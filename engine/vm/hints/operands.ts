/** Operands of Cairo 1 hints (CellRef and ResOperand of cairo-lang-casm) evaluated against the VM. */
import { type Val, parseFelt, toBig, feltMul } from '../felt';
import { valAdd } from '../memory';
import { VmError } from '../errors';
import { isRel, mkRel, showVal } from '../relocatable';
import type { VirtualMachine } from '../vm';

export interface CellRef {
  register: 'AP' | 'FP';
  offset: number;
}
export type ResOperand =
  | { Deref: CellRef }
  | { DoubleDeref: [CellRef, number] }
  | { Immediate: string | number }
  | {
      BinOp: {
        op: 'Add' | 'Mul';
        a: CellRef;
        b: { Deref: CellRef } | { Immediate: string | number };
      };
    };

/** Accepts a CellRef or a `{Deref: CellRef}` (the assembler's compact hint syntax produces the latter). */
export function asCell(x: unknown): CellRef {
  const o = x as Record<string, unknown>;
  if (o && typeof o === 'object' && 'Deref' in o) return o.Deref as CellRef;
  if (!o || typeof o !== 'object' || !('register' in o))
    throw new VmError('HintError', `bad CellRef ${JSON.stringify(x)}`);
  return o as unknown as CellRef;
}

export function cellAddr(vm: VirtualMachine, c: CellRef): number {
  const off = (c.register === 'AP' ? vm.ap : vm.fp) + c.offset;
  if (off < 0)
    throw new VmError('HintError', `negative address ${c.register.toLowerCase()} + ${c.offset}`);
  return mkRel(1, off);
}

export function readCell(vm: VirtualMachine, c: CellRef): Val {
  return vm.mem.read(cellAddr(vm, c));
}

export function writeCell(vm: VirtualMachine, c: CellRef, v: Val | bigint): void {
  vm.mem.setAt(cellAddr(vm, c), typeof v === 'bigint' ? parseFelt(v) : v);
}

/** Value of a ResOperand (felt or relocatable). */
export function resVal(vm: VirtualMachine, r: ResOperand): Val {
  if ('Deref' in r) return readCell(vm, r.Deref);
  if ('Immediate' in r) return parseFelt(r.Immediate);
  if ('DoubleDeref' in r) {
    const p = readCell(vm, r.DoubleDeref[0]);
    return vm.mem.read(valAdd(p, r.DoubleDeref[1]) as number);
  }
  if ('BinOp' in r) {
    const a = readCell(vm, asCell(r.BinOp.a));
    const b = resVal(vm, r.BinOp.b as ResOperand);
    if (r.BinOp.op === 'Add') return valAdd(a, b);
    if (isRel(a) || isRel(b)) throw new VmError('HintError', 'cannot multiply relocatables');
    return feltMul(a, b);
  }
  throw new VmError('HintError', `bad ResOperand ${JSON.stringify(r)}`);
}

export function resFelt(vm: VirtualMachine, r: ResOperand): bigint {
  const v = resVal(vm, r);
  if (isRel(v)) throw new VmError('HintError', `expected a felt, got relocatable ${showVal(v)}`);
  return toBig(v);
}

export function resRel(vm: VirtualMachine, r: ResOperand): number {
  const v = resVal(vm, r);
  if (!isRel(v)) throw new VmError('HintError', `expected a relocatable, got ${showVal(v)}`);
  return v;
}
