import { create } from 'zustand';

/**
 * What the page link asked for and did not get (lib/url-state.ts `problems`): shown above the
 * explorer until dismissed, so that a link never changes a setting silently.
 */
export interface LinkNoticeState {
  problems: string[];
  show: (problems: string[]) => void;
  dismiss: () => void;
}

export const useLinkNotice = create<LinkNoticeState>((set) => ({
  problems: [],
  show: (problems) => set({ problems }),
  dismiss: () => set({ problems: [] }),
}));
