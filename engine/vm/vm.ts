/**
 * The step loop. Registers are kept as plain integers: pc is an offset in the program segment (0),
 * ap and fp are offsets in the execution segment (1). Each instruction is decoded once and cached
 * in typed arrays; the loop allocates nothing for small felts and pointers.
 */
import { type Val, HALF_P, MAX_SAFE, P, feltDiv, feltMul } from './felt';
import { Memory, valAdd, valSub } from './memory';
import { BIG_CODE, Segment, addCodes, subSmallCode } from './segment';
import { VmError, isForeignError } from './errors';
import { isRel, mkRel, relOff, relSeg, showVal } from './relocatable';
import { splitWord, decodeFlags, OpcodeExt } from './instruction';
import { blakeOpcode } from './blake2s';
import { qm31Operands } from './qm31';
import { disassembleWord } from './disassembler';

export type HintFn = (vm: VirtualMachine) => void;

export const PROGRAM_SEGMENT = 0;
export const EXECUTION_SEGMENT = 1;

/** Marks a decoded pc in the flag cache; above the 15 flags and the 2 opcode-extension bits. */
const DECODED = 1 << 20;
/** The opcode-extension bits in the cached flags (bits 15..16, see instruction.ts). */
const EXT_MASK = 3 << 15;
/** Cached flags with the QM31 extension (3). */
const QM31_FL = 3 << 15;
const NO_I32 = new Int32Array(0);
const NO_U8 = new Uint8Array(0);
const NO_F64 = new Float64Array(0);
const REL_BASE = 4294967296;

function signedNum(v: Val, what: string): number {
  if (typeof v === 'number') {
    if (v < 0)
      throw new VmError('Arithmetic', `${what}: expected a felt, got relocatable ${showVal(v)}`);
    return v;
  }
  if (v > HALF_P) {
    const n = Number(v - P);
    if (n < -MAX_SAFE) throw new VmError('Arithmetic', `${what}: value too large ${showVal(v)}`);
    return n;
  }
  throw new VmError('Arithmetic', `${what}: value too large ${showVal(v)}`);
}

/**
 * The signed value of an immediate operand when it is a felt within ±2^53 (a negative one is stored
 * as the bigint P − k), else NaN. Cached per pc so that `+ -1`, `jmp rel -8` and `ap += -3` cost
 * no bigint arithmetic in the step loop.
 */
function signedImmediate(w: Val | undefined): number {
  if (typeof w === 'number') return w >= 0 ? w : NaN;
  if (typeof w !== 'bigint' || w <= HALF_P) return NaN;
  const n = Number(w - P);
  return n >= -MAX_SAFE ? n : NaN;
}

/**
 * `op0 + imm` for a negative immediate `imm` (op1 was the bigint P − |imm|) when the sum is again
 * a small felt or a pointer in the same segment; NaN when the general `valAdd` must decide (a felt
 * that wraps around P, or a pointer offset that would go below 0, an error there).
 */
function addNegativeImmediate(op0: number, imm: number): number {
  if (op0 >= 0) {
    const s = op0 + imm;
    return s >= 0 ? s : NaN;
  }
  const off = (-op0 - 1) % REL_BASE;
  return off + imm >= 0 ? op0 - imm : NaN;
}

/** The code of res = op1 (segment.ts): a non-negative immediate, or the op1 cell's own code. */
function copyCode(imm: number, c1: number): number {
  if (imm === imm) return imm >= 0 ? imm + 1 : 0; // a negative immediate is a large felt
  return c1;
}

/**
 * The code of op0 + op1 (resLogic 1) or op0 · op1 (2) when op0 is a small felt or a pointer and
 * op1 a small felt (or an immediate within ±2^53), and the result is again a small felt or a
 * pointer in the same segment; sums of felts that are or become large on limbs (`addCodes`); 0
 * when `genericStep` must decide.
 */
function fastArith(resLogic: number, c0: number, imm: number, c1: number, exec: Segment): number {
  if (resLogic === 1 && (c0 < BIG_CODE || c1 < BIG_CODE)) return addLarge(c0, imm, c1, exec);
  let b: number;
  if (imm === imm) b = imm;
  else if (c1 > 0) b = c1 - 1;
  else return 0;
  if (c0 > 0) {
    const r = resLogic === 1 ? c0 - 1 + b : (c0 - 1) * b;
    if (r >= 0 && r < MAX_SAFE) return r + 1;
    return resLogic === 1 && r > 0 ? addCodes(exec, c0, b + 1) : 0;
  }
  if (resLogic !== 1 || c0 < BIG_CODE) return 0;
  const off = (-c0 - 1) % REL_BASE;
  const no = off + b;
  return no >= 0 && no < REL_BASE ? c0 - b : 0;
}

