/** Stark-curve hints: RandomEcPoint and FieldSqrt. */
import { P, sqrtMod } from '../felt';
import { BETA } from '../builtins/ec_op';
import type { HintFn } from '../vm';
import { asCell, resFelt, writeCell } from './operands';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type F = any;

/** A point on y² = x³ + x + β. Deterministic (xorshift seeded per VM) so runs are reproducible. */
export const randomEcPoint = (f: F): HintFn => {
  const xc = asCell(f.x);
  const yc = asCell(f.y);
  return (vm) => {
    let s = (vm.ctx.rngState as bigint | undefined) ?? 0x9e3779b97f4a7c15n;
    for (;;) {
      s = (s * 6364136223846793005n + 1442695040888963407n) % P;
      const x = (s * 0x5851f42d4c957f2dn + 0x14057b7ef767814fn) % P;
      const rhs = (x * x * x + x + BETA) % P;
      const y = sqrtMod(rhs);
      if (y !== undefined) {
        vm.ctx.rngState = s;
        writeCell(vm, xc, x);
        writeCell(vm, yc, y);
        return;
      }
    }
  };
};

/** sqrt(val) if val is a square, else sqrt(3·val) (3 is a non-residue); the smaller root. */
export const fieldSqrt = (f: F): HintFn => {
  const dst = asCell(f.sqrt);
  return (vm) => {
    const v = resFelt(vm, f.val);
    // sqrtMod tells a non-square apart itself (undefined): no separate Euler test
    const r = sqrtMod(v) ?? sqrtMod((v * 3n) % P)!;
    const other = (P - r) % P;
    writeCell(vm, dst, r < other ? r : other);
  };
};
