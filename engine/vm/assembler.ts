/**
 * Assembler for Cairo assembly text in the syntax the compilers print, e.g.
 *
 *   start:
 *   [ap + 0] = [fp + -3] + 1, ap++;
 *   [ap] = [[fp + -3] + 2];
 *   jmp rel 5 if [ap + -1] != 0;
 *   jmp loop if [ap + -1] != 0;   // label → relative offset
 *   call rel 12; call abs f; call f;
 *   jmp abs 7; ap += 3; ret;
 *   dw 0x1234;                    // raw data word
 *   %{ AllocSegment dst=[ap + 0] %}   // a Cairo 1 hint attached to the next instruction
 *   %{ {"TestLessThan": {...}} %}     // or its JSON form, as in CasmContractClass
 *
 * Statements end with `;` or a newline. Comments: `//` and `#`. Immediates: decimal, hex, negative,
 * big felts, or a label (its pc). Unused op0/dst operands default to `[fp + -1]`, as the compilers do,
 * so compiled code round-trips through the disassembler and back.
 */
import { P } from './felt';
import { VmError } from './errors';
import {
  type Instruction,
  encodeInstruction,
  Reg,
  Op1Src,
  ResLogic,
  PcUpdate,
  ApUpdate,
  Opcode,
  OpcodeExt,
} from './instruction';

export interface AssembledProgram {
  bytecode: bigint[];
  /** Cairo 1 hints in CasmContractClass form: [pc, [hint, ...]]. */
  hints: [number, unknown[]][];
  labels: Record<string, number>;
}

type Cell = { reg: Reg; off: number };
type ImmExpr = { kind: 'imm'; value: bigint } | { kind: 'label'; name: string; add: bigint };
type Operand = { kind: 'cell'; cell: Cell } | { kind: 'dderef'; cell: Cell; off: number } | ImmExpr;

const err = (line: number, msg: string) => new VmError('Assembler', `line ${line}: ${msg}`);

function parseCellInner(s: string, line: number): Cell {
  const m = /^(ap|fp)\s*(?:([+-])\s*(-?\s*(?:0x[0-9a-f]+|\d+)))?$/i.exec(s.trim());
  if (!m) throw err(line, `bad cell '[${s}]'`);
  let off = m[3] ? Number(BigInt(m[3].replace(/\s+/g, ''))) : 0;
  if (m[2] === '-') off = -off;
  return { reg: m[1].toLowerCase() === 'ap' ? Reg.AP : Reg.FP, off };
}

function parseImm(s: string, line: number): ImmExpr {
  const t = s.trim();
  if (/^-?\s*(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const neg = t.startsWith('-');
    const v = BigInt(neg ? t.slice(1).trim() : t);
    return { kind: 'imm', value: neg ? -v : v };
  }
  const m = /^([A-Za-z_][\w.]*)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+))?$/i.exec(t);
  if (m)
    return {
      kind: 'label',
      name: m[1],
      add: m[3] ? (m[2] === '-' ? -BigInt(m[3]) : BigInt(m[3])) : 0n,
    };
  throw err(line, `bad immediate '${t}'`);
}

function parseOperand(s: string, line: number): Operand {
  const t = s.trim();
  const dd = /^\[\s*\[([^\]]+)\]\s*(?:([+-])\s*(-?\s*\d+))?\s*\]$/.exec(t);
  if (dd) {
    let off = dd[3] ? Number(dd[3].replace(/\s+/g, '')) : 0;
    if (dd[2] === '-') off = -off;
    return { kind: 'dderef', cell: parseCellInner(dd[1], line), off };
  }
  const c = /^\[([^\[\]]+)\]$/.exec(t);
  if (c) return { kind: 'cell', cell: parseCellInner(c[1], line) };
  return parseImm(t, line);
}

/** Split "A + B" / "A * B" / "A - imm" at the top level (outside brackets). */
function splitBinary(s: string): [string, string, string] | null {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0 && (ch === '+' || ch === '*' || ch === '-') && i > 0) {
      const left = s.slice(0, i).trim();
      if (left.endsWith(']')) return [left, ch, s.slice(i + 1).trim()];
    }
  }
  return null;
}

const FP_M1: Cell = { reg: Reg.FP, off: -1 };

interface Pending {
  line: number;
  pc: number;
  base: Omit<Instruction, 'size' | 'offOp1' | 'op1Src'> & { op1: Operand; rel: boolean };
}