/** op0 + op1 with a large felt among them (no pointer): on limbs (segment.ts), or 0. */
function addLarge(c0: number, imm: number, c1: number, exec: Segment): number {
  if (c0 < 0 && c0 >= BIG_CODE) return 0; // a pointer
  if (imm === imm) {
    if (imm >= 0) return addCodes(exec, c0, imm + 1);
    return c0 < BIG_CODE ? subSmallCode(exec, c0, -imm) : 0;
  }
  if (c1 < 0 && c1 >= BIG_CODE) return 0;
  return addCodes(exec, c0, c1);
}

/** The next pc on codes (regular, jmp rel, jnz), or −1 when `genericStep` must decide. */
function fastNextPc(fl: number, pc: number, size: number, imm: number, c1: number, dC: number) {
  switch ((fl >> 7) & 7) {
    case 0:
      return pc + size;
    case 2: // jmp rel: res = op1 (fastStep checked resLogic 0 for opcode 0)
    case 4: // jnz: taken unless [dst] is 0
      if ((fl >> 7) & 4 && dC === 1) return pc + size;
      if ((fl >> 7) & 4 && dC === 0) return -1;
      if (imm === imm) return pc + imm;
      return c1 > 0 ? pc + c1 - 1 : -1;
    default:
      return -1;
  }
}

/**
 * Largest trace chunk, in steps. Past its first buffer the trace grows by chunks (each twice the
 * last, up to this) joined once when `run` returns, instead of doubling one buffer and copying
 * the whole trace each time. Long runs should also reserve their trace up front (`enableTrace`):
 * a large ArrayBuffer allocated late in a run makes V8 mark the whole heap (millions of felts)
 * again — big_fibonacci: 1.3× CPU time and 17% less memory with its trace reserved.
 */
const TRACE_CHUNK = 1 << 18;

/** Puts the trace's chunks and the current one (`cur`, `curLen` words used) into `trace.data`. */
function joinTrace(
  trace: TraceBuffer,
  filled: Uint32Array[],
  filledLen: number,
  cur: Uint32Array,
  curLen: number,
): void {
  trace.length = (filledLen + curLen) / 3;
  if (filled.length === 0) {
    trace.data = cur;
    return;
  }
  const out = new Uint32Array(filledLen + curLen);
  let o = 0;
  for (const c of filled) {
    out.set(c, o);
    o += c.length;
  }
  out.set(cur.subarray(0, curLen), o);
  trace.data = out;
}

/**
 * Per-program data that does not change between runs: the program segment itself, the decoded
 * instructions (filled lazily, at most once per pc) and the compiled hints. A loaded CASM class
 * owns one (`LoadedCasmClass.cache`), so every entry-point run of that class shares the decode
 * work. Runs must not grow the program segment (`runEntryPoint` truncates it back on exit).
 */
export interface ProgramCache {
  program: Segment;
  fl: Int32Array;
  off0: Int32Array;
  off1: Int32Array;
  off2: Int32Array;
  /** Signed value of each immediate operand when |v| < 2^53 (`[ap] = [fp-3] + -1`, `jmp rel -8`), else NaN. */
  imm: Float64Array;
  hints: (HintFn[] | undefined)[];
  hintNames: (string[] | undefined)[];
  hasHint: Uint8Array;
}

export function createProgramCache(
  words: Val[] | Segment,
  hints: Iterable<[number, { name: string; fn: HintFn }[]]>,
): ProgramCache {
  const program = words instanceof Segment ? words : Segment.of(words);
  const n = program.length + 2;
  const c: ProgramCache = {
    program,
    fl: new Int32Array(n),
    off0: new Int32Array(n),
    off1: new Int32Array(n),
    off2: new Int32Array(n),
    imm: new Float64Array(n),
    hints: [],
    hintNames: [],
    hasHint: new Uint8Array(n),
  };
  for (const [pc, hs] of hints) {
    c.hints[pc] = hs.map((h) => h.fn);
    c.hintNames[pc] = hs.map((h) => h.name);
    if (pc < n) c.hasHint[pc] = 1;
  }
  return c;
}

