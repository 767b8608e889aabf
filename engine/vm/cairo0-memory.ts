/**
 * The relocated memory of a Cairo 0 run in cairo-run's order. cairo-lang's `--memory_file` lists
 * the cells in the order they were first written (its memory is a Python dict), not by address:
 * the program, the initial stack, then per step the hint's writes followed by the instruction's
 * (cairo-lang src/starkware/cairo/lang/vm/vm_core.py `compute_operands`, v0.14.0.1: op0 and op1
 * deduced by a builtin are written at once; then dst, op0, op1 if they were unknown).
 * We replay that order from the trace, the final memory and a log of the hints' writes, so the
 * VM's step loop needs no bookkeeping.
 */
import type { Memory } from './memory';
import { type Val, toBig } from './felt';
import { type Instruction, Op1Src, Reg, decodeInstruction } from './instruction';
import { isRel, mkRel, relOff, relSeg } from './relocatable';

/** Step index → the addresses (encoded) the hints at that step wrote, in order. */
export type HintWriteLog = Map<number, number[]>;

interface OrderInput {
  mem: Memory;
  /** Relocated (ap, fp, pc) triples and the segment bases they were relocated with. */
  trace: Uint32Array;
  bases: number[];
  stackLength: number;
  hintWrites: HintWriteLog;
  /** Maps a written address to where it lives after temporary segments were relocated. */
  relocated: (addr: number) => number;
}

/** Every written cell's address (encoded), in cairo-run's write order. */
export function cairoRunWriteOrder(input: OrderInput): number[] {
  const { mem, trace } = input;
  const seen = new Set<number>();
  const order: number[] = [];
  const push = (addr: number) => {
    const a = input.relocated(addr);
    if (mem.getAt(a) === undefined || seen.has(a)) return;
    seen.add(a);
    order.push(a);
  };
  for (let i = 0; i < mem.segmentSize(0); i++) push(mkRel(0, i));
  for (let i = 0; i < input.stackLength; i++) push(mkRel(1, i));
  const [pb, eb] = input.bases;
  const decoded = new Map<number, Instruction>();
  for (let s = 0; 3 * s < trace.length; s++) {
    for (const a of input.hintWrites.get(s) ?? []) push(a);
    const pc = trace[3 * s + 2] - pb;
    let ins = decoded.get(pc);
    if (!ins) decoded.set(pc, (ins = decodeInstruction(toBig(mem.get(0, pc) as number | bigint))));
    const at = { ins, pc, ap: trace[3 * s] - eb, fp: trace[3 * s + 1] - eb };
    stepWrites(mem, at, seen, input.relocated).forEach(push);
  }
  // Anything left (not expected) goes last, by address, so no cell is lost.
  for (let s = 0; s < mem.numSegments; s++)
    for (let o = 0; o < mem.segmentSize(s); o++) {
      const a = mkRel(s, o);
      if (mem.get(s, o) !== undefined && !seen.has(a)) push(a);
    }
  return order;
}

/** The cells one instruction writes, in cairo-lang's order, among those not yet written. */
function stepWrites(
  mem: Memory,
  at: { ins: Instruction; pc: number; ap: number; fp: number },
  seen: Set<number>,
  relocated: (addr: number) => number,
): number[] {
  const { ins, pc, ap, fp } = at;
  const reg = (r: Reg) => (r === Reg.AP ? ap : fp);
  const dst = mkRel(1, reg(ins.dstReg) + ins.offDst);
  const op0 = mkRel(1, reg(ins.op0Reg) + ins.offOp0);
  let op1: number | undefined;
  if (ins.op1Src === Op1Src.Imm) op1 = mkRel(0, pc + 1);
  else if (ins.op1Src === Op1Src.AP) op1 = mkRel(1, ap + ins.offOp1);
  else if (ins.op1Src === Op1Src.FP) op1 = mkRel(1, fp + ins.offOp1);
  else {
    const base: Val | undefined = mem.getAt(relocated(op0));
    if (base !== undefined && isRel(base)) op1 = mkRel(relSeg(base), relOff(base) + ins.offOp1);
  }
  const isNew = (a: number | undefined) => a !== undefined && !seen.has(relocated(a));
  const newOp0 = isNew(op0);
  const newOp1 = isNew(op1);
  const out: number[] = [];
  if (newOp0 && deducible(mem, op0)) out.push(op0);
  if (newOp1 && deducible(mem, op1!)) out.push(op1!);
  if (isNew(dst)) out.push(dst);
  if (newOp0) out.push(op0);
  if (newOp1) out.push(op1!);
  return out;
}

/** Would a builtin's auto-deduction rule produce this cell (an output cell of a builtin)? */
function deducible(mem: Memory, addr: number): boolean {
  const seg = relSeg(addr);
  const d = mem.deducers[seg];
  return d !== undefined && d(mem, relOff(addr), seg) !== undefined;
}

/** Relocated (address, value) pairs in the given order (cairo-lang's `--memory_file`). */
export function relocateInOrder(
  mem: Memory,
  order: number[],
  bases: number[],
): { addrs: number[]; values: bigint[] } {
  const rel = (v: number) => bases[relSeg(v)] + relOff(v);
  const addrs: number[] = [];
  const values: bigint[] = [];
  for (const a of order) {
    const v = mem.getAt(a)!;
    addrs.push(rel(a));
    values.push(isRel(v) ? BigInt(rel(v)) : toBig(v));
  }
  return { addrs, values };
}
