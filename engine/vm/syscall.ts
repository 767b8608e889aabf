/**
 * The interface between the `SystemCall` hint and the Starknet layer (engine/starknet).
 *
 * When the program executes a `SystemCall { system }` hint, the VM calls
 * `handler.execute(mem, syscallPtr)`. `syscallPtr` is the current value of the syscall pointer:
 * the request starts there (selector short-string, gas, then the syscall-specific fields) and the
 * handler writes the response right after the request, exactly as the Starknet OS lays it out
 * (e.g. for storage_read: request = [selector, gas, address_domain, key] at ptr+0..3, response =
 * [gas, failure_flag(0), value] at ptr+4..6). The Cairo code then advances the pointer itself.
 */
import { type Val, parseFelt, toBig } from './felt';
import { VmError, isForeignError } from './errors';
import { Relocatable, isRel, mkRel, relOff, relSeg, showVal } from './relocatable';
import type { VirtualMachine } from './vm';

/** Memory access for syscall handlers: addresses are `Relocatable`s, felts are bigints. */
export class SyscallMemory {
  constructor(readonly vm: VirtualMachine) {}

  /** Felt or relocatable at `addr`; throws if unknown. */
  read(addr: Relocatable): bigint | Relocatable {
    const v = this.vm.mem.read(addr.encode());
    return isRel(v) ? Relocatable.decode(v) : toBig(v);
  }
  readFelt(addr: Relocatable): bigint {
    return this.vm.mem.readFelt(addr.encode());
  }
  readRel(addr: Relocatable): Relocatable {
    return Relocatable.decode(this.vm.mem.readRel(addr.encode()));
  }
  /** Felts in [start, end) — an array span as passed in syscalls (start/end pointers). */
  readFelts(start: Relocatable, end: Relocatable): bigint[] {
    if (start.segment !== end.segment || end.offset < start.offset)
      throw new VmError('Syscall', `bad span ${start}..${end}`);
    const out: bigint[] = [];
    for (let o = start.offset; o < end.offset; o++)
      out.push(this.vm.mem.readFelt(mkRel(start.segment, o)));
    return out;
  }
  write(addr: Relocatable, v: bigint | Relocatable): void {
    this.vm.mem.setAt(addr.encode(), v instanceof Relocatable ? v.encode() : parseFelt(v));
  }
  writeFelt(addr: Relocatable, v: bigint): void {
    this.vm.mem.setAt(addr.encode(), parseFelt(v));
  }
  writeRel(addr: Relocatable, r: Relocatable): void {
    this.vm.mem.setAt(addr.encode(), r.encode());
  }
  /** Write consecutive values from addr; returns the address after the last one. */
  writeMany(addr: Relocatable, vals: (bigint | Relocatable)[]): Relocatable {
    vals.forEach((v, i) => this.write(addr.add(i), v));
    return addr.add(vals.length);
  }
  allocSegment(): Relocatable {
    const r = this.vm.mem.addSegmentRel();
    this.vm.mem.readOnly.add(relSeg(r));
    return Relocatable.decode(r);
  }
  /** Allocate a segment holding `vals`; returns its [start, end) pointers (a Cairo array span). */
  writeArray(vals: (bigint | Relocatable)[]): { start: Relocatable; end: Relocatable } {
    const start = this.allocSegment();
    const end = this.writeMany(start, vals);
    return { start, end };
  }
  /** Raw internal value access (felts as number|bigint, relocatables encoded) for advanced use. */
  raw(addr: Relocatable): Val | undefined {
    return this.vm.mem.getAt(addr.encode());
  }
}

export interface SyscallHandler {
  /**
   * Execute the syscall whose request starts at `syscallPtr` and write its response after the
   * request. Throw to abort execution: a VmError propagates as is, a JS `Error` surfaces as
   * VmError('Syscall') with the pc, and a foreign error (not an `Error` instance, or marked with
   * `markForeign`, see errors.ts) propagates unchanged through the VM and the runner.
   */
  execute(mem: SyscallMemory, syscallPtr: Relocatable): void;
  /**
   * Optional fast path with the same meaning: the VM and the encoded syscall pointer, no wrapper
   * objects (engine/starknet's handler implements it: a transaction makes several syscalls).
   */
  handle?(vm: VirtualMachine, syscallPtr: number): void;
}

/** Decode a short string (selector names such as 'StorageRead'). */
export function decodeShortString(v: bigint): string {
  let s = '';
  while (v > 0n) {
    s = String.fromCharCode(Number(v & 0xffn)) + s;
    v >>= 8n;
  }
  return s;
}
export function encodeShortString(s: string): bigint {
  let v = 0n;
  for (const ch of s) v = (v << 8n) | BigInt(ch.charCodeAt(0));
  return v;
}

export function callSyscall(vm: VirtualMachine, ptr: Val): void {
  const handler = vm.ctx.syscallHandler as SyscallHandler | undefined;
  if (!isRel(ptr))
    throw new VmError('Syscall', `syscall pointer is not an address: ${showVal(ptr)}`);
  if (!handler)
    throw new VmError('Syscall', 'SystemCall hint executed but no syscall handler was provided');
  try {
    if (handler.handle !== undefined) handler.handle(vm, ptr);
    else
      handler.execute(
        (vm.ctx.syscallMemory ??= new SyscallMemory(vm)) as SyscallMemory,
        new Relocatable(relSeg(ptr), relOff(ptr)),
      );
  } catch (e) {
    if (e instanceof VmError || isForeignError(e)) throw e;
    throw new VmError('Syscall', `syscall failed: ${(e as Error)?.message ?? String(e)}`);
  }
}
