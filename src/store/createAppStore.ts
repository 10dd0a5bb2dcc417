import { createStore } from 'zustand/vanilla';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { isKeyAlgorithm } from '../pki/keyAlgorithm';
import { isPresetId, type PresetId } from '../topology/presetParams';
import type { AppState, SliceCreator } from './appState';
import { createDesignSlice, designFor } from './designSlice';
import { createGenerationSlice } from './generationSlice';
import { createUiSlice, type Theme } from './uiSlice';

export interface StoreOptions {
  readonly preset: PresetId;
  readonly theme: Theme;
  /** Where the design persists (localStorage in the app); in memory when omitted. */
  readonly storage?: StateStorage;
  /** A preset named in the URL wins over the persisted design. */
  readonly presetFromUrl?: boolean;
}

const STORAGE_KEY = 'k8s-tls-designer';
const VERSION = 1;

type Persisted = Pick<AppState, 'presetId' | 'params' | 'theme'>;

function memoryStorage(): StateStorage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

/** Rebuilds the design from what was persisted, refusing anything that is not ours. */
function restore(saved: unknown, current: AppState, options: StoreOptions): AppState {
  const s = (saved ?? {}) as Partial<Persisted>;
  const theme = s.theme === 'dark' || s.theme === 'light' ? s.theme : current.theme;
  if (options.presetFromUrl || !isPresetId(s.presetId) || !s.params || !isKeyAlgorithm(s.params.keyAlgorithm)) {
    return { ...current, theme };
  }
  try {
    return { ...current, ...designFor(s.presetId, s.params), theme };
  } catch {
    // A stored design this version cannot build is dropped rather than crashing the page.
    return { ...current, theme };
  }
}

/** One store per app (and per test), with the design persisted across reloads. */
export function createAppStore(options: StoreOptions) {
  const slices: SliceCreator<AppState> = (...a) => ({
    ...createDesignSlice(options.preset)(...a),
    ...createGenerationSlice(...a),
    ...createUiSlice(options.theme)(...a),
  });
  const storage = options.storage ?? memoryStorage();
  return createStore<AppState>()(
    persist(slices, {
      name: STORAGE_KEY,
      version: VERSION,
      storage: createJSONStorage(() => storage),
      partialize: (s): Persisted => ({ presetId: s.presetId, params: s.params, theme: s.theme }),
      merge: (saved, current) => restore(saved, current, options),
    }),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;