export interface TraceBuffer {
  /** (ap, fp, pc) offsets per step, unrelocated until `relocateTrace` is called. */
  data: Uint32Array;
  length: number; // number of steps
}

export class VirtualMachine {
  mem: Memory;
  pc = 0;
  ap = 0;
  fp = 0;
  steps = 0;
  /**
   * The step limit of the current `run`. A hint may lower it (a syscall handler whose nested
   * calls share one step budget with this run, as blockifier's RunResources): read after hints.
   */
  stepLimit = Number.MAX_SAFE_INTEGER;
  /** Encoded relocatable at which the run stops (pc jumps there). */
  finalPc: Val = 0;
  /** Value of fp after the final `ret` (may live outside the execution segment). */
  finalFp: Val = 0;
  halted = false;
  hints: (HintFn[] | undefined)[] = [];
  hintNames: (string[] | undefined)[] = [];
  trace: TraceBuffer | null = null;
  /** Maximum ap offset (execution-segment size) before a MemoryLimit error. */
  apLimit = 100_000_000;
  /** Blake2s opcodes executed (cairo-vm counts them as an extended resource). */
  blakeOpcodes = 0;
  /** Per-run state shared by hints (dict manager, syscall handler, scopes, ...). */
  ctx: Record<string, unknown> = {};
  // Empty until `prepare` or `useProgram` installs the decode cache; shared empty arrays, since
  // a Starknet transaction creates a VM per call.
  private dFl: Int32Array = NO_I32;
  private dOff0: Int32Array = NO_I32;
  private dOff1: Int32Array = NO_I32;
  private dOff2: Int32Array = NO_I32;
  private dImm: Float64Array = NO_F64;
  private hasHint: Uint8Array = NO_U8;
  /** Shared per-program cache in use (see `useProgram`), or null. */
  private shared: ProgramCache | null = null;

  constructor(mem?: Memory) {
    this.mem = mem ?? new Memory();
    if (this.mem.numSegments === 0) {
      this.mem.addSegment();
      this.mem.addSegment();
    }
  }

  /**
   * Record (ap, fp, pc) per step, in a first buffer of `initialSteps` steps. A large one only
   * reserves address space: the pages become resident as the trace fills them.
   */
  enableTrace(initialSteps = 1 << 16): void {
    this.trace = { data: new Uint32Array(initialSteps * 3), length: 0 };
  }

  /**
   * Run the program of `cache`: installs its program segment as segment 0 (shared, not copied),
   * its compiled hints and its decode cache. Call on a fresh VM, before allocating other segments
   * is fine (segment 0 is replaced in place).
   */
  useProgram(cache: ProgramCache): void {
    this.mem.segs[PROGRAM_SEGMENT] = cache.program;
    this.hints = cache.hints;
    this.hintNames = cache.hintNames;
    this.dFl = cache.fl;
    this.dOff0 = cache.off0;
    this.dOff1 = cache.off1;
    this.dOff2 = cache.off2;
    this.dImm = cache.imm;
    this.hasHint = cache.hasHint;
    this.shared = cache;
  }

  /** Stop sharing the program cache (copy the hint tables) before a local modification. */
  private unshare(): void {
    if (!this.shared) return;
    this.hints = this.hints.map((h) => h?.slice());
    this.hintNames = this.hintNames.map((h) => h?.slice());
    this.dFl = NO_I32;
    this.shared = null;
  }

  addHint(pc: number, fn: HintFn, name = 'hint'): void {
    this.unshare();
    (this.hints[pc] ??= []).push(fn);
    (this.hintNames[pc] ??= []).push(name);
  }

  private prepare(): void {
    const sh = this.shared;
    if (sh !== null) {
      if (this.mem.segs[PROGRAM_SEGMENT] === sh.program && sh.fl.length === sh.program.length + 2)
        return;
      this.unshare();
    }
    const n = this.mem.segs[PROGRAM_SEGMENT].length + 2;
    if (this.dFl.length !== n) {
      this.dFl = new Int32Array(n);
      this.dOff0 = new Int32Array(n);
      this.dOff1 = new Int32Array(n);
      this.dOff2 = new Int32Array(n);
      this.dImm = new Float64Array(n);
    }
    this.hasHint = new Uint8Array(n);
    for (let i = 0; i < this.hints.length && i < n; i++) if (this.hints[i]) this.hasHint[i] = 1;
  }

