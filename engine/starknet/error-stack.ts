/**
 * Revert reasons as blockifier writes them: the error stack of a failed validate / execute phase.
 * Sources (blockifier 0.20.0-rc.0, the version starknet-devnet 0.10.1 pins; cairo-vm 3.2.0;
 * cairo-lang-runner 2.19.4):
 *  - src/execution/stack_trace.rs: `ErrorStack` (header, segments joined by "\n"),
 *    `EntryPointErrorFrame` ("{depth}: Error in the called contract (contract address: …, class
 *    hash: …, selector: …):"), `VmExceptionFrame` ("Error at pc=0:{pc}:" and the traceback),
 *    `Cairo1RevertSummary` (a panic that reached the top: "Execution failed. Failure reason:",
 *    one "Error in contract (…):" line per failed call, the panic data, "."),
 *    `extract_trailing_cairo1_revert_trace` (which calls the panic went through);
 *  - cairo-vm src/vm/vm_core.rs `get_traceback_entries` and src/vm/errors/vm_exception.rs
 *    `get_traceback` (the `call` instructions on the fp chain, "Unknown location (pc=0:…)"),
 *    `get_error_attr_value` (a Cairo 0 program's error messages above the frame), and
 *    src/vm/errors/vm_errors.rs `DiffAssertValues` (a failed assert_eq's text);
 *  - cairo-lang-runner src/casm_run/mod.rs `format_next_item` (panic data: ByteArrays quoted,
 *    felts as hex with their short string) as starknet_api's `format_panic_data` uses it.
 * Not modelled: the TRACE_LENGTH_CAP (15000 characters) truncation of very long stacks.
 */
import { UnrecoverableError, hex64 } from './errors';
import { BYTE_ARRAY_MAGIC, decodeByteArray } from './panic';
import type { CallInfo } from './execution';
import { decodeInstruction, Opcode, PcUpdate, ResLogic } from '../vm/instruction';
import { isRel, relOff, relSeg } from '../vm/relocatable';
import { type Val, toBig } from '../vm/felt';
import type { VmError } from '../vm/errors';
import { EXECUTION_SEGMENT, type VirtualMachine } from '../vm/vm';

/** One segment of the stack, innermost last. */
export type ErrorSegment =
  | {
      kind: 'entry';
      preamble: 'call' | 'library' | 'constructor';
      contract: bigint;
      classHash: bigint;
      /** Unknown (printed "UNKNOWN") for a deployment that fails before its constructor runs. */
      selector?: bigint;
    }
  /**
   * `traceback`: the pcs of the `call`s on the fp chain, as cairo-vm prints them ("0:188");
   * `errorAttr`: cairo-vm's `get_error_attr_value` (a Cairo 0 program's `with_attr
   * error_message` scopes around the pc: "Error message: …\n" each).
   */
  | { kind: 'vm'; pc: number; traceback: string[]; errorAttr?: string }
  | { kind: 'text'; text: string };

const PREAMBLE = {
  call: 'Error in the called contract',
  library: 'Error in a library call',
  constructor: 'Error in the contract class constructor',
};

export type StackHeader = 'execution' | 'validation' | 'constructor';
const HEADER: Record<StackHeader, string> = {
  execution: 'Transaction execution has failed:\n',
  validation: 'Transaction validation has failed:\n',
  constructor: 'Contract constructor execution has failed:\n',
};

/** The segments an unrecoverable error has gathered on its way up (set by execution.ts). */
const traces = new WeakMap<object, ErrorSegment[]>();
export function traceOf(e: unknown): ErrorSegment[] | undefined {
  return typeof e === 'object' && e !== null ? traces.get(e) : undefined;
}
export function setTrace(e: object, segments: ErrorSegment[]): void {
  traces.set(e, segments);
}

/**
 * Depths as blockifier numbers them: each call or library-call frame one deeper than the last;
 * a constructor frame shares its depth with what runs inside it.
 */
