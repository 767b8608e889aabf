import { create } from 'zustand';

/** What the user points at: a transaction, a cell (CellKey) or a single event of the log. */
export interface SelectionState {
  tx: number | null;
  cell: string | null;
  event: number | null;
  hoverTx: number | null;
  selectTx: (tx: number | null, event?: number | null) => void;
  selectCell: (cell: string | null) => void;
  hover: (tx: number | null) => void;
  clear: () => void;
}

export const useSelection = create<SelectionState>((set) => ({
  tx: null,
  cell: null,
  event: null,
  hoverTx: null,
  selectTx: (tx, event = null) => set({ tx, event, cell: null }),
  selectCell: (cell) => set({ cell, tx: null, event: null }),
  hover: (hoverTx) => set({ hoverTx }),
  clear: () => set({ tx: null, cell: null, event: null }),
}));
