/**
 * Revert reasons in blockifier's format (engine/starknet/error-stack.ts). Expected texts are
 * built by hand from blockifier 0.20.0-rc.0 src/execution/stack_trace.rs, cairo-vm 3.2.0
 * (traceback) and cairo-lang-runner 2.19.4 (format_next_item); the truth suite checks the same
 * texts against starknet-devnet's receipts.
 */
import { describe, expect, it } from 'vitest';
import { hash } from 'starknet';
import { feltFromBig } from '../../../engine/vm/felt';
import {
  cairo1RevertSummary,
  formatErrorStack,
  formatPanicData,
  revertReasonOf,
  traceOf,
  tracebackPcs,
} from '../../../engine/starknet/error-stack';
import { type CallInfo, selectorOf, shortString } from '../../../engine/starknet/execution';
import { UnrecoverableError, hex64 } from '../../../engine/starknet/errors';
import { BYTE_ARRAY_MAGIC } from '../../../engine/starknet/panic';
import { buildDemoBlock } from '../../../engine/starknet/demo/block';
import { executeTransaction } from '../../../engine/starknet/transactions';

import type { VirtualMachine } from '../../../engine/vm/vm';
import { runProgram } from '../../../engine/vm/runner';
import { fakeSyscallEnv } from './helpers';
import { InMemoryState } from '../../../engine/starknet/state';
import { loadCasmClass } from '../../../engine/starknet/casm';
import { classCell } from '../../../engine/types';
import { demoClassHash, demoClasses } from '../../../engine/starknet/demo/contracts';

const call = (over: Partial<CallInfo>): CallInfo => ({
  callType: 'Call',
  entryPointType: 'EXTERNAL',
  contract: 0xa1n,
  classHash: 0xc1n,
  caller: 0n,
  selector: 0x5en,
  calldata: [],
  retdata: [],
  failed: false,
  events: [],
  messages: [],
  inner: [],
  steps: 0,
  gasConsumed: 0n,
  ...over,
});
const EF = shortString('ENTRYPOINT_FAILED');

describe('panic data (format_panic_data)', () => {
  it('a short string is hex and quoted text, several items are parenthesized', () => {
    expect(formatPanicData([shortString('ERC20: insufficient balance')])).toBe(
      "0x45524332303a20696e73756666696369656e742062616c616e6365 ('ERC20: insufficient balance')",
    );
    // 0x1234 is not printable ASCII; 0 is the empty short string
    expect(formatPanicData([shortString('a'), 0x1234n, 0n])).toBe("(0x61 ('a'), 0x1234, 0x0 (''))");
  });

  it('a ByteArray is one double-quoted item', () => {
    const ba = [BYTE_ARRAY_MAGIC, 0n, shortString('boom'), 4n];
    expect(formatPanicData([...ba, shortString('x')])).toBe(`("boom", 0x78 ('x'))`);
  });
});

describe('the Cairo 1 revert summary', () => {
  it("follows the failed calls whose retdata is the inner one's plus ENTRYPOINT_FAILED", () => {
    const leaf = call({ contract: 0xb2n, classHash: 0xc2n, selector: 0x7n, failed: true });
    leaf.retdata = [shortString('oops')];
    const root = call({ failed: true, retdata: [shortString('oops'), EF], inner: [leaf] });
    expect(cairo1RevertSummary(root, 'execution')).toBe(
      [
        'Execution failed. Failure reason:',
        `Error in contract (contract address: ${hex64(0xa1n)}, class hash: ${hex64(0xc1n)}, selector: ${hex64(0x5en)}):`,
        `Error in contract (contract address: ${hex64(0xb2n)}, class hash: ${hex64(0xc2n)}, selector: ${hex64(0x7n)}):`,
        "0x6f6f7073 ('oops').\n",
      ].join('\n'),
    );
  });

  it('two failed inner calls with the same retdata: no frames, only the panic data', () => {
    const leaf = () => call({ failed: true, retdata: [shortString('oops')] });
    const root = call({
      failed: true,
      retdata: [shortString('oops'), EF],
      inner: [leaf(), leaf()],
    });
    expect(cairo1RevertSummary(root, 'execution')).toBe(
      "Execution failed. Failure reason:\n(0x6f6f7073 ('oops'), 0x454e545259504f494e545f4641494c4544 ('ENTRYPOINT_FAILED')).\n",
    );
  });
});

