'use client';
/**
 * A small standalone page that runs one real parallel Block-STM run (2 Web Workers by default)
 * on a button click and shows the result: wall time, events, the state hashes and the check.
 * Used by the browser test (test/browser/parallel.test.ts); also a quick manual check.
 */
import { useEffect, useState } from 'react';
import {
  parallelSupport,
  runOnWorkers,
  type ParallelRunResult,
  type ParallelSupport,
} from '../../lib/parallel';

export default function ParallelCheckPage() {
  const [support, setSupport] = useState<ParallelSupport | null>(null);
  const [workers, setWorkers] = useState(2);
  const [state, setState] = useState<'idle' | 'running' | 'done' | 'error'>('idle');
  const [progress, setProgress] = useState('');
  const [result, setResult] = useState<ParallelRunResult | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const t = setTimeout(() => setSupport(parallelSupport()), 0);
    return () => clearTimeout(t);
  }, []);

  async function run() {
    setState('running');
    setResult(null);
    setError('');
    try {
      const r = await runOnWorkers(
        { kind: 'preset', id: 'p2p', params: { n: 300, accounts: 20, seed: 1 } },
        { workers, timeoutMs: 120_000 },
        (p) =>
          setProgress(
            p.phase + (p.executionIdx !== undefined ? ` ${p.executionIdx}/${p.txCount}` : ''),
          ),
      );
      setResult(r);
      setState('done');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setState('error');
    }
  }

  return (
    <main style={{ padding: 24, fontFamily: 'system-ui, sans-serif' }}>
      <h1>Real parallel run check</h1>
      <p
        data-testid="parallel-support"
        data-supported={support ? String(support.supported) : 'unknown'}
      >
        {support === null
          ? 'checking…'
          : support.supported
            ? `Cross-origin isolated: ${support.defaultWorkers} hardware threads.`
            : support.reason}
      </p>
      <label>
        Workers{' '}
        <input
          aria-label="Workers"
          type="number"
          min={1}
          max={128}
          value={workers}
          onChange={(e) => setWorkers(Math.max(1, Math.min(128, Number(e.target.value) || 1)))}
        />
      </label>{' '}
      <button
        type="button"
        data-testid="parallel-run"
        disabled={!support?.supported || state === 'running'}
        onClick={run}
      >
        Run 300 p2p transfers on real workers
      </button>
      <p data-testid="parallel-state" data-state={state}>
        {state === 'running' ? `running… ${progress}` : state}
      </p>
      {result && (
        <dl data-testid="parallel-result" data-ok={String(result.ok)}>
          <dt>Workers</dt>
          <dd data-testid="parallel-workers">{result.workers}</dd>
          <dt>Wall time</dt>
          <dd data-testid="parallel-wall">{result.wallMs.toFixed(1)} ms</dd>
          <dt>Sequential</dt>
          <dd>{result.sequentialMs?.toFixed(1)} ms</dd>
          <dt>Events</dt>
          <dd data-testid="parallel-events">{result.log.count}</dd>
          <dt>State hash (parallel / sequential)</dt>
          <dd>
            <code data-testid="parallel-hash">{result.stateHash}</code> /{' '}
            <code data-testid="sequential-hash">{result.sequentialStateHash}</code>
          </dd>
          <dt>State check</dt>
          <dd data-testid="parallel-check">
            {result.ok
              ? 'passed: same final state as the sequential run'
              : 'FAILED: the final state differs'}
          </dd>
        </dl>
      )}
      {state === 'error' && (
        <p role="alert" data-testid="parallel-error">
          {error}
        </p>
      )}
    </main>
  );
}
