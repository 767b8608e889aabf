/** Positions of the dependency graph's nodes (shared by the canvas view and the SVG export). */
export interface GraphLayout {
  x: Float32Array;
  y: Float32Array;
  r: number;
  width: number;
  height: number;
}

/** Longest-path columns left to right; each column's transactions stacked, centred. */
export function layoutGraph(level: Int32Array, columns: number, n: number): GraphLayout {
  const counts = new Int32Array(Math.max(1, columns));
  for (let i = 0; i < n; i++) counts[level[i]]++;
  const tallest = Math.max(1, ...counts);
  const r = n <= 40 ? 14 : n <= 200 ? 7 : n <= 1500 ? 4 : 2.5;
  const colW = Math.max(r * 6, n <= 40 ? 110 : 60);
  const rowH = r * 2 + (n <= 40 ? 18 : n <= 200 ? 6 : 2);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const seen = new Int32Array(Math.max(1, columns));
  const height = tallest * rowH;
  for (let i = 0; i < n; i++) {
    const c = level[i];
    const k = seen[c]++;
    x[i] = c * colW + colW / 2;
    y[i] = height / 2 + (k - (counts[c] - 1) / 2) * rowH;
  }
  return { x, y, r, width: Math.max(1, columns) * colW, height };
}
