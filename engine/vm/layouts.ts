/**
 * cairo-run layouts: which builtins each one provides. A non-proof run of a Cairo 0 program needs
 * its `%builtins` in the canonical order and all of them in the layout. Source: lambdaclass/cairo-vm
 * `vm/src/types/instance_definitions/builtins_instance_def.rs` (builtin presence per layout) and
 * `vm/src/vm/runners/cairo_runner.rs` (`ORDERED_BUILTIN_LIST`, `initialize_builtins`), commit
 * 3f87626. Ratios and cell budgets (proof-mode matters) are not modelled. `dynamic` takes its
 * builtin ratios from a parameter file in cairo-vm; here it allows every builtin.
 */
import { VmError } from './errors';
import { BUILTIN_NAMES } from './builtins';

/**
 * The canonical builtin order (cairo-vm `ORDERED_BUILTIN_LIST`): the VM's builtin list, which is
 * kept in that order, without segment_arena (a Cairo 1 pseudo-builtin no layout lists).
 */
export const ORDERED_BUILTINS: readonly string[] = BUILTIN_NAMES.filter(
  (b) => b !== 'segment_arena',
);

const SMALL = ['output', 'pedersen', 'range_check', 'ecdsa'];
const RECURSIVE = ['output', 'pedersen', 'range_check', 'bitwise'];
const STARKNET = ['output', 'pedersen', 'range_check', 'ecdsa', 'bitwise', 'ec_op', 'poseidon'];
const STWO = [
  'output',
  'pedersen',
  'range_check',
  'bitwise',
  'poseidon',
  'range_check96',
  'add_mod',
  'mul_mod',
];

export const LAYOUTS: Record<string, readonly string[]> = {
  plain: [],
  small: SMALL,
  dex: SMALL,
  recursive: RECURSIVE,
  starknet: STARKNET,
  starknet_with_keccak: [...STARKNET.slice(0, 6), 'keccak', 'poseidon'],
  recursive_large_output: [...RECURSIVE, 'poseidon'],
  recursive_with_poseidon: [...RECURSIVE, 'poseidon'],
  all_solidity: ['output', 'pedersen', 'range_check', 'ecdsa', 'bitwise', 'ec_op'],
  all_cairo: [...ORDERED_BUILTINS],
  all_cairo_stwo: [...STWO.slice(0, 4), 'ec_op', ...STWO.slice(4)],
  stwo_no_ecop: STWO,
  perpetual: SMALL,
  dex_with_bitwise: [...SMALL, 'bitwise'],
  dynamic: [...ORDERED_BUILTINS],
};

/** Throws a `Program` VmError when `builtins` are out of order or not all in the layout. */
export function checkLayout(layout: string, builtins: readonly string[]): void {
  const have = LAYOUTS[layout];
  if (!have) throw new VmError('Program', `unknown layout '${layout}'`);
  let last = -1;
  for (const b of builtins) {
    const i = ORDERED_BUILTINS.indexOf(b);
    if (i < 0) throw new VmError('Program', `unknown builtin '${b}'`);
    if (i <= last)
      throw new VmError(
        'Program',
        `builtins out of order: expected ${ORDERED_BUILTINS.join(', ')}`,
      );
    last = i;
  }
  const missing = builtins.filter((b) => !have.includes(b));
  if (missing.length)
    throw new VmError(
      'Program',
      `layout '${layout}' has no ${missing.join(', ')} builtin (it has: ${have.join(', ') || 'none'})`,
    );
}
