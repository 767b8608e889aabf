/** Arithmetic and allocation hints of the Cairo 1 compiler (CoreHint). One function per hint. */
import { isqrt, invMod } from '../felt';
import { VmError } from '../errors';
import { isRel, mkRel, relOff, relSeg, showVal } from '../relocatable';
import type { HintFn, VirtualMachine } from '../vm';
import { type CellRef, type ResOperand, asCell, resFelt, resVal, writeCell } from './operands';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type F = any;
const M128 = (1n << 128n) - 1n;
const M64 = (1n << 64n) - 1n;

export const allocSegment = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => writeCell(vm, dst, vm.mem.addSegmentRel());
};

export const testLessThan = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => writeCell(vm, dst, resFelt(vm, f.lhs) < resFelt(vm, f.rhs) ? 1 : 0);
};

export const testLessThanOrEqual = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => writeCell(vm, dst, resFelt(vm, f.lhs) <= resFelt(vm, f.rhs) ? 1 : 0);
};

/** Compares two addresses of the same segment (or two felts). */
export const testLessThanOrEqualAddress = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => {
    const a = resVal(vm, f.lhs);
    const b = resVal(vm, f.rhs);
    let le: boolean;
    if (isRel(a) && isRel(b)) {
      if (relSeg(a) !== relSeg(b))
        throw new VmError('HintError', `cannot compare addresses ${showVal(a)} and ${showVal(b)}`);
      le = relOff(a) <= relOff(b);
    } else if (!isRel(a) && !isRel(b)) le = BigInt(a) <= BigInt(b);
    else throw new VmError('HintError', `cannot compare ${showVal(a)} and ${showVal(b)}`);
    writeCell(vm, dst, le ? 1 : 0);
  };
};

export const wideMul128 = (f: F): HintFn => {
  const high = asCell(f.high);
  const low = asCell(f.low);
  return (vm) => {
    const a = resFelt(vm, f.lhs);
    const b = resFelt(vm, f.rhs);
    if (a > M128 || b > M128)
      throw new VmError('HintError', 'WideMul128: operand exceeds 128 bits');
    const p = a * b;
    writeCell(vm, high, p >> 128n);
    writeCell(vm, low, p & M128);
  };
};

export const divMod = (f: F): HintFn => {
  const q = asCell(f.quotient);
  const r = asCell(f.remainder);
  return (vm) => {
    const a = resFelt(vm, f.lhs);
    const b = resFelt(vm, f.rhs);
    if (b === 0n) throw new VmError('HintError', 'DivMod: division by zero');
    writeCell(vm, q, a / b);
    writeCell(vm, r, a % b);
  };
};

const u256 = (vm: VirtualMachine, lo: ResOperand, hi: ResOperand) =>
  resFelt(vm, lo) + (resFelt(vm, hi) << 128n);

export const uint256DivMod = (f: F): HintFn => {
  const [q0, q1, r0, r1] = [f.quotient0, f.quotient1, f.remainder0, f.remainder1].map(asCell);
  return (vm) => {
    const a = u256(vm, f.dividend0, f.dividend1);
    const b = u256(vm, f.divisor0, f.divisor1);
    if (b === 0n) throw new VmError('HintError', 'Uint256DivMod: division by zero');
    const q = a / b;
    const r = a % b;
    writeCell(vm, q0, q & M128);
    writeCell(vm, q1, q >> 128n);
    writeCell(vm, r0, r & M128);
    writeCell(vm, r1, r >> 128n);
  };
};

export const uint512DivModByUint256 = (f: F): HintFn => {
  const qs = [f.quotient0, f.quotient1, f.quotient2, f.quotient3].map(asCell);
  const rs = [f.remainder0, f.remainder1].map(asCell);
  return (vm) => {
    const a =
      resFelt(vm, f.dividend0) +
      (resFelt(vm, f.dividend1) << 128n) +
      (resFelt(vm, f.dividend2) << 256n) +
      (resFelt(vm, f.dividend3) << 384n);
    const b = u256(vm, f.divisor0, f.divisor1);
    if (b === 0n) throw new VmError('HintError', 'Uint512DivModByUint256: division by zero');
    const q = a / b;
    const r = a % b;
    qs.forEach((c, i) => writeCell(vm, c, (q >> (128n * BigInt(i))) & M128));
    rs.forEach((c, i) => writeCell(vm, c, (r >> (128n * BigInt(i))) & M128));
  };
};

export const squareRoot = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => writeCell(vm, dst, isqrt(resFelt(vm, f.value)));
};

