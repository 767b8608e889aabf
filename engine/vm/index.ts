/** Public API of the Cairo VM (engine/vm). See README.md. */
export {
  P,
  type Felt,
  type Val,
  feltFromBig,
  toBig,
  feltAdd,
  feltSub,
  feltMul,
  feltDiv,
  invMod,
  sqrtMod,
  isqrt,
  parseFelt,
} from './felt';
export { Relocatable, mkRel, isRel, relSeg, relOff, showVal } from './relocatable';
export { Memory, valAdd, valSub } from './memory';
export { VmError, type VmErrorKind, VM_FOREIGN, isForeignError, markForeign } from './errors';
export { type Instruction, OpcodeExt, decodeInstruction, encodeInstruction } from './instruction';
export { blake2sCompress, BLAKE2S_IV } from './blake2s';
export { LAYOUTS, ORDERED_BUILTINS, checkLayout } from './layouts';
export {
  VirtualMachine,
  type HintFn,
  type TraceBuffer,
  type ProgramCache,
  createProgramCache,
} from './vm';
export {
  createBuiltin,
  BUILTIN_NAMES,
  type Builtin,
  keccakF1600,
  MemoCache,
  pedersenHash,
  PEDERSEN_CACHE,
  verifyStarkSignature,
  addEcdsaSignature,
  ecdsaSignatures,
  ECDSA_KEY_CACHE,
  STARK_ORDER,
} from './builtins/index';
export { HINTS, compileHint } from './hints/index';
export {
  type SyscallHandler,
  SyscallMemory,
  decodeShortString,
  encodeShortString,
} from './syscall';
export {
  type CasmContractClass,
  type CasmEntryPoint,
  type EntryPointType,
  type LoadedCasmClass,
  type LoadedEntryPoint,
  type RunEntryPointOptions,
  type EntryPointResult,
  loadCasmClass,
  runEntryPoint,
  findEntryPoint,
  DEFAULT_BUILTIN_COSTS,
  DEFAULT_INITIAL_GAS,
  BUILTIN_COSTS_SEGMENT,
} from './casm';
export {
  type Cairo0Program,
  type Cairo0RunOptions,
  type Cairo0RunResult,
  type ExtraCairo0Hints,
  cairo0ProgramCache,
  parseCairo0,
  runCairo0,
} from './cairo0';
export { CAIRO0_HINTS, findCairo0Hint, IdsResolver } from './hints/cairo0/index';
export type { Cairo0Hint, HintContext as Cairo0HintContext } from './hints/cairo0/index';
export { parseJsonExact } from './json';
export {
  segmentBases,
  relocateTrace,
  traceToBytes,
  readTrace,
  relocateMemory,
  memoryToBytes,
  relocatedMemoryBytes,
  memoryFileChunks,
  traceFileChunks,
  readMemory,
  type TraceEntry,
} from './trace';
export { assemble, parseHintText, type AssembledProgram } from './assembler';
export {
  disassemble,
  disassembleText,
  disassembleWord,
  formatInstruction,
  type DisassembledLine,
} from './disassembler';
export { runProgram, loadProgram, type RunProgramOptions, type RunProgramResult } from './runner';
