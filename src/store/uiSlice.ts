import type { SliceCreator } from './appState';

export type Theme = 'light' | 'dark';

export interface UiSlice {
  theme: Theme;
  toggleTheme(): void;
}

export const createUiSlice = (theme: Theme): SliceCreator<UiSlice> => (set) => ({
  theme,
  toggleTheme: () => set((s) => ({ theme: s.theme === 'light' ? 'dark' : 'light' })),
});
