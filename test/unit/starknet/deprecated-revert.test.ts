/**
 * Revert reasons of Cairo 0 calls in blockifier's text (engine/starknet/error-stack.ts), with our
 * own Cairo 0 contract (test/fixtures/cairo0-contracts/syscalls_probe.cairo). Expected stacks are
 * built by hand from blockifier 0.20.0-rc.0: src/execution/stack_trace.rs
 * (`extract_deprecated_syscall_execution_error_into_stack_trace`: the callee's frame, then its
 * error; a Cairo 0 call always keeps its VM frame), src/execution/deprecated_syscalls/
 * hint_processor.rs (`execute_inner_call` runs the callee non-reverting) and src/execution/
 * entry_point.rs (`non_reverting_execute`: a failed callee is `ExecutionFailed` with its Cairo 1
 * revert summary). The pcs come from the compiled JSON (its hints and function identifiers), not
 * from our VM. The truth suite (test/truth/devnet-cairo0.test.ts) checks the same texts against
 * starknet-devnet's receipts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import {
  type CallRequest,
  ExecutionContext,
  emptyTxInfo,
  executeCall,
} from '../../../engine/starknet/execution';
import {
  type DeprecatedClassJson,
  loadDeprecatedClass,
} from '../../../engine/starknet/deprecated/class';
import { type ErrorSegment, revertReasonOf } from '../../../engine/starknet/error-stack';
import { hex64 } from '../../../engine/starknet/errors';
import { classCell } from '../../../engine/types';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { demoClasses } from '../../../engine/starknet/demo/contracts';
import { parseJsonExact } from '../../../engine/vm/json';
import { decodeInstruction, Opcode } from '../../../engine/vm/instruction';
import { BLOCK } from './helpers';

const json = parseJsonExact(
  readFileSync(join(__dirname, '../../fixtures/cairo0-contracts/syscalls_probe.json'), 'utf8'),
) as DeprecatedClassJson;
const cls = loadDeprecatedClass(json);
const program = json.program as unknown as {
  data: string[];
  hints: Record<string, { code: string }[]>;
  identifiers: Record<string, { type?: string; pc?: number }>;
};
const sel = (n: string) => BigInt(hash.getSelectorFromName(n));
const CLASS = 0xc1a55n;
const OTHER_CLASS = 0xc1a56n;
const C = 0xc0ffeen;
const D = 0xd0n;
const ERC20 = 0xe2n;
const ERC20_CLASS = 0xe20n;

/** The pc of the hint `syscall_handler.<name>(…)` in the compiled program. */
function hintPc(name: string): number {
  const found = Object.entries(program.hints).filter(([, hs]) =>
    hs.some((h) => h.code.startsWith(`syscall_handler.${name}(`)),
  );
  expect(found).toHaveLength(1);
  return Number(found[0][0]);
}

/** The function (by its identifier) whose code holds `pc`. */
function functionAt(pc: number): string {
  const fns = Object.entries(program.identifiers)
    .filter(([, v]) => v.type === 'function')
    .map(([k, v]) => [v.pc!, k] as const)
    .sort((a, b) => a[0] - b[0]);
  return fns.filter(([start]) => start <= pc).pop()![1];
}

/** The traceback's entries must be `call` instructions of the program; their functions. */
function tracebackFunctions(s: ErrorSegment): string[] {
  if (s.kind !== 'vm') throw new Error(`not a VM frame: ${JSON.stringify(s)}`);
  return s.traceback.map((entry) => {
    const pc = Number(entry.replace(/^0:/, ''));
    expect(decodeInstruction(BigInt(program.data[pc])).opcode).toBe(Opcode.Call);
    return functionAt(pc);
  });
}

function setup(main = cls): InMemoryState {
  const pre = new InMemoryState();
  pre.declare(CLASS, main);
  pre.declare(OTHER_CLASS, cls);
  pre.write(classCell(C), CLASS);
  pre.write(classCell(D), CLASS);
  pre.declare(ERC20_CLASS, loadCasmClass(demoClasses().erc20));
  pre.write(classCell(ERC20), ERC20_CLASS);
  return pre;
}

function run(req: Partial<CallRequest> & { selector: bigint }, main = cls) {
  const pre = setup(main);
  const tx = { ...emptyTxInfo(), version: 1n, maxFee: 999n };
  const ctx = new ExecutionContext(new TxState(pre, pre), BLOCK, tx);
  return executeCall(ctx, { contract: C, calldata: [], caller: 0xca11n, gas: 0n, ...req });
}

const frame = (line: string, contract: bigint, classHash: bigint, selector: bigint) =>
  `${line} (contract address: ${hex64(contract)}, class hash: ${hex64(classHash)}, selector: ${hex64(selector)}):`;

