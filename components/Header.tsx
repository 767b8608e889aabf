import { IsolationBadge } from './IsolationBadge';

export function Header() {
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-bold tracking-tight">STM Explorer</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          watch a Starknet block execute in parallel
        </p>
      </div>
      <IsolationBadge />
    </header>
  );
}
