/**
 * CasmContractClass loading and entry-point execution on engine/vm's step loop.
 *
 * LOCAL WORKAROUND: engine/vm does not (yet) ship a CASM runner or Cairo 1 hint library, so this
 * file provides the minimum the Starknet layer needs: the Cairo 1 hints used by our demo contracts
 * and by the compiled ERC20 (AllocSegment, TestLessThan, TestLessThanOrEqual, LinearSplit, DivMod,
 * WideMul128, AllocConstantSize, SystemCall) plus one extension hint of ours, AddEcdsaSignature
 * (Cairo 0's `ecdsa_builtin.add_signature`, which Cairo 1 has no equivalent for). Replace with
 * engine/vm's runner when it lands; the `SyscallHook` below is the only coupling point.
 *
 * Entry-point calling convention (as the Starknet OS / blockifier prepares it): the stack holds
 * one pointer per builtin listed by the entry point (in that order), the gas counter, the syscall
 * pointer, calldata start and end; then return fp and return pc. On return the last five values
 * are: gas, syscall pointer, panic flag (0/1), retdata start, retdata end.
 */
import { type Val, feltFromBig, toBig, P } from '../vm/felt';
import { Memory, valAdd } from '../vm/memory';
import { VirtualMachine } from '../vm/vm';
import { VmError } from '../vm/errors';
import { isRel, mkRel, relOff, relSeg } from '../vm/relocatable';
import { createBuiltin } from '../vm/builtins/index';
import { pedersenHash, verifyStark } from './crypto';

export type EntryPointType = 'EXTERNAL' | 'L1_HANDLER' | 'CONSTRUCTOR';

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

export interface EntryPoint {
  selector: bigint;
  offset: number;
  builtins: string[];
}

export interface CasmClass {
  json: CasmClassJson;
  program: Val[];
  entryPoints: Record<EntryPointType, Map<bigint, EntryPoint>>;
  /** Compiled hints by pc. */
  hints: Map<number, { name: string; fn: HintFn }[]>;
  /** Idle VMs for this class (the instruction decode cache is per VM, so VMs are reused). */
  pool: VirtualMachine[];
}

/** Called by the SystemCall hint with the VM and the (relocatable) syscall pointer. */
export type SyscallHook = (vm: VirtualMachine, syscallPtr: number) => void;

type HintFn = (vm: VirtualMachine) => void;

interface CellRefJson {
  register: 'AP' | 'FP';
  offset: number;
}
type ResJson = Record<string, unknown>;

function cellAddr(vm: VirtualMachine, c: CellRefJson): number {
  return mkRel(1, (c.register === 'AP' ? vm.ap : vm.fp) + c.offset);
}

/** Compile a ResOperand JSON into a getter. */
function resOperand(r: ResJson): (vm: VirtualMachine) => Val {
  if ('Deref' in r) {
    const c = r.Deref as CellRefJson;
    return (vm) => vm.mem.read(cellAddr(vm, c));
  }
  if ('DoubleDeref' in r) {
    const [c, off] = r.DoubleDeref as [CellRefJson, number];
    return (vm) => vm.mem.read(valAdd(vm.mem.readRel(cellAddr(vm, c)), off) as number);
  }
  if ('Immediate' in r) {
    const v = feltFromBig(BigInt(r.Immediate as string));
    return () => v;
  }
  if ('BinOp' in r) {
    const b = r.BinOp as { op: 'Add' | 'Mul'; a: CellRefJson; b: ResJson };
    const bb = resOperand(b.b);
    return (vm) => {
      const a = vm.mem.read(cellAddr(vm, b.a));
      const y = bb(vm);
      if (b.op === 'Add') return valAdd(a, y);
      if (isRel(a) || isRel(y)) throw new VmError('HintError', 'BinOp Mul on a relocatable');
      return feltFromBig(toBig(a) * toBig(y));
    };
  }
  throw new VmError('Program', `unknown ResOperand ${JSON.stringify(r)}`);
}

