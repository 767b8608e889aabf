'use client';

import { CAPACITY_PRESETS, capacityErrorText, useBlockCapacity } from '@/lib/stores/block-capacity';

const input =
  'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

/** The bouncer's block capacity for the next run: a menu of ready-made ones and the text itself. */
export function BlockCapacityControl() {
  const text = useBlockCapacity((s) => s.text);
  const setText = useBlockCapacity((s) => s.setText);
  const linkError = useBlockCapacity((s) => s.linkError);
  const error = linkError ?? capacityErrorText(text);
  const preset = CAPACITY_PRESETS.find((p) => p.text === text.trim());
  return (
    <details open={text.trim() !== '' || error !== null}>
      <summary className="cursor-pointer text-xs text-slate-500 dark:text-slate-400">
        Block capacity (the bouncer){text.trim() ? `: ${text.trim()}` : ''}
      </summary>
      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
        <select
          aria-label="Block capacity preset"
          data-testid="capacity-preset"
          value={preset ? preset.text : 'custom'}
          onChange={(e) => e.target.value !== 'custom' && setText(e.target.value)}
          className={input}
        >
          {CAPACITY_PRESETS.map((p) => (
            <option key={p.label} value={p.text}>
              {p.label}
            </option>
          ))}
          {!preset && <option value="custom">Custom</option>}
        </select>
        <input
          type="text"
          aria-label="Block capacity"
          data-testid="capacity"
          placeholder="e.g. n_txs=40,sierra_gas=5e6"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={`${input} w-64`}
        />
        <span className="text-slate-500 dark:text-slate-400">
          Blockifier halts at the commit of the first transaction that does not fit; the other
          variants run the whole block and are cut at the same point.
        </span>
      </div>
      {error && (
        <p
          role="alert"
          data-testid="capacity-error"
          className="text-xs text-red-600 dark:text-red-300"
        >
          {error}
        </p>
      )}
    </details>
  );
}
