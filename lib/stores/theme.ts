import { create } from 'zustand';

export type Theme = 'dark' | 'light';

/** Light / dark theme; the <html> class follows it, canvases read it to pick colours. */
export const useTheme = create<{ theme: Theme; setTheme: (t: Theme) => void }>((set) => ({
  theme: 'dark',
  setTheme: (theme) => {
    if (typeof document !== 'undefined') {
      document.documentElement.classList.toggle('dark', theme === 'dark');
      try {
        localStorage.setItem('stm-theme', theme);
      } catch {
        /* private mode */
      }
    }
    set({ theme });
  },
}));

export interface Palette {
  bg: string;
  grid: string;
  text: string;
  muted: string;
  dim: string;
  execute: string;
  reexecute: string;
  memo: string;
  validate: string;
  failed: string;
  abort: string;
  commit: string;
  playhead: string;
  arrow: string;
  select: string;
  critical: string;
  states: string[];
}

export function palette(theme: Theme): Palette {
  const dark = theme === 'dark';
  return {
    bg: dark ? '#0f172a' : '#ffffff',
    grid: dark ? '#1e293b' : '#e2e8f0',
    text: dark ? '#e2e8f0' : '#0f172a',
    muted: dark ? '#94a3b8' : '#475569',
    dim: dark ? 'rgba(15,23,42,0.6)' : 'rgba(255,255,255,0.6)',
    execute: '#3b82f6',
    reexecute: '#f97316',
    memo: '#93c5fd',
    validate: '#10b981',
    failed: '#f59e0b',
    abort: '#ef4444',
    commit: '#a855f7',
    playhead: dark ? '#fbbf24' : '#d97706',
    arrow: dark ? '#fca5a5' : '#b91c1c',
    select: dark ? '#fde047' : '#ca8a04',
    critical: dark ? '#fbbf24' : '#d97706',
    // pending, executing, re-executing, executed, aborted, validated, committed
    states: dark
      ? ['#334155', '#3b82f6', '#f97316', '#38bdf8', '#ef4444', '#10b981', '#a855f7']
      : ['#cbd5e1', '#2563eb', '#ea580c', '#0284c7', '#dc2626', '#059669', '#9333ea'],
  };
}
