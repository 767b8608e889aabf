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
  const presetId = useBlock((s) => s.presetId);
  const galleryId = useBlock((s) => s.galleryId);
  const linkable = Boolean(presetId || galleryId);
  return (
    <nav aria-label="Export" className="flex flex-wrap items-center gap-1">
      <span className="text-xs text-slate-500 dark:text-slate-400">Export</span>
      <ExportButton
        testId="export-json"
        disabled={off}
        onClick={() =>
          current && download(`${base}-run.json`, runToJson(current, summary), 'application/json')
        }
      >
        JSON
      </ExportButton>
      <ExportButton
        testId="export-csv"
        disabled={off}
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
      </ExportButton>
      <ExportButton
        testId="export-timeline-svg"
        disabled={off}
        onClick={() =>
          current && download(`${base}-timeline.svg`, timelineSvg(current, theme), 'image/svg+xml')
        }
      >
        Timeline SVG
      </ExportButton>
      <ExportButton
        testId="export-timeline-png"
        disabled={off}
        onClick={() => canvasPng('timeline-canvas', `${base}-timeline.png`)}
      >
        PNG
      </ExportButton>
      <ExportButton
        testId="export-graph-svg"
        disabled={off}
        onClick={() =>
          current && download(`${base}-graph.svg`, graphSvg(current, theme), 'image/svg+xml')
        }
      >
        Graph SVG
      </ExportButton>
      <ExportButton
        testId="export-graph-png"
        disabled={off}
        onClick={() => canvasPng('graph-canvas', `${base}-graph.png`)}
      >
        PNG
      </ExportButton>
      <ExportButton
        testId="copy-link"
        disabled={!linkable}
        onClick={() => void navigator.clipboard?.writeText(window.location.href).catch(() => {})}
        title={
          linkable
            ? 'Copy a link that reopens this preset or gallery block with these parameters'
            : 'A block opened from a file, a paste or a node has no link: export it as JSON instead'
        }
      >
        Copy link
      </ExportButton>
    </nav>
  );
}

function ExportButton(props: {
  testId: string;
  disabled?: boolean;
  title?: string;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      className={btn}
      disabled={props.disabled}
      title={props.title}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