function hintOperand(s: string, line: number): unknown {
  const t = s.trim();
  const bin = splitBinary(t);
  if (bin) {
    const a = parseOperand(bin[0], line);
    if (a.kind !== 'cell') throw err(line, `bad hint operand '${t}'`);
    const b = hintOperand(bin[2], line) as Record<string, unknown>;
    let bb = b;
    if (bin[1] === '-' && 'Immediate' in b)
      bb = { Immediate: '0x' + ((P - BigInt(b.Immediate as string)) % P).toString(16) };
    return { BinOp: { op: bin[1] === '*' ? 'Mul' : 'Add', a: cellJson(a.cell), b: bb } };
  }
  const o = parseOperand(t, line);
  if (o.kind === 'cell') return { Deref: cellJson(o.cell) };
  if (o.kind === 'dderef') return { DoubleDeref: [cellJson(o.cell), o.off] };
  if (o.kind === 'imm') return { Immediate: '0x' + (((o.value % P) + P) % P).toString(16) };
  throw err(line, `labels are not allowed in hint operands`);
}
function cellJson(c: Cell) {
  return { register: c.reg === Reg.AP ? 'AP' : 'FP', offset: c.off };
}

/** Parse `%{ Name key=operand ... %}` or `%{ {json} %}`. */
export function parseHintText(text: string, line = 0): unknown {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t);
  const m = /^([A-Za-z0-9_]+)\s*(.*)$/s.exec(t);
  if (!m) throw err(line, `bad hint '${t}'`);
  const fields: Record<string, unknown> = {};
  const re = /([A-Za-z_]\w*)\s*=\s*((?:\[[^=]*?\](?:\s*[+*-]\s*(?:\[[^\]]*\]|-?\w+))?)|-?\w+)/g;
  let mm: RegExpExecArray | null;
  while ((mm = re.exec(m[2]))) fields[mm[1]] = hintOperand(mm[2], line);
  return { [m[1]]: fields };
}

interface Statement {
  text: string;
  line: number;
}

/** Source → statements (split at `;` and newlines, comments dropped, hint blocks kept whole). */
function tokenize(source: string): Statement[] {
  const stmts: Statement[] = [];
  let line = 1;
  let i = 0;
  let cur = '';
  let curLine = 1;
  const flush = () => {
    if (cur.trim()) stmts.push({ text: cur.trim(), line: curLine });
    cur = '';
  };
  const skipLine = () => {
    while (i < source.length && source[i] !== '\n') i++;
  };
  while (i < source.length) {
    if (source.startsWith('%{', i)) {
      flush();
      const j = source.indexOf('%}', i);
      if (j < 0) throw err(line, 'unterminated %{');
      const body = source.slice(i + 2, j);
      stmts.push({ text: '%{' + body, line });
      line += (body.match(/\n/g) ?? []).length;
      i = j + 2;
      continue;
    }
    const ch = source[i];
    if ((ch === '/' && source[i + 1] === '/') || ch === '#') {
      skipLine();
      continue;
    }
    if (ch === ';' || ch === '\n') {
      flush();
      if (ch === '\n') line++;
      i++;
      curLine = line;
      continue;
    }
    if (!cur.trim()) curLine = line;
    cur += ch;
    i++;
  }
  flush();
  return stmts;
}

type Word = bigint | Pending | { data: ImmExpr; line: number };

/** First pass: labels, instruction words (immediates as placeholders) and hints by pc. */
function layout(stmts: Statement[]) {
  const labels: Record<string, number> = {};
  const words: Word[] = [];
  const hints: [number, unknown[]][] = [];
  let pc = 0;
  let pendingHints: unknown[] = [];
  for (const { line, text: raw } of stmts) {
    if (raw.startsWith('%{')) {
      pendingHints.push(parseHintText(raw.slice(2), line));
      continue;
    }
    let text = raw;
    let lm: RegExpExecArray | null;
    while ((lm = /^([A-Za-z_][\w.]*)\s*:(?!=)\s*/.exec(text))) {
      if (labels[lm[1]] !== undefined) throw err(line, `duplicate label '${lm[1]}'`);
      labels[lm[1]] = pc;
      text = text.slice(lm[0].length);
    }
    if (!text) continue;
    if (pendingHints.length) {
      hints.push([pc, pendingHints]);
      pendingHints = [];
    }
    const dw = /^dw\s+(.+)$/i.exec(text);
    if (dw) {
      words.push({ data: parseImm(dw[1], line), line });
      pc += 1;
      continue;
    }
    const suffix = /,\s*ap\s*\+\+\s*$/.exec(text);
    if (suffix) text = text.slice(0, suffix.index).trim();
    const ins = parseStatement(text, line, suffix ? ApUpdate.Add1 : ApUpdate.Regular);
    const size = ins.op1.kind === 'imm' || ins.op1.kind === 'label' ? 2 : 1;
    words.push({ line, pc, base: ins });
    if (size === 2) words.push(0n); // placeholder for the immediate
    pc += size;
  }
  if (pendingHints.length) hints.push([pc, pendingHints]);
  return { labels, words, hints };
}

