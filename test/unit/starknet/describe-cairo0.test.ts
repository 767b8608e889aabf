/**
 * The inspector's description of a call into a Cairo 0 (deprecated) class (describe.ts over
 * class-code.ts): call tree, selector names from the class's ABI, calldata, retdata, steps,
 * events, the entry point's disassembled instructions with their hints, and what ran with hit
 * counts — as for a Cairo 1 class. Uses our probe contract (test/fixtures/cairo0-contracts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryState } from '../../../engine/starknet/state';
import {
  type DeprecatedClassJson,
  loadDeprecatedClass,
} from '../../../engine/starknet/deprecated/class';
import { selectorOf } from '../../../engine/starknet/execution';
import { StarknetBlockExecutor } from '../../../engine/starknet/transactions';
import { describeTx } from '../../../engine/starknet/describe';
import { classCode } from '../../../engine/starknet/class-code';
import { classCell } from '../../../engine/types';
import { parseJsonExact } from '../../../engine/vm/json';
import { BLOCK } from './helpers';

const json = parseJsonExact(
  readFileSync(join(__dirname, '../../fixtures/cairo0-contracts/syscalls_probe.json'), 'utf8'),
) as DeprecatedClassJson;
const cls = loadDeprecatedClass(json);
const CLASS = 0xc1a55n;
const C = 0xc0ffeen;
const D = 0xd0d0n;

function executor(calldata: bigint[], selector: string) {
  const pre = new InMemoryState();
  pre.declare(CLASS, cls);
  pre.write(classCell(C), CLASS);
  pre.write(classCell(D), CLASS);
  const ex = new StarknetBlockExecutor(
    [{ kind: 'call', caller: 0xca11n, call: { to: C, selector: selectorOf(selector), calldata } }],
    pre,
    { block: BLOCK, classes: pre, feeToken: 0n, feeMode: 'naive' },
  );
  ex.runSequential(pre.clone());
  return ex;
}

describe('describeTx of a Cairo 0 call', () => {
  it('describes the call: selector name from the ABI, calldata, retdata, steps, code and hits', () => {
    const d = describeTx(executor([5n], 'increase'), 0)!;
    const call = d.phases.find((p) => p.phase === 'execute')!.call;
    expect(call.selectorName).toBe('increase');
    expect(call.calldata).toEqual(['0x5']);
    expect(call.retdata).toEqual(['0x5']); // counter 0 + 5
    expect(call.steps).toBeGreaterThan(0);
    expect(call.failed).toBe(false);
    // the entry point's code: its offset from the class, disassembled
    const ep = cls.entryPoints.EXTERNAL.find((e) => e.selector === selectorOf('increase'))!;
    expect(call.code!.entryPc).toBe(ep.offset);
    expect(call.code!.lines[0].pc).toBe(ep.offset);
    expect(call.code!.lines.every((l) => l.text.length > 0)).toBe(true);
    expect(call.code!.bytecodeWords).toBe(cls.program.data.length);
    // what ran: the entry point among the executed pcs, each run at least once
    const ran = call.ran!;
    expect(ran.lines.some((l) => l.pc === ep.offset)).toBe(true);
    expect(ran.lines.every((l) => l.hits >= 1)).toBe(true);
    expect(ran.lines.reduce((n, l) => n + l.hits, 0)).toBeLessThanOrEqual(call.steps);
  });

  it('shows hints where the program has them, and inner calls with their events', () => {
    // call_other(D, add_balance, [account, amount]) from C: an inner Cairo 0 call
    const d = describeTx(executor([D, selectorOf('add_balance'), 2n, 7n, 9n], 'call_other'), 0)!;
    const call = d.phases.find((p) => p.phase === 'execute')!.call;
    expect(call.selectorName).toBe('call_other');
    expect(call.inner).toHaveLength(1);
    expect(call.inner[0].selectorName).toBe('add_balance');
    expect(call.inner[0].contract).toBe('0xd0d0');
    expect(call.inner[0].code).toBeDefined();
    // the syscall hint (call_contract) is in what ran, with its text
    const hinted = call.ran!.lines.filter((l) => l.hints.length > 0);
    expect(hinted.length).toBeGreaterThan(0);
    expect(hinted.flatMap((l) => l.hints).some((h) => h.includes('syscall_handler'))).toBe(true);
  });

  it('names the selectors of the class from its ABI', () => {
    const names = classCode(cls).names;
    for (const n of ['increase', 'get_counter', 'constructor', 'on_l1'])
      expect(names.get(selectorOf(n))).toBe(n);
  });
});
