'use client';

import { MAX_CORES, MIN_CORES, useRunSettings } from '@/lib/stores/run-settings';

export function CoreControl() {
  const cores = useRunSettings((s) => s.cores);
  const setCores = useRunSettings((s) => s.setCores);
  return (
    <div className="flex items-center gap-3" data-testid="core-control">
      <label htmlFor="cores-range" className="text-sm font-medium">
        Cores
      </label>
      <input
        id="cores-range"
        type="range"
        min={MIN_CORES}
        max={MAX_CORES}
        value={cores}
        onChange={(e) => setCores(Number(e.target.value))}
        className="w-40 accent-blue-500"
        aria-label="Number of cores (slider)"
      />
      <input
        type="number"
        min={MIN_CORES}
        max={MAX_CORES}
        value={cores}
        onChange={(e) => setCores(Number(e.target.value))}
        className="w-16 rounded border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
        aria-label="Number of cores"
      />
    </div>
  );
}
