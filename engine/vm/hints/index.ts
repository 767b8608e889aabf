/**
 * Registry of Cairo 1 hints by name (CoreHint, DeprecatedHint and StarknetHint of cairo-lang-casm).
 * `compileHint` turns one JSON hint object (`{ "Name": { fields } }`) into a closure run by the VM.
 */
import { VmError } from '../errors';
import type { HintFn } from '../vm';
import { callSyscall } from '../syscall';
import * as basic from './basic';
import * as dict from './dict';
import { randomEcPoint, fieldSqrt } from './ec';
import { evalCircuit } from './circuit';
import { resVal } from './operands';
import { addEcdsaSignature } from './ecdsa';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Compiler = (fields: any) => HintFn;

export const HINTS: Record<string, Compiler> = {
  AllocSegment: basic.allocSegment,
  TestLessThan: basic.testLessThan,
  TestLessThanOrEqual: basic.testLessThanOrEqual,
  TestLessThanOrEqualAddress: basic.testLessThanOrEqualAddress,
  WideMul128: basic.wideMul128,
  DivMod: basic.divMod,
  Uint256DivMod: basic.uint256DivMod,
  Uint512DivModByUint256: basic.uint512DivModByUint256,
  SquareRoot: basic.squareRoot,
  Uint256SquareRoot: basic.uint256SquareRoot,
  LinearSplit: basic.linearSplit,
  AllocConstantSize: basic.allocConstantSize,
  U256InvModN: basic.u256InvModN,
  DebugPrint: basic.debugPrint,
  AllocFelt252Dict: dict.allocFelt252Dict,
  Felt252DictEntryInit: dict.felt252DictEntryInit,
  Felt252DictEntryUpdate: dict.felt252DictEntryUpdate,
  GetSegmentArenaIndex: dict.getSegmentArenaIndex,
  InitSquashData: dict.initSquashData,
  GetCurrentAccessIndex: dict.getCurrentAccessIndex,
  ShouldSkipSquashLoop: dict.shouldSkipSquashLoop,
  GetCurrentAccessDelta: dict.getCurrentAccessDelta,
  ShouldContinueSquashLoop: dict.shouldContinueSquashLoop,
  GetNextDictKey: dict.getNextDictKey,
  AssertLeFindSmallArcs: dict.assertLeFindSmallArcs,
  AssertLeIsFirstArcExcluded: dict.assertLeIsFirstArcExcluded,
  AssertLeIsSecondArcExcluded: dict.assertLeIsSecondArcExcluded,
  RandomEcPoint: randomEcPoint,
  FieldSqrt: fieldSqrt,
  EvalCircuit: evalCircuit,
  // DeprecatedHint
  AssertCurrentAccessIndicesIsEmpty: dict.assertCurrentAccessIndicesIsEmpty,
  AssertAllAccessesUsed: dict.assertAllAccessesUsed,
  AssertAllKeysUsed: dict.assertAllKeysUsed,
  AssertLeAssertThirdArcExcluded: dict.assertLeAssertThirdArcExcluded,
  AssertLtAssertValidInput: dict.assertLtAssertValidInput,
  Felt252DictRead: dict.felt252DictRead,
  Felt252DictWrite: dict.felt252DictWrite,
  // StarknetHint
  SystemCall: (f) => (vm) => callSyscall(vm, resVal(vm, f.system)),
  // Project extension (see hints/ecdsa.ts): Cairo 0's ecdsa_builtin.add_signature
  AddEcdsaSignature: addEcdsaSignature,
};

export function hintName(hint: unknown): string {
  if (hint && typeof hint === 'object') {
    const k = Object.keys(hint);
    if (k.length === 1) return k[0];
  }
  return JSON.stringify(hint);
}

/** Compile a hint; unknown hints compile to a closure that fails naming the hint (and the pc). */
export function compileHint(hint: unknown): { name: string; fn: HintFn } {
  const name = hintName(hint);
  const c = HINTS[name];
  if (!c)
    return {
      name,
      fn: () => {
        throw new VmError('UnknownHint', `unknown hint '${name}'`);
      },
    };
  const fields = (hint as Record<string, unknown>)[name];
  // The deprecated/Starknet hints are wrapped in the Rust enum form in some JSON writers.
  return { name, fn: c(fields) };
}