const feltOf = (v: bigint) => ((v % P) + P) % P;

/** One parsed instruction → its encoded word and, with an immediate, the immediate. */
function encodePending(w: Pending, resolve: (e: ImmExpr, line: number) => bigint): bigint[] {
  const b = w.base;
  let op1Src: Op1Src;
  let offOp1: number;
  let offOp0 = b.offOp0;
  let op0Reg = b.op0Reg;
  let imm: bigint | undefined;
  switch (b.op1.kind) {
    case 'cell':
      op1Src = b.op1.cell.reg === Reg.AP ? Op1Src.AP : Op1Src.FP;
      offOp1 = b.op1.cell.off;
      break;
    case 'dderef':
      op1Src = Op1Src.Op0;
      offOp1 = b.op1.off;
      op0Reg = b.op1.cell.reg;
      offOp0 = b.op1.cell.off;
      break;
    default: {
      op1Src = Op1Src.Imm;
      offOp1 = 1;
      let v = resolve(b.op1, w.line);
      if (b.rel && b.op1.kind === 'label') v -= BigInt(w.pc);
      imm = feltOf(v);
    }
  }
  const { op1: _op1, rel: _rel, ...fields } = b;
  const full: Instruction = {
    ...fields,
    op0Reg,
    offOp0,
    op1Src,
    offOp1,
    size: imm === undefined ? 1 : 2,
  };
  try {
    const word = encodeInstruction(full);
    return imm === undefined ? [word] : [word, imm];
  } catch (e) {
    throw err(w.line, (e as Error).message);
  }
}

export function assemble(source: string): AssembledProgram {
  const { labels, words, hints } = layout(tokenize(source));
  const resolve = (e: ImmExpr, line: number): bigint => {
    if (e.kind === 'imm') return e.value;
    const l = labels[e.name];
    if (l === undefined) throw err(line, `unknown label '${e.name}'`);
    return BigInt(l) + e.add;
  };
  const bytecode: bigint[] = [];
  for (const w of words) {
    if (typeof w === 'bigint') continue; // an immediate's placeholder: encodePending writes it
    if ('data' in w) bytecode.push(feltOf(resolve(w.data, w.line)));
    else bytecode.push(...encodePending(w, resolve));
  }
  return { bytecode, hints, labels };
}

type Base = Pending['base'];
type Common = Omit<Base, 'op1'>;

function parseStatement(text: string, line: number, apUpdate: ApUpdate): Base {
  const t = text.replace(/\s+/g, ' ').trim();
  const common: Common = {
    offDst: -1,
    dstReg: Reg.FP,
    offOp0: -1,
    op0Reg: Reg.FP,
    resLogic: ResLogic.Op1,
    pcUpdate: PcUpdate.Regular,
    apUpdate,
    opcode: Opcode.Nop,
    rel: false,
  };
  const blake = parseBlake(t, line, common);
  if (blake) return blake;
  if (t.startsWith('{QM31} ')) {
    const q = parseStatement(t.slice(7), line, apUpdate);
    if (q.opcode !== Opcode.AssertEq || q.resLogic === ResLogic.Op1)
      throw err(line, '{QM31} applies to [x] = a + b or [x] = a * b');
    return { ...q, opcodeExt: OpcodeExt.QM31 };
  }
  if (t === 'ret')
    return {
      ...common,
      offDst: -2,
      op1: { kind: 'cell', cell: FP_M1 },
      pcUpdate: PcUpdate.JumpAbs,
      opcode: Opcode.Ret,
    };
  let m = /^call (?:(abs|rel) )?(.+)$/.exec(t);
  if (m) return parseCall(m, line, common);
  m = /^jmp (?:(abs|rel) )?(.+?)(?: if \[([^\]]+)\] != 0)?$/.exec(t);
  if (m) return parseJump(m, line, common);
  m = /^ap \+= (.+)$/.exec(t);
  if (m) {
    if (apUpdate !== ApUpdate.Regular) throw err(line, 'ap += with ap++');
    return { ...common, op1: parseOperand(m[1], line), apUpdate: ApUpdate.Add };
  }
  m = /^(\[[^\]]+\]) = (.+)$/.exec(t);
  if (m) return parseAssertEq(m[1], m[2], line, common);
  throw err(line, `cannot parse '${text}'`);
}