  private decodeAt(pc: number): number {
    const prog = this.mem.segs[PROGRAM_SEGMENT];
    if (pc < 0 || pc >= prog.length)
      throw new VmError('InvalidPc', `pc ${pc} is outside the program`, pc);
    const w = prog.get(pc);
    if (w === undefined) throw new VmError('InvalidInstruction', 'no instruction at pc', pc);
    if (typeof w === 'number' && w < 0)
      throw new VmError(
        'InvalidInstruction',
        `relocatable ${showVal(w)} is not an instruction`,
        pc,
      );
    const [a, b, c, f] = splitWord(BigInt(w));
    try {
      decodeFlags(a, b, c, f);
    } catch (e) {
      if (e instanceof VmError) e.pc = pc;
      throw e;
    }
    this.dOff0[pc] = a;
    this.dOff1[pc] = b;
    this.dOff2[pc] = c;
    this.dImm[pc] = ((f >> 2) & 7) === 1 ? signedImmediate(prog.get(pc + 1)) : NaN;
    this.dFl[pc] = f | DECODED;
    return f | DECODED;
  }

  /** Disassembly of the instruction at pc (for error messages). */
  instructionAt(pc: number): string | undefined {
    const prog = this.mem.segs[PROGRAM_SEGMENT];
    const w = prog.get(pc);
    if (w === undefined || (typeof w === 'number' && w < 0)) return undefined;
    try {
      return disassembleWord(BigInt(w), prog.get(pc + 1));
    } catch {
      return undefined;
    }
  }

  private fail(kind: ConstructorParameters<typeof VmError>[0], msg: string, pc: number): never {
    throw new VmError(kind, msg, pc, this.instructionAt(pc));
  }

  /** An assert_eq whose sides differ; the error keeps both (cairo-vm's DiffAssertValues). */
  private failAssert(dst: Val, res: Val, pc: number): never {
    const msg = `assert_eq failed: ${showVal(dst)} != ${showVal(res)}`;
    const e = new VmError('AssertEq', msg, pc, this.instructionAt(pc));
    e.operands = [dst, res];
    throw e;
  }

  /** A Blake2s / Blake2sFinalize opcode (the only extension `decodeAt` lets through). */
  private blakeStep(
    fl: number,
    pc: number,
    dst: Val | undefined,
    op0: Val,
    op1: Val,
    out: Val | undefined,
  ) {
    const last = (fl & EXT_MASK) >> 15 === OpcodeExt.BlakeFinalize;
    try {
      blakeOpcode(this.mem, dst, op0, op1, out, last);
    } catch (e) {
      if (e instanceof VmError) this.fail(e.kind, e.message, pc);
      throw e;
    }
    this.blakeOpcodes++;
  }

  /** A QM31 `assert_eq` (qm31.ts): operands, deduction, dst; returns the new ap. */
  private qm31Step(fl: number, pc: number, ap: number, fp: number): number {
    const exec = this.mem.segs[EXECUTION_SEGMENT];
    const dstOff = (fl & 1 ? fp : ap) + this.dOff0[pc];
    const op0Off = (fl & 2 ? fp : ap) + this.dOff1[pc];
    const op1Src = (fl >> 2) & 7;
    const op1Off = (op1Src === 2 ? fp : ap) + this.dOff2[pc];
    const op1Known = op1Src === 1 ? this.mem.segs[PROGRAM_SEGMENT].get(pc + 1) : exec.get(op1Off);
    try {
      const dst = exec.get(dstOff);
      const [op0, op1, res] = qm31Operands(((fl >> 5) & 3) === 2, dst, exec.get(op0Off), op1Known);
      if (dst !== undefined && dst !== res)
        throw new VmError('AssertEq', `QM31 assert_eq failed: ${showVal(dst)} != ${showVal(res)}`);
      for (const [off, v] of [
        [op0Off, op0],
        [op1Off, op1],
        [dstOff, res],
      ] as const) {
        if (off === op1Off && op1Src === 1) continue;
        if (off < 0) throw new VmError('InconsistentWrite', `write to negative offset ${off}`);
        if (exec.get(off) === undefined) exec.put(off, v);
      }
    } catch (e) {
      if (e instanceof VmError) this.fail(e.kind, e.message, pc);
      throw e;
    }
    return ((fl >> 10) & 3) === 2 ? ap + 1 : ap;
  }

