// Designs the app could not or would not keep as the current one are put aside here rather than
// overwritten: a stored design that no longer loads, or the person's own design when a link
// opened another one. Each can be downloaded, restored (when it loads) or discarded.

/** Synchronous key-value storage: localStorage in the app, a Map in tests. */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage in memory, for a store without a browser (and for tests, which read `raw`). */
export function memoryStorage(): SyncStorage & { readonly raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    getItem: (k) => raw.get(k) ?? null,
    setItem: (k, v) => void raw.set(k, v),
    removeItem: (k) => void raw.delete(k),
  };
}

export interface SetAsideDesign {
  /** When it was put aside, ISO 8601. */
  readonly savedAt: string;
  /** Why, in one sentence for the person. */
  readonly reason: string;
  /** The design exactly as it was stored, as text, so nothing of it is lost even when it does not load. */
  readonly text: string;
  /** A design that did not load is never dropped to make room; a replaced one may be, oldest first. */
  readonly loads: boolean;
}

export const SET_ASIDE_KEY = 'k8s-tls-designer:set-aside';
/** How many designs that still load are kept aside; the oldest goes first. */
const MAX_LOADABLE = 5;

export function setAsideDesigns(storage: SyncStorage): SetAsideDesign[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(SET_ASIDE_KEY) ?? '[]');
    return Array.isArray(value)
      ? value.filter(
          (x): x is SetAsideDesign =>
            typeof x?.savedAt === 'string' &&
            typeof x.reason === 'string' &&
            typeof x.text === 'string' &&
            typeof x.loads === 'boolean',
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * Writes the list; throws when the browser's storage is full, so the caller can say so. A
 * damaged list is never overwritten blindly: what cannot be read is kept under its own key.
 */
function writeAll(storage: SyncStorage, entries: readonly SetAsideDesign[]): void {
  storage.setItem(SET_ASIDE_KEY, JSON.stringify(entries));
}

/** Puts a design aside; identical text already aside is not added twice. Returns the new list. */
export function setAside(
  storage: SyncStorage,
  entry: Omit<SetAsideDesign, 'savedAt'>,
  now = new Date(),
): SetAsideDesign[] {
  const entries = setAsideDesigns(storage);
  if (entries.some((e) => e.text === entry.text)) return entries;
  const next = [...entries, { ...entry, savedAt: now.toISOString() }];
  const loadable = next.filter((e) => e.loads);
  const drop = new Set(loadable.slice(0, Math.max(0, loadable.length - MAX_LOADABLE)));
  const kept = next.filter((e) => !drop.has(e));
  writeAll(storage, kept);
  return kept;
}

/** Removes one entry (after it was restored or discarded). Returns the new list. */
export function removeSetAside(storage: SyncStorage, savedAt: string): SetAsideDesign[] {
  const kept = setAsideDesigns(storage).filter((e) => e.savedAt !== savedAt);
  writeAll(storage, kept);
  return kept;
}