function big(vm: VirtualMachine, f: (vm: VirtualMachine) => Val): bigint {
  const v = f(vm);
  if (isRel(v)) throw new VmError('HintError', 'expected a felt operand, got a relocatable');
  return toBig(v);
}

function setCell(vm: VirtualMachine, c: CellRefJson, v: Val): void {
  vm.mem.setAt(cellAddr(vm, c), v);
}

const U128 = 1n << 128n;

/**
 * Gas price of each builtin use, in the order of the OS's builtin price array (pedersen, bitwise,
 * ec_op, poseidon, add_mod, mul_mod); values of blockifier's versioned_constants 0.13.4+.
 */
export const BUILTIN_GAS_COSTS = [4050, 583, 4085, 491, 230, 604];
const BUILTIN_COSTS_SEGMENT = 2;

function compileHint(name: string, a: Record<string, unknown>): HintFn {
  const R = (k: string) => resOperand(a[k] as ResJson);
  // CellRef fields: raw `{register, offset}` in compiled classes, `{Deref: ...}` from engine/vm's assembler
  const C = (k: string) => {
    const v = a[k] as CellRefJson | { Deref: CellRefJson };
    return 'Deref' in v ? v.Deref : v;
  };
  switch (name) {
    case 'AllocSegment':
    case 'AllocConstantSize': {
      const dst = C('dst');
      return (vm) => setCell(vm, dst, vm.mem.addSegmentRel());
    }
    case 'TestLessThan':
    case 'TestLessThanOrEqual': {
      const lhs = R('lhs');
      const rhs = R('rhs');
      const dst = C('dst');
      const le = name === 'TestLessThanOrEqual';
      return (vm) => {
        const x = big(vm, lhs);
        const y = big(vm, rhs);
        setCell(vm, dst, (le ? x <= y : x < y) ? 1 : 0);
      };
    }
    case 'LinearSplit': {
      const value = R('value');
      const scalar = R('scalar');
      const maxX = R('max_x');
      const x = C('x');
      const y = C('y');
      return (vm) => {
        const v = big(vm, value);
        const s = big(vm, scalar);
        const mx = big(vm, maxX);
        let q = v / s;
        if (q > mx) q = mx;
        setCell(vm, x, feltFromBig(q));
        setCell(vm, y, feltFromBig(v - q * s));
      };
    }
    case 'DivMod': {
      const lhs = R('lhs');
      const rhs = R('rhs');
      const q = C('quotient');
      const r = C('remainder');
      return (vm) => {
        const x = big(vm, lhs);
        const y = big(vm, rhs);
        if (y === 0n) throw new VmError('HintError', 'DivMod by zero');
        setCell(vm, q, feltFromBig(x / y));
        setCell(vm, r, feltFromBig(x % y));
      };
    }
    case 'WideMul128': {
      const lhs = R('lhs');
      const rhs = R('rhs');
      const hi = C('high');
      const lo = C('low');
      return (vm) => {
        const m = big(vm, lhs) * big(vm, rhs);
        setCell(vm, hi, feltFromBig(m / U128));
        setCell(vm, lo, feltFromBig(m % U128));
      };
    }
    case 'SystemCall': {
      const sys = R('system');
      return (vm) => {
        const hook = vm.ctx.syscall as SyscallHook | undefined;
        if (!hook) throw new VmError('Syscall', 'no syscall handler installed');
        const p = sys(vm);
        if (!isRel(p)) throw new VmError('Syscall', 'syscall pointer is not an address');
        try {
          hook(vm, p);
        } catch (e) {
          // engine/vm wraps every exception thrown by a hint into a VmError; keep the original
          // (e.g. Block-STM's EstimateHit) so that the runner can rethrow it untouched.
          if (!(e instanceof VmError)) vm.ctx.foreign = { error: e };
          throw e;
        }
      };
    }
    case 'AddEcdsaSignature': {
      const ptr = R('ecdsa_ptr');
      const r = R('r');
      const s = R('s');
      return (vm) => {
        const p = ptr(vm);
        if (!isRel(p)) throw new VmError('HintError', 'AddEcdsaSignature: ecdsa_ptr is not an address');
        const sigs = (vm.ctx.ecdsa as Map<number, Map<number, [bigint, bigint]>> | undefined)?.get(relSeg(p));
        if (!sigs) throw new VmError('HintError', 'AddEcdsaSignature: pointer is not in the ecdsa segment');
        sigs.set(relOff(p), [big(vm, r), big(vm, s)]);
      };
    }
    default:
      return () => {
        throw new VmError('UnknownHint', `Cairo 1 hint ${name} is not supported by engine/starknet's local runner`);
      };
  }
}

