import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { downloadFile } from './download';

const selectSetAside = (s: AppState) => s.setAside;
const selectRestore = (s: AppState) => s.restoreSetAside;
const selectDiscard = (s: AppState) => s.discardSetAside;

function when(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Designs put aside instead of overwritten: each can be downloaded, restored when it still opens, or discarded. */
export function SetAsideBar() {
  const entries = useAppStore(selectSetAside);
  const restore = useAppStore(selectRestore);
  const discard = useAppStore(selectDiscard);
  if (entries.length === 0) return null;
  return (
    <section className="set-aside" aria-label="Set-aside designs">
      <h2>Set-aside designs</h2>
      <ul>
        {entries.map((entry) => (
          <li key={entry.savedAt}>
            <span>
              {when(entry.savedAt)}: {entry.reason}
            </span>
            <span className="set-aside-actions">
              <button
                type="button"
                onClick={() =>
                  downloadFile(
                    entry.text,
                    `set-aside-design-${entry.savedAt.slice(0, 19).replace(/:/g, '')}.json`,
                    'application/json',
                  )
                }
                aria-label={`Download the design set aside ${when(entry.savedAt)}`}
              >
                Download
              </button>
              {entry.loads && (
                <button
                  type="button"
                  onClick={() => restore(entry.savedAt)}
                  aria-label={`Restore the design set aside ${when(entry.savedAt)}`}
                >
                  Restore
                </button>
              )}
              <button
                type="button"
                onClick={() => discard(entry.savedAt)}
                aria-label={`Discard the design set aside ${when(entry.savedAt)}`}
              >
                Discard
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
