'use client';

import { useRun } from '@/lib/stores/run';
import { useBlock } from '@/lib/stores/block';
import { useTheme } from '@/lib/stores/theme';
import { download, graphSvg, metricsCsv, runToJson, timelineSvg } from '@/lib/export/export';

const btn =
  'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800';

function canvasPng(testId: string, name: string) {
  const c = document.querySelector<HTMLCanvasElement>(`[data-testid=${testId}]`);
  c?.toBlob((b) => b && download(name, b));
}

export function ExportMenu() {
  const current = useRun((s) => s.current);
  const compare = useRun((s) => s.compare);
  const summary = useBlock((s) => s.summary);
  const theme = useTheme((s) => s.theme);
  const base = summary?.presetId ?? 'block';
  const off = !current;
  return (
    <nav aria-label="Export" className="flex flex-wrap items-center gap-1">
      <span className="text-xs text-slate-500 dark:text-slate-400">Export</span>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-json"
        onClick={() =>
          current && download(`${base}-run.json`, runToJson(current, summary), 'application/json')
        }
      >
        JSON
      </button>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-csv"
        onClick={() =>
          current &&
          download(
            `${base}-metrics.csv`,
            metricsCsv([current.metrics, ...(compare ? [compare.metrics] : [])]),
            'text/csv',
          )
        }
      >
        CSV
      </button>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-timeline-svg"
        onClick={() =>
          current && download(`${base}-timeline.svg`, timelineSvg(current, theme), 'image/svg+xml')
        }
      >
        Timeline SVG
      </button>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-timeline-png"
        onClick={() => canvasPng('timeline-canvas', `${base}-timeline.png`)}
      >
        PNG
      </button>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-graph-svg"
        onClick={() =>
          current && download(`${base}-graph.svg`, graphSvg(current, theme), 'image/svg+xml')
        }
      >
        Graph SVG
      </button>
      <button
        type="button"
        className={btn}
        disabled={off}
        data-testid="export-graph-png"
        onClick={() => canvasPng('graph-canvas', `${base}-graph.png`)}
      >
        PNG
      </button>
      <button
        type="button"
        className={btn}
        data-testid="copy-link"
        onClick={() => void navigator.clipboard?.writeText(window.location.href).catch(() => {})}
        title="Copy a link that reopens this preset with these parameters"
      >
        Copy link
      </button>
    </nav>
  );
}
