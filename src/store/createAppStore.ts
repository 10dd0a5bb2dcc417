import { createStore } from 'zustand/vanilla';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import type { Design } from '../topology/design';
import { parseDesign } from '../topology/designSchema';
import type { AppState, SliceCreator } from './appState';
import { createDesignSlice } from './designSlice';
import { createGenerationSlice } from './generationSlice';
import { createSelectionSlice } from './selectionSlice';
import { createUiSlice, type Theme } from './uiSlice';

export interface StoreOptions {
  readonly design: Design;
  readonly theme: Theme;
  /** Where the design persists (localStorage in the app); in memory when omitted. */
  readonly storage?: StateStorage;
  /** A design named by the URL (preset, scenario or share link) wins over the persisted one. */
  readonly designFromUrl?: boolean;
  /** The Break-it scenario the URL opened. */
  readonly scenarioId?: string | null;
}

const STORAGE_KEY = 'k8s-tls-designer';
const VERSION = 2;

type Persisted = Pick<AppState, 'design' | 'theme' | 'showSignedBy' | 'showPanel' | 'largeType' | 'bundleOptions'>;

function memoryStorage(): StateStorage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

/** Restores what was persisted, refusing a design that is not ours or does not build. */
function restore(saved: unknown, current: AppState, options: StoreOptions): AppState {
  const s = (saved ?? {}) as Partial<Persisted>;
  const theme = s.theme === 'dark' || s.theme === 'light' ? s.theme : current.theme;
  const showSignedBy = typeof s.showSignedBy === 'boolean' ? s.showSignedBy : current.showSignedBy;
  const showPanel = typeof s.showPanel === 'boolean' ? s.showPanel : current.showPanel;
  const largeType = typeof s.largeType === 'boolean' ? s.largeType : current.largeType;
  const kept = s.bundleOptions;
  const bundleOptions = kept && (kept.layout === 'design' || kept.layout === 'per-host') && typeof kept.externalCa === 'boolean'
    ? { layout: kept.layout, externalCa: kept.externalCa } : current.bundleOptions;
  const view = { ...current, theme, showSignedBy, showPanel, largeType, bundleOptions };
  if (options.designFromUrl || s.design === undefined) return view;
  const parsed = parseDesign(s.design);
  return parsed.ok ? { ...view, design: parsed.design } : view;
}

/** One store per app (and per test), with the design persisted across reloads. */
export function createAppStore(options: StoreOptions) {
  const slices: SliceCreator<AppState> = (...a) => ({
    ...createDesignSlice(options.design)(...a),
    ...createSelectionSlice(...a),
    ...createGenerationSlice(...a),
    ...createUiSlice(options.theme)(...a),
    scenarioId: options.scenarioId ?? null,
  });
  const storage = options.storage ?? memoryStorage();
  return createStore<AppState>()(
    persist(slices, {
      name: STORAGE_KEY,
      version: VERSION,
      storage: createJSONStorage(() => storage),
      partialize: (s): Persisted => ({ design: s.design, theme: s.theme, showSignedBy: s.showSignedBy, showPanel: s.showPanel, largeType: s.largeType, bundleOptions: s.bundleOptions }),
      // Older versions stored only a preset choice: start from the default design instead.
      migrate: () => ({}),
      merge: (saved, current) => restore(saved, current, options),
    }),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;
