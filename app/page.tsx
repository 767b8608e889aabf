import { Header } from '@/components/Header';
import { Panel } from '@/components/Panel';
import { CoreControl } from '@/components/CoreControl';

export default function ExplorerPage() {
  return (
    <div className="flex h-screen flex-col">
      <Header />
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-3 p-3 lg:grid-cols-[20rem_1fr]">
        <Panel id="block-source" title="Block source" className="lg:row-span-2">
          <p className="text-sm text-slate-500 dark:text-slate-400">
            Choose a teaching preset, paste block JSON, or load a block over RPC.
          </p>
        </Panel>
        <div className="flex min-h-0 flex-col gap-3">
          <Panel id="run-controls" title="Run" className="flex-none">
            <CoreControl />
          </Panel>
          <Panel id="timeline" title="Timeline — one lane per core" className="flex-1">
            <p className="text-sm text-slate-500">Run a block to see its cores at work.</p>
          </Panel>
          <div className="grid min-h-0 flex-1 grid-cols-1 gap-3 xl:grid-cols-[2fr_1fr]">
            <Panel id="graph" title="Dependency graph">
              <p className="text-sm text-slate-500">
                Columns of transactions that can run in parallel.
              </p>
            </Panel>
            <Panel id="stats" title="Stats">
              <p className="text-sm text-slate-500">
                Speedup, re-executions and utilisation appear here.
              </p>
            </Panel>
          </div>
        </div>
      </main>
    </div>
  );
}
