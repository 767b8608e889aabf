/**
 * Cairo instruction encoding (Cairo paper §4.5): three 16-bit biased offsets followed by 15 flag bits.
 *   bits  0..15 off_dst, 16..31 off_op0, 32..47 off_op1 (each biased by 2^15)
 *   flag 0 dst_reg, 1 op0_reg, 2..4 op1_src, 5..6 res_logic, 7..9 pc_update, 10..11 ap_update, 12..14 opcode
 * Bits 63 and up hold the opcode extension (Stwo's additions; 0 = the original "Stone" set): 1 Blake2s
 * compression, 2 Blake2s compression of the last block, 3 QM31 arithmetic. Sources: lambdaclass/cairo-vm
 * `vm/src/vm/decoding/decoder.rs` (commit 3f87626) for the field and the flag rules, starkware-libs/cairo
 * `crates/cairo-lang-casm/src/assembler.rs` and `encoder.rs` (commit 302fe00) for the operand layout.
 */
import { VmError } from './errors';

export const enum Reg {
  AP = 0,
  FP = 1,
}
export const enum Op1Src {
  Op0 = 0,
  Imm = 1,
  FP = 2,
  AP = 4,
}
export const enum ResLogic {
  Op1 = 0,
  Add = 1,
  Mul = 2,
  Unconstrained = 3,
}
export const enum PcUpdate {
  Regular = 0,
  JumpAbs = 1,
  JumpRel = 2,
  Jnz = 4,
}
export const enum ApUpdate {
  Regular = 0,
  Add = 1,
  Add1 = 2,
  Add2 = 3,
}
export const enum Opcode {
  Nop = 0,
  Call = 1,
  Ret = 2,
  AssertEq = 4,
}

export const enum OpcodeExt {
  Stone = 0,
  Blake = 1,
  BlakeFinalize = 2,
  QM31 = 3,
}

export interface Instruction {
  offDst: number;
  offOp0: number;
  offOp1: number;
  dstReg: Reg;
  op0Reg: Reg;
  op1Src: Op1Src;
  resLogic: ResLogic;
  pcUpdate: PcUpdate;
  apUpdate: ApUpdate;
  opcode: Opcode;
  /** 1, or 2 when op1 is an immediate. */
  size: number;
  /** Opcode extension; absent means Stone (the original instruction set). */
  opcodeExt?: OpcodeExt;
}

const B16 = 0xffffn;

/** Largest opcode extension + 1: cairo-vm rejects extension numbers above 3. */
const WORD_LIMIT = 4n << 63n;

/**
 * Split an encoded word into (off0, off1, off2, flags). `flags` holds the 15 flag bits and, from bit
 * 15 on, the opcode extension. Throws when the word is not an instruction.
 */
export function splitWord(word: bigint): [number, number, number, number] {
  if (word < 0n || word >= WORD_LIMIT)
    throw new VmError('InvalidInstruction', `not an instruction: 0x${word.toString(16)}`);
  const off0 = Number(word & B16) - 0x8000;
  const off1 = Number((word >> 16n) & B16) - 0x8000;
  const off2 = Number((word >> 32n) & B16) - 0x8000;
  const flags = Number(word >> 48n);
  return [off0, off1, off2, flags];
}

