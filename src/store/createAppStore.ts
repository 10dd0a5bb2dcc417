import { createStore } from 'zustand/vanilla';
import { createJSONStorage, persist } from 'zustand/middleware';
import { sameDesign, type Design } from '../topology/design';
import { designFileText, parseDesign } from '../topology/designSchema';
import { scenarioById } from '../topology/scenarios';
import { work } from '../topology/workMeter';
import type { AppState, SliceCreator } from './appState';
import { createDesignSlice, presetDesign } from './designSlice';
import { createGenerationSlice } from './generationSlice';
import { createSelectionSlice } from './selectionSlice';
import { memoryStorage, setAside, setAsideDesigns, type SyncStorage } from './setAside';
import { createSetAsideSlice } from './setAsideSlice';
import { fromStoredImport, toStoredImport, type StoredImport } from './storedImport';
import { createUiSlice, type Notice, type Theme } from './uiSlice';

export interface StoreOptions {
  readonly design: Design;
  readonly theme: Theme;
  /** Where the design persists (localStorage in the app); in memory when omitted. */
  readonly storage?: SyncStorage;
  /**
   * A design named by the URL (preset, scenario or share link) is opened instead of the stored
   * one; the stored one is set aside first, never overwritten, and Undo brings it back.
   */
  readonly designFromUrl?: boolean;
  /** The Break-it scenario the URL opened. */
  readonly scenarioId?: string | null;
}

const STORAGE_KEY = 'k8s-tls-designer';
const VERSION = 2;

type Persisted = Pick<
  AppState,
  | 'design'
  | 'workshopReturn'
  | 'theme'
  | 'showSignedBy'
  | 'stackWorkers'
  | 'showPanel'
  | 'largeType'
  | 'bundleOptions'
  | 'reuseImportedCas'
  | 'rotateImportedKeyPairs'
  | 'scenarioId'
  | 'backgroundKeys'
> & { importReport: StoredImport | null };

/** What happened to the stored design while the store started, told to the person once it exists. */
interface Startup {
  notice: Notice | null;
  /** Set when the stored design could not be set aside: it must then not be overwritten either. */
  keepStored: boolean;
}

/** Sets a design aside; when the storage is full, says so and keeps the stored one untouched instead. */
function putAside(storage: SyncStorage, startup: Startup, entry: Parameters<typeof setAside>[1], told: Notice): void {
  try {
    setAside(storage, entry);
    startup.notice = told;
  } catch {
    startup.keepStored = true;
    startup.notice = {
      tone: 'error',
      text: `${told.text} The browser's storage is full, so it stays where it was and this session is not saved: use Save design to keep your work.`,
    };
  }
}

/** Restores what was persisted; a stored design that does not load is set aside, never dropped. */
function restore(
  saved: unknown,
  current: AppState,
  options: StoreOptions,
  storage: SyncStorage,
  startup: Startup,
): AppState {
  const s = (saved ?? {}) as Partial<Persisted>;
  const theme = s.theme === 'dark' || s.theme === 'light' ? s.theme : current.theme;
  const showSignedBy = typeof s.showSignedBy === 'boolean' ? s.showSignedBy : current.showSignedBy;
  const stackWorkers = typeof s.stackWorkers === 'boolean' ? s.stackWorkers : current.stackWorkers;
  const showPanel = typeof s.showPanel === 'boolean' ? s.showPanel : current.showPanel;
  const largeType = typeof s.largeType === 'boolean' ? s.largeType : current.largeType;
  const kept = s.bundleOptions;
  const bundleOptions =
    kept && (kept.layout === 'design' || kept.layout === 'per-host') && typeof kept.externalCa === 'boolean'
      ? { layout: kept.layout, externalCa: kept.externalCa }
      : current.bundleOptions;
  // The design to return to from a scenario or the tour passes the same gate as any stored design.
  const back = s.workshopReturn ? parseDesign(s.workshopReturn) : null;
  const workshopReturn = back?.ok ? back.design : null;
  // The import report comes back without its private keys (never stored), and only if it passes its own gate.
  const importReport = fromStoredImport(s.importReport);
  const reuseImportedCas = s.reuseImportedCas === true;
  const rotateImportedKeyPairs = s.rotateImportedKeyPairs === true;
  // A Break-it exercise in progress survives a reload (its URL is gone by then), if it is one this app knows.
  const scenarioId = options.designFromUrl
    ? current.scenarioId
    : (scenarioById(typeof s.scenarioId === 'string' ? s.scenarioId : null)?.id ?? null);
  const view = {
    ...current,
    theme,
    showSignedBy,
    stackWorkers,
    showPanel,
    largeType,
    bundleOptions,
    workshopReturn,
    importReport,
    reuseImportedCas,
    rotateImportedKeyPairs,
    scenarioId,
    backgroundKeys: typeof s.backgroundKeys === 'boolean' ? s.backgroundKeys : current.backgroundKeys,
  };
  if (s.design === undefined) return view;
  const parsed = parseDesign(s.design);
  if (!parsed.ok) {
    putAside(
      storage,
      startup,
      { reason: `It no longer opens: ${parsed.error}`, text: designFileText(s.design), loads: false },
      {
        tone: 'error',
        text: `Your stored design could not be opened: ${parsed.error} It was set aside, not deleted: download it below.`,
      },
    );
    return view;
  }
  if (!options.designFromUrl) {
    // The imported certificates judge the design again, while it is still the one they were read for.
    const imported =
      importReport && !importReport.refused && sameDesign(importReport.design, parsed.design)
        ? { generated: { design: parsed.design, certificates: importReport.certificates, source: 'imported' as const } }
        : {};
    return { ...view, design: parsed.design, ...imported };
  }
  // Nothing to keep when the link opens the same design, or the stored one is an unedited preset.
  if (sameDesign(parsed.design, options.design) || sameDesign(parsed.design, presetDesign(parsed.design.presetId)))
    return view;
  putAside(
    storage,
    startup,
    { reason: 'Your design when a link opened another one.', text: designFileText(parsed.design), loads: true },
    {
      tone: 'info',
      text: 'The link opened its own design. Yours was set aside, not replaced: Undo or Restore below brings it back.',
    },
  );
  return { ...view, past: [parsed.design] };
}

