/**
 * Segmented, write-once memory. Segment 0 is the program, segment 1 the execution segment;
 * builtins and hints add further segments. Each segment is a `Segment` (segment.ts: cell codes in
 * a typed array, large felts in a side table). Builtin segments may carry a validation rule
 * (checked on write) and an auto-deduction rule (used when an unknown cell is read by the VM).
 */
import { type Val, feltAdd, feltSub, P, toBig, normBig } from './felt';
import { VmError } from './errors';
import { isRel, mkRel, relOff, relSeg, OFF_LIMIT, showVal } from './relocatable';
import { Segment } from './segment';

/**
 * Rules get the segment index too, so that a builtin can use one module-level function for all
 * its instances instead of a closure per run (an entry-point run creates its builtins afresh).
 */
export type Validator = (mem: Memory, off: number, v: Val, seg: number) => void;
export type Deducer = (mem: Memory, off: number, seg: number) => Val | undefined;

export class Memory {
  segs: Segment[] = [];
  validators: (Validator | undefined)[] = [];
  deducers: (Deducer | undefined)[] = [];
  /** Maximum number of cells in non-execution segments (rough memory limit). */
  maxCells: number;
  cellsWritten = 0;
  /** Segments the syscall handler filled (blockifier's read-only segments: all cells accessed). */
  readOnly = new Set<number>();

  constructor(maxCells = 200_000_000) {
    this.maxCells = maxCells;
  }

  addSegment(): number {
    this.segs.push(new Segment());
    return this.segs.length - 1;
  }

  /** Add a segment and return a relocatable pointing to its base. */
  addSegmentRel(): number {
    return mkRel(this.addSegment(), 0);
  }

  get numSegments(): number {
    return this.segs.length;
  }

  /** The segment itself (its cell codes), for loops over many cells. */
  segment(seg: number): Segment {
    return this.segs[seg];
  }

  get(seg: number, off: number): Val | undefined {
    const s = this.segs[seg];
    return s === undefined ? undefined : s.get(off);
  }

  /** Read, falling back to the segment's builtin deduction rule. */
  getOrDeduce(seg: number, off: number): Val | undefined {
    const s = this.segs[seg];
    if (s === undefined) return undefined;
    const v = s.get(off);
    if (v !== undefined) return v;
    const d = this.deducers[seg];
    if (d === undefined) return undefined;
    const r = d(this, off, seg);
    if (r !== undefined) this.set(seg, off, r);
    return r;
  }

  /** Read at an encoded relocatable address. */
  getAt(addr: number): Val | undefined {
    if (!isRel(addr))
      throw new VmError('UnknownOperand', `expected an address, got ${showVal(addr)}`);
    return this.getOrDeduce(relSeg(addr), relOff(addr));
  }

  /** Read a known value at an address or throw. */
  read(addr: number): Val {
    const v = this.getAt(addr);
    if (v === undefined)
      throw new VmError('UnknownOperand', `unknown memory cell at ${showVal(addr)}`);
    return v;
  }

  readFelt(addr: number): bigint {
    const v = this.read(addr);
    if (isRel(v))
      throw new VmError(
        'UnknownOperand',
        `expected a felt at ${showVal(addr)}, found relocatable ${showVal(v)}`,
      );
    return toBig(v);
  }

  readRel(addr: number): number {
    const v = this.read(addr);
    if (!isRel(v))
      throw new VmError(
        'UnknownOperand',
        `expected a relocatable at ${showVal(addr)}, found ${showVal(v)}`,
      );
    return v;
  }

  /** Write-once store with validation. */
  set(seg: number, off: number, v: Val): void {
    const s = this.segs[seg];
    if (s === undefined)
      throw new VmError('InconsistentWrite', `write to unallocated segment ${seg}`);
    if (off < 0 || off >= OFF_LIMIT)
      throw new VmError('InconsistentWrite', `invalid offset ${off} in segment ${seg}`);
    const old = s.get(off);
    if (old !== undefined) {
      if (old !== v)
        throw new VmError(
          'InconsistentWrite',
          `inconsistent memory write at ${seg}:${off}: cell holds ${showVal(old)}, attempted ${showVal(v)}`,
        );
      return;
    }
    if (off >= s.length && ++this.cellsWritten > this.maxCells)
      throw new VmError('MemoryLimit', `memory limit of ${this.maxCells} cells exceeded`);
    s.put(off, v);
    const val = this.validators[seg];
    if (val !== undefined) val(this, off, v, seg);
  }

  setAt(addr: number, v: Val): void {
    if (!isRel(addr))
      throw new VmError('InconsistentWrite', `expected an address, got ${showVal(addr)}`);
    this.set(relSeg(addr), relOff(addr), v);
  }

  /** Write consecutive values starting at `addr`; returns the address after the last one. */
  load(addr: number, vals: Val[]): number {
    const seg = relSeg(addr);
    const off = relOff(addr);
    for (let i = 0; i < vals.length; i++) this.set(seg, off + i, vals[i]);
    return mkRel(seg, off + vals.length);
  }

  /** Effective size (max written offset + 1) of a segment. */
  segmentSize(seg: number): number {
    return this.segs[seg]?.length ?? 0;
  }
}

// ---- arithmetic on memory values (felts and relocatables) ----

function relPlusFelt(r: number, f: number | bigint): number {
  const off = relOff(r);
  let no: number;
  if (typeof f === 'number') no = off + f;
  else {
    let t = BigInt(off) + f;
    if (t >= P) t -= P;
    no = t < BigInt(OFF_LIMIT) ? Number(t) : OFF_LIMIT;
  }
  if (no >= OFF_LIMIT)
    throw new VmError('Arithmetic', `offset overflow: ${showVal(r)} + ${showVal(f)}`);
  return mkRel(relSeg(r), no);
}

export function valAdd(a: Val, b: Val): Val {
  if (isRel(a)) {
    if (isRel(b))
      throw new VmError('Arithmetic', `cannot add two relocatables ${showVal(a)} + ${showVal(b)}`);
    return relPlusFelt(a, b);
  }
  if (isRel(b)) return relPlusFelt(b, a);
  return feltAdd(a, b);
}

export function valSub(a: Val, b: Val): Val {
  if (isRel(a)) {
    if (isRel(b)) {
      if (relSeg(a) !== relSeg(b))
        throw new VmError(
          'Arithmetic',
          `cannot subtract relocatables of different segments ${showVal(a)} - ${showVal(b)}`,
        );
      const d = relOff(a) - relOff(b);
      return d >= 0 ? d : normBig(P + BigInt(d));
    }
    const off = relOff(a);
    let no: number;
    if (typeof b === 'number') no = off - b;
    else {
      let t = BigInt(off) - b;
      if (t < 0n) t += P;
      no = t < BigInt(OFF_LIMIT) ? Number(t) : -1;
    }
    if (no < 0) throw new VmError('Arithmetic', `offset underflow: ${showVal(a)} - ${showVal(b)}`);
    return mkRel(relSeg(a), no);
  }
  if (isRel(b))
    throw new VmError(
      'Arithmetic',
      `cannot subtract relocatable from felt ${showVal(a)} - ${showVal(b)}`,
    );
  return feltSub(a, b);
}