/** `call [abs|rel] X`: a bare target must be a label. */
function parseCall(m: RegExpExecArray, line: number, common: Common): Base {
  const op1 = parseOperand(m[2], line);
  if (op1.kind === 'dderef') throw err(line, 'call target cannot be a double dereference');
  const abs = m[1] === 'abs';
  if (!m[1] && op1.kind !== 'label')
    throw err(line, "use 'call rel X' or 'call abs X' for non-label targets");
  return {
    ...common,
    offDst: 0,
    dstReg: Reg.AP,
    offOp0: 1,
    op0Reg: Reg.AP,
    op1,
    pcUpdate: abs ? PcUpdate.JumpAbs : PcUpdate.JumpRel,
    opcode: Opcode.Call,
    rel: !abs,
  };
}

/** `jmp [abs|rel] X [if [cell] != 0]`: conditional jumps are relative. */
function parseJump(m: RegExpExecArray, line: number, common: Common): Base {
  const op1 = parseOperand(m[2], line);
  if (!m[1] && op1.kind !== 'label')
    throw err(line, "use 'jmp rel X' or 'jmp abs X' for non-label targets");
  const abs = m[1] === 'abs';
  if (!m[3])
    return { ...common, op1, pcUpdate: abs ? PcUpdate.JumpAbs : PcUpdate.JumpRel, rel: !abs };
  if (abs) throw err(line, 'conditional jumps are relative');
  const c = parseCellInner(m[3], line);
  return { ...common, offDst: c.off, dstReg: c.reg, op1, pcUpdate: PcUpdate.Jnz, rel: true };
}

/** `[dst] = X`, `[dst] = [a] + X`, `[dst] = [a] * X`, `[dst] = [a] - imm`. */
function parseAssertEq(dst: string, rhs: string, line: number, common: Common): Base {
  const d = parseOperand(dst, line);
  if (d.kind !== 'cell') throw err(line, 'destination must be [ap + k] or [fp + k]');
  const base = { ...common, offDst: d.cell.off, dstReg: d.cell.reg, opcode: Opcode.AssertEq };
  const bin = splitBinary(rhs);
  if (!bin) return { ...base, op1: parseOperand(rhs, line) };
  const a = parseOperand(bin[0], line);
  if (a.kind !== 'cell') throw err(line, 'the left operand of + or * must be [ap + k] or [fp + k]');
  let b = parseOperand(bin[2], line);
  if (bin[1] === '-') {
    if (b.kind !== 'imm') throw err(line, "only 'X - immediate' is supported");
    b = { kind: 'imm', value: -b.value };
  }
  if (b.kind === 'dderef' && (b.cell.reg !== a.cell.reg || b.cell.off !== a.cell.off))
    throw err(line, 'a double dereference in a binary operation must go through the left operand');
  return {
    ...base,
    offOp0: a.cell.off,
    op0Reg: a.cell.reg,
    op1: b,
    resLogic: bin[1] === '*' ? ResLogic.Mul : ResLogic.Add,
  };
}

/**
 * `blake2s[state=[r + a], message=[r + b], byte_count=[r + c], finalize=false] => [ap + 0], ap++`
 * (the compiler's form): state → op0, message → op1, byte_count → dst; always `ap++`.
 */
function parseBlake(
  t: string,
  line: number,
  common: Omit<Pending['base'], 'op1'>,
): Pending['base'] | null {
  const m =
    /^blake2s ?\[ ?state ?= ?\[([^\]]+)\] ?, ?message ?= ?\[([^\]]+)\] ?, ?byte_count ?= ?\[([^\]]+)\] ?, ?finalize ?= ?(true|false) ?\] ?=> ?\[ ?ap ?(?:\+ ?0 ?)?\]$/.exec(
      t,
    );
  if (!m) return null;
  if (common.apUpdate !== ApUpdate.Add1) throw err(line, 'blake2s requires ap++');
  const state = parseCellInner(m[1], line);
  const message = parseCellInner(m[2], line);
  const count = parseCellInner(m[3], line);
  return {
    ...common,
    offOp0: state.off,
    op0Reg: state.reg,
    op1: { kind: 'cell', cell: message },
    offDst: count.off,
    dstReg: count.reg,
    opcodeExt: m[4] === 'true' ? OpcodeExt.BlakeFinalize : OpcodeExt.Blake,
  };
}
