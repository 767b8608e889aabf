/**
 * Emitting an event, for both syscall styles (Cairo 1 `EmitEvent` and Cairo 0 `emit_event`): the
 * per-phase event limits of the versioned constants (count, keys, data), each over-limit an
 * unrecoverable error with blockifier's text (blockifier 0.20.0-rc.0
 * `src/execution/syscalls/hint_processor.rs` `EmitEventError`, checked against the versioned
 * constants' `event_size_limit` in `src/execution/syscalls/syscall_base.rs`).
 */
import { UnrecoverableError } from './errors';
import type { CallInfo, ExecutionContext } from './execution';

export function emitEvent(
  ctx: ExecutionContext,
  call: CallInfo,
  keys: bigint[],
  data: bigint[],
): void {
  const lim = ctx.gas.eventLimits;
  const n = ctx.nEvents + 1;
  if (n > lim.maxEmittedEvents)
    throw new UnrecoverableError(
      `Exceeded the maximum number of events, number events: ${n}, max number events: ${lim.maxEmittedEvents}.`,
    );
  if (keys.length > lim.maxKeysLength)
    throw new UnrecoverableError(
      `Exceeded the maximum keys length, keys length: ${keys.length}, max keys length: ${lim.maxKeysLength}.`,
    );
  if (data.length > lim.maxDataLength)
    throw new UnrecoverableError(
      `Exceeded the maximum data length, data length: ${data.length}, max data length: ${lim.maxDataLength}.`,
    );
  call.events.push({ order: ctx.nextEvent(), from: call.contract, keys, data });
}
