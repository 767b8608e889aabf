/**
 * A tiny class in Cairo assembly for what no shared class does on a reachable path:
 *
 * - `available_gas()` returns the gas it was entered with (the gas argument at [fp-6]), i.e.
 *   what `get_available_gas` reports at the first instruction, and hands it back unspent;
 * - `meta_tx(address, selector, calldata...)` issues the MetaTxV0 syscall (empty signature) and
 *   returns the syscall's response array (the callee's retdata, or its revert reason).
 *
 * Entry layout (no builtins): [fp-6] gas, [fp-5] syscall pointer, [fp-4]/[fp-3] calldata; the
 * return is gas, syscall pointer, panic flag, result array, as Sierra's entry points return.
 * The MetaTxV0 request is selector, gas, address, entry point selector, calldata start/end,
 * signature start/end; its response gas, failure flag, retdata start/end (blockifier
 * 0.20.0-rc.0 src/execution/syscalls/vm_syscall_utils.rs, `MetaTxV0Request`).
 */
import { assemble } from '../../engine/vm/index';
import { selectorOf, shortString } from '../../engine/starknet/execution';
import type { CasmClassJson } from '../../engine/starknet/casm';

const P = 2n ** 251n + 17n * 2n ** 192n + 1n;
const hx = (v: bigint) => '0x' + v.toString(16);

const SOURCE = (metaTx: bigint) => `
available_gas:
  ap += 2;
  %{ AllocSegment dst=[fp + 0] %}
  [fp + -6] = [[fp + 0] + 0];
  [ap] = [fp + -6], ap++;
  [ap] = [fp + -5], ap++;
  [ap] = 0, ap++;
  [ap] = [fp + 0], ap++;
  [ap] = [fp + 0] + 1, ap++;
  ret;
meta_tx:
  ap += 10;
  [fp + 0] = ${metaTx};
  [fp + 0] = [[fp + -5] + 0];
  [fp + -6] = [[fp + -5] + 1];
  [fp + 1] = [[fp + -4] + 0];
  [fp + 1] = [[fp + -5] + 2];
  [fp + 2] = [[fp + -4] + 1];
  [fp + 2] = [[fp + -5] + 3];
  [fp + 3] = [fp + -4] + 2;
  [fp + 3] = [[fp + -5] + 4];
  [fp + -3] = [[fp + -5] + 5];
  [fp + -3] = [[fp + -5] + 6];
  [fp + -3] = [[fp + -5] + 7];
  %{ SystemCall system=[fp + -5] %}
  [fp + 4] = [[fp + -5] + 8];
  [fp + 5] = [[fp + -5] + 10];
  [fp + 6] = [[fp + -5] + 11];
  [ap] = [fp + 4], ap++;
  [ap] = [fp + -5] + 12, ap++;
  [ap] = 0, ap++;
  [ap] = [fp + 5], ap++;
  [ap] = [fp + 6], ap++;
  ret;
`;

type Hint = Record<string, Record<string, unknown>>;

/**
 * cairo-lang-casm's `AllocSegment { dst: CellRef }` is a bare `{register, offset}`; our assembler
 * writes it as a `Deref` operand, which our loader takes but blockifier's serde does not.
 */
function casmHints(hints: [number, Hint[]][]): [number, Hint[]][] {
  return hints.map(([pc, hs]) => [
    pc,
    hs.map((hint) => {
      const dst = hint.AllocSegment?.dst as { Deref?: unknown } | undefined;
      return dst?.Deref ? { AllocSegment: { dst: dst.Deref } } : hint;
    }),
  ]);
}

export function gasProbeClass(): CasmClassJson {
  const prog = assemble(SOURCE(shortString('MetaTxV0')));
  const ep = (name: string) => ({
    selector: hx(selectorOf(name)),
    offset: prog.labels[name],
    builtins: [],
  });
  return {
    prime: hx(P),
    compiler_version: 'stm-explorer-asm',
    bytecode: prog.bytecode.map(hx),
    hints: casmHints(prog.hints as [number, Hint[]][]) as CasmClassJson['hints'],
    entry_points_by_type: {
      EXTERNAL: [ep('available_gas'), ep('meta_tx')].sort((a, b) =>
        BigInt(a.selector) < BigInt(b.selector) ? -1 : 1,
      ),
      L1_HANDLER: [],
      CONSTRUCTOR: [],
    },
  };
}
