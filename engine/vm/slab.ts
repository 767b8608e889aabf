/**
 * Zero-filled typed arrays for segments, cut from shared 64 KiB buffers instead of one
 * ArrayBuffer each.
 *
 * Why: V8 tracks every ArrayBuffer that owns its memory and sweeps the young ones at each
 * scavenge. A Starknet transaction makes about 18 segment buffers (calldata, builtins, syscall
 * buffers, …), and sweeping them was most of each scavenge (`--trace-gc-nvp`:
 * `scavenge.sweep_array_buffers` 7–9 ms of a 12–20 ms pause, with 40 KB promoted). On two worker
 * threads those pauses, and the parallel scavenge tasks behind them, took the CPU from the other
 * worker. A view of a shared buffer costs the collector nothing of that kind.
 *
 * A cut is never handed out twice (a buffer is freed when no view of it is left), so every cut is
 * zero-filled, as `new Float64Array(n)` would be. The price: a small view that lives long keeps its
 * whole 64 KiB buffer alive. Requests above `OWN_BUFFER_BYTES` get a buffer of their own, so a
 * long program's segment and its growth never pin a slab.
 */
const SLAB_BYTES = 64 * 1024;
const OWN_BUFFER_BYTES = 8 * 1024;

let slab = new ArrayBuffer(0);
let used = 0;

/** `bytes` (rounded up to 8) of zeroed memory: a buffer and the offset of the cut in it. */
function cut(bytes: number): { buffer: ArrayBuffer; offset: number } {
  const size = (bytes + 7) & ~7;
  if (size > OWN_BUFFER_BYTES) return { buffer: new ArrayBuffer(size), offset: 0 };
  if (used + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const offset = used;
  used += size;
  return { buffer: slab, offset };
}

/** A zero-filled Float64Array of length n. */
export function zeroedF64(n: number): Float64Array {
  const { buffer, offset } = cut(8 * n);
  return new Float64Array(buffer, offset, n);
}

/** A zero-filled Uint32Array of even length n, 8-byte aligned (it may be viewed as u64 words). */
export function zeroedU32(n: number): Uint32Array {
  const { buffer, offset } = cut(4 * n);
  return new Uint32Array(buffer, offset, n);
}
