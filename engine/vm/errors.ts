import type { Val } from './felt';

/** Typed VM errors. Every error raised while executing carries the pc and, when known, the instruction. */
export type VmErrorKind =
  | 'StepLimit'
  | 'MemoryLimit'
  | 'InconsistentWrite'
  | 'UnknownOperand'
  | 'AssertEq'
  | 'InvalidInstruction'
  | 'InvalidPc'
  | 'Arithmetic'
  | 'UnknownHint'
  | 'HintError'
  | 'Builtin'
  | 'Syscall'
  | 'Program'
  | 'Assembler';

export class VmError extends Error {
  /** pc offset inside the program segment, when known. */
  pc?: number;
  /** For a failed assert_eq: the two sides (dst, res), for cairo-vm's text of the error. */
  operands?: [Val, Val];
  /** Disassembled instruction at pc, when known. */
  instruction?: string;
  constructor(
    readonly kind: VmErrorKind,
    message: string,
    pc?: number,
    instruction?: string,
  ) {
    super(message);
    this.name = 'VmError';
    this.pc = pc;
    this.instruction = instruction;
    if (pc !== undefined)
      this.message = `${message} (pc=${pc}${instruction ? `: ${instruction}` : ''})`;
  }
}

export function vmError(kind: VmErrorKind, message: string): VmError {
  return new VmError(kind, message);
}

/**
 * Foreign errors: exceptions that do not belong to the VM and must cross it untouched (e.g.
 * Block-STM's `EstimateHit`, thrown by a state read inside a syscall handler). The VM wraps an
 * exception thrown by a hint or a syscall handler into a `VmError` (with the hint name and pc)
 * only when it is a JS `Error` that is not marked foreign; everything else propagates unchanged:
 *  - any thrown value that is not an `Error` instance (EstimateHit is a plain class);
 *  - an `Error` carrying the marker property `[VM_FOREIGN] = true` (see `markForeign`).
 */
export const VM_FOREIGN: unique symbol = Symbol.for('stm-explorer.vm.foreign');

export function isForeignError(e: unknown): boolean {
  if (e instanceof VmError) return false;
  if (!(e instanceof Error)) return true;
  return (e as unknown as Record<symbol, unknown>)[VM_FOREIGN] === true;
}

/** Mark an Error so that the VM rethrows it unchanged. Returns the same object. */
export function markForeign<E extends Error>(e: E): E {
  (e as unknown as Record<symbol, unknown>)[VM_FOREIGN] = true;
  return e;
}