  runHints(pc: number): void {
    const hs = this.hints[pc]!;
    for (let i = 0; i < hs.length; i++) {
      try {
        hs[i](this);
      } catch (e) {
        if (e instanceof VmError) {
          if (e.pc === undefined) {
            const name = this.hintNames[pc]?.[i] ?? 'hint';
            throw new VmError(
              e.kind === 'UnknownOperand' || e.kind === 'Arithmetic' ? 'HintError' : e.kind,
              `${name}: ${e.message}`,
              pc,
              this.instructionAt(pc),
            );
          }
          throw e;
        }
        if (isForeignError(e)) throw e; // not ours (e.g. Block-STM's EstimateHit): propagate unchanged
        const name = this.hintNames[pc]?.[i] ?? 'hint';
        throw new VmError(
          'HintError',
          `${name}: ${(e as Error)?.message ?? String(e)}`,
          pc,
          this.instructionAt(pc),
        );
      }
    }
  }

  /**
   * Run until pc reaches `finalPc` or `maxSteps` total steps have been executed.
   * Throws VmError('StepLimit') when the limit is reached first.
   */
  run(maxSteps: number = Number.MAX_SAFE_INTEGER): void {
    this.prepare();
    this.stepLimit = maxSteps;
    const dFl = this.dFl,
      hasHint = this.hasHint;
    const apLimit = this.apLimit;
    const trace = this.trace;
    let tdata = trace ? trace.data : null;
    let ti = trace ? trace.length * 3 : 0;
    // full chunks of the trace (see joinTrace) and their total length in words
    const filled: Uint32Array[] = [];
    let filledLen = 0;
    let pc = this.pc,
      steps = this.steps;
    try {
      for (;;) {
        if (steps >= maxSteps) {
          this.fail('StepLimit', `step limit of ${maxSteps} reached`, pc);
        }
        if (hasHint[pc] === 1) {
          this.pc = pc;
          this.steps = steps;
          this.runHints(pc);
          maxSteps = this.stepLimit;
        }
        if (tdata !== null) {
          if (ti + 3 > tdata.length) {
            filled.push(tdata.subarray(0, ti));
            filledLen += ti;
            tdata = new Uint32Array(Math.min(tdata.length * 2, TRACE_CHUNK * 3));
            ti = 0;
          }
          tdata[ti] = this.ap;
          tdata[ti + 1] = this.fp;
          tdata[ti + 2] = pc;
          ti += 3;
        }
        let fl = dFl[pc];
        if (fl === 0) fl = this.decodeAt(pc);
        if (this.ap > apLimit)
          this.fail('MemoryLimit', `execution segment exceeds ${apLimit} cells`, pc);
        let npc = this.fastStep(fl, pc);
        if (npc < 0) {
          this.pc = pc;
          npc = (fl & EXT_MASK) === QM31_FL ? this.qm31Next(fl, pc) : this.genericStep(fl, pc);
        }
        steps++;
        if (npc < 0) {
          pc = npc;
          break; // reached the final pc
        }
        pc = npc;
      }
    } finally {
      this.pc = pc;
      this.steps = steps;
      if (trace) joinTrace(trace, filled, filledLen, tdata!, ti);
    }
  }

  /** A QM31 step: its operands and ap (qm31Step), then the next pc. */
  private qm31Next(fl: number, pc: number): number {
    this.ap = this.qm31Step(fl, pc, this.ap, this.fp);
    const npc = pc + (fl & 4 ? 2 : 1); // op1 immediate (op1_src 1) or a cell
    const progLen = this.mem.segs[PROGRAM_SEGMENT].length;
    if (npc >= progLen)
      this.fail('InvalidPc', `pc ${npc} outside the program (length ${progLen})`, pc);
    return npc;
  }