export function loadCasmClass(json: CasmClassJson | string): CasmClass {
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as CasmClassJson;
  if (j.prime !== undefined && BigInt(j.prime) !== P) throw new VmError('Program', 'CASM class for another prime');
  // As the OS/blockifier do: append a `ret` and a pointer to the builtin-costs table (segment 2,
  // allocated by runEntryPoint). Cairo >= 2.10 entry points `call` that `ret` to locate the table.
  const program: Val[] = j.bytecode.map((x) => feltFromBig(BigInt(x)));
  program.push(feltFromBig(0x208b7fff7fff7ffen), mkRel(BUILTIN_COSTS_SEGMENT, 0));
  const hints = new Map<number, { name: string; fn: HintFn }[]>();
  for (const [pc, hs] of j.hints) {
    hints.set(
      pc,
      hs.map((h) => {
        const name = Object.keys(h)[0];
        return { name, fn: compileHint(name, h[name] as Record<string, unknown>) };
      }),
    );
  }
  const entryPoints = {} as Record<EntryPointType, Map<bigint, EntryPoint>>;
  for (const t of ['EXTERNAL', 'L1_HANDLER', 'CONSTRUCTOR'] as EntryPointType[]) {
    const m = new Map<bigint, EntryPoint>();
    for (const ep of j.entry_points_by_type[t] ?? []) m.set(BigInt(ep.selector), { selector: BigInt(ep.selector), offset: ep.offset, builtins: ep.builtins });
    entryPoints[t] = m;
  }
  return { json: j, program, entryPoints, hints, pool: [] };
}

export interface EntryPointRun {
  /** True when the entry point panicked (retdata is then the panic data). */
  panicked: boolean;
  retdata: bigint[];
  gasLeft: bigint;
  steps: number;
}

function readArray(mem: Memory, start: Val, end: Val): bigint[] {
  if (!isRel(start) || !isRel(end) || relSeg(start) !== relSeg(end)) throw new VmError('Syscall', 'invalid array pointers');
  const seg = relSeg(start);
  const out: bigint[] = [];
  for (let i = relOff(start); i < relOff(end); i++) {
    const v = mem.get(seg, i);
    if (v === undefined || isRel(v)) throw new VmError('Syscall', `array element ${seg}:${i} is not a known felt`);
    out.push(toBig(v));
  }
  return out;
}
export { readArray };

function feltAt(m: Memory, seg: number, off: number): bigint | undefined {
  const v = m.data[seg][off];
  if (v === undefined) return undefined;
  if (isRel(v)) throw new VmError('Builtin', `expected a felt at ${seg}:${off}, found a relocatable`);
  return toBig(v);
}

/** pedersen deduction (cells x, y, H(x, y)) through the memoized hash. */
function pedersenDeducer(seg: number) {
  return (m: Memory, off: number): Val | undefined => {
    if (off % 3 !== 2) return undefined;
    const x = feltAt(m, seg, off - 2);
    const y = feltAt(m, seg, off - 1);
    if (x === undefined || y === undefined) return undefined;
    return feltFromBig(pedersenHash(x, y));
  };
}

