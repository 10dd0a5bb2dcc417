import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { selectNotice } from '../store/selectors';

const selectNotify = (s: AppState) => s.notify;

/** The last refusal or confirmation, said where everyone reads it, and dismissable. */
export function NoticeBar() {
  const notice = useAppStore(selectNotice);
  const notify = useAppStore(selectNotify);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" onClick={() => notify(null)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
