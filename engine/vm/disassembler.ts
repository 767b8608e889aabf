/** Disassembler: prints instructions in the syntax of the Cairo compilers' CASM output. */
import { type Val, HALF_P, P } from './felt';
import {
  type Instruction,
  decodeInstruction,
  Op1Src,
  ResLogic,
  PcUpdate,
  ApUpdate,
  Opcode,
  OpcodeExt,
  Reg,
} from './instruction';
import { isRel, showVal } from './relocatable';

function reg(r: Reg): string {
  return r === Reg.AP ? 'ap' : 'fp';
}
function cell(r: Reg, off: number): string {
  return `[${reg(r)} + ${off}]`;
}
/** Immediates are printed in decimal, values above P/2 as negative numbers. */
export function formatImmediate(v: Val | undefined): string {
  if (v === undefined) return '?';
  if (isRel(v)) return showVal(v);
  const b = BigInt(v);
  return b > HALF_P ? (b - P).toString() : b.toString();
}

export function formatInstruction(i: Instruction, imm?: Val): string {
  const op0 = cell(i.op0Reg, i.offOp0);
  let op1: string;
  switch (i.op1Src) {
    case Op1Src.Imm:
      op1 = formatImmediate(imm);
      break;
    case Op1Src.AP:
      op1 = cell(Reg.AP, i.offOp1);
      break;
    case Op1Src.FP:
      op1 = cell(Reg.FP, i.offOp1);
      break;
    default:
      op1 = `[${op0} + ${i.offOp1}]`;
  }
  const res =
    i.resLogic === ResLogic.Add
      ? `${op0} + ${op1}`
      : i.resLogic === ResLogic.Mul
        ? `${op0} * ${op1}`
        : op1;
  const dst = cell(i.dstReg, i.offDst);
  const inc = i.apUpdate === ApUpdate.Add1 ? ', ap++' : '';
  if (i.opcodeExt === OpcodeExt.Blake || i.opcodeExt === OpcodeExt.BlakeFinalize) {
    // The compiler's form (starkware-libs/cairo, cairo-lang-casm `Blake2sCompressInstruction`).
    const fin = i.opcodeExt === OpcodeExt.BlakeFinalize;
    return `blake2s[state=${op0}, message=${op1}, byte_count=${dst}, finalize=${fin}] => [ap + 0]${inc}`;
  }
  if (i.opcodeExt === OpcodeExt.QM31) return `{QM31} ${dst} = ${res}${inc}`;
  let text: string;
  switch (i.opcode) {
    case Opcode.Ret:
      return 'ret';
    case Opcode.Call:
      return `call ${i.pcUpdate === PcUpdate.JumpAbs ? 'abs' : 'rel'} ${res}`;
    case Opcode.AssertEq:
      text = `${dst} = ${res}`;
      break;
    default:
      if (i.pcUpdate === PcUpdate.Jnz) text = `jmp rel ${op1} if ${dst} != 0`;
      else if (i.pcUpdate === PcUpdate.JumpAbs) text = `jmp abs ${res}`;
      else if (i.pcUpdate === PcUpdate.JumpRel) text = `jmp rel ${res}`;
      else if (i.apUpdate === ApUpdate.Add) return `ap += ${res}`;
      else text = 'nop';
  }
  if (i.apUpdate === ApUpdate.Add1) text += ', ap++';
  else if (i.apUpdate === ApUpdate.Add) text += `, ap += ${res}`;
  return text;
}

export function disassembleWord(word: bigint, next?: Val): string {
  return formatInstruction(decodeInstruction(word), next);
}

export interface DisassembledLine {
  pc: number;
  size: number;
  text: string;
}

/** Disassemble a whole bytecode array (data words that do not decode are printed as `dw`). */
export function disassemble(
  code: (bigint | number)[],
  start = 0,
  end = code.length,
): DisassembledLine[] {
  const out: DisassembledLine[] = [];
  let pc = start;
  while (pc < end) {
    const w = BigInt(code[pc]);
    let line: DisassembledLine;
    try {
      const ins = decodeInstruction(w);
      line = {
        pc,
        size: ins.size,
        text: formatInstruction(ins, ins.size === 2 ? (code[pc + 1] as Val) : undefined),
      };
    } catch {
      line = { pc, size: 1, text: `dw ${formatImmediate(w < 2n ** 53n ? Number(w) : w)}` };
    }
    out.push(line);
    pc += line.size;
  }
  return out;
}

export function disassembleText(code: (bigint | number)[]): string {
  return disassemble(code)
    .map((l) => l.text + ';')
    .join('\n');
}
