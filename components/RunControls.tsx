'use client';

import { VARIANTS, type CostModel, type Variant } from '@/engine/stm/types';
import { resolveCostModel } from '@/engine/stm';
import { useRunSettings, VARIANT_LABELS } from '@/lib/stores/run-settings';
import { useRun } from '@/lib/stores/run';
import { useBlock } from '@/lib/stores/block';
import { useEnvironment } from '@/lib/stores/environment';
import { CoreControl } from './CoreControl';
import { BlockCapacityControl } from './BlockCapacityControl';

const COST_FIELDS: [keyof CostModel, string][] = [
  ['scheduleOverhead', 'Schedule overhead'],
  ['readOverhead', 'Per read'],
  ['writeOverhead', 'Per write'],
  ['validateBase', 'Validation base'],
  ['validatePerRead', 'Validation per read'],
  ['abortCost', 'Abort'],
  ['dependencyAbortCost', 'Dependency abort'],
  ['commitCost', 'Commit'],
  ['jitter', 'Jitter (0…1)'],
];

const select =
  'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

export function VariantSelect({
  value,
  onChange,
  label,
}: {
  value: Variant;
  onChange: (v: Variant) => void;
  label: string;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as Variant)}
      className={select}
    >
      {VARIANTS.map((v) => (
        <option key={v} value={v}>
          {VARIANT_LABELS[v]}
        </option>
      ))}
    </select>
  );
}

export function RunControls({ onRun }: { onRun: () => void }) {
  const s = useRunSettings();
  const running = useRun((r) => r.running);
  const error = useRun((r) => r.error);
  const hasBlock = useBlock((b) => b.summary !== null);
  const cost = resolveCostModel(s.costModel);
  const support = useEnvironment((e) => e.parallel);
  const isPreset = useBlock((b) => b.presetId !== null);
  const executable = useBlock((b) => b.summary?.executable);
  const workersOk = !!support && hasBlock;
  const modeNote = !support
    ? 'Checking whether real parallel runs are possible…'
    : !support.supported
      ? `${support.reason} Mode “real workers” therefore times the block on a single worker, in order (no shared memory is needed for that), next to the simulation.`
      : s.mode === 'workers'
        ? `Run executes Block-STM on ${s.workers} Web Worker${s.workers > 1 ? 's' : ''} sharing memory, then once on 1 worker as a baseline, next to the simulation of ${s.workers} cores. Block-STM and blockifier run on real threads (another variant runs as Block-STM there).${isPreset ? '' : importedNote(executable)}`
        : `Real workers available: ${support.defaultWorkers} hardware threads.`;
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <CoreControl />
        <label className="flex items-center gap-2">
          <span className="font-medium">Variant</span>
          <VariantSelect label="Variant" value={s.variant} onChange={s.setVariant} />
        </label>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Mode</legend>
          <span className="font-medium" aria-hidden="true">
            Mode
          </span>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="mode"
              data-testid="mode-simulated"
              checked={s.mode === 'simulated'}
              onChange={() => s.setMode('simulated')}
            />
            simulated
          </label>
          <label
            className={`flex items-center gap-1 ${workersOk ? '' : 'text-slate-500 dark:text-slate-400'}`}
          >
            <input
              type="radio"
              name="mode"
              data-testid="mode-workers"
              disabled={!workersOk}
              checked={s.mode === 'workers'}
              onChange={() => s.setMode('workers')}
              aria-describedby="mode-note"
            />
            real workers
          </label>
          {s.mode === 'workers' && workersOk && support?.supported && (
            <label className="flex items-center gap-1">
              <input
                type="number"
                aria-label="Number of workers"
                data-testid="workers"
                min={1}
                max={128}
                value={s.workers}
                onChange={(e) => s.setWorkers(Number(e.target.value))}
                className={`${select} w-16`}
              />
              workers
            </label>
          )}
        </fieldset>
        <button
          type="button"
          data-testid="run"
          disabled={!hasBlock || running}
          onClick={onRun}
          className="rounded bg-blue-600 px-4 py-1.5 font-semibold text-white shadow hover:bg-blue-500 disabled:opacity-40"
        >
          {running ? 'Running…' : 'Run'}
        </button>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={s.compare}
            onChange={(e) => s.setCompare(e.target.checked)}
          />
          Compare with
        </label>
        {s.compare && (
          <span className="flex items-center gap-2">
            <VariantSelect label="Variant B" value={s.variantB} onChange={s.setVariantB} />
            <label className="flex items-center gap-1">
              on
              <input
                type="number"
                aria-label="Cores B"
                min={1}
                max={128}
                value={s.coresB}
                onChange={(e) => s.setCoresB(Number(e.target.value))}
                className={`${select} w-16`}
              />
              cores
            </label>
          </span>
        )}
      </div>
      <p
        id="mode-note"
        data-testid="mode-note"
        className="text-xs text-slate-600 dark:text-slate-300"
      >
        {modeNote}
      </p>
      <details>
        <summary className="cursor-pointer text-xs text-slate-500 dark:text-slate-400">
          Cost model (cost units; a transfer ≈ 1,000)
        </summary>
        <div className="mt-1 grid grid-cols-3 gap-2 sm:grid-cols-5 xl:grid-cols-9">
          {COST_FIELDS.map(([k, label]) => (
            <label key={k} className="flex flex-col text-xs">
              {label}
              <input
                type="number"
                min={0}
                step={k === 'jitter' ? 0.05 : 1}
                value={cost[k]}
                aria-label={`Cost: ${label}`}
                onChange={(e) => s.setCost(k, Number(e.target.value))}
                className={`${select} w-full`}
              />
            </label>
          ))}
        </div>
      </details>
      <BlockCapacityControl />
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** How real workers run an imported block (see BlockSummary.executable). */
function importedNote(executable: { vm: number; replayed: number } | undefined): string {
  if (!executable)
    return ' An imported block is replayed from its recorded access sets on the workers too (no Cairo code to run), so the timing measures the scheduler, not contract execution. Loaded over RPC with “Exact access sets”, its contracts run on the workers’ Cairo VMs instead.';
  const { vm, replayed } = executable;
  const total = vm + replayed;
  if (vm === 0)
    return ` This block was re-executed, but none of its ${total} transactions could be reproduced: the workers replay their recorded access sets.`;
  const which = replayed
    ? `${vm} of its ${total} transactions`
    : `its ${plural(total, 'transaction')}`;
  const rest = replayed ? `; the other ${replayed} are replayed from their recorded sets` : '';
  return ` This block was re-executed, so every worker runs ${which} on its own Cairo VM from the fetched pre-state and classes${rest}.`;
}

function plural(k: number, word: string): string {
  return `${k} ${word}${k === 1 ? '' : 's'}`;
}