function segmentText(s: ErrorSegment, depth: number): string {
  if (s.kind === 'text') return s.text;
  if (s.kind === 'vm') {
    const lines = s.traceback.map((pc) => `Unknown location (pc=${pc})\n`).join('');
    const tb = lines ? `\nCairo traceback (most recent call last):\n${lines}` : '';
    return `${s.errorAttr ?? ''}Error at pc=0:${s.pc}:${tb}`;
  }
  return `${depth}: ${PREAMBLE[s.preamble]} (contract address: ${hex64(s.contract)}, class hash: ${hex64(s.classHash)}, selector: ${s.selector === undefined ? 'UNKNOWN' : hex64(s.selector)}):`;
}

/** The stack as text (blockifier `ErrorStack`'s Display). */
export function formatErrorStack(header: StackHeader, segments: ErrorSegment[]): string {
  let depth = 0;
  const parts = segments.map((s) => {
    const text = segmentText(s, depth);
    if (s.kind === 'entry' && s.preamble !== 'constructor') depth++;
    return text;
  });
  return HEADER[header] + parts.join('\n');
}

/** cairo-vm's Display of a MaybeRelocatable: a felt in decimal, a relocatable as "seg:off". */
function cairoVmValue(v: Val): string {
  return isRel(v) ? `${relSeg(v)}:${relOff(v)}` : toBig(v).toString();
}

/**
 * The text cairo-vm gives a VM error (src/vm/errors/vm_errors.rs), where we know it:
 * `DiffAssertValues` ("An ASSERT_EQ instruction failed: {dst} != {res}."); otherwise ours.
 */
export function cairoVmErrorText(e: VmError): string {
  if (e.kind === 'AssertEq' && e.operands) {
    const [dst, res] = e.operands.map(cairoVmValue);
    return `An ASSERT_EQ instruction failed: ${dst} != ${res}.`;
  }
  return e.message;
}

/**
 * An error of a deployment before its constructor runs (the address is taken, the class is not
 * declared, calldata for a class with no constructor): blockifier src/execution/
 * execution_utils.rs `execute_deployment` and entry_point.rs `execute_constructor_entry_point`
 * give it a constructor frame with no selector, then the error's text and a newline.
 */
export function deploymentError(
  contract: bigint,
  classHash: bigint,
  message: string,
): UnrecoverableError {
  const err = new UnrecoverableError(message);
  const frame: ErrorSegment = { kind: 'entry', preamble: 'constructor', contract, classHash };
  setTrace(err, [frame, { kind: 'text', text: `${message}\n` }]);
  return err;
}

/** Printable ASCII or whitespace (Rust's is_ascii_graphic || is_ascii_whitespace). */
const printable = (b: number) =>
  (b >= 0x21 && b <= 0x7e) || [0x20, 0x09, 0x0a, 0x0c, 0x0d].includes(b);

/** cairo-lang-runner `as_cairo_short_string`: bytes after the first 0 must all be 0. */
function shortString(v: bigint): string | undefined {
  let s = '';
  let ended = false;
  for (const b of bigEndianBytes(v)) {
    if (b === 0) ended = true;
    else if (ended || !printable(b)) return undefined;
    else s += String.fromCharCode(b);
  }
  return s;
}

function bigEndianBytes(v: bigint): number[] {
  const out: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return out;
}

/** `format_panic_data`: one item as is, several as "(a, b, …)". */
export function formatPanicData(felts: bigint[]): string {
  const items: string[] = [];
  for (let i = 0; i < felts.length;) {
    if (felts[i] === BYTE_ARRAY_MAGIC) {
      const ba = decodeByteArray(felts, i + 1);
      if (ba) {
        items.push(`"${ba[0]}"`);
        i = ba[1];
        continue;
      }
    }
    const v = felts[i++];
    const s = shortString(v);
    items.push(s !== undefined ? `0x${v.toString(16)} ('${s}')` : `0x${v.toString(16)}`);
  }
  return items.length === 1 ? items[0] : `(${items.join(', ')})`;
}

const ENTRYPOINT_FAILED = 0x454e545259504f494e545f4641494c4544n; // 'ENTRYPOINT_FAILED'

/**
 * `extract_trailing_cairo1_revert_trace` and its Display: the chain of failed calls a panic went
 * through (each one's retdata = the inner one's + 'ENTRYPOINT_FAILED'), then the panic data.
 */
