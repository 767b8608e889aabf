import { IsolationBadge } from './IsolationBadge';
import { ThemeToggle } from './ThemeToggle';

export function Header({ actions }: { actions?: React.ReactNode }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-bold tracking-tight">STM Explorer</h1>
        <p className="hidden text-sm text-slate-500 md:block dark:text-slate-400">
          watch a Starknet block execute in parallel
        </p>
      </div>
      <div className="flex items-center gap-2">
        {actions}
        <ThemeToggle />
        <IsolationBadge />
      </div>
    </header>
  );
}
