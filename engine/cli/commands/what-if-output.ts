/** The `analyze --what-if` section: each what-if's two sides as rows of one table. */
import type { WhatIfSummary } from '../../stm/what-if';
import { table, type Cell } from '../output';

function sideRow(s: WhatIfSummary['before'], variants: string[]): Cell[] {
  const speedups = variants.map((v) => s.runs.find((r) => r.variant === v)?.speedup);
  const inBlock = s.blockEnd ? [s.blockEnd.included] : [];
  const graph = [s.edges, s.columns, s.criticalPath, s.criticalPathTxs, s.bound];
  return [s.label, ...inBlock, ...graph, ...speedups];
}

export function renderWhatIfs(list: WhatIfSummary[], cores: number): string[] {
  const out: string[] = [];
  for (const w of list) {
    const variants = w.before.runs.map((r) => r.variant);
    out.push('', `What-if ${w.whatIf} (${cores} cores): ${w.description}`);
    out.push(
      table(
        [
          'side',
          // with --block-capacity: the transactions the bouncer let into each side's block
          ...(w.before.blockEnd ? ['txs in block'] : []),
          'edges',
          'columns',
          'critical path',
          'path txs',
          'bound',
          ...variants.map((v) => `${v} speedup`),
        ],
        [sideRow(w.before, variants), sideRow(w.after, variants)],
      ),
    );
  }
  return out;
}
