/**
 * The one hint a deprecated contract adds to the common library's: every syscall of cairo-lang's
 * `starkware/starknet/common/syscalls.cairo` is
 * `syscall_handler.<name>(segments=segments, syscall_ptr=ids.syscall_ptr)`. As in blockifier
 * (crates/blockifier/src/execution/deprecated_syscalls/hint_processor.rs `execute_hint` →
 * `execute_next_deprecated_syscall`), the hint text must be one of the known ones, but which
 * syscall runs is said by the selector written at the syscall pointer, not by the hint's name.
 * The handler of the running call is in `vm.ctx` (the class's compiled hints are shared by every
 * run).
 */
import type { Cairo0Hint, HintContext } from '../../vm/hints/cairo0/index';
import type { VirtualMachine } from '../../vm/vm';
import { storageHint } from './storage-hints';

export const SYSCALL_HANDLER_KEY = 'starknet.deprecatedSyscalls';

export interface DeprecatedSyscallHost {
  /** Serve the request at `syscallPtr` (an encoded relocatable). */
  serve(vm: VirtualMachine, syscallPtr: number): void;
}

/** blockifier's SYSCALL_HINTS (crates/blockifier/src/execution/hint_code.rs): these names only. */
const SYSCALL_HINT_NAMES = [
  'call_contract',
  'delegate_call',
  'delegate_l1_handler',
  'deploy',
  'emit_event',
  'get_block_number',
  'get_block_timestamp',
  'get_caller_address',
  'get_contract_address',
  'get_sequencer_address',
  'get_tx_info',
  'get_tx_signature',
  'library_call',
  'library_call_l1_handler',
  'replace_class',
  'send_message_to_l1',
  'storage_read',
  'storage_write',
];
const SYSCALL_HINTS = new Set(
  SYSCALL_HINT_NAMES.map(
    (n) => `syscall_handler.${n}(segments=segments, syscall_ptr=ids.syscall_ptr)`,
  ),
);

function serveSyscall(c: HintContext): void {
  const host = c.vm.ctx[SYSCALL_HANDLER_KEY] as DeprecatedSyscallHost | undefined;
  if (!host) throw new Error('a Starknet syscall hint ran with no syscall handler');
  host.serve(c.vm, c.ids.ptr('syscall_ptr'));
}

/**
 * `ExtraCairo0Hints` for engine/vm: the syscall hint, and the Starknet storage library's hints
 * (storage-hints.ts), by their code text.
 */
export function syscallHint(code: string): Cairo0Hint | undefined {
  return SYSCALL_HINTS.has(code.trim()) ? serveSyscall : storageHint(code);
}
