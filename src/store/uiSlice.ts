import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from '../export/layouts';
import type { ImportReport } from '../export/importPki';
import { visible } from '../topology/fieldRules';
import type { SliceCreator } from './appState';

export type Theme = 'light' | 'dark';

/** A message for the person, shown until dismissed or replaced. */
export interface Notice {
  readonly tone: 'error' | 'info';
  readonly text: string;
}

export interface UiSlice {
  theme: Theme;
  showSignedBy: boolean;
  /** Identical workers drawn as one stack, their lines bundled (the view only; the design is untouched). */
  stackWorkers: boolean;
  toggleStackWorkers(): void;
  /** The side panel (inspector, legend) can make way for a larger drawing when presenting. */
  showPanel: boolean;
  /** Larger text in the panels, banners and tour, for the back of a room. */
  largeType: boolean;
  toggleLargeType(): void;
  /** Make keys in the background while the person designs (held in memory only). */
  backgroundKeys: boolean;
  setBackgroundKeys(on: boolean): void;
  /** A password for people's credentials as PKCS#12 files; empty for none. Held in memory only, never stored. */
  pkcs12Password: string;
  setPkcs12Password(password: string): void;
  /** How the next bundle is laid out, and whether it keeps the CA keys. */
  bundleOptions: BundleOptions;
  setBundleOptions(options: BundleOptions): void;
  notice: Notice | null;
  notify(notice: Notice | null): void;
  /** The Break-it exercise in progress, if any. */
  scenarioId: string | null;
  setScenario(id: string | null): void;
  /** What the last import read and could not read; cleared when dismissed. */
  importReport: ImportReport | null;
  setImportReport(report: ImportReport | null): void;
  /** Re-sign the leaves with the imported CAs (whose keys were imported) instead of new ones. */
  reuseImportedCas: boolean;
  /** Make a new service-account key pair on re-issue instead of keeping the imported one. */
  rotateImportedKeyPairs: boolean;
  setRotateImportedKeyPairs(rotate: boolean): void;
  setReuseImportedCas(reuse: boolean): void;
  showTimeline: boolean;
  setShowTimeline(show: boolean): void;
  /** The CA whose rotation the planner shows, or null when it is closed. */
  rotatingCaId: string | null;
  setRotatingCaId(id: string | null): void;
  /** The guided tour's step, or null when the tour is closed. */
  tourStep: number | null;
  setTourStep(step: number | null): void;
  toggleTheme(): void;
  toggleSignedBy(): void;
  togglePanel(): void;
}

export const createUiSlice =
  (theme: Theme): SliceCreator<UiSlice> =>
  (set) => ({
    theme,
    showSignedBy: false,
    stackWorkers: true,
    toggleStackWorkers: () => set((s) => ({ stackWorkers: !s.stackWorkers })),
    showPanel: true,
    largeType: false,
    pkcs12Password: '',
    setPkcs12Password: (pkcs12Password) => set({ pkcs12Password }),
    backgroundKeys: true,
    setBackgroundKeys: (backgroundKeys) => set({ backgroundKeys }),
    bundleOptions: DEFAULT_BUNDLE_OPTIONS,
    setBundleOptions: (bundleOptions) => set({ bundleOptions }),
    toggleLargeType: () => set((s) => ({ largeType: !s.largeType })),
    notice: null,
    // A notice may quote a file's name or a value from it: shown escaped, it cannot reverse the text around it.
    notify: (notice) => set({ notice: notice && { ...notice, text: visible(notice.text) } }),
    scenarioId: null,
    setScenario: (scenarioId) => set({ scenarioId }),
    importReport: null,
    setImportReport: (importReport) => set({ importReport }),
    reuseImportedCas: false,
    rotateImportedKeyPairs: false,
    setRotateImportedKeyPairs: (rotateImportedKeyPairs) => set({ rotateImportedKeyPairs }),
    setReuseImportedCas: (reuseImportedCas) => set({ reuseImportedCas }),
    showTimeline: false,
    setShowTimeline: (showTimeline) => set({ showTimeline }),
    rotatingCaId: null,
    setRotatingCaId: (rotatingCaId) => set({ rotatingCaId }),
    tourStep: null,
    setTourStep: (tourStep) => set({ tourStep }),
    toggleTheme: () => set((s) => ({ theme: s.theme === 'light' ? 'dark' : 'light' })),
    toggleSignedBy: () => set((s) => ({ showSignedBy: !s.showSignedBy })),
    togglePanel: () => set((s) => ({ showPanel: !s.showPanel })),
  });