export function cairo1RevertSummary(root: CallInfo, header: 'execution' | 'validation'): string {
  const chain: CallInfo[] = [];
  let call: CallInfo | undefined = root;
  while (call?.failed) {
    chain.push(call);
    const r = call.retdata;
    if (r[r.length - 1] !== ENTRYPOINT_FAILED) break;
    const expected = r.slice(0, -1);
    const same: CallInfo[] = call.inner.filter(
      (c) =>
        c.failed &&
        c.retdata.length === expected.length &&
        c.retdata.every((x, i) => x === expected[i]),
    );
    if (same.length !== 1) {
      chain.length = 0;
      break;
    }
    call = same[0];
  }
  const last = chain.length ? chain[chain.length - 1] : root;
  const title =
    header === 'execution'
      ? 'Execution failed. Failure reason:'
      : 'The `validate` entry point panicked with:';
  const frames = chain.map(
    (c) =>
      `Error in contract (contract address: ${hex64(c.contract)}, class hash: ${hex64(c.classHash)}, selector: ${hex64(c.selector)}):`,
  );
  return [title, ...frames, formatPanicData(last.retdata)].join('\n') + '.\n';
}

/** A `call` instruction (cairo-vm `is_call_instruction`), false for anything else. */
function isCall(word: bigint): boolean {
  if (word >= 1n << 128n) return false;
  try {
    const i = decodeInstruction(word);
    return (
      i.opcode === Opcode.Call &&
      i.resLogic === ResLogic.Op1 &&
      (i.pcUpdate === PcUpdate.JumpAbs || i.pcUpdate === PcUpdate.JumpRel)
    );
  } catch {
    return false;
  }
}

/**
 * cairo-vm `get_traceback_entries`: walk the fp chain from the current frame; each frame's return
 * pc, less the size of the `call` before it, is an entry (outermost first). Program pcs only.
 */
export function tracebackPcs(vm: VirtualMachine): string[] {
  const mem = vm.mem;
  const word = (seg: number, off: number): bigint | undefined => {
    const v = off >= 0 ? mem.get(seg, off) : undefined;
    return v === undefined || isRel(v) ? undefined : toBig(v);
  };
  const pointer = (seg: number, off: number): number | undefined => {
    const v = off >= 0 ? mem.get(seg, off) : undefined;
    return v !== undefined && isRel(v) ? v : undefined;
  };
  const out: string[] = [];
  let [fpSeg, fpOff] = [EXECUTION_SEGMENT, vm.fp];
  for (let k = 0; k < 20; k++) {
    const ret = pointer(fpSeg, fpOff - 1);
    const saved = pointer(fpSeg, fpOff - 2);
    if (ret === undefined || saved === undefined) break;
    if (relSeg(saved) === fpSeg && relOff(saved) === fpOff) break;
    [fpSeg, fpOff] = [relSeg(saved), relOff(saved)];
    const [seg, off] = [relSeg(ret), relOff(ret)];
    const w1 = word(seg, off - 1);
    if (w1 === undefined) break;
    let callPc = off - 1;
    if (!isCall(w1)) {
      const w0 = word(seg, off - 2);
      if (w0 === undefined || !isCall(w0)) break;
      callPc = off - 2;
    }
    out.push(`${seg}:${callPc}`);
  }
  return out.reverse();
}

/**
 * The revert reason of a failed top-level call (an invoke's `__execute__`, an L1 handler):
 * `gen_tx_execution_error_trace` of the ExecutionError around it. An unrecoverable error prints
 * the stack it gathered; a panic that reached the top (`non_reverting_execute`: ExecutionFailed)
 * prints the call's frame and the Cairo 1 revert summary.
 */
export function revertReasonOf(call: CallInfo): string {
  if (call.errorTrace) return formatErrorStack('execution', call.errorTrace);
  const frame: ErrorSegment = {
    kind: 'entry',
    preamble: 'call',
    contract: call.contract,
    classHash: call.classHash,
    selector: call.selector,
  };
  return formatErrorStack('execution', [
    frame,
    { kind: 'text', text: cairo1RevertSummary(call, 'execution') },
  ]);
}