describe('revert reasons of Cairo 0 calls', () => {
  it('call_contract into a Cairo 1 callee that panics: VM frame at the hint, callee frame, summary', () => {
    // the demo ERC20's transfer(recipient, amount: u256) of 1 from C, which holds nothing
    const info = run({
      selector: sel('call_other'),
      calldata: [ERC20, sel('transfer'), 3n, 0x70n, 1n, 0n],
    });
    expect(info.unrecoverable).toBe(true);
    const trace = info.errorTrace!;
    expect(trace).toHaveLength(4);
    expect(trace[1]).toMatchObject({ kind: 'vm', pc: hintPc('call_contract') });
    expect(tracebackFunctions(trace[1])).toEqual([
      '__wrappers__.call_other',
      '__main__.call_other',
    ]);
    const vmText =
      `Error at pc=0:${hintPc('call_contract')}:\n` +
      'Cairo traceback (most recent call last):\n' +
      (trace[1] as { traceback: string[] }).traceback
        .map((pc) => `Unknown location (pc=${pc})\n`)
        .join('');
    expect(revertReasonOf(info)).toBe(
      'Transaction execution has failed:\n' +
        `${frame('0: Error in the called contract', C, CLASS, sel('call_other'))}\n` +
        `${vmText}\n` +
        `${frame('1: Error in the called contract', ERC20, ERC20_CLASS, sel('transfer'))}\n` +
        'Execution failed. Failure reason:\n' +
        `${frame('Error in contract', ERC20, ERC20_CLASS, sel('transfer'))}\n` +
        "0x753235365f737562204f766572666c6f77 ('u256_sub Overflow').\n",
    );
  });

  it("a syscall's own error: the VM frame at its hint, then blockifier's text (no newline)", () => {
    const info = run({ selector: sel('call_other'), calldata: [D, sel('__execute__'), 0n] });
    const trace = info.errorTrace!;
    expect(trace).toHaveLength(3);
    expect(trace[1]).toMatchObject({ kind: 'vm', pc: hintPc('call_contract') });
    expect(trace[2]).toEqual({
      kind: 'text',
      text: 'Calling `__execute__` directly is not allowed.',
    });
  });

  it('library_call of a missing entry point: a library frame with the requested class', () => {
    const info = run({
      selector: sel('lib_call'),
      calldata: [OTHER_CLASS, 0x1234n, 0n],
    });
    const trace = info.errorTrace!;
    expect(trace[0]).toEqual({
      kind: 'entry',
      preamble: 'call',
      contract: C,
      classHash: CLASS,
      selector: sel('lib_call'),
    });
    expect(trace[1]).toMatchObject({ kind: 'vm', pc: hintPc('library_call') });
    expect(trace.slice(2)).toEqual([
      {
        kind: 'entry',
        preamble: 'library',
        contract: C,
        classHash: OTHER_CLASS,
        selector: 0x1234n,
      },
      {
        kind: 'text',
        text:
          'Execution failed. Failure reason:\n' +
          `${frame('Error in contract', C, OTHER_CLASS, 0x1234n)}\n` +
          "0x454e545259504f494e545f4e4f545f464f554e44 ('ENTRYPOINT_NOT_FOUND').\n",
      },
    ]);
  });

  it('a Cairo 0 callee whose assert fails: both calls keep their frames and VM frames', () => {
    const info = run({ selector: sel('call_other'), calldata: [D, sel('fail'), 1n, 6n] });
    const trace = info.errorTrace!;
    expect(trace.map((s) => s.kind)).toEqual(['entry', 'vm', 'entry', 'vm', 'text']);
    expect(trace[2]).toEqual({
      kind: 'entry',
      preamble: 'call',
      contract: D,
      classHash: CLASS,
      selector: sel('fail'),
    });
    const inner = trace[3] as { pc: number };
    expect(functionAt(inner.pc)).toBe('__main__.fail');
    expect(tracebackFunctions(trace[3])).toEqual(['__wrappers__.fail']);
  });

  it("a top-level Cairo 0 call's own failure: its frame (with its class hash) and VM frame", () => {
    const info = run({ selector: sel('fail'), calldata: [6n] });
    const trace = info.errorTrace!;
    expect(trace[0]).toMatchObject({ kind: 'entry', classHash: CLASS, selector: sel('fail') });
    expect(trace[1]).toMatchObject({ kind: 'vm' });
    expect(functionAt((trace[1] as { pc: number }).pc)).toBe('__main__.fail');
  });

  it("an error_message's {variable} references: fp-based felts by value, the others listed", () => {
    // cairo-vm 3.2.0 src/vm/errors/vm_exception.rs substitute_error_message_references
    const start = program.identifiers['__main__.fail'].pc!;
    const end = program.identifiers['__wrappers__.fail'].pc!;
    const pm = program as unknown as { reference_manager: { references: unknown[] } };
    const base = pm.reference_manager.references.length;
    const ref = (value: string) => ({
      ap_tracking_data: { group: 1, offset: 0 },
      pc: start,
      value,
    });
    const references = [
      ...pm.reference_manager.references,
      ref('[cast(fp + (-3), felt*)]'), // x: fail's argument (syscall_ptr at fp-4)
      ref('[cast(ap + (-1), felt*)]'), // y: ap-based
      ref('[cast(fp + (-3), a.Uint256*)]'), // z: not a felt
    ];
    const attributes = [
      {
        name: 'error_message',
        start_pc: start,
        end_pc: end,
        value: 'probe: x={x} ({x}), y={y}, z={z}, w={w}',
        accessible_scopes: ['__main__', '__main__.fail'],
        flow_tracking_data: {
          ap_tracking: { group: 1, offset: 0 },
          reference_ids: {
            '__main__.fail.x': base,
            '__main__.fail.y': base + 1,
            '__main__.fail.z': base + 2,
          },
        },
      },
    ];
    const withAttrs = loadDeprecatedClass({
      ...json,
      program: { ...program, attributes, reference_manager: { references } },
    } as never);
    const info = run({ selector: sel('fail'), calldata: [6n] }, withAttrs);
    expect(revertReasonOf(info)).toContain(
      "Error message: probe: x=6 (6), y={y}, z={z}, w={w} (Cannot evaluate ap-based or complex references: ['y''z'])\n",
    );
  });

  it("a Cairo 0 assert: cairo-vm's ASSERT_EQ text, the error_message scopes above the VM frame", () => {
    // the probe with error_message attributes as cairo-lang writes them: two around `fail`'s
    // body, one elsewhere, and one of another name
    const start = program.identifiers['__main__.fail'].pc!;
    const end = program.identifiers['__wrappers__.fail'].pc!;
    const attr = (name: string, from: number, to: number, value: string) => ({
      name,
      start_pc: from,
      end_pc: to,
      value,
      accessible_scopes: ['__main__', '__main__.fail'],
      flow_tracking_data: null,
    });
    const attributes = [
      attr('error_message', start, end, 'probe: x must be 7'),
      attr('error_message', 0, end, 'probe: outer scope'),
      attr('error_message', end, end + 5, 'probe: not here'),
      attr('other', start, end, 'probe: not an error message'),
    ];
    const withAttrs = loadDeprecatedClass({
      ...json,
      program: { ...program, attributes },
    } as never);
    const info = run({ selector: sel('fail'), calldata: [6n] }, withAttrs);
    const vm = info.errorTrace![1] as { pc: number; traceback: string[] };
    expect(vm.traceback).toHaveLength(1);
    expect(revertReasonOf(info)).toBe(
      'Transaction execution has failed:\n' +
        `${frame('0: Error in the called contract', C, CLASS, sel('fail'))}\n` +
        'Error message: probe: x must be 7\n' +
        'Error message: probe: outer scope\n' +
        `Error at pc=0:${vm.pc}:\n` +
        'Cairo traceback (most recent call last):\n' +
        `Unknown location (pc=${vm.traceback[0]})\n` +
        '\n' +
        'An ASSERT_EQ instruction failed: 6 != 7.\n',
    );
  });

  it('deploy at a taken address: a constructor frame with no selector, at the same depth', () => {
    const address = BigInt(hash.calculateContractAddressFromHash(77n, CLASS, ['5'], C));
    const pre = setup();
    pre.write(classCell(address), OTHER_CLASS);
    const tx = { ...emptyTxInfo(), version: 1n, maxFee: 999n };
    const ctx = new ExecutionContext(new TxState(pre, pre), BLOCK, tx);
    const info = executeCall(ctx, {
      contract: C,
      selector: sel('deploy_one'),
      calldata: [CLASS, 77n, 5n],
      caller: 0xca11n,
      gas: 0n,
    });
    const trace = info.errorTrace!;
    expect(trace[1]).toMatchObject({ kind: 'vm', pc: hintPc('deploy') });
    const taken = `Deployment failed: contract already deployed at address ${hex64(address)}`;
    expect(trace.slice(2)).toEqual([
      { kind: 'entry', preamble: 'constructor', contract: address, classHash: CLASS },
      { kind: 'text', text: `${taken}\n` },
    ]);
    expect(revertReasonOf(info)).toContain(
      `\n1: Error in the contract class constructor (contract address: ${hex64(address)}, class hash: ${hex64(CLASS)}, selector: UNKNOWN):\n${taken}\n`,
    );
  });
});