/**
 * The persisted key, guarded: text that is not JSON is set aside rather than dropped, a full
 * storage is reported instead of throwing, and a stored design that could not be set aside is
 * never overwritten.
 */
function guarded(storage: SyncStorage, startup: Startup, told: (notice: Notice) => void): SyncStorage {
  return {
    getItem: (key) => {
      const raw = storage.getItem(key);
      if (raw === null) return null;
      try {
        work.charsParsed += raw.length;
        JSON.parse(raw);
        return raw;
      } catch {
        putAside(
          storage,
          startup,
          { reason: 'It was not readable JSON.', text: raw, loads: false },
          {
            tone: 'error',
            text: 'Your stored design was damaged and could not be read. It was set aside, not deleted: download it below.',
          },
        );
        return null;
      }
    },
    setItem: (key, value) => {
      if (startup.keepStored) return;
      try {
        storage.setItem(key, value);
      } catch {
        told({
          tone: 'error',
          text: 'This design could not be saved in the browser: its storage is full. Use Save design to keep it in a file.',
        });
      }
    },
    removeItem: (key) => storage.removeItem(key),
  };
}

/** One store per app (and per test), with the design persisted across reloads. */
export function createAppStore(options: StoreOptions) {
  const storage = options.storage ?? memoryStorage();
  const startup: Startup = { notice: null, keepStored: false };
  let tell: (notice: Notice) => void = (notice) => void (startup.notice = notice);
  const slices: SliceCreator<AppState> = (...a) => ({
    ...createDesignSlice(options.design)(...a),
    ...createSelectionSlice(...a),
    ...createGenerationSlice(...a),
    ...createUiSlice(options.theme)(...a),
    ...createSetAsideSlice(storage, [])(...a),
    scenarioId: options.scenarioId ?? null,
  });
  const store = createStore<AppState>()(
    persist(slices, {
      name: STORAGE_KEY,
      version: VERSION,
      storage: createJSONStorage(() => guarded(storage, startup, (n) => tell(n))),
      partialize: (s): Persisted => ({
        design: s.design,
        workshopReturn: s.workshopReturn,
        theme: s.theme,
        showSignedBy: s.showSignedBy,
        stackWorkers: s.stackWorkers,
        showPanel: s.showPanel,
        largeType: s.largeType,
        bundleOptions: s.bundleOptions,
        importReport: toStoredImport(s.importReport),
        reuseImportedCas: s.reuseImportedCas,
        rotateImportedKeyPairs: s.rotateImportedKeyPairs,
        scenarioId: s.scenarioId,
        backgroundKeys: s.backgroundKeys,
      }),
      // Another version's state is set aside whole before the default design takes its place.
      migrate: (old, version) => {
        putAside(
          storage,
          startup,
          {
            reason: `It was stored by another version of this app (${version}).`,
            text: designFileText((old as Partial<Persisted> | null)?.design ?? old),
            loads: false,
          },
          {
            tone: 'error',
            text: 'Your stored design was saved by another version of this app. It was set aside, not deleted: download it below.',
          },
        );
        return {};
      },
      merge: (saved, current) => restore(saved, current, options, storage, startup),
    }),
  );
  tell = (notice) => store.getState().notify(notice);
  store.setState({ setAside: setAsideDesigns(storage), ...(startup.notice ? { notice: startup.notice } : {}) });
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
