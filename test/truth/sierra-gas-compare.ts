/**
 * Field-by-field comparison of our call trees with blockifier's (sierra-gas.ts `Outcome`s).
 * A difference is keyed `<scenario>/<call label>@<version> <path> <field>`, the path naming the
 * inner call (`.inner[0].inner[1]`), so that the known list (known-sierra-gas-differences.ts)
 * can name each one exactly.
 */
import type { CallNode, Outcome } from './sierra-gas';

export interface GasDifference {
  key: string;
  ours: string;
  blockifier: string;
}

export interface Tally {
  /** Call nodes compared (every call of every tree, both sides present). */
  calls: number;
  /** Of those, the ones whose gas_consumed is equal. */
  gasEqual: number;
  differences: GasDifference[];
}

const FIELDS = [
  'contract',
  'selector',
  'entryPointType',
  'callType',
  'caller',
  'trackedResource',
  'gasConsumed',
  'failed',
] as const;

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function compareNode(ours: CallNode, theirs: CallNode, path: string, t: Tally, at: string): void {
  const diff = (field: string, a: unknown, b: unknown) => {
    if (show(a) !== show(b))
      t.differences.push({ key: `${at} ${path} ${field}`, ours: show(a), blockifier: show(b) });
  };
  t.calls++;
  if (ours.gasConsumed === theirs.gasConsumed) t.gasEqual++;
  for (const f of FIELDS) diff(f, ours[f], theirs[f]);
  diff('retdata', ours.retdata, theirs.retdata);
  // A failed top-level call's events and messages are never observable: blockifier's
  // `CallEntryPoint::execute` returns them in the CallInfo, but a transaction whose execute fails
  // is reverted and reports no execute call info (blockifier 0.20.0-rc.0
  // src/transaction/account_transaction.rs `run_revertible`); an inner failed call's are cleared
  // by its caller (src/execution/syscalls/syscall_base.rs `execute_inner_call`), as ours are.
  const unobservable = path === '$' && ours.failed && theirs.failed;
  if (!unobservable) {
    diff('events', ours.events, theirs.events);
    diff('messages', ours.messages, theirs.messages);
  }
  diff('inner.length', ours.inner.length, theirs.inner.length);
  const n = Math.min(ours.inner.length, theirs.inner.length);
  for (let i = 0; i < n; i++)
    compareNode(ours.inner[i], theirs.inner[i], `${path}.inner[${i}]`, t, at);
}

/**
 * blockifier's unrecoverable error is its annotated error stack; ours is the innermost message.
 * They agree when blockifier's text contains ours.
 */
function sameError(ours: string, theirs: string): boolean {
  return ours.length > 0 && theirs.includes(ours.trim());
}

export function compareOutcomes(
  ours: Outcome[],
  theirs: Outcome[],
  at: (i: number) => string,
  t: Tally,
): void {
  ours.forEach((o, i) => {
    const b = theirs[i];
    if ('call' in o && 'call' in b) return compareNode(o.call, b.call, '$', t, at(i));
    const oe = 'error' in o ? o.error : '(no error)';
    const be = 'error' in b ? b.error : '(no error)';
    if ('error' in o && 'error' in b && sameError(oe, be)) return;
    t.differences.push({ key: `${at(i)} $ outcome`, ours: oe, blockifier: be.slice(0, 400) });
  });
}

export const newTally = (): Tally => ({ calls: 0, gasEqual: 0, differences: [] });
