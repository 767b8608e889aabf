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
    if (pc !== undefined) this.message = `${message} (pc=${pc}${instruction ? `: ${instruction}` : ''})`;
  }
}

export function vmError(kind: VmErrorKind, message: string): VmError {
  return new VmError(kind, message);
}