  /**
   * One step on cell codes (segment.ts), with no value materialised, for the instructions that
   * make most of a run: assert_eq copies, additions and products of small felts and pointer
   * offsets, call rel, ret, jmp rel, jnz and ap += with operands in the execution segment or an
   * immediate. Returns the next pc, or −1 to leave the step to `genericStep` — before anything
   * was written, so that every error and every other case (large felts in arithmetic, deductions,
   * double dereferences, builtins, the final pc) keeps one implementation.
   */
  private fastStep(fl: number, pc: number): number {
    if ((fl & EXT_MASK) !== 0) return -1;
    const exec = this.mem.segs[EXECUTION_SEGMENT];
    const codes = exec.codes;
    const cap = codes.length;
    const ap = this.ap,
      fp = this.fp;
    const op1Src = (fl >> 2) & 7;
    const op0Off = (fl & 2 ? fp : ap) + this.dOff1[pc];
    const c0 = op0Off >= 0 && op0Off < cap ? codes[op0Off] : 0;
    // op1: the immediate's signed value (cached per pc), or a known execution-segment cell's code
    let imm = NaN;
    let c1 = 0;
    if (op1Src === 1) imm = this.dImm[pc];
    else if (op1Src === 2 || op1Src === 4) {
      const op1Off = (op1Src === 2 ? fp : ap) + this.dOff2[pc];
      c1 = op1Off >= 0 && op1Off < cap ? codes[op1Off] : 0;
    }
    if (imm !== imm && c1 === 0) return -1; // a double dereference or an unknown op1
    const opcode = (fl >> 12) & 7;
    const dstOff = (fl & 1 ? fp : ap) + this.dOff0[pc];
    const dC = dstOff >= 0 && dstOff < cap ? codes[dstOff] : 0;
    const size = op1Src === 1 ? 2 : 1;
    if (opcode === 1) return this.fastCall(fl, pc, c0, dC, imm, dstOff, op0Off, size);
    if (opcode === 2) return this.fastRet(fl, c1, dC);
    if (c0 === 0) return -1; // op0 must be known (or deduced, which genericStep does)
    const resLogic = (fl >> 5) & 3;
    // res as a code: 0 when this path cannot compute it
    const res = resLogic === 0 ? copyCode(imm, c1) : fastArith(resLogic, c0, imm, c1, exec);
    if (opcode === 4) {
      if (res === 0 || dstOff < 0 || (dC !== 0 && dC !== res)) return -1;
    } else if (opcode !== 0 || resLogic !== 0) return -1;
    const npc = fastNextPc(fl, pc, size, imm, c1, dC);
    let nap = ap;
    switch ((fl >> 10) & 3) {
      case 1:
        if (imm === imm && resLogic === 0) nap += imm;
        else if (res > 0) nap += res - 1;
        else return -1;
        break;
      case 2:
        nap += 1;
        break;
    }
    if (npc < 0 || npc >= this.mem.segs[PROGRAM_SEGMENT].length) return -1;
    if (opcode === 4 && dC === 0) exec.putCode(dstOff, res);
    this.ap = nap;
    return npc;
  }

  /** `call rel imm` on codes: [ap] ← fp, [ap + 1] ← return pc (both unknown), or −1. */
  private fastCall(
    fl: number,
    pc: number,
    c0: number,
    dC: number,
    imm: number,
    dstOff: number,
    op0Off: number,
    size: number,
  ): number {
    if (((fl >> 7) & 7) !== 2 || ((fl >> 10) & 3) !== 0 || imm !== imm) return -1;
    if (c0 !== 0 || dC !== 0 || dstOff < 0 || op0Off < 0) return -1;
    const npc = pc + imm;
    if (npc < 0 || npc >= this.mem.segs[PROGRAM_SEGMENT].length) return -1;
    const exec = this.mem.segs[EXECUTION_SEGMENT];
    exec.putCode(dstOff, mkRel(EXECUTION_SEGMENT, this.fp));
    exec.putCode(op0Off, mkRel(PROGRAM_SEGMENT, pc + size));
    this.fp = this.ap + 2;
    this.ap += 2;
    return npc;
  }

  /** `ret` on codes: fp ← [fp − 2] (an execution-segment pointer), pc ← [fp − 1] (a program pointer). */
  private fastRet(fl: number, c1: number, dC: number): number {
    if (((fl >> 7) & 7) !== 1 || ((fl >> 10) & 3) !== 0) return -1;
    if (c1 >= 0 || c1 < -REL_BASE || dC >= 0) return -1;
    const npc = -c1 - 1; // a pointer into segment 0 (the final pc is another segment's)
    const e = -dC - 1;
    if (Math.floor(e / REL_BASE) !== EXECUTION_SEGMENT) return -1;
    if (npc >= this.mem.segs[PROGRAM_SEGMENT].length) return -1;
    this.fp = e - REL_BASE;
    return npc;
  }

