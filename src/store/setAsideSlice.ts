import { designFileText, parseDesignFile } from '../topology/designSchema';
import type { SliceCreator } from './appState';
import { removeSetAside, setAside, type SetAsideDesign, type SyncStorage } from './setAside';

export interface SetAsideSlice {
  /** Designs put aside rather than overwritten, newest last. */
  setAside: SetAsideDesign[];
  /** Makes a set-aside design the current one (one undoable step); the current one is put aside in its place. */
  restoreSetAside(savedAt: string): void;
  discardSetAside(savedAt: string): void;
}

const STORAGE_FULL = "The browser's storage for this page is full";

export const createSetAsideSlice =
  (storage: SyncStorage, initial: SetAsideDesign[]): SliceCreator<SetAsideSlice> =>
  (set, get) => ({
    setAside: initial,
    restoreSetAside: (savedAt) => {
      const entry = get().setAside.find((e) => e.savedAt === savedAt);
      if (!entry) return;
      const parsed = parseDesignFile(entry.text);
      if (!parsed.ok)
        return get().notify({
          tone: 'error',
          text: `That design cannot be restored: ${parsed.error} Download it to keep it.`,
        });
      try {
        const current = setAside(storage, {
          reason: 'Your design when you restored another one.',
          text: designFileText(get().design),
          loads: true,
        });
        set({ setAside: current });
        get().replaceDesign(parsed.design);
        set({ setAside: removeSetAside(storage, savedAt) });
        get().notify({
          tone: 'info',
          text: 'Design restored; the one it replaced is set aside (and Undo brings it back).',
        });
      } catch {
        get().notify({
          tone: 'error',
          text: `${STORAGE_FULL}: nothing was changed. Download set-aside designs you want to keep, then discard them.`,
        });
      }
    },
    discardSetAside: (savedAt) => {
      try {
        set({ setAside: removeSetAside(storage, savedAt) });
      } catch {
        set((s) => ({ setAside: s.setAside.filter((e) => e.savedAt !== savedAt) }));
      }
    },
  });
