/**
 * The one hint a deprecated contract adds to the common library's: every syscall of cairo-lang's
 * `starkware/starknet/common/syscalls.cairo` is
 * `syscall_handler.<name>(segments=segments, syscall_ptr=ids.syscall_ptr)`. As in blockifier
 * (crates/blockifier/src/execution/deprecated_syscalls/hint_processor.rs `execute_hint` →
 * `execute_next_deprecated_syscall`), the name in the hint text does not matter: the selector
 * written at the syscall pointer says which syscall it is. The handler of the running call is in
 * `vm.ctx` (the class's compiled hints are shared by every run).
 */
import type { Cairo0Hint, HintContext } from '../../vm/hints/cairo0/index';
import type { VirtualMachine } from '../../vm/vm';
import { storageHint } from './storage-hints';

export const SYSCALL_HANDLER_KEY = 'starknet.deprecatedSyscalls';

export interface DeprecatedSyscallHost {
  /** Serve the request at `syscallPtr` (an encoded relocatable). */
  serve(vm: VirtualMachine, syscallPtr: number): void;
}

const SYSCALL_HINT =
  /^syscall_handler\.[a-z_0-9]+\(segments=segments, syscall_ptr=ids\.syscall_ptr\)$/;

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
  return SYSCALL_HINT.test(code.trim()) ? serveSyscall : storageHint(code);
}
