import type { SliceCreator } from './appState';

export type SelectionKind = 'host' | 'component' | 'credential' | 'connection' | 'ca';

export interface Selection {
  readonly kind: SelectionKind;
  readonly id: string;
}

export interface SelectionSlice {
  selection: Selection | null;
  select(selection: Selection | null): void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set) => ({
  selection: null,
  select: (selection) => set({ selection }),
});
