import { useCallback, useContext } from 'react';
import { StoreContext } from '../store/StoreContext';
import type { DesignEdit } from '../topology/edits';

/** Applies an edit as one undoable step; a refused edit is said in the notice bar. */
export function useEdit(): (edit: DesignEdit) => boolean {
  const store = useContext(StoreContext);
  return useCallback(
    (edit: DesignEdit) => {
      if (!store) return false;
      const state = store.getState();
      const refused = state.apply(edit);
      state.notify(refused ? { tone: 'error', text: refused } : null);
      return refused === null;
    },
    [store],
  );
}