export function decodeFlags(off0: number, off1: number, off2: number, flags: number): Instruction {
  const op1Bits = (flags >> 2) & 7;
  if (op1Bits !== 0 && op1Bits !== 1 && op1Bits !== 2 && op1Bits !== 4)
    throw new VmError('InvalidInstruction', `invalid op1_src flags ${op1Bits}`);
  const resBits = (flags >> 5) & 3;
  if (resBits === 3) throw new VmError('InvalidInstruction', 'invalid res_logic flags 3');
  const pcBits = (flags >> 7) & 7;
  if (pcBits !== 0 && pcBits !== 1 && pcBits !== 2 && pcBits !== 4)
    throw new VmError('InvalidInstruction', `invalid pc_update flags ${pcBits}`);
  const apBits = (flags >> 10) & 3;
  if (apBits === 3) throw new VmError('InvalidInstruction', 'invalid ap_update flags 3');
  const opBits = (flags >> 12) & 7;
  if (opBits !== 0 && opBits !== 1 && opBits !== 2 && opBits !== 4)
    throw new VmError('InvalidInstruction', `invalid opcode flags ${opBits}`);
  const op1Src = op1Bits as Op1Src;
  if (op1Src === Op1Src.Imm && off2 !== 1)
    throw new VmError('InvalidInstruction', 'immediate op1 requires off_op1 = 1');
  let resLogic = resBits as ResLogic;
  const pcUpdate = pcBits as PcUpdate;
  if (pcUpdate === PcUpdate.Jnz) {
    if (resLogic !== ResLogic.Op1)
      throw new VmError('InvalidInstruction', 'jnz requires res_logic = op1');
    resLogic = ResLogic.Unconstrained;
  }
  let apUpdate = apBits as ApUpdate;
  const opcode = opBits as Opcode;
  if (opcode === Opcode.Call) {
    if (apUpdate !== ApUpdate.Regular)
      throw new VmError('InvalidInstruction', 'call requires ap_update = regular');
    apUpdate = ApUpdate.Add2;
  }
  const opcodeExt = (flags >> 15) as OpcodeExt;
  if (opcodeExt !== OpcodeExt.Stone)
    checkExtension(opcodeExt, op1Src, resLogic, pcUpdate, apBits, opcode);
  return {
    offDst: off0,
    offOp0: off1,
    offOp1: off2,
    dstReg: (flags & 1) as Reg,
    op0Reg: ((flags >> 1) & 1) as Reg,
    op1Src,
    resLogic,
    pcUpdate,
    apUpdate,
    opcode,
    size: op1Src === Op1Src.Imm ? 2 : 1,
    opcodeExt,
  };
}

/** The flag rules of the extended opcodes (cairo-vm's decoder; see the header). */
function checkExtension(
  ext: OpcodeExt,
  op1Src: Op1Src,
  res: ResLogic,
  pc: PcUpdate,
  apBits: number,
  opcode: Opcode,
): void {
  const apOk = apBits === 0 || apBits === ApUpdate.Add1;
  const regOp1 = op1Src === Op1Src.AP || op1Src === Op1Src.FP;
  if (ext === OpcodeExt.Blake || ext === OpcodeExt.BlakeFinalize) {
    if (!(
      opcode === Opcode.Nop &&
      regOp1 &&
      res === ResLogic.Op1 &&
      pc === PcUpdate.Regular &&
      apOk
    ))
      throw new VmError('InvalidInstruction', 'invalid flags for a Blake2s opcode');
  } else if (ext === OpcodeExt.QM31) {
    const addMul = res === ResLogic.Add || res === ResLogic.Mul;
    if (!(
      opcode === Opcode.AssertEq &&
      addMul &&
      op1Src !== Op1Src.Op0 &&
      pc === PcUpdate.Regular &&
      apOk
    ))
      throw new VmError('InvalidInstruction', 'invalid flags for a QM31 opcode');
  } else throw new VmError('InvalidInstruction', `invalid opcode extension ${ext}`);
}

export function decodeInstruction(word: bigint): Instruction {
  const [a, b, c, f] = splitWord(word);
  return decodeFlags(a, b, c, f);
}

export function encodeInstruction(i: Instruction): bigint {
  for (const o of [i.offDst, i.offOp0, i.offOp1])
    if (o < -0x8000 || o >= 0x8000)
      throw new VmError('Assembler', `offset ${o} out of range [-2^15, 2^15)`);
  const apBits = i.opcode === Opcode.Call ? 0 : i.apUpdate;
  const resBits = i.resLogic === ResLogic.Unconstrained ? 0 : i.resLogic;
  const flags =
    i.dstReg |
    (i.op0Reg << 1) |
    (i.op1Src << 2) |
    (resBits << 5) |
    (i.pcUpdate << 7) |
    (apBits << 10) |
    (i.opcode << 12);
  return (
    BigInt(i.offDst + 0x8000) |
    (BigInt(i.offOp0 + 0x8000) << 16n) |
    (BigInt(i.offOp1 + 0x8000) << 32n) |
    (BigInt(flags) << 48n) |
    (BigInt(i.opcodeExt ?? 0) << 63n)
  );
}
