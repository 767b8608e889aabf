'use client';

import { useMemo } from 'react';
import { usePlayback, useShownTime } from '@/lib/stores/playback';
import { useBlock } from '@/lib/stores/block';
import { narrate } from '@/lib/narration';
import { haltNarration } from '@/lib/block-end';
import { shortTxLabel } from '@/lib/format';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import type { LogModel } from '@/lib/timeline-model';

export function Teaching({ run, model }: { run: RunPayload; model: LogModel }) {
  const time = useShownTime();
  const marks = usePlayback((s) => s.marks);
  const step = usePlayback((s) => s.step);
  const summary = useBlock((s) => s.summary);
  const sentences = useMemo(() => {
    const name = (tx: number) => shortTxLabel(summary, tx);
    const out = narrate(model, name, (c) => run.cellNames[c] ?? run.log.cells[c], time);
    const halt = haltNarration(run.metrics, time, name);
    return halt ? [...out, halt] : out;
  }, [model, summary, run, time]);
  let idx = 0;
  for (let i = 0; i < marks.length; i++) if (marks[i] <= time + 1e-9) idx = i;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="teaching">
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={() => step(-1)}
          className="rounded border border-slate-300 px-2 dark:border-slate-700"
          aria-label="Previous step"
        >
          ← Prev
        </button>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          step {idx} / {Math.max(0, marks.length - 1)}
        </span>
        <button
          type="button"
          onClick={() => step(1)}
          className="rounded border border-slate-300 px-2 dark:border-slate-700"
          aria-label="Next step"
          data-testid="teach-next"
        >
          Next →
        </button>
      </div>
      <ul aria-live="polite" className="flex flex-col gap-1.5" data-testid="narration">
        {sentences.map((s, i) => (
          <li key={i} className="rounded bg-slate-100 px-2 py-1 leading-snug dark:bg-slate-800/70">
            {s}
          </li>
        ))}
      </ul>
      {summary?.txLabels && summary.txCount <= 12 && (
        <ul className="text-xs text-slate-500 dark:text-slate-400">
          {summary.txLabels.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