describe('error stacks', () => {
  it('numbers call frames by depth and prints VM frames with their traceback', () => {
    const text = formatErrorStack('execution', [
      { kind: 'entry', preamble: 'call', contract: 1n, classHash: 2n, selector: 3n },
      { kind: 'vm', pc: 7331, traceback: ['0:188', '0:2616'] },
      { kind: 'entry', preamble: 'library', contract: 1n, classHash: 4n, selector: 5n },
      { kind: 'vm', pc: 130, traceback: [] },
      { kind: 'text', text: 'boom\n' },
    ]);
    expect(text).toBe(
      'Transaction execution has failed:\n' +
        `0: Error in the called contract (contract address: ${hex64(1n)}, class hash: ${hex64(2n)}, selector: ${hex64(3n)}):\n` +
        'Error at pc=0:7331:\nCairo traceback (most recent call last):\nUnknown location (pc=0:188)\nUnknown location (pc=0:2616)\n\n' +
        `1: Error in a library call (contract address: ${hex64(1n)}, class hash: ${hex64(4n)}, selector: ${hex64(5n)}):\n` +
        'Error at pc=0:130:\nboom\n',
    );
  });

  it('the traceback lists the call instructions on the fp chain, outermost first', () => {
    // main calls f (the call at pc 0), f calls g (the call at pc 4); stopped in g
    const src = 'call rel 4; jmp rel 0; call rel 3; ret; [ap] = 1, ap++; ret;';
    let vm: VirtualMachine | undefined;
    expect(() => runProgram(src, { stepLimit: 2, setup: (v) => void (vm = v) })).toThrow(
      /step limit/,
    );
    expect(vm!.pc).toBe(7);
    expect(tracebackPcs(vm!)).toEqual(['0:0', '0:4']);
  });
});

describe('revert reasons of executed transactions', () => {
  it("a panic that reaches the account's __execute__: its frame and the revert summary", () => {
    const b = buildDemoBlock({ txs: [{ type: 'transfer', from: 1, to: 0, amount: 10n ** 12n }] });
    const ex = executeTransaction(b.executor.txs[0], b.preState, b.executor.config);
    expect(ex.reverted).toBe(true);
    const e = ex.execute!;
    const t = e.inner[0]; // the token's transfer, which panicked
    expect(ex.revertTrace).toBe(revertReasonOf(e));
    expect(ex.revertTrace).toBe(
      'Transaction execution has failed:\n' +
        `0: Error in the called contract (contract address: ${hex64(e.contract)}, class hash: ${hex64(e.classHash)}, selector: ${hex64(selectorOf('__execute__'))}):\n` +
        'Execution failed. Failure reason:\n' +
        `Error in contract (contract address: ${hex64(e.contract)}, class hash: ${hex64(e.classHash)}, selector: ${hex64(selectorOf('__execute__'))}):\n` +
        `Error in contract (contract address: ${hex64(t.contract)}, class hash: ${hex64(t.classHash)}, selector: ${hex64(selectorOf('transfer'))}):\n` +
        "0x753235365f737562204f766572666c6f77 ('u256_sub Overflow').\n",
    );
  });

  it('a call to an undeployed contract: the callee frame (class hash 0) and the error, newline-ended', () => {
    const env = fakeSyscallEnv();
    const [s, e] = env.array([]);
    let err: unknown;
    try {
      env.syscall('CallContract', 10n ** 9n, [0xdead, 0x5e1, s, e], 2);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(traceOf(err)).toEqual([
      { kind: 'entry', preamble: 'call', contract: 0xdeadn, classHash: 0n, selector: 0x5e1n },
      { kind: 'text', text: `Requested contract address ${hex64(0xdeadn)} is not deployed.\n` },
    ]);
  });

  it('before 0.13.4 a missing entry point is unrecoverable: the callee frame and the error', () => {
    const pre = new InMemoryState();
    const erc = demoClasses().erc20;
    const ch = demoClassHash(erc);
    pre.declare(ch, loadCasmClass(erc));
    pre.write(classCell(0x70cn), ch);
    const env = fakeSyscallEnv(pre, 0xc0n, 0xca11n, '0.13.3');
    const [s, e] = env.array([]);
    let err: unknown;
    try {
      env.syscall('CallContract', 10n ** 9n, [0x70c, 0x5e1, s, e], 2);
    } catch (x) {
      err = x;
    }
    expect(traceOf(err)).toEqual([
      { kind: 'entry', preamble: 'call', contract: 0x70cn, classHash: ch, selector: 0x5e1n },
      { kind: 'text', text: `Entry point ${hex64(0x5e1n)} not found in contract.\n` },
    ]);
  });

  it('a deploy at a taken address: a constructor frame with no selector, then the error', () => {
    const pre = new InMemoryState();
    const nft = demoClasses().nft;
    const ch = demoClassHash(nft);
    pre.declare(ch, loadCasmClass(nft));
    const env = fakeSyscallEnv(pre, 0xc0n);
    const [s, e] = env.array([]);
    env.syscall('Deploy', 10n ** 9n, [feltFromBig(ch), 5, s, e, 0], 3);
    const address = BigInt(hash.calculateContractAddressFromHash(5n, ch, [], 0xc0n));
    let err: unknown;
    try {
      env.syscall('Deploy', 10n ** 9n, [feltFromBig(ch), 5, s, e, 0], 3);
    } catch (x) {
      err = x;
    }
    const taken = `Deployment failed: contract already deployed at address ${hex64(address)}`;
    expect(traceOf(err)).toEqual([
      { kind: 'entry', preamble: 'constructor', contract: address, classHash: ch },
      { kind: 'text', text: `${taken}\n` },
    ]);
    expect(formatErrorStack('execution', traceOf(err)!)).toBe(
      'Transaction execution has failed:\n' +
        `0: Error in the contract class constructor (contract address: ${hex64(address)}, class hash: ${hex64(ch)}, selector: UNKNOWN):\n` +
        `${taken}\n`,
    );
  });
});
