/**
 * Every external entry point of every shared Cairo 1 class runs on our executor (item 5 of the
 * Starknet 0.14 conformance issue). Calldata: zeros, as many as the entry point accepts (the
 * first count that does not fail Serde with 'Failed to deserialize' / 'Input too long'). A panic
 * of the contract's own logic is a result; what must not happen is a VM error (an unsupported
 * hint, a bad memory access, ...). The outcome of each entry point is printed.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classCell } from '../../../engine/types';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import { type CasmClass, loadCasmClass } from '../../../engine/starknet/casm';
import {
  type CallInfo,
  ExecutionContext,
  SYSCALL_NAMES,
  emptyTxInfo,
  executeCall,
} from '../../../engine/starknet/execution';
import { SYSCALL_NAMES_ALL } from '../../../engine/starknet/versioned-constants-data';
import { BLOCK } from './helpers';

const ROOT = resolve(__dirname, '../../../../shared/fixtures/casm');
const has = existsSync(ROOT);

function classFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return classFiles(p);
    return p.endsWith('.compiled_contract_class.json') || p.endsWith('.casm') ? [p] : [];
  });
}

const SERDE = /Failed to deserialize|Input too long for arguments/;

/** Call `selector` with 0..8 zero felts until Serde accepts the calldata. */
function callWithZeros(pre: InMemoryState, selector: bigint): { k: number; call: CallInfo } {
  let last!: { k: number; call: CallInfo };
  for (let k = 0; k <= 8; k++) {
    const ctx = new ExecutionContext(new TxState(pre, pre), BLOCK, emptyTxInfo());
    const call = executeCall(ctx, {
      contract: 0xc0n,
      selector,
      calldata: new Array(k).fill(0n),
      caller: 0xca11n,
      gas: 10n ** 8n,
    });
    last = { k, call };
    if (!call.failed || !SERDE.test(call.error ?? '')) break;
  }
  return last;
}

function outcome(c: CallInfo): string {
  if (!c.failed) return `ok (${c.steps} steps, ${c.gasConsumed} gas)`;
  return `${c.unrecoverable ? 'unrecoverable' : 'failed'}: ${c.error}`;
}

describe('syscall coverage', () => {
  it('every syscall blockifier prices has a handler (KeccakRound is Keccak’s per-block price)', () => {
    const expected = SYSCALL_NAMES_ALL.filter((n) => n !== 'KeccakRound');
    expect([...SYSCALL_NAMES].sort()).toEqual([...expected].sort());
  });
});

describe.skipIf(!has)('every entry point of the shared Cairo 1 classes', () => {
  it('runs without a VM error', () => {
    const lines: string[] = [];
    const vmErrors: string[] = [];
    let n = 0;
    for (const file of classFiles(ROOT)) {
      const cls: CasmClass = loadCasmClass(JSON.parse(readFileSync(file, 'utf8')));
      const pre = new InMemoryState();
      pre.declare(0x1234n, cls);
      pre.write(classCell(0xc0n), 0x1234n);
      for (const ep of cls.entryPoints.EXTERNAL) {
        const { k, call } = callWithZeros(pre, ep.selectorBig);
        const line = `${file.slice(ROOT.length + 1)} 0x${ep.selectorBig.toString(16).slice(0, 8)}… [${k} zeros] ${outcome(call)}`;
        lines.push(line);
        n++;
        if (call.error?.startsWith('VM error')) vmErrors.push(line);
      }
    }
    console.info(`${n} entry points:\n${lines.join('\n')}`);
    expect(n).toBeGreaterThan(150);
    expect(vmErrors).toEqual([]);
  }, 300_000);
});
