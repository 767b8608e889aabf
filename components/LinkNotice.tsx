'use client';

import { useLinkNotice } from '@/lib/stores/link-notice';

/** The link's settings the page could not use, one line each, with a button to hide them. */
export function LinkNotice() {
  const problems = useLinkNotice((s) => s.problems);
  const dismiss = useLinkNotice((s) => s.dismiss);
  if (problems.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="link-notice"
      className="mx-2 mt-2 flex items-start gap-2 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="flex-1">
        <p className="font-semibold">This link’s settings were not all used:</p>
        <ul className="list-disc pl-4">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        onClick={dismiss}
        className="rounded px-1 hover:bg-amber-100 dark:hover:bg-amber-900"
        aria-label="Hide the link notice"
      >
        ×
      </button>
    </div>
  );
}
