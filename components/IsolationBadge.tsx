'use client';

import { useEffect } from 'react';
import { probeIsolation } from '@/lib/isolation';
import { useEnvironment } from '@/lib/stores/environment';

/** Tells the user whether real parallel runs (Web Workers sharing memory) are possible here. */
export function IsolationBadge() {
  const isolation = useEnvironment((s) => s.isolation);
  const setIsolation = useEnvironment((s) => s.setIsolation);

  useEffect(() => {
    let alive = true;
    probeIsolation().then((s) => alive && setIsolation(s));
    return () => {
      alive = false;
    };
  }, [setIsolation]);

  if (!isolation) {
    return (
      <span
        data-testid="isolation"
        data-state="probing"
        className="rounded-full bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800"
      >
        checking workers…
      </span>
    );
  }
  const ok = isolation.pageIsolated && isolation.workerIsolated && isolation.sharedMemory;
  return (
    <span
      data-testid="isolation"
      data-state={ok ? 'isolated' : 'not-isolated'}
      data-page-isolated={String(isolation.pageIsolated)}
      data-worker-isolated={String(isolation.workerIsolated)}
      data-shared-memory={String(isolation.sharedMemory)}
      title={isolation.error ?? 'Cross-origin isolated: workers share memory with the page'}
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${
        ok
          ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200'
          : 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100'
      }`}
    >
      {ok
        ? `Parallel workers ready · ${isolation.hardwareConcurrency} cores`
        : `Simulation only: ${isolation.error ?? 'workers cannot share memory here'}`}
    </span>
  );
}