/** ecdsa validation (cells pubkey, message) for instances with a registered signature. */
function ecdsaValidator(seg: number, sigs: Map<number, [bigint, bigint]>) {
  return (m: Memory, off: number): void => {
    const base = off - (off % 2);
    const sig = sigs.get(base);
    if (!sig) return;
    const pk = feltAt(m, seg, base);
    const msg = feltAt(m, seg, base + 1);
    if (pk === undefined || msg === undefined) return;
    if (!verifyStark(pk, msg, sig[0], sig[1])) throw new VmError('Builtin', `ecdsa: invalid signature at ${seg}:${base}`);
  };
}

function acquireVm(cls: CasmClass): VirtualMachine {
  const vm = cls.pool.pop();
  if (vm) return vm;
  const nvm = new VirtualMachine(new Memory());
  for (const [pc, hs] of cls.hints) for (const h of hs) nvm.addHint(pc, h.fn, h.name);
  return nvm;
}

/**
 * Run one entry point. Throws VmError on a VM failure (not a panic); rethrows non-VM exceptions
 * raised by the syscall hook (EstimateHit…) exactly as thrown.
 */
export function runEntryPoint(cls: CasmClass, ep: EntryPoint, calldata: readonly bigint[], gas: bigint, hook: SyscallHook, stepLimit = 10_000_000): EntryPointRun {
  const vm = acquireVm(cls);
  const mem = new Memory();
  mem.data.push(cls.program as Val[]); // shared, read-only program segment
  mem.addSegment(); // execution
  const costs = mem.addSegment(); // = BUILTIN_COSTS_SEGMENT
  for (let i = 0; i < BUILTIN_GAS_COSTS.length; i++) mem.set(costs, i, BUILTIN_GAS_COSTS[i]);
  vm.mem = mem;
  vm.pc = ep.offset;
  vm.ap = 0;
  vm.fp = 0;
  vm.steps = 0;
  vm.halted = false;
  vm.ctx = { syscall: hook };
  const ecdsa = new Map<number, Map<number, [bigint, bigint]>>();
  const stack: Val[] = [];
  for (const name of ep.builtins) {
    const b = createBuiltin(name, mem);
    if (name === 'pedersen' || name === 'pedersen_builtin') mem.deducers[b.segment] = pedersenDeducer(b.segment);
    else if ('signatures' in b) {
      const sigs = (b as unknown as { signatures: Map<number, [bigint, bigint]> }).signatures;
      ecdsa.set(b.segment, sigs);
      mem.validators[b.segment] = ecdsaValidator(b.segment, sigs);
    }
    stack.push(...b.initialStack());
  }
  vm.ctx.ecdsa = ecdsa;
  stack.push(feltFromBig(gas));
  stack.push(mem.addSegmentRel()); // syscall segment
  const cd = mem.addSegmentRel();
  mem.load(cd, calldata.map(feltFromBig));
  stack.push(cd, mkRel(relSeg(cd), calldata.length));
  const returnFp = mem.addSegmentRel();
  const end = mem.addSegmentRel();
  stack.push(returnFp, end);
  const exec = mem.data[1];
  for (let i = 0; i < stack.length; i++) exec[i] = stack[i];
  vm.ap = vm.fp = stack.length;
  vm.finalPc = end;
  try {
    vm.run(stepLimit);
  } catch (e) {
    const foreign = vm.ctx.foreign as { error: unknown } | undefined;
    vm.ctx = {};
    cls.pool.push(vm);
    if (foreign) throw foreign.error;
    throw e;
  }
  const ap = vm.ap;
  const g = exec[ap - 5];
  const flag = exec[ap - 3];
  const res: EntryPointRun = {
    panicked: flag !== 0,
    retdata: readArray(mem, exec[ap - 2], exec[ap - 1]),
    gasLeft: g === undefined || isRel(g) ? 0n : toBig(g),
    steps: vm.steps,
  };
  vm.ctx = {};
  cls.pool.push(vm);
  return res;
}
