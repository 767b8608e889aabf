/**
 * Relocation (segments laid out consecutively from address 1) and the binary formats of cairo-lang:
 *   trace:  per step 3 × u64 LE (ap, fp, pc)
 *   memory: per cell (u64 LE address, 32-byte LE value), increasing addresses
 */
import type { Memory } from './memory';
import type { TraceBuffer } from './vm';
import { PROGRAM_SEGMENT, EXECUTION_SEGMENT } from './vm';
import { VmError } from './errors';
import { type Segment, BIG_CODE, bigEntry, isLimbCode } from './segment';

const REL_BASE = 4294967296;
/** Typed arrays use the platform's byte order; the files are little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Base address of each segment after relocation (segment 0 starts at 1). */
export function segmentBases(mem: Memory): number[] {
  const bases: number[] = [];
  let next = 1;
  for (let i = 0; i < mem.numSegments; i++) {
    bases.push(next);
    next += mem.segmentSize(i);
  }
  return bases;
}

/** Relocated trace as a Uint32Array of (ap, fp, pc) triples. Relocates in place when `inPlace`. */
export function relocateTrace(trace: TraceBuffer, bases: number[], inPlace = false): Uint32Array {
  const n = trace.length * 3;
  const src = trace.data;
  const out = inPlace ? src.subarray(0, n) : new Uint32Array(n);
  const eb = bases[EXECUTION_SEGMENT];
  const pb = bases[PROGRAM_SEGMENT];
  for (let i = 0; i < n; i += 3) {
    out[i] = src[i] + eb;
    out[i + 1] = src[i + 1] + eb;
    out[i + 2] = src[i + 2] + pb;
  }
  return out;
}

/** Binary trace file (cairo-lang `--trace_file` format) from relocated triples. */
export function traceToBytes(rel: Uint32Array): Uint8Array {
  const out = new Uint8Array(rel.length * 8);
  if (LITTLE_ENDIAN) {
    const w = new Uint32Array(out.buffer); // each u64 = (value, 0)
    for (let i = 0; i < rel.length; i++) w[2 * i] = rel[i];
  } else {
    const v = new DataView(out.buffer);
    for (let i = 0; i < rel.length; i++) v.setUint32(i * 8, rel[i], true);
  }
  return out;
}

export interface TraceEntry {
  ap: number;
  fp: number;
  pc: number;
}

export function readTrace(bytes: Uint8Array): TraceEntry[] {
  if (bytes.length % 24 !== 0)
    throw new VmError('Program', 'trace file length is not a multiple of 24');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: TraceEntry[] = [];
  for (let i = 0; i < bytes.length; i += 24)
    out.push({
      ap: Number(v.getBigUint64(i, true)),
      fp: Number(v.getBigUint64(i + 8, true)),
      pc: Number(v.getBigUint64(i + 16, true)),
    });
  return out;
}

/** Relocated memory: sorted addresses and their values (relocatables replaced by addresses). */
export function relocateMemory(
  mem: Memory,
  bases = segmentBases(mem),
): { addrs: number[]; values: bigint[] } {
  const addrs: number[] = [];
  const values: bigint[] = [];
  for (let s = 0; s < mem.numSegments; s++) {
    const d = mem.segment(s);
    for (let o = 0; o < d.length; o++) {
      const v = d.get(o);
      if (v === undefined) continue;
      addrs.push(bases[s] + o);
      if (typeof v === 'number' && v < 0) {
        const e = -v - 1;
        const seg = Math.floor(e / 4294967296);
        values.push(BigInt(bases[seg] + (e - seg * 4294967296)));
      } else values.push(BigInt(v));
    }
  }
  return { addrs, values };
}

/**
 * A felt as 32 little-endian bytes at byte `pos`: four native 64-bit stores (`setBigUint64` keeps
 * the low 64 bits), about 2.5× faster than converting through `toString(16)`.
 */
function writeBigLE(dv: DataView, pos: number, x: bigint): void {
  dv.setBigUint64(pos, x, true);
  dv.setBigUint64(pos + 8, x >> 64n, true);
  dv.setBigUint64(pos + 16, x >> 128n, true);
  dv.setBigUint64(pos + 24, x >> 192n, true);
}

/** Cells per chunk of `memoryFileChunks` (40 bytes each: 2.6 MB). */
const MEMORY_CHUNK_CELLS = 1 << 16;

/**
 * The relocated memory file (cairo-lang `--memory_file`: per cell a u64 LE address and a 32-byte LE
 * value, increasing addresses) in one buffer. See `memoryFileChunks`.
 */
export function relocatedMemoryBytes(mem: Memory, bases = segmentBases(mem)): Uint8Array {
  if (!LITTLE_ENDIAN) return memoryToBytes(relocateMemory(mem, bases));
  let cells = 0;
  for (let s = 0; s < mem.numSegments; s++) cells += mem.segment(s).countKnown();
  for (const chunk of memoryFileChunks(mem, bases, Math.max(cells, 1))) return chunk;
  return new Uint8Array(0);
}

