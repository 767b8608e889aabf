export function Panel({
  title,
  id,
  children,
  className = '',
  actions,
}: {
  title: string;
  id: string;
  children: React.ReactNode;
  className?: string;
  actions?: React.ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={id}
      className={`flex min-h-0 flex-col rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <header className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <h2
          id={`${id}-title`}
          className="text-sm font-semibold tracking-wide text-slate-700 dark:text-slate-200"
        >
          {title}
        </h2>
        {actions}
      </header>
      <div className="min-h-0 flex-1 p-3">{children}</div>
    </section>
  );
}
