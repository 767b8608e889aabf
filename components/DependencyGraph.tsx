'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import type { RunPayload } from '@/lib/engine-worker/protocol';
import { TX_STATE_NAMES, type LogModel } from '@/lib/timeline-model';
import { useSelection } from '@/lib/stores/selection';
import { palette, useTheme } from '@/lib/stores/theme';
import { useBlock } from '@/lib/stores/block';
import { cellLabel } from '@/lib/format';
import { useElementSize } from './useCanvas';
import { searchTransactions } from '@/lib/graph-search';
import { fitTransform, focusTransform, useGraphCanvas } from './useGraphCanvas';
import { useGraphScene, useHighlight } from './useGraphScene';

export { EDGE_COLORS } from './useGraphScene';

export function DependencyGraph({ run, model }: { run: RunPayload; model: LogModel }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(wrapRef);
  const theme = useTheme((s) => s.theme);
  const selTx = useSelection((s) => s.tx);
  const selCell = useSelection((s) => s.cell);
  const summary = useBlock((s) => s.summary);
  // search matches, kept with the graph they were found in (a new run forgets them)
  const [found, setFound] = useState<{ g: RunPayload['graph']; txs: number[] } | null>(null);
  const p = useMemo(() => palette(theme), [theme]);
  const g = run.graph;
  const matches = useMemo(() => (found?.g === g ? found.txs : []), [found, g]);
  const { scene, cellColor } = useGraphScene(g, width, height, p);
  const highlight = useHighlight(g, selTx, selCell, matches);
  const { zoomRef, zoomTo } = useGraphCanvas(canvasRef, scene, highlight, model, summary);

  const onSearch = useCallback(
    (query: string, next: boolean) => {
      const txs = searchTransactions(query, summary, g.n);
      setFound({ g, txs });
      if (!txs.length || !scene) return;
      const cur = useSelection.getState().tx;
      const at = next && cur !== null ? txs.findIndex((i) => i > cur) : 0;
      const tx = txs[at < 0 ? 0 : at];
      useSelection.getState().selectTx(tx);
      const { layout } = scene;
      const z = zoomRef.current ?? fitTransform(layout, width, height);
      zoomTo(focusTransform(layout, g.level, tx, z, width, height));
    },
    [summary, g, scene, width, height, zoomRef, zoomTo],
  );

  return (
    <div className="flex h-full min-h-0 flex-col gap-1">
      <GraphToolbar onSearch={onSearch} matches={matches.length} zoomTo={zoomTo} />
      <div ref={wrapRef} className="relative min-h-[90px] flex-1 overflow-hidden rounded">
        <canvas
          ref={canvasRef}
          data-testid="graph-canvas"
          data-matches={matches.length}
          role="img"
          aria-label={`Dependency graph: ${g.n} transactions in ${g.columns} columns, ${g.edgeFrom.length} edges; critical path ${g.criticalPath.length} transactions. Scroll to zoom, drag to pan; click a node, an edge or a dense column.`}
          className="absolute inset-0 cursor-pointer touch-none"
        />
      </div>
      <GraphLegend run={run} colors={cellColor} />
    </div>
  );
}

function GraphToolbar({
  onSearch,
  matches,
  zoomTo,
}: {
  onSearch: (q: string, next: boolean) => void;
  matches: number;
  zoomTo: (t: 'fit' | number) => void;
}) {
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const btn =
    'rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';
  return (
    <form
      className="flex flex-none items-center gap-1 text-xs"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(q, q === searched);
        setSearched(q);
      }}
    >
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="graph-search"
        aria-label="Find a transaction by index, hash, sender or contract"
        placeholder="Find tx: index, hash, sender, contract"
        className="w-56 rounded border border-slate-300 bg-transparent px-1.5 py-0.5 dark:border-slate-700"
      />
      <button type="submit" className={btn}>
        Find
      </button>
      {searched && (
        <span
          data-testid="graph-search-result"
          className="text-slate-600 dark:text-slate-300"
          aria-live="polite"
        >
          {matches === 0 ? 'no match' : `${matches} match${matches > 1 ? 'es' : ''}`}
          {matches > 1 ? ' (Enter: next)' : ''}
        </span>
      )}
      <span className="ml-auto flex gap-1">
        <button type="button" className={btn} onClick={() => zoomTo(1.6)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={btn} onClick={() => zoomTo(1 / 1.6)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className={btn} onClick={() => zoomTo('fit')} data-testid="graph-fit">
          Fit
        </button>
      </span>
    </form>
  );
}

function GraphLegend({ run, colors }: { run: RunPayload; colors: string[] }) {
  const theme = useTheme((s) => s.theme);
  const p = palette(theme);
  const selectCell = useSelection((s) => s.selectCell);
  const selCell = useSelection((s) => s.cell);
  const g = run.graph;
  const hot = selCell ? g.hotspots.find((h) => h.cell === selCell) : undefined;
  return (
    <div className="flex max-h-12 flex-wrap items-center gap-x-3 gap-y-0.5 overflow-auto text-[11px] text-slate-600 dark:text-slate-300">
      {TX_STATE_NAMES.map((s, i) => (
        <span key={s} className="inline-flex items-center gap-1">
          <span
            className="inline-block h-2.5 w-2.5 rounded-full"
            style={{ background: p.states[i] }}
          />
          {s}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <span className="inline-block h-0.5 w-4" style={{ background: p.critical }} /> critical path
      </span>
      {hot && (
        <span data-testid="graph-cell-accessors" className="inline-flex items-center gap-1">
          <span
            className="inline-block h-2.5 w-2.5 rounded-full border-2"
            style={{ borderColor: p.execute }}
          />
          {hot.readers.length} readers
          <span
            className="inline-block h-2.5 w-2.5 rounded-full border-2"
            style={{ borderColor: p.abort }}
          />
          {hot.writers.length} writers
        </span>
      )}
      {g.hotspots.slice(0, 4).map((h) => {
        const idx = g.edgeCellKeys.indexOf(h.cell);
        return (
          <button
            key={h.cell}
            type="button"
            data-testid="graph-cell"
            aria-pressed={selCell === h.cell}
            onClick={() => selectCell(selCell === h.cell ? null : h.cell)}
            className="inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100 aria-pressed:bg-slate-200 dark:hover:bg-slate-800 dark:aria-pressed:bg-slate-700"
            title={`${h.cell}: ${h.edges} dependency edges, ${h.readers.length} readers, ${h.writers.length} writers. Click to highlight them.`}
          >
            <span
              className="inline-block h-0.5 w-4"
              style={{ background: colors[idx] ?? p.muted }}
            />
            {cellLabel(h.cell, h.name)} ({h.edges})
          </button>
        );
      })}
    </div>
  );
}
