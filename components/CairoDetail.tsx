'use client';

import { useEffect, useState } from 'react';
import { request } from '@/lib/engine-worker/client';
import type { TxDetailReply } from '@/lib/engine-worker/protocol';
import type { CallDetail } from '@/engine/starknet/describe';
import { fmtNum, shortHex } from '@/lib/format';

/**
 * What a transaction did on the Cairo VM (asked from the engine worker): its calls as a tree with
 * steps, builtins, events and return data, and each entry point's CASM with the hints at each pc.
 */
export function CairoDetail({ tx, runKey }: { tx: number; runKey: unknown }) {
  const [state, setState] = useState<{
    tx: number;
    runKey: unknown;
    reply: TxDetailReply | { error: string };
  } | null>(null);
  useEffect(() => {
    let live = true;
    request({ type: 'txDetail', tx }).then(
      (reply) => live && setState({ tx, runKey, reply }),
      (e: Error) => live && setState({ tx, runKey, reply: { error: e.message } }),
    );
    return () => {
      live = false;
    };
  }, [tx, runKey]);
  if (!state || state.tx !== tx || state.runKey !== runKey) {
    return (
      <p className="text-xs text-slate-500 dark:text-slate-400">Loading the Cairo VM detail…</p>
    );
  }
  const r = state.reply;
  if ('error' in r) {
    return (
      <p role="alert" className="text-xs text-red-700 dark:text-red-400">
        Cairo VM detail unavailable: {r.error}
      </p>
    );
  }
  if ('none' in r) {
    return (
      <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="cairo-none">
        Cairo instructions: {r.none}
      </p>
    );
  }
  const d = r.detail;
  return (
    <section
      className="flex flex-col gap-1 text-xs"
      data-testid="cairo-detail"
      aria-label="Execution on the Cairo VM"
    >
      <h4 className="font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        On the Cairo VM (committed incarnation)
      </h4>
      <p>
        <span data-testid="cairo-steps" data-value={d.steps}>
          {fmtNum(d.steps)} steps
        </span>{' '}
        · fee {fmtNum(Number(d.fee))}
        {d.nonce !== undefined && ` · nonce ${d.nonce}`}
        {d.rejected && (
          <span className="text-red-700 dark:text-red-400"> · rejected: {d.rejected}</span>
        )}
        {d.reverted && (
          <span className="text-amber-700 dark:text-amber-400">
            {' '}
            · reverted{d.revertReason ? `: ${d.revertReason}` : ''}
          </span>
        )}
      </p>
      <ul className="flex flex-col gap-1">
        {d.phases.map((p) => (
          <li key={p.phase}>
            <span className="font-medium">{p.phase}</span>
            <CallNode call={p.call} depth={0} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function CallNode({ call, depth }: { call: CallDetail; depth: number }) {
  const fn = call.selectorName ?? shortHex(call.selector, 8);
  const builtins = Object.entries(call.builtins).filter(([, n]) => n > 0);
  return (
    <div
      className={`border-l border-slate-300 pl-2 dark:border-slate-600 ${depth > 0 ? 'ml-2' : ''}`}
      data-testid="cairo-call"
    >
      <p className="font-mono">
        {call.contractName}.<span className="text-blue-700 dark:text-blue-300">{fn}</span>(
        {call.calldata
          .slice(0, 6)
          .map((v) => shortHex(v, 8))
          .join(', ')}
        {call.calldata.length > 6 ? `, … ${call.calldata.length - 6} more` : ''}) →{' '}
        {call.failed ? (
          <span className="text-red-700 dark:text-red-400">
            failed{call.error ? `: ${call.error}` : ''}
          </span>
        ) : (
          `[${call.retdata
            .slice(0, 4)
            .map((v) => shortHex(v, 8))
            .join(', ')}${call.retdata.length > 4 ? ', …' : ''}]`
        )}
      </p>
      <p className="text-slate-500 dark:text-slate-400">
        {fmtNum(call.steps)} steps · gas {fmtNum(Number(call.gasConsumed))}
        {builtins.length > 0 && ` · ${builtins.map(([b, n]) => `${b} ×${n}`).join(', ')}`}
        {call.events.length > 0 &&
          ` · ${call.events.length} event${call.events.length > 1 ? 's' : ''}`}
      </p>
      {call.events.length > 0 && (
        <ul className="pl-2 font-mono text-slate-600 dark:text-slate-300">
          {call.events.map((e, i) => (
            <li key={i}>
              event keys [{e.keys.map((k) => shortHex(k, 8)).join(', ')}] data [
              {e.data.map((k) => shortHex(k, 8)).join(', ')}]
            </li>
          ))}
        </ul>
      )}
      {call.ran && (
        <details>
          <summary className="cursor-pointer text-slate-500 dark:text-slate-400">
            Instructions it ran ({fmtNum(call.ran.distinct)} distinct, {fmtNum(call.steps)} steps)
          </summary>
          <pre
            className="max-h-64 overflow-auto rounded bg-slate-100 p-1 leading-tight dark:bg-slate-800"
            data-testid="cairo-ran"
            tabIndex={0}
            aria-label={`Instructions ${fn} ran`}
          >
            {call.ran.lines
              .map(
                (l) =>
                  `${l.gap ? '      …\n' : ''}${String(l.pc).padStart(5)} ${`×${l.hits}`.padStart(5)}  ${l.text}${l.hints.length ? `   %{ ${l.hints.join('; ')} %}` : ''}`,
              )
              .join('\n')}
            {call.ran.truncated ? '\n  …' : ''}
          </pre>
        </details>
      )}
      {call.code && (
        <details>
          <summary className="cursor-pointer text-slate-500 dark:text-slate-400">
            CASM of {fn} from its entry point (pc {call.code.entryPc}, {call.code.lines.length}
            {call.code.truncated ? '+' : ''} instructions)
          </summary>
          <pre
            className="max-h-64 overflow-auto rounded bg-slate-100 p-1 leading-tight dark:bg-slate-800"
            data-testid="cairo-code"
            tabIndex={0}
            aria-label={`CASM of ${fn}`}
          >
            {call.code.lines
              .map(
                (l) =>
                  `${String(l.pc).padStart(5)}  ${l.text}${l.hints.length ? `   %{ ${l.hints.join('; ')} %}` : ''}`,
              )
              .join('\n')}
            {call.code.truncated ? '\n  …' : ''}
          </pre>
        </details>
      )}
      {call.inner.map((c, i) => (
        <CallNode key={i} call={c} depth={depth + 1} />
      ))}
    </div>
  );
}
