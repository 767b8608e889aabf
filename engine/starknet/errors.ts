/**
 * Errors that no Cairo caller can catch.
 *
 * In blockifier only a Cairo-level failure of an inner call (a panic, and, with reverts enabled,
 * an entry point that is not found or a call without its initial budget) comes back to the caller
 * as a failed syscall it can handle. Every other error of a call or a syscall (a contract that is
 * not deployed, an undeclared class, the recursion depth, an event over the limits, an L1 address
 * of 160 bits or more, a VM error, running out of steps, ...) is not a `Revert`: it propagates
 * through every frame (crates/blockifier/src/execution/syscalls/vm_syscall_utils.rs,
 * `execute_syscall`, only turns `SelfOrRevert::Revert` into a failure response) and fails the
 * whole validate / execute phase.
 *
 * It is marked foreign (engine/vm errors.ts) so engine/vm passes it through nested runs unchanged;
 * `executeCall` turns it into a failed top-level CallInfo.
 */
import { markForeign } from '../vm/errors';

export class UnrecoverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableError';
    markForeign(this);
  }
}

/** 0x-hex padded to 64 digits, as blockifier prints addresses and class hashes ({:#066x}). */
export function hex64(v: bigint): string {
  return '0x' + v.toString(16).padStart(64, '0');
}
