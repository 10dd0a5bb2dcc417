import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './appState';
import type { AppStore } from './createAppStore';

export const StoreContext = createContext<AppStore | null>(null);

/** Reads a slice of the app store; components pass module-level selectors. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a StoreContext provider');
  return useStore(store, selector);
}