  /**
   * One step on values: every instruction, deduction and error. Reads and writes ap/fp/pc in the
   * fields; returns the next pc, or −1 when the final pc is reached (`halted`).
   */
  private genericStep(fl: number, pc: number): number {
    const mem = this.mem;
    const segs = mem.segs;
    const prog = segs[PROGRAM_SEGMENT];
    const exec = segs[EXECUTION_SEGMENT];
    const dImm = this.dImm;
    const progLen = prog.length;
    const ap0 = this.ap,
      fp = this.fp;
    const opcode = (fl >> 12) & 7;
    const dstOff = (fl & 1 ? fp : ap0) + this.dOff0[pc];
    const op0Off = (fl & 2 ? fp : ap0) + this.dOff1[pc];
    let dst: Val | undefined = exec.get(dstOff);
    let op0: Val | undefined = exec.get(op0Off);
    let op1: Val | undefined;
    let op1Seg = EXECUTION_SEGMENT;
    let op1Off = 0;
    let size = 1;
    const op1Src = (fl >> 2) & 7;
    switch (op1Src) {
      case 1:
        op1Seg = PROGRAM_SEGMENT;
        op1Off = pc + 1;
        op1 = prog.get(op1Off);
        size = 2;
        break;
      case 2:
        op1Off = fp + this.dOff2[pc];
        op1 = exec.get(op1Off);
        break;
      case 4:
        op1Off = ap0 + this.dOff2[pc];
        op1 = exec.get(op1Off);
        break;
      default: {
        if (typeof op0 !== 'number' || op0 >= 0)
          this.fail(
            'UnknownOperand',
            `op0 must be a known relocatable for a double dereference, got ${showVal(op0)}`,
            pc,
          );
        const e = -op0 - 1;
        op1Seg = Math.floor(e / REL_BASE);
        op1Off = e - op1Seg * REL_BASE + this.dOff2[pc];
        if (op1Off < 0)
          this.fail('UnknownOperand', `negative address offset in double dereference`, pc);
        const s1 = segs[op1Seg];
        op1 = s1 === undefined ? undefined : s1.get(op1Off);
        if (op1 === undefined && op1Seg !== EXECUTION_SEGMENT)
          op1 = mem.getOrDeduce(op1Seg, op1Off);
      }
    }
    const resLogic = (fl >> 5) & 3;
    // ---- deductions ----
    if (op0 === undefined) {
      if (opcode === 1) op0 = mkRel(PROGRAM_SEGMENT, pc + size);
      else if (opcode === 4 && dst !== undefined && op1 !== undefined) {
        if (resLogic === 1) op0 = valSub(dst, op1);
        else if (resLogic === 2 && op1 !== 0 && !isRel(dst) && !isRel(op1)) op0 = feltDiv(dst, op1);
      }
      if (op0 === undefined)
        this.fail('UnknownOperand', `cannot deduce op0 at ${showVal(mkRel(1, op0Off))}`, pc);
      if (op0Off < 0) this.fail('InconsistentWrite', `write to negative offset ${op0Off}`, pc);
      exec.put(op0Off, op0);
    }
    if (op1 === undefined) {
      if (opcode === 4 && dst !== undefined) {
        if (resLogic === 0) op1 = dst;
        else if (resLogic === 1) op1 = valSub(dst, op0);
        else if (resLogic === 2 && op0 !== 0 && !isRel(dst) && !isRel(op0)) op1 = feltDiv(dst, op0);
      }
      if (op1 === undefined)
        this.fail('UnknownOperand', `cannot deduce op1 at ${showVal(mkRel(op1Seg, op1Off))}`, pc);
      if (op1Seg === EXECUTION_SEGMENT) {
        if (op1Off < 0) this.fail('InconsistentWrite', `write to negative offset ${op1Off}`, pc);
        exec.put(op1Off, op1);
      } else mem.set(op1Seg, op1Off, op1);
    }
    // ---- res ----
    let res: Val;
    if (resLogic === 0) res = op1;
    else if (resLogic === 1) {
      if (typeof op0 === 'number' && typeof op1 === 'number' && op0 >= 0 && op1 >= 0) {
        const s = op0 + op1;
        res = s < MAX_SAFE ? s : BigInt(op0) + BigInt(op1);
      } else if (op1Src === 1 && typeof op0 === 'number' && typeof op1 === 'bigint') {
        const s = addNegativeImmediate(op0, dImm[pc]);
        res = s === s ? s : valAdd(op0, op1);
      } else res = valAdd(op0, op1);
    } else {
      if (isRel(op0) || isRel(op1)) this.fail('Arithmetic', `cannot multiply relocatables`, pc);
      res = feltMul(op0, op1);
    }
    // ---- opcode ----
    if (opcode === 4) {
      if (dst === undefined) {
        if (dstOff < 0) this.fail('InconsistentWrite', `write to negative offset ${dstOff}`, pc);
        // a copy within the segment keeps a large felt's side-table entry (segment.ts)
        if (resLogic === 0 && op1Seg === EXECUTION_SEGMENT) exec.putCode(dstOff, exec.code(op1Off));
        else exec.put(dstOff, res);
        dst = res;
      } else if (dst !== res) {
        this.failAssert(dst, res, pc);
      }
    } else if (opcode === 1) {
      const fpv = mkRel(EXECUTION_SEGMENT, fp);
      if (dst === undefined) {
        exec.put(dstOff, fpv);
        dst = fpv;
      } else if (dst !== fpv)
        this.fail('AssertEq', `call: [ap] holds ${showVal(dst)}, expected fp ${showVal(fpv)}`, pc);
      if (op0 !== mkRel(PROGRAM_SEGMENT, pc + size))
        this.fail('AssertEq', `call: [ap + 1] holds ${showVal(op0)}, expected return pc`, pc);
    } else if ((fl & EXT_MASK) !== 0) {
      this.blakeStep(fl, pc, dst, op0, op1, exec.get(ap0));
    }
    // ---- register updates ----
    let nfp = fp;
    if (opcode === 1) nfp = ap0 + 2;
    else if (opcode === 2) {
      if (dst === undefined) this.fail('UnknownOperand', 'ret: unknown [fp - 2]', pc);
      if (typeof dst === 'number' && dst < 0 && relSeg(dst) === EXECUTION_SEGMENT)
        nfp = relOff(dst);
      else nfp = -1;
    }
    let ap = ap0;
    switch ((fl >> 10) & 3) {
      case 1:
        if (typeof res === 'number' && res >= 0) ap += res;
        else if (op1Src === 1 && resLogic === 0 && dImm[pc] === dImm[pc]) ap += dImm[pc];
        else ap += signedNum(res, 'ap += res');
        break;
      case 2:
        ap += 1;
        break;
    }
    if (opcode === 1) ap += 2;
    let npc: number;
    switch ((fl >> 7) & 7) {
      case 0:
        npc = pc + size;
        break;
      case 1:
        if (typeof res === 'number' && res < 0 && relSeg(res) === PROGRAM_SEGMENT)
          npc = relOff(res);
        else if (typeof res === 'number' && res >= 0 && res < progLen)
          npc = res; // felt target: program offset
        else if (res === this.finalPc) {
          npc = -1;
        } else
          this.fail(
            'InvalidPc',
            `absolute jump to ${showVal(res)}, which is not in the program segment`,
            pc,
          );
        break;
      case 2:
        if (typeof res === 'number' && res >= 0) npc = pc + res;
        else if (op1Src === 1 && resLogic === 0 && dImm[pc] === dImm[pc]) npc = pc + dImm[pc];
        else npc = pc + signedNum(res, 'jmp rel');
        break;
      default:
        if (dst === undefined) this.fail('UnknownOperand', 'jnz: unknown condition', pc);
        if (dst === 0) npc = pc + size;
        else if (typeof op1 === 'number' && op1 >= 0) npc = pc + op1;
        else if (op1Src === 1 && dImm[pc] === dImm[pc]) npc = pc + dImm[pc];
        else npc = pc + signedNum(op1, 'jnz offset');
    }
    if (npc < 0) {
      this.finalFp = opcode === 2 ? dst! : mkRel(EXECUTION_SEGMENT, nfp);
      if (nfp >= 0) this.fp = nfp;
      this.ap = ap;
      this.halted = true;
      return -1;
    }
    if (nfp < 0)
      this.fail('InvalidPc', `ret: fp ${showVal(dst)} is not in the execution segment`, pc);
    if (npc >= progLen)
      this.fail('InvalidPc', `jump to pc ${npc} outside the program (length ${progLen})`, pc);
    this.ap = ap; // registers change only once the step succeeded, as before
    this.fp = nfp;
    return npc;
  }
}
