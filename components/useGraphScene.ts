'use client';

import { useMemo } from 'react';
import * as d3 from 'd3';
import type { GraphPayload } from '@/lib/engine-worker/protocol';
import { layoutGraph } from '@/lib/graph-layout';
import type { Palette } from '@/lib/stores/theme';
import { columnMembers, groupEdges, type Highlight, type Scene } from './graph-draw';

export const EDGE_COLORS = d3.schemeTableau10;
const EMPTY = new Set<number>();

/**
 * Everything derived from the graph (and the view's size) alone, computed once per graph and
 * view shape, off the draw path: layout, columns, edge colours and their groups.
 */
export function useGraphScene(
  g: GraphPayload,
  width: number,
  height: number,
  p: Palette,
): { scene: Scene | null; cellColor: string[] } {
  // the view's aspect, in steps of 0.05, so that resizing by a few pixels keeps the layout
  const aspect = width > 0 ? Math.round((20 * (height - 30)) / width) / 20 : 0;
  const layout = useMemo(() => layoutGraph(g.level, g.columns, g.n, aspect), [g, aspect]);
  const members = useMemo(() => columnMembers(g), [g]);
  const cellColor = useMemo(() => {
    const top = new Map<string, string>();
    g.hotspots.slice(0, EDGE_COLORS.length).forEach((h, i) => top.set(h.cell, EDGE_COLORS[i]));
    return g.edgeCellKeys.map((k) => top.get(k) ?? p.muted);
  }, [g, p]);
  const edgeGroups = useMemo(() => groupEdges(g, cellColor), [g, cellColor]);
  const onCritical = useMemo(() => {
    const s = new Uint8Array(g.n);
    for (const i of g.criticalPath) s[i] = 1;
    return s;
  }, [g]);
  const scene = useMemo<Scene | null>(
    () =>
      width && height
        ? {
            g,
            layout,
            members,
            edgeGroups,
            criticalPath: g.criticalPath,
            onCritical,
            p,
            width,
            height,
          }
        : null,
    [g, layout, members, edgeGroups, onCritical, p, width, height],
  );
  return { scene, cellColor };
}

/** What to highlight: the selected transaction, search matches, a hotspot's readers/writers. */
export function useHighlight(
  g: GraphPayload,
  selTx: number | null,
  selCell: string | null,
  matches: number[],
): Highlight {
  return useMemo<Highlight>(() => {
    const hot = selCell ? g.hotspots.find((h) => h.cell === selCell) : undefined;
    return {
      tx: selTx,
      matches: matches.length ? new Set(matches) : EMPTY,
      cellIdx: selCell ? g.edgeCellKeys.indexOf(selCell) : -1,
      readers: hot ? new Set(hot.readers) : EMPTY,
      writers: hot ? new Set(hot.writers) : EMPTY,
    };
  }, [g, selTx, selCell, matches]);
}