/** sqrt of a u256: root split in 64-bit limbs, remainder in 128-bit limbs, and the 2·root − rem ≥ 2^128 flag. */
export const uint256SquareRoot = (f: F): HintFn => {
  const [s0, s1, rl, rh, flag] = [
    f.sqrt0,
    f.sqrt1,
    f.remainder_low,
    f.remainder_high,
    f.sqrt_mul_2_minus_remainder_ge_u128,
  ].map(asCell);
  return (vm) => {
    const v = u256(vm, f.value_low, f.value_high);
    const root = isqrt(v);
    const rem = v - root * root;
    writeCell(vm, s0, root & M64);
    writeCell(vm, s1, root >> 64n);
    writeCell(vm, rl, rem & M128);
    writeCell(vm, rh, rem >> 128n);
    writeCell(vm, flag, root * 2n - rem >= 1n << 128n ? 1 : 0);
  };
};

/** value = x·scalar + y with x = min(value / scalar, max_x). */
export const linearSplit = (f: F): HintFn => {
  const x = asCell(f.x);
  const y = asCell(f.y);
  return (vm) => {
    const value = resFelt(vm, f.value);
    const scalar = resFelt(vm, f.scalar);
    const maxX = resFelt(vm, f.max_x);
    if (scalar === 0n) throw new VmError('HintError', 'LinearSplit: zero scalar');
    let xv = value / scalar;
    if (xv > maxX) xv = maxX;
    writeCell(vm, x, xv);
    writeCell(vm, y, value - xv * scalar);
  };
};

/** Objects of one constant size are allocated consecutively in a segment dedicated to that size. */
export const allocConstantSize = (f: F): HintFn => {
  const dst = asCell(f.dst);
  return (vm) => {
    const size = Number(resFelt(vm, f.size));
    const segs = (vm.ctx.constantSizeSegments ??= new Map<number, number>()) as Map<number, number>;
    let ptr = segs.get(size);
    if (ptr === undefined) ptr = vm.mem.addSegmentRel();
    segs.set(size, mkRel(relSeg(ptr), relOff(ptr) + size));
    writeCell(vm, dst, ptr);
  };
};

/** Inverse of b modulo n for u256 values, or a proof of non-invertibility (g = a factor of both). */
export const u256InvModN = (f: F): HintFn => {
  const [g0, g1, s0, s1, t0, t1] = [
    f.g0_or_no_inv,
    f.g1_option,
    f.s_or_r0,
    f.s_or_r1,
    f.t_or_k0,
    f.t_or_k1,
  ].map(asCell);
  return (vm) => {
    const b0 = resFelt(vm, f.b0);
    const b1 = resFelt(vm, f.b1);
    const b = b0 + (b1 << 128n);
    const n = resFelt(vm, f.n0) + (resFelt(vm, f.n1) << 128n);
    const split = (c0: CellRef, c1: CellRef, v: bigint) => {
      writeCell(vm, c0, v & M128);
      writeCell(vm, c1, v >> 128n);
    };
    if (n === 1n) {
      writeCell(vm, s0, b0);
      writeCell(vm, s1, b1);
      writeCell(vm, t0, 1);
      writeCell(vm, t1, 0);
      writeCell(vm, g0, 1);
      writeCell(vm, g1, 0);
      return;
    }
    let g = gcd(n, b);
    if (g !== 1n) {
      if (g % 2n === 0n) g = 2n;
      split(s0, s1, b / g);
      split(t0, t1, n / g);
      split(g0, g1, g);
      return;
    }
    const r = invMod(b, n);
    const k = (r * b - 1n) / n;
    split(s0, s1, r);
    split(t0, t1, k);
    writeCell(vm, g0, 0);
  };
};

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Prints the felts in [start, end) (to the VM's debug sink, console by default). */
export const debugPrint =
  (f: F): HintFn =>
  (vm) => {
    const s = resVal(vm, f.start);
    const e = resVal(vm, f.end);
    if (!isRel(s) || !isRel(e)) throw new VmError('HintError', 'DebugPrint: expected addresses');
    const out: bigint[] = [];
    for (let a = s; relOff(a) < relOff(e); a = mkRel(relSeg(a), relOff(a) + 1))
      out.push(vm.mem.readFelt(a));
    const sink =
      (vm.ctx.debugSink as ((v: bigint[]) => void) | undefined) ??
      ((v: bigint[]) => console.log('[DebugPrint]', v.map((x) => '0x' + x.toString(16)).join(' ')));
    sink(out);
  };
