'use client';

import { useState } from 'react';
import * as d3 from 'd3';
import { VARIANTS, type Variant } from '@/engine/stm/types';
import { useRun } from '@/lib/stores/run';
import { sweepCutText } from '@/lib/block-end';
import type { SweepSeries } from '@/lib/engine-worker/protocol';
import { useRunSettings, SHORT_VARIANT_LABELS } from '@/lib/stores/run-settings';
import { EDGE_COLORS } from './DependencyGraph';

const W = 320;
const H = 180;
const M = { l: 34, r: 8, t: 8, b: 26 };

/** Speedup vs cores for the chosen variants, computed in the worker with a progress bar. */
export function SpeedupChart() {
  const sweep = useRun((s) => s.sweep);
  const progress = useRun((s) => s.sweepProgress);
  const err = useRun((s) => s.sweepError);
  const runSweep = useRun((s) => s.runSweep);
  const current = useRun((s) => s.current);
  const settings = useRunSettings();
  const [chosen, setChosen] = useState<Variant[]>(['block-stm', 'naive', 'oracle']);
  const maxCores = Math.max(2, settings.cores);
  const all = sweep?.flatMap((s) => s.points) ?? [];
  const x = d3
    .scaleLinear()
    .domain([1, d3.max(all, (p) => p.cores) ?? maxCores])
    .range([M.l, W - M.r]);
  const y = d3
    .scaleLinear()
    .domain([0, Math.max(1, d3.max(all, (p) => p.speedup) ?? 1)])
    .nice()
    .range([H - M.b, M.t]);
  const line = d3
    .line<{ cores: number; speedup: number }>()
    .x((p) => x(p.cores))
    .y((p) => y(p.speedup));
  return (
    <section aria-label="Speedup versus cores" className="flex flex-col gap-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">Speedup vs cores (1…{maxCores})</span>
        {VARIANTS.filter((v) => v !== 'sequential').map((v) => (
          <label key={v} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={chosen.includes(v)}
              onChange={(e) =>
                setChosen((c) => (e.target.checked ? [...c, v] : c.filter((x) => x !== v)))
              }
            />
            {SHORT_VARIANT_LABELS[v]}
          </label>
        ))}
        <button
          type="button"
          data-testid="sweep"
          disabled={!!progress || chosen.length === 0}
          onClick={() =>
            // the run on screen gives the sweep its cost model, seed and block capacity
            runSweep(
              chosen,
              maxCores,
              current?.params ?? {
                variant: settings.variant,
                cores: settings.cores,
                costModel: settings.costModel,
                seed: settings.seed,
              },
            )
          }
          className="rounded bg-slate-700 px-2 py-0.5 text-white disabled:opacity-40"
        >
          Compute
        </button>
      </div>
      {progress && (
        <progress
          aria-label="Sweep progress"
          value={progress.done}
          max={progress.total}
          className="h-2 w-full accent-blue-500"
        />
      )}
      {err && (
        <p role="alert" className="text-red-600">
          {err}
        </p>
      )}
      {sweep && <SweepCut sweep={sweep} />}
      {sweep && (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          className="w-full max-w-md"
          data-testid="speedup-chart"
          role="img"
          aria-label="Speedup versus number of cores"
        >
          {y.ticks(4).map((t) => (
            <g key={t}>
              <line
                x1={M.l}
                x2={W - M.r}
                y1={y(t)}
                y2={y(t)}
                className="stroke-slate-200 dark:stroke-slate-800"
              />
              <text
                x={M.l - 4}
                y={y(t)}
                textAnchor="end"
                dominantBaseline="middle"
                className="fill-slate-500"
              >
                {t}
              </text>
            </g>
          ))}
          {x.ticks(6).map((t) => (
            <text key={t} x={x(t)} y={H - M.b + 12} textAnchor="middle" className="fill-slate-500">
              {t}
            </text>
          ))}
          <text x={(W + M.l) / 2} y={H - 2} textAnchor="middle" className="fill-slate-500">
            cores
          </text>
          {sweep.map((s, i) => (
            <g key={s.variant}>
              <path d={line(s.points) ?? ''} fill="none" stroke={EDGE_COLORS[i]} strokeWidth={2} />
              <text x={M.l + 4} y={M.t + 10 + i * 12} fill={EDGE_COLORS[i]}>
                {SHORT_VARIANT_LABELS[s.variant]}
              </text>
            </g>
          ))}
        </svg>
      )}
    </section>
  );
}

/** With a block capacity: where the bouncer cut the block in the sweep's runs. */
function SweepCut({ sweep }: { sweep: SweepSeries[] }) {
  const cut = sweepCutText(sweep);
  return cut ? (
    <p data-testid="sweep-cut" className="text-slate-600 dark:text-slate-300">
      {cut}
    </p>
  ) : null;
}
