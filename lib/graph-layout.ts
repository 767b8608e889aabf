/**
 * Positions of the dependency graph's nodes (shared by the canvas view and the SVG export), and
 * the level-of-detail decision the canvas makes per column at each zoom.
 *
 * Columns are longest-path levels, left to right. A column's transactions are stacked, centred,
 * at the natural row height; but the layout is at most MAX_ROWS rows tall, so a column with more
 * transactions than that is squeezed into the same height (its own, smaller spacing). On screen a
 * squeezed column's nodes would overlap: it is drawn as a density bar until the zoom spreads them
 * far enough apart (`columnShowsNodes`). Small columns keep their natural spacing, so a block
 * with one huge column and many small ones stays legible.
 */
export interface GraphLayout {
  x: Float32Array;
  y: Float32Array;
  /** Node radius at zoom 1 (world units). */
  r: number;
  width: number;
  height: number;
  colW: number;
  /** Per column: transactions in it, and the vertical distance between two of them. */
  colCount: Int32Array;
  colSpacing: Float32Array;
  /** Per column: world y of its first and last transaction. */
  colTop: Float32Array;
  colBottom: Float32Array;
}

/** Tallest layout, in natural rows: a taller column is squeezed (and drawn as a bar). */
export const MAX_ROWS = 60;

/**
 * O(n + columns): cheap enough to recompute per block even at 5,000+ transactions.
 * `aspect` (the view's height / width, optional): a graph much wider than tall is stretched
 * vertically to at least that aspect, so that fitting its width to the view does not flatten it
 * into a line (zoom is uniform; the extra height goes into the spacing between nodes).
 */
export function layoutGraph(
  level: Int32Array,
  columns: number,
  n: number,
  aspect = 0,
): GraphLayout {
  const cols = Math.max(1, columns);
  const colCount = new Int32Array(cols);
  for (let i = 0; i < n; i++) colCount[level[i]]++;
  let tallest = 1;
  for (let c = 0; c < cols; c++) if (colCount[c] > tallest) tallest = colCount[c];
  const r = n <= 40 ? 14 : n <= 200 ? 7 : n <= 1500 ? 4 : 2.5;
  const colW = Math.max(r * 6, n <= 40 ? 110 : 60);
  const rowH = r * 2 + (n <= 40 ? 18 : n <= 200 ? 6 : 2);
  const natural = Math.min(tallest, MAX_ROWS) * rowH;
  const height = Math.max(natural, Math.min(aspect * cols * colW, natural * 8));
  const stretch = height / natural;
  const colSpacing = new Float32Array(cols);
  const colTop = new Float32Array(cols);
  const colBottom = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    colSpacing[c] = colCount[c] > 1 ? Math.min(rowH * stretch, height / colCount[c]) : rowH;
    const half = ((colCount[c] - 1) / 2) * colSpacing[c];
    colTop[c] = height / 2 - half;
    colBottom[c] = height / 2 + half;
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const seen = new Int32Array(cols);
  for (let i = 0; i < n; i++) {
    const c = level[i];
    x[i] = c * colW + colW / 2;
    y[i] = colTop[c] + seen[c]++ * colSpacing[c];
  }
  return { x, y, r, width: cols * colW, height, colW, colCount, colSpacing, colTop, colBottom };
}

/** On-screen node radius at zoom `k` (grows a little with the zoom, never below 1.5 px). */
export function nodeRadius(layout: GraphLayout, k: number): number {
  return Math.max(1.5, layout.r * Math.min(1.5, Math.max(0.35, k)));
}

/**
 * Whether column `c` is drawn node by node at zoom `k`: its nodes are at least 3 px apart
 * centre to centre (the smallest nodes, 1.5 px radius, then do not overlap), else it is a
 * density bar.
 */
export const MIN_NODE_GAP = 3;

export function columnShowsNodes(layout: GraphLayout, c: number, k: number): boolean {
  return layout.colCount[c] <= 1 || layout.colSpacing[c] * k >= MIN_NODE_GAP;
}

/** Radius of column `c`'s nodes at zoom `k`: the node radius, shrunk so neighbours do not overlap. */
export function columnRadius(layout: GraphLayout, c: number, k: number): number {
  const r = nodeRadius(layout, k);
  return layout.colCount[c] <= 1 ? r : Math.min(r, (layout.colSpacing[c] * k) / 2 - 0.25);
}