/**
 * The relocated memory file as consecutive chunks of at most `chunkCells` records, written
 * straight from the segments' cell codes (segment.ts): a small felt or a pointer is two 32-bit
 * words; a large felt made on limbs is its 8 limbs, which are already the file's 32 bytes; one
 * kept as a bigint is converted, or copied from the record of the last cell that held the same
 * entry when that record is in the chunk (copies share entries). **Each chunk reuses one buffer**: write it out before
 * asking for the next. Same bytes as `memoryToBytes(relocateMemory(mem))`.
 */
export function* memoryFileChunks(
  mem: Memory,
  bases = segmentBases(mem),
  chunkCells = MEMORY_CHUNK_CELLS,
): Generator<Uint8Array> {
  if (!LITTLE_ENDIAN) {
    yield memoryToBytes(relocateMemory(mem, bases));
    return;
  }
  const out = new RecordBuffer(chunkCells);
  for (let s = 0; s < mem.numSegments; s++) {
    const seg = mem.segment(s);
    for (let o = 0; o < seg.length;) {
      o = out.fill(seg, o, bases[s], bases);
      if (out.full()) yield out.flush();
    }
  }
  if (out.words > 0) yield out.flush();
}

/** One chunk of memory-file records (10 u32 words each) being filled. */
class RecordBuffer {
  readonly bytes: Uint8Array;
  private readonly w: Uint32Array;
  private readonly dv: DataView;
  /** Words used in this chunk. */
  words = 0;
  /** The last `bigs` entry converted, its segment and the word of its value in this chunk. */
  private lastBig = -1;
  private lastBigSeg: Segment | null = null;
  private lastBigAt = 0;

  constructor(cells: number) {
    this.bytes = new Uint8Array(cells * 40);
    this.w = new Uint32Array(this.bytes.buffer);
    this.dv = new DataView(this.bytes.buffer);
  }

  full(): boolean {
    return this.words === this.w.length;
  }

  flush(): Uint8Array {
    const chunk = this.bytes.subarray(0, this.words * 4);
    this.words = 0;
    this.lastBig = -1;
    return chunk;
  }

  /** Records of `seg`'s known cells from offset `o` until the chunk is full; returns the next offset. */
  fill(seg: Segment, o: number, base: number, bases: number[]): number {
    const w = this.w;
    const codes = seg.codes;
    const limbs = seg.limbs;
    const end = seg.length;
    let i = this.words;
    for (; o < end && i < w.length; o++) {
      const c = codes[o];
      if (c === 0) continue;
      const addr = base + o;
      w[i] = addr >>> 0;
      w[i + 1] = Math.floor(addr / REL_BASE);
      if (c >= BIG_CODE) {
        let x = c - 1; // small felt
        if (c < 0) {
          const e = -c - 1;
          const target = Math.floor(e / REL_BASE);
          x = bases[target] + (e - target * REL_BASE);
        }
        w[i + 2] = x >>> 0;
        w[i + 3] = Math.floor(x / REL_BASE);
        for (let j = 4; j < 10; j++) w[i + j] = 0; // the buffer is reused
      } else {
        const e = bigEntry(c);
        if (isLimbCode(c)) {
          const src = 8 * e; // the limbs are the file's 32 bytes
          for (let j = 0; j < 8; j++) w[i + 2 + j] = limbs[src + j];
        } else if (e === this.lastBig && seg === this.lastBigSeg) {
          const src = this.lastBigAt;
          for (let j = 0; j < 8; j++) w[i + 2 + j] = w[src + j];
        } else {
          writeBigLE(this.dv, (i + 2) * 4, seg.bigs[e]);
          this.lastBig = e;
          this.lastBigSeg = seg;
          this.lastBigAt = i + 2;
        }
      }
      i += 10;
    }
    this.words = i;
    return o;
  }
}

/** Trace steps per chunk of `traceFileChunks` (24 bytes each: 3 MB). */
const TRACE_CHUNK_STEPS = 1 << 17;

/**
 * The trace file (cairo-lang `--trace_file`) from relocated triples, as consecutive chunks of
 * at most `chunkSteps` steps, so that a writer never holds the whole file.
 */
export function* traceFileChunks(
  rel: Uint32Array,
  chunkSteps = TRACE_CHUNK_STEPS,
): Generator<Uint8Array> {
  const words = chunkSteps * 3;
  for (let start = 0; start < rel.length; start += words) {
    yield traceToBytes(rel.subarray(start, Math.min(start + words, rel.length)));
  }
}

export function memoryToBytes(m: { addrs: number[]; values: bigint[] }): Uint8Array {
  const out = new Uint8Array(m.addrs.length * 40);
  const v = new DataView(out.buffer);
  for (let i = 0; i < m.addrs.length; i++) {
    v.setBigUint64(i * 40, BigInt(m.addrs[i]), true);
    let x = m.values[i];
    for (let j = 0; j < 32; j++) {
      out[i * 40 + 8 + j] = Number(x & 0xffn);
      x >>= 8n;
    }
  }
  return out;
}

export function readMemory(bytes: Uint8Array): { addrs: number[]; values: bigint[] } {
  if (bytes.length % 40 !== 0)
    throw new VmError('Program', 'memory file length is not a multiple of 40');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const addrs: number[] = [];
  const values: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 40) {
    addrs.push(Number(v.getBigUint64(i, true)));
    let x = 0n;
    for (let j = 31; j >= 0; j--) x = (x << 8n) | BigInt(bytes[i + 8 + j]);
    values.push(x);
  }
  return { addrs, values };
}
