'use client';

import { useEffect } from 'react';
import { useTheme } from '@/lib/stores/theme';

export function ThemeToggle() {
  const theme = useTheme((s) => s.theme);
  const setTheme = useTheme((s) => s.setTheme);
  useEffect(() => {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem('stm-theme');
    } catch {
      /* none */
    }
    if (saved === 'light' || saved === 'dark') setTheme(saved);
  }, [setTheme]);
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
