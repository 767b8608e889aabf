/**
 * A tiny contract class in Cairo assembly for run-contract's tx/block-info, get_block_hash and
 * L2→L1 message options: no fixture class reads block info or sends a message on a reachable path
 * (token_bridge's withdraw needs a token with permissioned_burn, which no fixture has).
 *
 * probe(n, payload...) → [block number, timestamp, sequencer, tx hash, version, nonce, chain id,
 * signature[0], resource_bounds[0].max_amount, tip, block hash of n, caller, contract] and sends
 * `payload` to L1 address 0xe1; fail(data...) panics with `data` as the panic data. Entry layout: [fp-6] gas, [fp-5] syscall ptr, [fp-4]/[fp-3] calldata.
 */
import { assemble } from '../../../engine/vm/index';
import { selectorOf, shortString } from '../../../engine/starknet/execution';
import type { CasmClassJson } from '../../../engine/starknet/casm';

const P = 2n ** 251n + 17n * 2n ** 192n + 1n;
const hx = (v: bigint) => '0x' + v.toString(16);

const SOURCE = (gei: bigint, gbh: bigint, msg: bigint) => `
probe:
  ap += 40;
  [fp + 0] = ${gei};
  [fp + 0] = [[fp + -5] + 0];
  [fp + 1] = [fp + -6];
  [fp + 1] = [[fp + -5] + 1];
  %{ SystemCall system=[fp + -5] %}
  [fp + 2] = [[fp + -5] + 4];
  [fp + 3] = [[fp + 2] + 0];
  [fp + 4] = [[fp + 2] + 1];
  [fp + 5] = [[fp + 3] + 0];
  [fp + 6] = [[fp + 3] + 1];
  [fp + 7] = [[fp + 3] + 2];
  [fp + 8] = [[fp + 4] + 5];
  [fp + 9] = [[fp + 4] + 0];
  [fp + 10] = [[fp + 4] + 7];
  [fp + 11] = [[fp + 4] + 6];
  [fp + 12] = [[fp + 4] + 3];
  [fp + 13] = [[fp + 12] + 0];
  [fp + 14] = [[fp + 4] + 8];
  [fp + 15] = [[fp + 14] + 1];
  [fp + 16] = [[fp + 4] + 10];
  [fp + 17] = ${gbh};
  [fp + 17] = [[fp + -5] + 5];
  [fp + 1] = [[fp + -5] + 6];
  [fp + 18] = [[fp + -4] + 0];
  [fp + 18] = [[fp + -5] + 7];
  %{ SystemCall system=[fp + -5] + 5 %}
  [fp + 19] = [[fp + -5] + 10];
  [fp + 20] = ${msg};
  [fp + 20] = [[fp + -5] + 11];
  [fp + 1] = [[fp + -5] + 12];
  [fp + 21] = 0xe1;
  [fp + 21] = [[fp + -5] + 13];
  [fp + 22] = [fp + -4] + 1;
  [fp + 22] = [[fp + -5] + 14];
  [fp + -3] = [[fp + -5] + 15];
  %{ SystemCall system=[fp + -5] + 11 %}
  [fp + 24] = [[fp + 2] + 2];
  [fp + 25] = [[fp + 2] + 3];
  %{ AllocSegment dst=[fp + 23] %}
  [fp + 5] = [[fp + 23] + 0];
  [fp + 6] = [[fp + 23] + 1];
  [fp + 7] = [[fp + 23] + 2];
  [fp + 8] = [[fp + 23] + 3];
  [fp + 9] = [[fp + 23] + 4];
  [fp + 10] = [[fp + 23] + 5];
  [fp + 11] = [[fp + 23] + 6];
  [fp + 13] = [[fp + 23] + 7];
  [fp + 15] = [[fp + 23] + 8];
  [fp + 16] = [[fp + 23] + 9];
  [fp + 19] = [[fp + 23] + 10];
  [fp + 24] = [[fp + 23] + 11];
  [fp + 25] = [[fp + 23] + 12];
  [ap] = [fp + -6], ap++;
  [ap] = [fp + -5] + 18, ap++;
  [ap] = 0, ap++;
  [ap] = [fp + 23], ap++;
  [ap] = [fp + 23] + 13, ap++;
  ret;
fail:
  [ap] = [fp + -6], ap++;
  [ap] = [fp + -5], ap++;
  [ap] = 1, ap++;
  [ap] = [fp + -4], ap++;
  [ap] = [fp + -3], ap++;
  ret;
`;

export function probeClass(): CasmClassJson {
  const src = SOURCE(
    shortString('GetExecutionInfo'),
    shortString('GetBlockHash'),
    shortString('SendMessageToL1'),
  );
  const prog = assemble(src);
  return {
    prime: hx(P),
    compiler_version: 'stm-explorer-asm',
    bytecode: prog.bytecode.map(hx),
    hints: prog.hints as CasmClassJson['hints'],
    entry_points_by_type: {
      EXTERNAL: [
        { selector: hx(selectorOf('probe')), offset: prog.labels.probe, builtins: [] },
        { selector: hx(selectorOf('fail')), offset: prog.labels.fail, builtins: [] },
      ].sort((a, b) => (BigInt(a.selector) < BigInt(b.selector) ? -1 : 1)),
      L1_HANDLER: [],
      CONSTRUCTOR: [],
    },
  };
}
