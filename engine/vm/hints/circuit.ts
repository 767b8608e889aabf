/**
 * EvalCircuit: fills the add_mod / mul_mod builtin instances and the circuit's value table.
 * Each builtin instance is (p0..p3, values_ptr, offsets_ptr, n); the first instance is written by
 * the program, the others are derived from it. Then every gate (a, b, c offsets into the values
 * table, each value a 4×96-bit limb u384) is solved for its unknown operand, add and mul gates
 * interleaved in order, as the mod builtins' fill_memory does.
 */
import { invMod } from '../felt';
import { VmError } from '../errors';
import { isRel, mkRel, relOff, relSeg } from '../relocatable';
import type { HintFn, VirtualMachine } from '../vm';
import { resFelt, resVal } from './operands';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type F = any;
const M96 = (1n << 96n) - 1n;
const CELLS = 7;

const rel = (r: number, k: number) => mkRel(relSeg(r), relOff(r) + k);

interface ModInputs {
  p: bigint;
  pLimbs: bigint[];
  values: number;
  offsets: number;
  n: number;
}

function readInputs(vm: VirtualMachine, ptr: number, n: number): ModInputs {
  const pLimbs = [0, 1, 2, 3].map((i) => vm.mem.readFelt(rel(ptr, i)));
  return {
    pLimbs,
    p: pLimbs[0] + (pLimbs[1] << 96n) + (pLimbs[2] << 192n) + (pLimbs[3] << 288n),
    values: vm.mem.readRel(rel(ptr, 4)),
    offsets: vm.mem.readRel(rel(ptr, 5)),
    n, // the program writes n after the hint; the hint's count is authoritative
  };
}

function fillInputs(vm: VirtualMachine, ptr: number, inp: ModInputs, count: number) {
  vm.mem.setAt(rel(ptr, 6), inp.n);
  for (let i = 1; i < count; i++) {
    const ip = rel(ptr, i * CELLS);
    for (let k = 0; k < 4; k++) vm.mem.setAt(rel(ip, k), toVal(inp.pLimbs[k]));
    vm.mem.setAt(rel(ip, 4), inp.values);
    vm.mem.setAt(rel(ip, 5), rel(inp.offsets, 3 * i));
    vm.mem.setAt(rel(ip, 6), inp.n - i);
  }
}
function toVal(v: bigint) {
  return v < 9007199254740992n ? Number(v) : v;
}

function readU384(vm: VirtualMachine, addr: number): bigint | undefined {
  let v = 0n;
  for (let k = 3; k >= 0; k--) {
    const x = vm.mem.getAt(rel(addr, k));
    if (x === undefined) return undefined;
    if (isRel(x)) throw new VmError('HintError', 'EvalCircuit: relocatable in value table');
    v = (v << 96n) | BigInt(x);
  }
  return v;
}
function writeU384(vm: VirtualMachine, addr: number, v: bigint) {
  for (let k = 0; k < 4; k++) vm.mem.setAt(rel(addr, k), toVal((v >> (96n * BigInt(k))) & M96));
}

/** Solve one gate; returns false when two operands are still unknown. */
function fillGate(vm: VirtualMachine, inp: ModInputs, index: number, mul: boolean): boolean {
  const offs = [0, 1, 2].map((k) => Number(vm.mem.readFelt(rel(inp.offsets, 3 * index + k))));
  const addrs = offs.map((o) => rel(inp.values, o));
  const [a, b, c] = addrs.map((x) => readU384(vm, x));
  const p = inp.p;
  if (a !== undefined && b !== undefined) {
    if (c === undefined) {
      let r: bigint;
      if (mul) r = (a * b) % p;
      else {
        r = a + b;
        if (r >= p) r -= p;
      }
      writeU384(vm, addrs[2], r);
    }
    return true;
  }
  if (c === undefined) return false;
  if (a !== undefined) {
    if (mul) {
      try {
        writeU384(vm, addrs[1], (c * invMod(a, p)) % p);
      } catch {
        return false;
      }
    } else writeU384(vm, addrs[1], (((c - a) % p) + p) % p);
    return true;
  }
  if (b !== undefined) {
    if (mul) {
      try {
        writeU384(vm, addrs[0], (c * invMod(b, p)) % p);
      } catch {
        return false;
      }
    } else writeU384(vm, addrs[0], (((c - b) % p) + p) % p);
    return true;
  }
  return false;
}

export const evalCircuit =
  (f: F): HintFn =>
  (vm) => {
    const nAdd = Number(resFelt(vm, f.n_add_mods));
    const nMul = Number(resFelt(vm, f.n_mul_mods));
    let add: ModInputs | undefined;
    let mul: ModInputs | undefined;
    if (nAdd > 0) {
      const ptr = resVal(vm, f.add_mod_builtin) as number;
      add = readInputs(vm, ptr, nAdd);
      fillInputs(vm, ptr, add, nAdd);
    }
    if (nMul > 0) {
      const ptr = resVal(vm, f.mul_mod_builtin) as number;
      mul = readInputs(vm, ptr, nMul);
      fillInputs(vm, ptr, mul, nMul);
    }
    let ai = 0;
    let mi = 0;
    while (ai < nAdd || mi < nMul) {
      if (ai < nAdd && fillGate(vm, add!, ai, false)) {
        ai++;
        continue;
      }
      if (mi < nMul && fillGate(vm, mul!, mi, true)) {
        mi++;
        continue;
      }
      // A mul gate with a non-invertible divisor: the circuit reports failure by stopping here.
      break;
    }
  };
